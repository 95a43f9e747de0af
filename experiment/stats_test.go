package experiment

import (
	"math"
	"testing"

	"github.com/funnel-analytics/funnel/internal/tabletest"
)

// TestNewcombe checks the hybrid score interval against Newcombe (1998),
// Statistics in Medicine 17:873-890, Table II, method 10, whose examples
// give (to 4 places) 56/70 - 48/80: 0.0524 to 0.3339; 9/10 - 3/10:
// 0.1705 to 0.8090; 5/56 - 0/29: -0.0381 to 0.1926. The full digits are
// the same formula in R from prop.test(x, n, correct = FALSE)$conf.int
// (the Wilson interval), and 150/1000 - 120/1000 the same way.
func TestNewcombe(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		x1, n1, x2, n2 int
		d, low, high   float64
	}{
		{56, 70, 48, 80, 0.2, 0.0524314724023649, 0.3338726540369059},
		{9, 10, 3, 10, 0.6, 0.170522723934503, 0.809017973535488},
		{5, 56, 0, 29, 0.0892857142857143, -0.0381371479035369, 0.1925600138551116},
		{150, 1000, 120, 1000, 0.03, 1.37824342040307e-05, 6.00082585701266e-02},
	} {
		d, lo, hi := Newcombe(c.x1, c.n1, c.x2, c.n2, 0.95)
		if !tabletest.Near(d, c.d, 1e-12) || !tabletest.Near(lo, c.low, 1e-9) || !tabletest.Near(hi, c.high, 1e-9) {
			t.Errorf("%d/%d - %d/%d: %g [%g, %g], want %g [%g, %g]", c.x1, c.n1, c.x2, c.n2, d, lo, hi, c.d, c.low, c.high)
		}
	}
}

// TestZTest: R prop.test(c(x1, x2), c(n1, n2), correct = FALSE): p-value
// and statistic (z²).
func TestZTest(t *testing.T) {
	t.Parallel()
	z, p := ZTest(150, 1000, 120, 1000)
	if !tabletest.Near(p, 0.0496403868653688, 1e-10) || !tabletest.Near(z*z, 3.85356454720617, 1e-10) || z < 0 {
		t.Errorf("150/1000 vs 120/1000: z %g p %g, want z² 3.85356454720617, p 0.0496403868653688", z, p)
	}
	if _, p := ZTest(130, 1000, 120, 1000); !tabletest.Near(p, 0.498962298603761, 1e-10) {
		t.Errorf("130/1000 vs 120/1000: p %g, want 0.498962298603761", p)
	}
	// Far in the tail: p.value 7.71993459429541e-85 (1 - Φ by erfc, not
	// 1 - CDF, which is 0 there).
	if _, p := ZTest(500, 1000, 100, 1000); !tabletest.Near(p, 7.71993459429541e-85, 1e-9) {
		t.Errorf("500/1000 vs 100/1000: p %g, want 7.71993459429541e-85", p)
	}
	if z, p := ZTest(0, 10, 0, 10); !math.IsNaN(z) || !math.IsNaN(p) {
		t.Errorf("no conversions: z %g p %g, want NaN", z, p)
	}
}

// TestFisher: R fisher.test(matrix(c(x1, n1-x1, x2, n2-x2), 2, byrow =
// TRUE))$p.value.
func TestFisher(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		x1, n1, x2, n2 int
		p              float64
	}{
		{2, 15, 7, 14, 0.0501749125437281},
		{0, 10, 3, 10, 0.210526315789474},
		{5, 10, 5, 10, 1},
	} {
		if p := Fisher(c.x1, c.n1, c.x2, c.n2); !tabletest.Near(p, c.p, 1e-10) {
			t.Errorf("%d/%d vs %d/%d: p %g, want %g", c.x1, c.n1, c.x2, c.n2, p, c.p)
		}
	}
	if !SmallCounts(2, 15, 7, 14) || SmallCounts(150, 1000, 120, 1000) {
		t.Error("SmallCounts: want true for 2/15 vs 7/14 (expected 4.66 conversions), false for 150/1000 vs 120/1000")
	}
}

// TestHolm: R p.adjust(c(0.01, 0.04, 0.03, NA, 0.2), method = "holm")
// gives 0.04 0.09 0.09 NA 0.20.
func TestHolm(t *testing.T) {
	t.Parallel()
	got := Holm([]float64{0.01, 0.04, 0.03, math.NaN(), 0.2})
	want := []float64{0.04, 0.09, 0.09, math.NaN(), 0.2}
	for i := range want {
		if !tabletest.Near(got[i], want[i], 1e-12) && !(math.IsNaN(got[i]) && math.IsNaN(want[i])) {
			t.Errorf("Holm[%d] %g, want %g", i, got[i], want[i])
		}
	}
}

// TestSampleSize: R power.prop.test(p1, p2, power, sig.level, tol =
// 1e-12)$n, which solves the same formula by uniroot.
func TestSampleSize(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		p1, p2, alpha, power, n float64
	}{
		{0.12, 0.132, 0.05, 0.8, 12003.6825494668},
		{0.12, 0.14, 0.01, 0.9, 8411.82136296438},
		{0.3, 0.2, 0.05, 0.8, 293.151285506487},
	} {
		if n := SampleSize(c.p1, c.p2, c.alpha, c.power); !tabletest.Near(n, c.n, 1e-8) {
			t.Errorf("%+v: n %.10g", c, n)
		}
	}
}

// TestOBFBoundary: the Lan-DeMets O'Brien-Fleming boundaries of a first
// look as published (one-sided 0.025, i.e. two-sided 0.05): five equally
// spaced looks, the first at t = 0.2, 4.877 (DeMets & Lan 1994, Statistics
// in Medicine 13:1341, Table I; gsDesign's sfLDOF gives 4.8769); two
// looks, the first at t = 0.5, 2.963 (gsDesign(k = 2, test.type = 1,
// sfu = sfLDOF)); at t = 1, z(0.975); and, far in the tail, where 1 - Φ
// must not be taken as 1 - CDF, R's value of the formula.
func TestOBFBoundary(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ t, want, tol float64 }{
		{0.2, 4.877, 5e-4}, {0.5, 2.963, 5e-4}, {1, 1.959963984540054, 1e-12},
		// Deep in the tail, R: -qnorm(2 * pnorm(qnorm(0.9875) / sqrt(0.065),
		// lower.tail = FALSE)), the same spending by R's tail functions.
		{0.065, 8.71330551390288, 1e-9},
	} {
		if b := OBFBoundary(c.t, 0.05); math.Abs(b-c.want) > c.tol {
			t.Errorf("t %g: boundary %.5f, want %g", c.t, b, c.want)
		}
	}
}

func TestParseMDE(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   string
		want MDE
		bad  bool
	}{
		{in: "10%", want: MDE{0.10, true}}, {in: " 2.5 % ", want: MDE{0.025, true}}, {in: "0.02", want: MDE{Value: 0.02}},
		{in: "2pp", want: MDE{Value: 0.02}}, {in: "10", bad: true}, {in: "1", bad: true}, {in: "0", bad: true},
		{in: "-5%", bad: true}, {in: "2pp%", bad: true}, {in: "abc", bad: true}, {in: "2000%", bad: true},
	} {
		got, err := ParseMDE(c.in)
		if (err != nil) != c.bad || (!c.bad && (!tabletest.Near(got.Value, c.want.Value, 1e-15) || got.Relative != c.want.Relative)) {
			t.Errorf("ParseMDE(%q) = %+v, %v", c.in, got, err)
		}
	}
}
