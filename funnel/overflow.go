package funnel

import (
	"errors"
	"fmt"
	"math"
)

// ErrOverflow: numbers whose sum or product is past the largest float64
// (1.8e308), which would be written as Inf or null. Wrapped with the
// column and the row where the sum left the range.
var ErrOverflow = errors.New("numbers too large to add up")

// Sum adds up the magnitudes of a column's values a row at a time, to
// tell where their sums leave the float64 range: every sum of some of the
// values, or of shares of them, stays finite while Sum does.
type Sum struct{ abs float64 }

// Add adds |v| and reports whether the sum is still finite.
func (s *Sum) Add(v float64) bool {
	s.abs += math.Abs(v)
	return !math.IsInf(s.abs, 0)
}

// OverflowError is the error for the values of column of where (a
// file:line, Table.Where) that took their sum past the float64 range.
func OverflowError(where, column string) error {
	return fmt.Errorf("%s: column %q: the values up to this row add up past %.1e, the largest number held: %w",
		where, column, math.MaxFloat64, ErrOverflow)
}
