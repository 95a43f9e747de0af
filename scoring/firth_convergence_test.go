package scoring

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// firthScoreByHand is the modified score U*_j = Σ_i x_ij (y_i - μ_i +
// h_i (1/2 - μ_i)) at beta, with the hat values h_i = w_i x_i'(X'WX)^-1 x_i
// from a dense inverse: an independent computation of what brglm2 tests.
func firthScoreByHand(x *mat.Dense, y, beta []float64) (u []float64, info *mat.SymDense) {
	n, q := x.Dims()
	mu, w := make([]float64, n), make([]float64, n)
	info = mat.NewSymDense(q, nil)
	for i := 0; i < n; i++ {
		eta := mat.Dot(x.RowView(i), mat.NewVecDense(q, beta))
		mu[i] = 1 / (1 + math.Exp(-eta))
		w[i] = mu[i] * (1 - mu[i])
		for a := 0; a < q; a++ {
			for b := a; b < q; b++ {
				info.SetSym(a, b, info.At(a, b)+w[i]*x.At(i, a)*x.At(i, b))
			}
		}
	}
	var inv mat.Dense
	if err := inv.Inverse(info); err != nil {
		panic(err)
	}
	u = make([]float64, q)
	for i := 0; i < n; i++ {
		xi := x.RowView(i)
		var v mat.VecDense
		v.MulVec(&inv, xi)
		h := w[i] * mat.Dot(xi, &v)
		r := y[i] - mu[i] + h*(0.5-mu[i])
		for j := 0; j < q; j++ {
			u[j] += x.At(i, j) * r
		}
	}
	return u, info
}

// TestFirthConvergesOnQuasiSeparation plants a quasi-separated indicator
// (every one of its 40 leads converted) among 1,500 leads, the case that
// was reported `converged: false` after 100 iterations though it had
// converged. brglm2's rule (brglmControl: the sum of |U*| below 1e-6)
// must hold at the estimates, by a modified score computed independently,
// and the fit must say converged in about as many iterations as
// brglm2's own iteration (β <- β + (X'WX)^-1 U*, full steps) takes to
// meet that rule.
func TestFirthConvergesOnQuasiSeparation(t *testing.T) {
	t.Parallel()
	const n = 1500
	rng := rand.New(rand.NewPCG(7, 11))
	d := NewDesign([]string{"visits", "customer", "lost"}, n)
	x := mat.NewDense(n, 4, nil)
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		v := float64(rng.IntN(8))
		c := 0.0
		if i < 40 {
			c = 1
		}
		l := 0.0
		if i >= n-600 {
			l = 1
		}
		d.Set(i, 1, v)
		d.Set(i, 2, c)
		d.Set(i, 3, l)
		x.SetRow(i, []float64{1, v, c, l})
		p := 1 / (1 + math.Exp(-(-1 + 0.3*v)))
		if c == 1 || (l == 0 && rng.Float64() < p) {
			y[i] = 1
		}
	}
	reg, err := Logistic(d, y, LogisticOptions{Penalty: PenaltyFirth})
	if err != nil {
		t.Fatal(err)
	}
	beta := []float64{reg.Terms[0].Estimate, reg.Terms[1].Estimate, reg.Terms[2].Estimate, reg.Terms[3].Estimate}
	u, _ := firthScoreByHand(x, y, beta)
	if s := sumAbs(u); !(s < 1e-6) {
		t.Errorf("sum |U*| = %g at the estimates %v, want < 1e-6 (brglm2's rule)", s, beta)
	}
	// brglm2's iteration from the same start, by hand.
	plain := make([]float64, 4)
	pos := 0.0
	for _, v := range y {
		pos += v
	}
	plain[0] = math.Log(pos / (n - pos))
	brglm2 := 0
	for ; brglm2 < 1000; brglm2++ {
		u, info := firthScoreByHand(x, y, plain)
		if sumAbs(u) < 1e-6 {
			break
		}
		var step mat.VecDense
		if err := step.SolveVec(info, mat.NewVecDense(4, u)); err != nil {
			t.Fatal(err)
		}
		for j := range plain {
			plain[j] += step.AtVec(j)
		}
	}
	t.Logf("iterations %d, brglm2's iteration %d; estimates %v, brglm2's %v", reg.Iterations, brglm2, beta, plain)
	if !reg.Converged || reg.Iterations > brglm2+10 {
		t.Errorf("converged %v after %d iterations; brglm2's iteration meets its rule after %d", reg.Converged, reg.Iterations, brglm2)
	}
	for j := range beta {
		if !near(beta[j], plain[j], 1e-6) {
			t.Errorf("estimate %d = %.12g, brglm2's iteration %.12g", j, beta[j], plain[j])
		}
	}
	if len(reg.Warnings) != 0 {
		t.Errorf("warnings %q", reg.Warnings)
	}
}
