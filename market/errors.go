package market

import (
	"errors"

	"github.com/funnel-analytics/funnel/velocity"
)

// Errors of data problems; check them with errors.Is.
var (
	// ErrBadInput: a bad value or column in an input table (wrapped with the
	// file, line and column). It is velocity's: the stages table is read by
	// velocity's ladder code, whose errors are of the same kind.
	ErrBadInput = velocity.ErrBadInput
	// ErrBadFilter: a filter expression that cannot be read or applied.
	ErrBadFilter = errors.New("bad filter")
)
