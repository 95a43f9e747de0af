package experiment

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/funnel-analytics/funnel/market"
)

// Newcombe returns the difference of proportions d = x1/n1 - x2/n2 with
// its hybrid score interval (Newcombe 1998, method 10), from the Wilson
// intervals [l1, u1] of x1/n1 and [l2, u2] of x2/n2 at level conf:
//
//	low  = d - sqrt((p1 - l1)² + (u2 - p2)²)
//	high = d + sqrt((u1 - p1)² + (p2 - l2)²)
//
// All three are NaN when n1 or n2 is 0. It panics on counts outside
// 0 <= x <= n.
func Newcombe(x1, n1, x2, n2 int, conf float64) (d, low, high float64) {
	if x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2 {
		panic("experiment: Newcombe of an impossible proportion")
	}
	if n1 == 0 || n2 == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	p1, p2 := float64(x1)/float64(n1), float64(x2)/float64(n2)
	l1, u1 := market.Wilson(x1, n1, conf)
	l2, u2 := market.Wilson(x2, n2, conf)
	d = p1 - p2
	return d, d - math.Hypot(p1-l1, u2-p2), d + math.Hypot(u1-p1, p2-l2)
}

// ZTest is the two-proportion z test with the pooled proportion
// p = (x1 + x2) / (n1 + n2), two-sided:
//
//	z = (x1/n1 - x2/n2) / sqrt(p (1-p) (1/n1 + 1/n2)),  pvalue = 2 (1 - Φ(|z|))
//
// the same p-value as R's prop.test(correct = FALSE) (its statistic is
// z²). 1 - Φ(x) is taken as Φ(-x) (gonum's CDF, by erfc, accurate far
// into the tail; its Survival is 1 - erf, 0 past x = 8.3). Both are NaN
// when p is 0 or 1 or an n is 0.
func ZTest(x1, n1, x2, n2 int) (z, pvalue float64) {
	if n1 == 0 || n2 == 0 {
		return math.NaN(), math.NaN()
	}
	p := float64(x1+x2) / float64(n1+n2)
	se := math.Sqrt(p * (1 - p) * (1/float64(n1) + 1/float64(n2)))
	if se == 0 {
		return math.NaN(), math.NaN()
	}
	z = (float64(x1)/float64(n1) - float64(x2)/float64(n2)) / se
	return z, 2 * distuv.UnitNormal.CDF(-math.Abs(z))
}

// SmallCounts reports whether the 2×2 table of x1 of n1 against x2 of n2
// has an expected count under 5 (row total × column total / N), the rule
// under which the z test's normal approximation is not trusted and
// Fisher's exact test is used instead (Cochran).
func SmallCounts(x1, n1, x2, n2 int) bool {
	n := float64(n1 + n2)
	if n == 0 {
		return true
	}
	yes, no := float64(x1+x2), float64(n1+n2-x1-x2)
	for _, row := range []float64{float64(n1), float64(n2)} {
		if row*yes/n < 5 || row*no/n < 5 {
			return true
		}
	}
	return false
}

// Fisher returns the two-sided p-value of Fisher's exact test of the 2×2
// table [x1, n1-x1; x2, n2-x2], as R's fisher.test computes it: given the
// margins, x1 is hypergeometric, and the p-value sums the probabilities
// of every table no more likely than the one observed (within a relative
// 1e-7, R's tolerance for ties). NaN when an n is 0.
func Fisher(x1, n1, x2, n2 int) float64 {
	if n1 == 0 || n2 == 0 {
		return math.NaN()
	}
	k := x1 + x2 // conversions, the column margin
	lo, hi := max(0, k-n2), min(k, n1)
	logP := func(x int) float64 { return logChoose(n1, x) + logChoose(n2, k-x) - logChoose(n1+n2, k) }
	obs := logP(x1)
	// Sum the probabilities relative to the largest, for accuracy.
	lp := make([]float64, 0, hi-lo+1)
	for x := lo; x <= hi; x++ {
		lp = append(lp, logP(x))
	}
	top := slices.Max(lp)
	var num, den float64
	limit := math.Exp(obs-top) * (1 + 1e-7)
	for _, v := range lp {
		r := math.Exp(v - top)
		den += r
		if r <= limit {
			num += r
		}
	}
	return math.Min(1, num/den)
}

func logChoose(n, k int) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return a - b - c
}

// Holm returns Holm's step-down adjustment of the p-values p (the order
// of p kept): sorted ascending p(1) <= ... <= p(m), the adjusted
// p(i)' = max over j <= i of min(1, (m - j + 1) p(j)), as R's
// p.adjust(method = "holm"). NaN values are left NaN and not counted in m.
func Holm(p []float64) []float64 {
	idx := make([]int, 0, len(p))
	for i, v := range p {
		if !math.IsNaN(v) {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case p[a] < p[b]:
			return -1
		case p[a] > p[b]:
			return 1
		}
		return 0
	})
	out := make([]float64, len(p))
	for i := range out {
		out[i] = math.NaN()
	}
	m, run := len(idx), 0.0
	for j, i := range idx {
		run = math.Max(run, math.Min(1, float64(m-j)*p[i]))
		out[i] = run
	}
	return out
}

// SampleSize returns the units per arm a two-sided two-proportion test at
// level alpha needs to detect the rates p1 against p2 with the given
// power, as R's power.prop.test solves it (Fleiss's formula without
// continuity correction):
//
//	n = (z_{1-α/2} sqrt(2 p̄ (1-p̄)) + z_power sqrt(p1 (1-p1) + p2 (1-p2)))² / (p1 - p2)²,
//	p̄ = (p1 + p2) / 2
//
// not rounded (round it up for units). It panics unless 0 < p1, p2 < 1,
// p1 != p2, 0 < alpha < 1 and 0 < power < 1.
func SampleSize(p1, p2, alpha, power float64) float64 {
	if !(p1 > 0 && p1 < 1 && p2 > 0 && p2 < 1 && p1 != p2 && alpha > 0 && alpha < 1 && power > 0 && power < 1) {
		panic("experiment: SampleSize outside its domain")
	}
	za := distuv.UnitNormal.Quantile(1 - alpha/2)
	zb := distuv.UnitNormal.Quantile(power)
	pb := (p1 + p2) / 2
	s := za*math.Sqrt(2*pb*(1-pb)) + zb*math.Sqrt(p1*(1-p1)+p2*(1-p2))
	return s * s / ((p1 - p2) * (p1 - p2))
}

// OBFBoundary returns the critical |z| of a first look at information
// fraction t (0 < t <= 1) under the Lan-DeMets O'Brien-Fleming spending
// function, two-sided level alpha split evenly between the sides (each
// side α₁ = alpha/2):
//
//	α₁(t) = 2 - 2 Φ(z_{1-α₁/2} / √t),  boundary = Φ⁻¹(1 - α₁(t))
//
// as gsDesign's sfLDOF spends it; at t = 1 it is z_{1-α/2}. It is exact
// for the first interim look only: after earlier looks the boundary
// depends on when they were taken. It is +Inf when t is so small that
// α₁(t) underflows (a boundary past 37, under about 0.004 of the plan at
// alpha 0.05): no result can cross it.
func OBFBoundary(t, alpha float64) float64 {
	if !(t > 0 && t <= 1 && alpha > 0 && alpha < 1) {
		panic("experiment: OBFBoundary outside its domain")
	}
	a1 := alpha / 2
	if t == 1 {
		return distuv.UnitNormal.Quantile(1 - a1) // the fixed test's, exactly
	}
	spent := 2 * distuv.UnitNormal.CDF(-distuv.UnitNormal.Quantile(1-a1/2)/math.Sqrt(t))
	return -distuv.UnitNormal.Quantile(spent) // Φ⁻¹(1 - spent), exact for small spent; +Inf when it underflows
}
