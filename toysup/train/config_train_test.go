package train

import (
	"errors"
	"testing"

	"github.com/toymodels/superposition/toysup"
)

// Nothing trains on a bad config.
func TestTrainRejectsBadConfig(t *testing.T) {
	_, err := Train(t.Context(), toysup.Config{Features: 2, Hidden: 1, Steps: 5, Model: "bogus"}, WithProgress(nil))
	var fe *toysup.FieldError
	if !errors.As(err, &fe) || fe.Field != "model" {
		t.Errorf("Train on a bad model: %v, want a toysup.FieldError on model", err)
	}
}
