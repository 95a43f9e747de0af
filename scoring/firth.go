package scoring

import (
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// firthMaxStep caps the largest coefficient change of one Firth step, as
// logistf's maxstep does.
const firthMaxStep = 5

// stepTolerance is the second stopping rule of the Firth and lasso fits,
// whose iterations converge linearly rather than quadratically: the last
// step must also be below 1e-9 standard errors, sqrt(δ'X'WXδ) < 1e-9.
const stepTolerance = 1e-9

// firthScoreEpsilon is brglm2's convergence rule (brglmControl's
// epsilon, maxit 100): the sum of the absolute modified-score components
// below it. A Firth fit stops when the penalized deviance has converged
// and either its step is below stepTolerance standard errors or, with
// brglm2's rule met, the step no longer shrinks (it has reached the
// rounding floor of an ill-conditioned X'WX, which a separated term
// makes); a fit that meets brglm2's rule at the iteration limit has
// converged too.
const firthScoreEpsilon = 1e-6

// firth maximizes Firth's penalized log-likelihood
//
//	ℓ*(β) = ℓ(β) + 1/2 log det X'W(β)X
//
// by the modified-score iteration of Heinze and Schemper (2002), as in R's
// logistf: β ← β + (X'WX)^-1 U*(β), with the modified score
// U*_j = Σ_i x_ij (y_i - μ_i + h_i (1/2 - μ_i)) and h_i the diagonal of
// the hat matrix; a step is capped at firthMaxStep per coefficient,
// halved while it lowers ℓ*, and shortened when it overshoots (see
// firthSecant). The standard errors are from (X'WX)^-1 at the solution,
// as logistf's. Each iteration is two streamed passes (four when the step
// overshoots).
func (pr *problem) firth(maxIter int, eps float64) *fitState {
	q := len(pr.cols)
	st := &fitState{beta: pr.startBeta()}
	s := pr.sweep(st.beta)
	var chol mat.Cholesky
	if !chol.Factorize(symDense(q, s.info)) {
		st.singular = true
		st.loglik, st.objective, st.info = s.loglik, math.NaN(), s.info
		return st
	}
	dev := -2 * (s.loglik + chol.LogDet()/2)
	score := pr.firthScoreAt(st.beta, &chol)
	step := mat.NewVecDense(q, nil)
	lastDecrement, devConv := math.Inf(1), false
	for st.iterations < maxIter {
		if err := chol.SolveVecTo(step, mat.NewVecDense(q, score)); err != nil && !isCondition(err) {
			st.singular = true
			break
		}
		delta := step.RawVector().Data
		if m := floats.Norm(delta, math.Inf(1)); m > firthMaxStep {
			floats.Scale(firthMaxStep/m, delta)
		}
		decrement := math.Sqrt(math.Max(mat.Inner(step, symDense(q, s.info), step), 0))
		var nchol mat.Cholesky
		devFn := func(_ []float64, sw sweepResult) float64 {
			if !nchol.Factorize(symDense(q, sw.info)) {
				return math.NaN()
			}
			return -2 * (sw.loglik + nchol.LogDet()/2)
		}
		next, ns, ndev, ok := pr.lineSearch(st.beta, delta, dev, eps, devFn)
		if !ok {
			st.halted = true
			break
		}
		nscore := pr.firthScoreAt(next, &nchol)
		next, ns, ndev, nscore = pr.firthSecant(st.beta, delta, floats.Dot(score, delta), next, ns, ndev, nscore, eps, devFn, &nchol)
		st.iterations++
		st.lastStep = sub(next, st.beta)
		devConv = devianceConverged(ndev, dev, eps)
		stalled := sumAbs(nscore) < firthScoreEpsilon && decrement >= lastDecrement
		conv := devConv && (decrement < stepTolerance || stalled)
		lastDecrement = decrement
		st.beta, s, dev, score = next, ns, ndev, nscore
		chol.Clone(&nchol)
		if conv {
			st.converged = true
			break
		}
	}
	if !st.converged && !st.singular && !st.halted && devConv && sumAbs(score) < firthScoreEpsilon {
		st.converged = true // brglm2's rule holds at the iteration limit
	}
	st.loglik = s.loglik
	st.objective = -dev / 2
	st.info = s.info
	st.cov = covariance(q, s.info)
	if st.cov == nil {
		st.singular = true
	}
	return st
}

// firthScoreAt returns the modified score U* at beta, given the Cholesky
// factorization of X'WX there.
func (pr *problem) firthScoreAt(beta []float64, chol *mat.Cholesky) []float64 {
	var u mat.TriDense
	chol.UTo(&u)
	return pr.firthScore(beta, u.RawTriangular())
}

// firthSecant shortens a Firth step that overshoots, and lengthens one
// that falls short. The step
// (X'WX)^-1 U* leaves out how the hat values move with β; where they are
// large (few rows per term; a saturated fit has every h_i = 1 and the
// step is twice too long) it jumps across the maximum, and the iteration
// would swap the sign of its error for ever. With gain = U*(β)'δ the
// slope of ℓ* along δ at β and g1 = U*(next)'δ the slope at next =
// β + tδ, a slope turned past -gain/2 is an overshoot: the secant of the
// two slopes puts the maximum along δ at t gain / (gain - g1), which is
// taken when ℓ* there is no lower than at next (up to eps). A slope still
// above gain/2 at next is an undershoot (a separated term, whose hat
// values the step also leaves out, creeps towards its maximum at a
// linear rate of 0.9): the same secant extrapolates, up to firthMaxStep.
// It returns
// the point kept with its sweep, penalized deviance and modified score;
// nchol ends as the factorization of X'WX at that point.
func (pr *problem) firthSecant(beta, delta []float64, gain float64, next []float64, ns sweepResult, ndev float64, nscore []float64, eps float64, devFn func([]float64, sweepResult) float64, nchol *mat.Cholesky) ([]float64, sweepResult, float64, []float64) {
	g1 := floats.Dot(nscore, delta)
	if !(gain > 0) || !(g1 < -gain/2 || g1 > gain/2) {
		return next, ns, ndev, nscore
	}
	k := floats.MaxIdx(absAll(delta))
	t := (next[k] - beta[k]) / delta[k] // the step length the line search took
	ts := t * gain / (gain - g1)
	if g1 > 0 { // an undershoot: extrapolate, no further than firthMaxStep
		ts = math.Min(ts, firthMaxStep/math.Abs(delta[k]))
		if ts <= t {
			return next, ns, ndev, nscore
		}
	}
	try := make([]float64, len(beta))
	for j := range try {
		try[j] = beta[j] + ts*delta[j]
	}
	sw := pr.sweep(try)
	if sdev := devFn(try, sw); !math.IsNaN(sdev) && !math.IsInf(sdev, 0) && sdev-ndev <= eps*(math.Abs(sdev)+0.1) {
		return try, sw, sdev, pr.firthScoreAt(try, nchol)
	}
	q := len(beta)
	nchol.Factorize(symDense(q, ns.info)) // factorized before: positive definite
	return next, ns, ndev, nscore
}

// sumAbs returns Σ |v_i|.
func sumAbs(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += math.Abs(x)
	}
	return s
}

// absAll returns |v_i| for each i.
func absAll(v []float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = math.Abs(x)
	}
	return out
}
