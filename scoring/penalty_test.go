package scoring

import (
	"math"
	"strings"
	"testing"
)

// sepTerms are the terms of R's won ~ visits + pricing + webinar + trial +
// partner + industry: partner is present on 15 rows, all positive.
var sepTerms = []string{"visits", "pricing", "webinar", "trial", "partner", "industry=Finance", "industry=Retail", "industry=Healthcare"}

func TestFirthMatchesReferences(t *testing.T) {
	t.Parallel()
	py := readRefStats(t, "ref_python.csv")
	cases := []struct {
		name   string
		design func(t *testing.T) (*Design, []float64)
		ref    string // brglm2 coefficients
		pyCase string
	}{
		{"separated leads", func(t *testing.T) (*Design, []float64) { return leadsDesign(t, sepTerms) }, "ref_firth.csv", "firth"},
		{"tiny complete separation", func(t *testing.T) (*Design, []float64) {
			d := NewDesign([]string{"x"}, 6)
			for i := 0; i < 6; i++ {
				d.Set(i, 1, float64(i+1))
			}
			return d, []float64{0, 0, 0, 1, 1, 1}
		}, "ref_firth_tiny.csv", "firth_tiny"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, y := c.design(t)
			reg, err := Logistic(d, y, LogisticOptions{Penalty: PenaltyFirth})
			if err != nil {
				t.Fatal(err)
			}
			if !reg.Converged {
				t.Errorf("not converged (%d iterations)", reg.Iterations)
			}
			if len(reg.Warnings) != 0 {
				t.Errorf("warnings %q", reg.Warnings)
			}
			for _, ref := range readRefCoefs(t, c.ref) {
				got := termByName(t, reg, ref.term)
				// R 4.2.2 brglm2 0.9: glm(method = "brglmFit", type = "AS_mean"), make_fixtures.R.
				if !near(got.Estimate, ref.estimate, 1e-6) || !near(got.StdError, ref.stdError, 1e-6) {
					t.Errorf("%s = %.10g (se %.10g), brglm2 %.10g (se %.10g)", ref.term, got.Estimate, got.StdError, ref.estimate, ref.stdError)
				}
				// numpy Newton on the penalized likelihood, make_python_refs.py.
				wb, ws := py[c.pyCase+"/"+ref.term], py[c.pyCase+"_se/"+ref.term]
				if !near(got.Estimate, wb, 1e-6) || !near(got.StdError, ws, 1e-6) {
					t.Errorf("%s = %.10g (se %.10g), numpy %.10g (se %.10g)", ref.term, got.Estimate, got.StdError, wb, ws)
				}
			}
		})
	}
}

func TestRidgeAndLassoMatchGlmnet(t *testing.T) {
	t.Parallel()
	py := readRefStats(t, "ref_python.csv")
	d, y := leadsDesign(t, mainTerms)
	cases := []struct {
		penalty Penalty
		lambda  float64
		ref     string
		tol     float64
	}{
		// R 4.2.2 glmnet 4.1.6 (alpha = 0, standardize = FALSE, thresh = 1e-20), make_fixtures.R.
		{PenaltyL2, 0.01, "ref_ridge.csv", 1e-6},
		// glmnet alpha = 1: industry=Healthcare is exactly 0.
		{PenaltyL1, 0.005, "ref_lasso.csv", 1e-6},
	}
	for _, c := range cases {
		t.Run(c.penalty.String(), func(t *testing.T) {
			reg, err := Logistic(d, y, LogisticOptions{Penalty: c.penalty, Lambda: c.lambda})
			if err != nil {
				t.Fatal(err)
			}
			if !reg.Converged {
				t.Errorf("not converged (%d iterations)", reg.Iterations)
			}
			for _, ref := range readRefCoefs(t, c.ref) {
				got := termByName(t, reg, ref.term)
				if !near(got.Estimate, ref.estimate, c.tol) {
					t.Errorf("%s = %.10g, glmnet %.10g", ref.term, got.Estimate, ref.estimate)
				}
				if ref.estimate == 0 && got.Estimate != 0 {
					t.Errorf("%s = %g, want exactly 0", ref.term, got.Estimate)
				}
				if c.penalty == PenaltyL2 {
					// numpy exact Newton, make_python_refs.py.
					if w := py["ridge/"+ref.term]; !near(got.Estimate, w, 1e-9) {
						t.Errorf("%s = %.12g, numpy %.12g", ref.term, got.Estimate, w)
					}
				}
				if c.penalty == PenaltyL1 && !math.IsNaN(got.StdError) {
					t.Errorf("%s: lasso std_error %v, want NaN", ref.term, got.StdError)
				}
			}
			if c.penalty == PenaltyL1 && reg.DF != 8 {
				t.Errorf("lasso DF = %d, want 8 (9 terms, one exactly 0)", reg.DF)
			}
		})
	}
}

func TestPenaltyOptions(t *testing.T) {
	t.Parallel()
	d, y := leadsDesign(t, []string{"visits"})
	for _, c := range []struct {
		opts LogisticOptions
		want string
	}{
		{LogisticOptions{Penalty: PenaltyL2}, "needs --lambda > 0"},
		{LogisticOptions{Penalty: PenaltyL1, Lambda: -1}, "needs --lambda > 0"},
		{LogisticOptions{Lambda: 0.1}, "applies to the l1 and l2 penalties"},
	} {
		_, err := Logistic(d, y, c.opts)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want %q", c.opts, err, c.want)
		}
	}
	for _, c := range []struct {
		in   string
		want Penalty
	}{{"none", PenaltyNone}, {"L2", PenaltyL2}, {"ridge", PenaltyL2}, {"l1", PenaltyL1}, {"lasso", PenaltyL1}, {"Firth", PenaltyFirth}} {
		if got, err := ParsePenalty(c.in); err != nil || got != c.want {
			t.Errorf("ParsePenalty(%q) = %v, %v", c.in, got, err)
		}
	}
	if _, err := ParsePenalty("elastic"); err == nil {
		t.Error("ParsePenalty(elastic): no error")
	}
}

func FuzzParsePenalty(f *testing.F) {
	for _, s := range []string{"none", "l2", "L1", " firth ", "ridge", "", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePenalty(s)
		if err != nil {
			if !strings.Contains(err.Error(), "unknown penalty") {
				t.Errorf("%q: error %v", s, err)
			}
			return
		}
		// A parsed penalty prints as a name that parses back to it.
		if q, err := ParsePenalty(p.String()); err != nil || q != p {
			t.Errorf("%q -> %v -> %v, %v", s, p, q, err)
		}
	})
}
