package sample_test

import (
	"errors"
	"math"

	"gonum.org/v1/gonum/mat"
)

// fitLogistic fits logit P(y_i = 1) = x_i . beta by Newton-Raphson (IRLS):
//
//	beta <- beta + (X' W X)^-1 X' (y - p),  W = diag(p (1 - p))
//
// until the largest step is below 1e-10, and returns the estimates, their
// standard errors sqrt(diag((X' W X)^-1)) as R's glm(family = binomial)
// reports them, and the information matrix X' W X.
func fitLogistic(x [][]float64, y []float64) (beta, se []float64, info *mat.SymDense, err error) {
	n, p := len(x), len(x[0])
	beta = make([]float64, p)
	info = mat.NewSymDense(p, nil)
	grad := make([]float64, p)
	step := mat.NewVecDense(p, nil)
	var chol mat.Cholesky
	for iter := 0; iter < 100; iter++ {
		info.Zero()
		clear(grad)
		raw := info.RawSymmetric()
		for i := 0; i < n; i++ {
			eta := 0.0
			for j, v := range x[i] {
				eta += v * beta[j]
			}
			pr := 1 / (1 + math.Exp(-eta))
			w := pr * (1 - pr)
			for j, vj := range x[i] {
				if vj == 0 {
					continue
				}
				grad[j] += vj * (y[i] - pr)
				row := raw.Data[j*raw.Stride:]
				for k := j; k < p; k++ {
					row[k] += w * vj * x[i][k]
				}
			}
		}
		if !chol.Factorize(info) {
			return nil, nil, nil, errors.New("information matrix not positive definite")
		}
		if err := chol.SolveVecTo(step, mat.NewVecDense(p, grad)); err != nil {
			return nil, nil, nil, err
		}
		largest := 0.0
		for j := range beta {
			beta[j] += step.AtVec(j)
			largest = max(largest, math.Abs(step.AtVec(j)))
		}
		if largest < 1e-10 {
			var cov mat.SymDense
			if err := chol.InverseTo(&cov); err != nil {
				return nil, nil, nil, err
			}
			se = make([]float64, p)
			for j := range se {
				se[j] = math.Sqrt(cov.At(j, j))
			}
			return beta, se, info, nil
		}
	}
	return nil, nil, nil, errors.New("no convergence")
}

// wald returns the Wald statistic (b - b0)' I (b - b0) of the hypothesis
// beta = b0, with I the information matrix; it is chi-squared with len(b)
// degrees of freedom when b0 is the truth.
func wald(b, b0 []float64, info *mat.SymDense) float64 {
	d := mat.NewVecDense(len(b), nil)
	for i := range b {
		d.SetVec(i, b[i]-b0[i])
	}
	return mat.Inner(d, info, d)
}
