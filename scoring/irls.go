package scoring

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Default iteration controls.
const (
	// DefaultEpsilon is the convergence tolerance on the relative change of
	// the (penalized) deviance, |dev - dev_old| / (|dev| + 0.1), the rule of
	// R's glm.control with a tighter epsilon (R's default is 1e-8).
	DefaultEpsilon = 1e-10
	// DefaultMaxIter is the iteration limit (R's glm.control uses 25).
	DefaultMaxIter = 100
	// maxHalvings limits step-halving within one iteration.
	maxHalvings = 40
)

// fitState is the outcome of one of the iterative fitters.
type fitState struct {
	beta       []float64 // coefficients of the model's columns
	loglik     float64   // unpenalized log-likelihood at beta
	objective  float64   // penalized log-likelihood at beta (= loglik without penalty)
	info       []float64 // X'WX at beta, q x q
	cov        []float64 // covariance estimate, q x q, nil when the information is singular
	iterations int
	converged  bool
	lastStep   []float64 // the last step taken (a separation direction when the fit diverges)
	singular   bool      // the (penalized) information matrix could not be factorized
	halted     bool      // step-halving could not improve the objective
}

// startBeta returns the usual start: the intercept at the logit of the
// positive share, every other coefficient zero.
func (pr *problem) startBeta() []float64 {
	pos, n := 0.0, 0.0
	for k := 0; k < pr.n; k++ {
		i := pr.row(k)
		m := pr.weight(i)
		pos += m * pr.y[i]
		n += m
	}
	ybar := pos / n
	beta := make([]float64, len(pr.cols))
	beta[0] = math.Log(ybar / (1 - ybar))
	return beta
}

// converged reports the deviance rule |dev - old| / (|dev| + 0.1) < eps.
func devianceConverged(dev, old, eps float64) bool {
	return math.Abs(dev-old)/(math.Abs(dev)+0.1) < eps
}

// symDense returns a q x q SymDense view of a row-major square slice.
func symDense(q int, a []float64) *mat.SymDense { return mat.NewSymDense(q, a) }

// ridgeAdd returns info + lambdaN*D, D = diag(0, 1, ..., 1), as a new slice.
func ridgeAdd(q int, info []float64, lambdaN float64) []float64 {
	h := append([]float64(nil), info...)
	for j := 1; j < q; j++ {
		h[j*q+j] += lambdaN
	}
	return h
}

// ridgeNorm returns Σ_{j≥1} β_j².
func ridgeNorm(beta []float64) float64 {
	s := 0.0
	for _, b := range beta[1:] {
		s += b * b
	}
	return s
}

// newton maximizes ℓ(β) - lambdaN/2 Σ_{j≥1} β_j² (lambdaN = nλ; 0 for
// maximum likelihood) by Newton's method, which for the logit link is
// IRLS: β ← β + (X'WX + lambdaN D)^-1 (X'(y-μ) - lambdaN Dβ). Each
// iteration is one streamed pass over the rows (sweep); a step that raises
// the deviance is halved. It stops when the deviance rule holds (eps) or
// after maxIter iterations.
func (pr *problem) newton(lambdaN float64, maxIter int, eps float64) *fitState {
	q := len(pr.cols)
	st := &fitState{beta: pr.startBeta()}
	s := pr.sweep(st.beta)
	dev := -2*s.loglik + lambdaN*ridgeNorm(st.beta)
	var chol mat.Cholesky
	step := mat.NewVecDense(q, nil)
	for st.iterations < maxIter {
		h := ridgeAdd(q, s.info, lambdaN)
		if !chol.Factorize(symDense(q, h)) {
			st.singular = true
			break
		}
		g := append([]float64(nil), s.grad...)
		for j := 1; j < q; j++ {
			g[j] -= lambdaN * st.beta[j]
		}
		if err := chol.SolveVecTo(step, mat.NewVecDense(q, g)); err != nil && !isCondition(err) {
			st.singular = true
			break
		}
		delta := step.RawVector().Data
		next, ns, ndev, ok := pr.lineSearch(st.beta, delta, dev, eps, func(b []float64, sw sweepResult) float64 {
			return -2*sw.loglik + lambdaN*ridgeNorm(b)
		})
		if !ok {
			st.halted = true
			break
		}
		st.iterations++
		st.lastStep = sub(next, st.beta)
		conv := devianceConverged(ndev, dev, eps)
		st.beta, s, dev = next, ns, ndev
		if conv {
			st.converged = true
			break
		}
	}
	st.loglik = s.loglik
	st.objective = -dev / 2
	st.info = s.info
	st.cov = covariance(q, ridgeAdd(q, s.info, lambdaN))
	if st.cov == nil {
		st.singular = true
	}
	return st
}

// lineSearch tries beta + t*delta for t = 1, 1/2, 1/4, ... (halveStep)
// with the deviance devFn of each point's sweep, and returns the first
// point accepted, with its sweep. ok is false when no halving helps.
func (pr *problem) lineSearch(beta, delta []float64, dev, eps float64, devFn func([]float64, sweepResult) float64) (next []float64, s sweepResult, ndev float64, ok bool) {
	next, ndev, ok = halveStep(beta, delta, dev, eps, func(b []float64) float64 {
		s = pr.sweep(b)
		return devFn(b, s)
	})
	return next, s, ndev, ok
}

// halveStep tries beta + t*delta for t = 1, 1/2, 1/4, ... (at most
// maxHalvings times) and returns the first point whose deviance (devAt;
// its closure keeps whatever else its pass over the rows computed) is
// finite and not above dev (up to the convergence tolerance eps). ok is
// false, and next nil, when no halving helps: the one step-halving rule
// of the logistic fits and the Gamma fit.
func halveStep(beta, delta []float64, dev, eps float64, devAt func([]float64) float64) (next []float64, ndev float64, ok bool) {
	t := 1.0
	next = make([]float64, len(beta))
	for h := 0; h < maxHalvings; h++ {
		for j := range next {
			next[j] = beta[j] + t*delta[j]
		}
		ndev = devAt(next)
		if !math.IsNaN(ndev) && !math.IsInf(ndev, 0) && ndev-dev <= eps*(math.Abs(ndev)+0.1) {
			return next, ndev, true
		}
		t /= 2
	}
	return nil, ndev, false
}

// covariance returns the inverse of the symmetric positive-definite q x q
// matrix h (row-major) through its Cholesky factorization, or nil when h is
// not positive definite.
func covariance(q int, h []float64) []float64 {
	var chol mat.Cholesky
	if !chol.Factorize(symDense(q, h)) {
		return nil
	}
	var inv mat.SymDense
	if err := chol.InverseTo(&inv); err != nil && !isCondition(err) {
		return nil
	}
	cov := make([]float64, q*q)
	for i := 0; i < q; i++ {
		for j := 0; j < q; j++ {
			cov[i*q+j] = inv.At(i, j)
		}
	}
	return cov
}

// isCondition reports whether err is only gonum's ill-conditioning warning
// (the result is still computed).
func isCondition(err error) bool {
	_, ok := err.(mat.Condition)
	return ok
}

// sub returns a - b.
func sub(a, b []float64) []float64 {
	d := make([]float64, len(a))
	for i := range a {
		d[i] = a[i] - b[i]
	}
	return d
}
