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

// firth maximizes Firth's penalized log-likelihood
//
//	ℓ*(β) = ℓ(β) + 1/2 log det X'W(β)X
//
// by the modified-score iteration of Heinze and Schemper (2002), as in R's
// logistf: β ← β + (X'WX)^-1 U*(β), with the modified score
// U*_j = Σ_i x_ij (y_i - μ_i + h_i (1/2 - μ_i)) and h_i the diagonal of
// the hat matrix; a step is capped at firthMaxStep per coefficient and
// halved while it lowers ℓ*. The standard errors are from (X'WX)^-1 at the
// solution, as logistf's. Each iteration is two streamed passes.
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
	step := mat.NewVecDense(q, nil)
	for st.iterations < maxIter {
		var u mat.TriDense
		chol.UTo(&u)
		score := pr.firthScore(st.beta, u.RawTriangular())
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
		next, ns, ndev, ok := pr.lineSearch(st.beta, delta, dev, eps, func(_ []float64, sw sweepResult) float64 {
			if !nchol.Factorize(symDense(q, sw.info)) {
				return math.NaN()
			}
			return -2 * (sw.loglik + nchol.LogDet()/2)
		})
		if !ok {
			st.halted = true
			break
		}
		st.iterations++
		st.lastStep = sub(next, st.beta)
		conv := devianceConverged(ndev, dev, eps) && decrement < stepTolerance
		st.beta, s, dev = next, ns, ndev
		chol.Clone(&nchol)
		if conv {
			st.converged = true
			break
		}
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
