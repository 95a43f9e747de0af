package market

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Wilson returns the Wilson score interval of a proportion: k successes in
// n trials, two-sided confidence level conf (0.95):
//
//	z = Φ⁻¹(1 - (1-conf)/2),  p = k/n
//	center = (p + z²/(2n)) / (1 + z²/n)
//	half   = z / (1 + z²/n) × sqrt(p(1-p)/n + z²/(4n²))
//	[center - half, center + half]
//
// At k = 0 the lower bound is exactly 0 and at k = n the upper exactly 1
// (the formula's difference of equal terms, which fused multiply-adds
// leave a few ulps off). Both bounds are NaN when n is 0. It panics when k is outside [0, n] or
// conf outside (0, 1).
func Wilson(k, n int, conf float64) (lo, hi float64) {
	if k < 0 || k > n || !(conf > 0 && conf < 1) {
		panic("market: Wilson of an impossible proportion")
	}
	if n == 0 {
		return math.NaN(), math.NaN()
	}
	z := distuv.UnitNormal.Quantile(1 - (1-conf)/2)
	nf := float64(n)
	p := float64(k) / nf
	z2 := z * z
	den := 1 + z2/nf
	center := (p + z2/(2*nf)) / den
	half := z / den * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	lo, hi = math.Max(0, center-half), math.Min(1, center+half)
	if k == 0 {
		lo = 0
	}
	if k == n {
		hi = 1
	}
	return lo, hi
}
