package scoring

import (
	"math"
)

// lasso maximizes ℓ(β) - lambdaN Σ_{j≥1} |β_j| (lambdaN = nλ) by proximal
// Newton: at β, the quadratic model of -ℓ (gradient X'(y-μ), Hessian X'WX,
// the IRLS approximation) plus the l1 term is minimized by cyclic
// coordinate descent with soft-thresholding, as glmnet does; the step to
// that minimizer is then backtracked until the penalized objective falls
// (Lee, Sun and Saunders 2014). Coefficients that reach zero are exactly 0.
func (pr *problem) lasso(lambdaN float64, maxIter int, eps float64) *fitState {
	q := len(pr.cols)
	st := &fitState{beta: pr.startBeta()}
	s := pr.sweep(st.beta)
	obj := func(b []float64, sw sweepResult) float64 { return -2*sw.loglik + 2*lambdaN*l1Norm(b) }
	dev := obj(st.beta, s)
	for st.iterations < maxIter {
		b := coordinateDescent(q, s.info, s.grad, st.beta, lambdaN)
		delta := sub(b, st.beta)
		decrement := math.Sqrt(math.Max(quadForm(q, s.info, delta), 0))
		if decrement == 0 {
			st.converged = true
			break
		}
		next, ns, ndev, ok := pr.lineSearch(st.beta, delta, dev, eps, obj)
		if !ok {
			st.halted = true
			break
		}
		st.iterations++
		st.lastStep = sub(next, st.beta)
		conv := devianceConverged(ndev, dev, eps) && decrement < stepTolerance
		st.beta, s, dev = next, ns, ndev
		if conv {
			st.converged = true
			break
		}
	}
	st.loglik = s.loglik
	st.objective = -dev / 2
	st.info = s.info
	return st
}

// coordinateDescent returns the minimizer of
//
//	-g'(b-β) + 1/2 (b-β)'H(b-β) + lambdaN Σ_{j≥1} |b_j|
//
// by cyclic coordinate descent from b = β: coordinate j moves to
// S(H_jj β_j + c_j, lambdaN) / H_jj with c_j = g_j - Σ_{k≠j} H_jk (b_k-β_k)
// and S the soft-threshold (no threshold for the intercept, j = 0).
func coordinateDescent(q int, h, g, beta []float64, lambdaN float64) []float64 {
	b := append([]float64(nil), beta...)
	hd := make([]float64, q) // H (b - β), kept up to date
	for sweep := 0; sweep < 10000; sweep++ {
		maxMove, scale := 0.0, 0.0
		for j := 0; j < q; j++ {
			hjj := h[j*q+j]
			if hjj <= 0 {
				continue
			}
			c := g[j] - (hd[j] - hjj*(b[j]-beta[j]))
			z := hjj*beta[j] + c
			var nb float64
			if j == 0 {
				nb = z / hjj
			} else {
				nb = softThreshold(z, lambdaN) / hjj
			}
			if d := nb - b[j]; d != 0 {
				for k := 0; k < q; k++ {
					hd[k] += h[k*q+j] * d
				}
				b[j] = nb
				maxMove = math.Max(maxMove, d*d*hjj)
			}
			scale = math.Max(scale, hjj*b[j]*b[j])
		}
		if maxMove <= 1e-28*(1+scale) {
			break
		}
	}
	return b
}

// softThreshold returns sign(z) max(|z| - t, 0).
func softThreshold(z, t float64) float64 {
	switch {
	case z > t:
		return z - t
	case z < -t:
		return z + t
	}
	return 0
}

// l1Norm returns Σ_{j≥1} |β_j|.
func l1Norm(beta []float64) float64 {
	s := 0.0
	for _, b := range beta[1:] {
		s += math.Abs(b)
	}
	return s
}

// quadForm returns v'Av for the q x q row-major matrix a.
func quadForm(q int, a, v []float64) float64 {
	s := 0.0
	for i := 0; i < q; i++ {
		for j := 0; j < q; j++ {
			s += v[i] * a[i*q+j] * v[j]
		}
	}
	return s
}
