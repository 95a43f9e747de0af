package scoring

import "math"

// Signal is the univariate view of one term next to the model's weights:
// how the term differs between positive and negative rows, without
// adjusting for the other terms (correlation, not causation).
type Signal struct {
	Term string
	// Indicator is true for 0/1 terms: MeanPositive and MeanNegative are
	// then the share of positive and negative rows that have the term.
	Indicator    bool
	MeanPositive float64 // mean of the term among positive rows
	MeanNegative float64 // mean of the term among negative rows
	// Lift is the positive rate among rows with the term present
	// (non-zero) over the overall positive rate; NaN when no row has it.
	Lift float64
	// Correlation is the point-biserial correlation of the term with the
	// target (Pearson's r with y in {0,1}):
	//	r = (m₁ - m₀) sqrt(n₁ n₀) / (n s),  s the population standard deviation of the term.
	Correlation float64 // NaN for a constant term
	RowsPresent int     // rows where the term is non-zero
}

// Signals returns the Signal of every term of d but the intercept, over
// rows (every row when nil), for the 0/1 target y.
func Signals(d *Design, y []float64, rows []int32) []Signal {
	if len(y) != d.Rows {
		panic("scoring: target and design differ in rows")
	}
	pr := newProblem(d, y, rows)
	if pr.n == 0 {
		return nil
	}
	return signalsOf(d.Names, pr.columnStats())
}

// signalsOf returns the Signal of every term but the intercept from the
// column statistics (columnStats) of the terms named names.
func signalsOf(names []string, stats []classStats) []Signal {
	var out []Signal
	for j := 1; j < len(names); j++ {
		s := &stats[j]
		n1, n0 := float64(s.n[1]), float64(s.n[0])
		n := n1 + n0
		sig := Signal{
			Term:         names[j],
			MeanPositive: s.mean(1),
			MeanNegative: s.mean(0),
			RowsPresent:  s.nonzero[0] + s.nonzero[1],
			Lift:         math.NaN(),
			Correlation:  math.NaN(),
		}
		lo, hi := math.Min(s.min[0], s.min[1]), math.Max(s.max[0], s.max[1])
		sig.Indicator = lo >= 0 && hi <= 1 && s.sum[0]+s.sum[1] == float64(sig.RowsPresent)
		if sig.RowsPresent > 0 && n1 > 0 {
			sig.Lift = (float64(s.nonzero[1]) / float64(sig.RowsPresent)) / (n1 / n)
		}
		if sd := math.Sqrt(stats[j].variance()); sd > 0 && n1 > 0 && n0 > 0 {
			sig.Correlation = (sig.MeanPositive - sig.MeanNegative) * math.Sqrt(n1*n0) / (n * sd)
		}
		out = append(out, sig)
	}
	return out
}
