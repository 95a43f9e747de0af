package signals

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// RateTest is the exact conditional test of two Poisson rates (Przyborowski
// and Wilenski 1940; Lehmann and Romano, Testing Statistical Hypotheses,
// 4.5; R's poisson.test(c(k, n0), c(t1, t0))): k events in exposure t1
// against n0 events in exposure t0. Given the total n = k + n0, under
// equal rates k ~ Binomial(n, p) with p = t1 / (t1 + t0), so the
// one-sided p-values are
//
//	lower = P(X <= k) = I_{1-p}(n - k, k + 1)   (a drop; 1 when k = n)
//	upper = P(X >= k) = I_p(k, n - k + 1)       (a rise; 1 when k = 0)
//
// with I the regularized incomplete beta function. It panics on negative
// counts or exposures that are not positive.
func RateTest(k, n0 int, t1, t0 float64) (lower, upper float64) {
	if k < 0 || n0 < 0 || !(t1 > 0) || !(t0 > 0) {
		panic("signals: RateTest wants counts >= 0 and positive exposures")
	}
	n := k + n0
	p := t1 / (t1 + t0)
	lower, upper = 1, 1
	if k < n {
		lower = mathext.RegIncBeta(float64(n-k), float64(k+1), 1-p)
	}
	if k > 0 {
		upper = mathext.RegIncBeta(float64(k), float64(n-k+1), p)
	}
	return lower, upper
}

// change is the relative change of the latest rate against the baseline
// rate: (k/t1) / (n0/t0) - 1; NaN when the baseline has no event.
func change(k, n0 int, t1, t0 float64) float64 {
	if n0 == 0 {
		return math.NaN()
	}
	return (float64(k)/t1)/(float64(n0)/t0) - 1
}

// judgement is an account's latest period against its baseline.
type judgement struct {
	k, n0    int
	expected float64 // n0 * t1 / t0: the latest period's count at the baseline rate
	change   float64
	lower    float64 // p-value of a drop
	upper    float64 // p-value of a rise
	q        float64 // the p-value of the rule judged (drop or rise), adjusted over the period's family (adjust)
}

// judge compares account k's period p with the Baseline periods before it.
func (ix *index) judge(acct int32, p int) judgement {
	var j judgement
	t0 := 0.0
	for q := p - ix.opts.Baseline; q < p; q++ {
		j.n0 += ix.count(acct, q)
		t0 += ix.length(q)
	}
	t1 := ix.length(p)
	j.k = ix.count(acct, p)
	j.expected = float64(j.n0) * t1 / t0
	j.change = change(j.k, j.n0, t1, t0)
	j.lower, j.upper = RateTest(j.k, j.n0, t1, t0)
	return j
}

// dropTested reports whether j is tested for a drop (a member of the
// period's family of drop tests): a baseline of at least MinBaseline
// touches.
func (ix *index) dropTested(j judgement) bool { return j.n0 >= ix.opts.MinBaseline }

// dropped reports whether a tested j, its q set by adjust, is a traffic
// drop: a fall of at least Drop and an adjusted drop p-value at most
// Alpha.
func (ix *index) dropped(j judgement) bool {
	return ix.dropTested(j) && j.change <= -ix.opts.Drop && j.q <= ix.opts.Alpha
}

// surgeTested reports whether j is tested for a surge: at least
// MinBaseline touches in the latest period.
func (ix *index) surgeTested(j judgement) bool { return j.k >= ix.opts.MinBaseline }

// surged reports whether a tested j, its q set by adjust, is a surge: a
// rise of at least Surge (any rise from an empty baseline) and an
// adjusted rise p-value at most Alpha.
func (ix *index) surged(j judgement) bool {
	rose := j.n0 == 0 || j.change >= ix.opts.Surge
	return ix.surgeTested(j) && rose && j.q <= ix.opts.Alpha
}
