package theory

import (
	"fmt"
	"math"
	"slices"

	"github.com/toymodels/superposition/toysup"
)

// Checks of function arguments and option fields; their errors are [*toysup.ArgError]s naming the argument.

func argInt(name string, v, lo, hi int) error {
	if v < lo || v > hi {
		return toysup.ArgErrorf(name, "got %d, allowed %d…%d", v, lo, hi)
	}
	return nil
}

// argFloat checks lo < v ≤ hi with v finite.
func argFloat(name string, v, lo, hi float64) error {
	if !(v > lo && v <= hi) || math.IsInf(v, 0) {
		return toysup.ArgErrorf(name, "got %v, allowed (%v, %v]", v, lo, hi)
	}
	return nil
}

func argOneOf[S ~string](name string, v S, allowed []S) error {
	if !slices.Contains(allowed, v) {
		return toysup.ArgErrorf(name, "got %q, allowed: %s", v, fmt.Sprint(allowed))
	}
	return nil
}
