package scoring

import (
	"math"
	"math/rand/v2"
	"sync"
	"testing"
)

// benchDesign is a seeded synthetic design shaped like the issue's
// benchmark (../shared/bench/gen_b2b.py): 500k leads, the intercept, 7
// activity counts, 4 industry indicators and employees: 13 terms.
var benchDesign = sync.OnceValues(func() (*Design, []float64) {
	const n = 500_000
	types := []string{"web_visit", "pricing_view", "webinar", "trial_signup", "whitepaper", "email_click", "demo_request"}
	rates := []float64{4, 0.8, 0.5, 0.25, 0.7, 2, 0.15}
	beta := []float64{0.05, 0.45, 0.30, 1.30, 0.10, -0.02, 1.10}
	levels := []string{"industry=Finance", "industry=Manufacturing", "industry=Healthcare", "industry=Retail"}
	levelBeta := []float64{0.4, -0.3, 0.2, -0.6}
	terms := append(append(append([]string{}, types...), levels...), "employees")
	d := NewDesign(terms, n)
	y := make([]float64, n)
	rng := rand.New(rand.NewPCG(7, 7))
	poisson := func(l float64) float64 {
		k, p, lim := 0.0, 1.0, math.Exp(-l)
		for {
			p *= rng.Float64()
			if p < lim {
				return k
			}
			k++
		}
	}
	for i := 0; i < n; i++ {
		x := d.Row(i)
		eta := -3.2
		for j := range types {
			x[1+j] = poisson(rates[j])
			eta += beta[j] * x[1+j]
		}
		if lv := rng.IntN(5); lv > 0 {
			x[1+len(types)+lv-1] = 1
			eta += levelBeta[lv-1]
		}
		x[len(x)-1] = math.Round(math.Pow(10, 1+3.5*rng.Float64()))
		if rng.Float64() < 1/(1+math.Exp(-eta)) {
			y[i] = 1
		}
	}
	return d, y
})

// BenchmarkLogistic is the whole fit of 500k rows x 13 terms: column
// summaries, the streamed QR for aliasing and VIF, the Newton iterations,
// the separation check and the fitted probabilities.
func BenchmarkLogistic(b *testing.B) {
	d, y := benchDesign()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		reg, err := Logistic(d, y, LogisticOptions{})
		if err != nil || !reg.Converged {
			b.Fatal(err, reg.Iterations)
		}
		b.ReportMetric(float64(reg.Iterations), "iterations")
	}
}

// BenchmarkSweep is one IRLS pass: X'WX, score and log-likelihood at beta.
func BenchmarkSweep(b *testing.B) {
	d, y := benchDesign()
	pr := newProblem(d, y, nil)
	pr.cols = make([]int, d.Cols())
	for j := range pr.cols {
		pr.cols[j] = j
	}
	beta := pr.startBeta()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		pr.sweep(beta)
	}
}

// BenchmarkQR is the streamed Householder QR (TSQR) used for aliasing.
func BenchmarkQR(b *testing.B) {
	d, y := benchDesign()
	pr := newProblem(d, y, nil)
	pr.cols = make([]int, d.Cols())
	for j := range pr.cols {
		pr.cols[j] = j
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		pr.qrFactor()
	}
}

// BenchmarkFirth is the Firth fit of the same data (two passes per iteration).
func BenchmarkFirth(b *testing.B) {
	d, y := benchDesign()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Logistic(d, y, LogisticOptions{Penalty: PenaltyFirth}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFit is `funnel fit --target won_at --features industry` after
// reading: features from 500k leads and ~4.6M touches (the planted
// generator, shaped like ../shared/bench/gen_b2b.py), the fit, points,
// thresholds and tables (no cross-validation).
func BenchmarkFit(b *testing.B) {
	ds, _ := plantedDataset(500_000, 21)
	cfg := Config{Features: FeatureConfig{Target: "won_at", Features: []string{"industry"}}}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		m, err := Fit(ds, cfg)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(ds.Touches.Rows), "touches")
		_ = m.Report()
	}
}
