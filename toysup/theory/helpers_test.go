package theory

import (
	"errors"

	"github.com/toymodels/superposition/toysup"
)

// errorNames returns what err names: a config field ([toysup.FieldError]) or an argument ([toysup.ArgError]);
// "" for any other error.
func errorNames(err error) string {
	var fe *toysup.FieldError
	var ae *toysup.ArgError
	switch {
	case errors.As(err, &fe):
		return fe.Field
	case errors.As(err, &ae):
		return ae.Arg
	}
	return ""
}
