package signals

import (
	"cmp"
	"math"
	"slices"
)

// Multiple-testing adjustments of a period's p-values (Options.Adjust).
const (
	// AdjustBH controls the false discovery rate over the accounts tested
	// in a period (Benjamini and Hochberg 1995).
	AdjustBH = "bh"
	// AdjustNone judges each account's p-value on its own.
	AdjustNone = "none"
)

// BenjaminiHochberg returns the Benjamini-Hochberg adjusted p-values of p
// (Benjamini and Hochberg 1995, JRSS B 57(1); R's p.adjust(p, "BH")), in
// the order of p: with the m p-values sorted ascending, p_(1) <= ... <=
// p_(m),
//
//	q_(i) = min_{j >= i} min(1, m p_(j) / j)
//
// so that rejecting every hypothesis with q <= alpha is the step-up
// procedure that keeps the expected share of false discoveries at most
// alpha (for independent or positively dependent tests). Ties keep their
// input order; the result does not depend on it. p is not changed.
func BenjaminiHochberg(p []float64) []float64 {
	m := len(p)
	order := make([]int, m)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(p[a], p[b]) })
	q := make([]float64, m)
	running := 1.0
	for r := m - 1; r >= 0; r-- {
		i := order[r]
		running = math.Min(running, float64(m)*p[i]/float64(r+1))
		q[i] = running
	}
	return q
}

// adjust sets the q of each judgement from its drop (lower) or rise
// p-value: Benjamini-Hochberg over js, the period's family, or the
// p-value itself under AdjustNone.
func (ix *index) adjust(js []judgement, lower bool) {
	p := make([]float64, len(js))
	for i, j := range js {
		p[i] = j.upper
		if lower {
			p[i] = j.lower
		}
	}
	q := p
	if ix.opts.Adjust != AdjustNone {
		q = BenjaminiHochberg(p)
	}
	for i := range js {
		js[i].q = q[i]
	}
}
