package scoring

import (
	"math"
	"runtime"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

var nan = math.NaN()

// The terms of R's formula won ~ visits + pricing + webinar + trial +
// industry + employees, in model.matrix order (reference level Software).
var mainTerms = []string{"visits", "pricing", "webinar", "trial", "industry=Finance", "industry=Retail", "industry=Healthcare", "employees"}

// near reports whether got agrees with want within tol relative (or tol
// absolute near zero); NaN matches NaN.
func near(got, want, tol float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return scalar.EqualWithinAbsOrRel(got, want, tol*1e-3, tol)
}

func termByName(t *testing.T, r *Regression, name string) Term {
	t.Helper()
	for _, term := range r.Terms {
		if term.Name == name {
			return term
		}
	}
	t.Fatalf("no term %q", name)
	return Term{}
}

func TestLogisticMatchesRGLM(t *testing.T) {
	t.Parallel()
	// References: R 4.2.2 glm(family = binomial, control = glm.control(epsilon = 1e-12))
	// on testdata/scoring/leads.csv, written by make_fixtures.R (ref_*.csv, ref_stats.csv).
	const tol = 1e-6
	stats := readRefStats(t, "ref_stats.csv")
	cases := []struct {
		name    string
		terms   []string
		ref     string
		aliased []string // R's NA coefficients
	}{
		{"main", mainTerms, "ref_main.csv", nil},
		{"aliased", []string{"visits", "pricing", "pricing_x2", "webinar", "engaged", "trial", "industry=Finance", "industry=Retail", "industry=Healthcare", "employees"},
			"ref_aliased.csv", []string{"pricing_x2", "engaged"}},
		{"aliased_reversed", []string{"visits", "pricing_x2", "pricing", "webinar", "trial", "industry=Finance", "industry=Retail", "industry=Healthcare", "employees"},
			"ref_aliased_reversed.csv", []string{"pricing"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, y := leadsDesign(t, c.terms)
			reg, err := Logistic(d, y, LogisticOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !reg.Converged {
				t.Errorf("not converged after %d iterations", reg.Iterations)
			}
			for _, ref := range readRefCoefs(t, c.ref) {
				got := termByName(t, reg, ref.term)
				if math.IsNaN(ref.estimate) {
					if got.Status != TermAliased {
						t.Errorf("%s: status %v, R reports NA (aliased)", ref.term, got.Status)
					}
					continue
				}
				if got.Status != TermEstimated {
					t.Errorf("%s: status %v, want estimated", ref.term, got.Status)
				}
				for _, v := range []struct {
					what      string
					got, want float64
				}{
					{"estimate", got.Estimate, ref.estimate},
					{"std_error", got.StdError, ref.stdError},
					{"z", got.Z, ref.z},
					{"p_value", got.PValue, ref.pValue},
				} {
					if !near(v.got, v.want, tol) {
						t.Errorf("%s %s = %.12g, R %.12g", ref.term, v.what, v.got, v.want)
					}
				}
			}
			for _, v := range []struct {
				what      string
				got, want float64
			}{
				{"log_likelihood", reg.LogLikelihood, stats[c.name+"/log_likelihood"]},
				{"deviance", reg.Deviance, stats[c.name+"/deviance"]},
				{"null_deviance", reg.NullDeviance, stats[c.name+"/null_deviance"]},
				{"aic", reg.AIC, stats[c.name+"/aic"]},
				{"bic", reg.BIC, stats[c.name+"/bic"]},
				{"rank", float64(reg.DF), stats[c.name+"/rank"]},
			} {
				if !near(v.got, v.want, tol) {
					t.Errorf("%s = %.12g, R %.12g", v.what, v.got, v.want)
				}
			}
			warned := strings.Join(reg.Warnings, "\n")
			for _, a := range c.aliased {
				if !strings.Contains(warned, `"`+a+`"`) {
					t.Errorf("no warning names aliased %q: %q", a, reg.Warnings)
				}
			}
			if len(c.aliased) == 0 && len(reg.Warnings) > 0 {
				t.Errorf("unexpected warnings %q", reg.Warnings)
			}
		})
	}
}

func TestLogisticVIF(t *testing.T) {
	t.Parallel()
	// Reference: R 4.2.2, 1 / (1 - R²) of lm(x_j ~ other terms) on leads.csv (ref_stats.csv, case main_vif).
	stats := readRefStats(t, "ref_stats.csv")
	d, y := leadsDesign(t, mainTerms)
	reg, err := Logistic(d, y, LogisticOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, term := range reg.Terms[1:] {
		want := stats["main_vif/"+strings.Replace(term.Name, "=", "", 1)]
		if !near(term.VIF, want, 1e-9) {
			t.Errorf("VIF %s = %.12g, R %.12g", term.Name, term.VIF, want)
		}
	}
	if !math.IsNaN(reg.Terms[0].VIF) {
		t.Errorf("intercept VIF = %v, want NaN", reg.Terms[0].VIF)
	}
}

func TestLogisticHighVIFWarns(t *testing.T) {
	t.Parallel()
	// engaged = visits + pricing exactly; adding a little noise to every
	// row makes it nearly (not exactly) collinear: VIF far above 10, no
	// aliasing. (Noise on a single row would make the data quasi-separated
	// along engaged - visits - pricing, which the fit would rightly report.)
	d, y := leadsDesign(t, []string{"visits", "pricing", "engaged"})
	for i := 0; i < d.Rows; i++ {
		d.Set(i, 3, d.At(i, 3)+0.01*float64((i*7)%5-2))
	}
	reg, err := Logistic(d, y, LogisticOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, term := range reg.Terms {
		if term.Status != TermEstimated {
			t.Errorf("%s dropped (%v); it is not exactly collinear", term.Name, term.Status)
		}
	}
	if len(reg.Warnings) != 1 || !strings.Contains(reg.Warnings[0], "variance inflation factor above 10") ||
		!strings.Contains(reg.Warnings[0], `"engaged"`) || !strings.Contains(reg.Warnings[0], `"visits"`) {
		t.Errorf("warnings %q, want one naming engaged, visits and pricing", reg.Warnings)
	}
}

func TestLogisticConstantTerm(t *testing.T) {
	t.Parallel()
	// A term equal in every row is dropped with a warning; the fit is then
	// the one without it (R main fit, ref_stats.csv).
	stats := readRefStats(t, "ref_stats.csv")
	d, y := leadsDesign(t, mainTerms)
	d2 := NewDesign(append([]string{"always"}, mainTerms...), d.Rows)
	for i := 0; i < d.Rows; i++ {
		d2.Set(i, 1, 3)
		copy(d2.Row(i)[2:], d.Row(i)[1:])
	}
	reg, err := Logistic(d2, y, LogisticOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := termByName(t, reg, "always"); got.Status != TermConstant || !math.IsNaN(got.Estimate) {
		t.Errorf("always: status %v estimate %v, want constant, NaN", got.Status, got.Estimate)
	}
	if len(reg.Warnings) != 1 || !strings.Contains(reg.Warnings[0], `constant terms dropped: "always" (3 in every row)`) {
		t.Errorf("warnings %q", reg.Warnings)
	}
	if !near(reg.LogLikelihood, stats["main/log_likelihood"], 1e-6) {
		t.Errorf("log-likelihood %v, R %v", reg.LogLikelihood, stats["main/log_likelihood"])
	}
}

func TestLogisticRowSubset(t *testing.T) {
	t.Parallel()
	// Fitting on Rows equals fitting a design that holds only those rows.
	d, y := leadsDesign(t, mainTerms)
	var rows []int32
	for i := 0; i < d.Rows; i += 3 {
		rows = append(rows, int32(i))
	}
	sub := NewDesign(mainTerms, len(rows))
	ysub := make([]float64, len(rows))
	for k, i := range rows {
		copy(sub.Row(k), d.Row(int(i)))
		ysub[k] = y[i]
	}
	a, err := Logistic(d, y, LogisticOptions{Rows: rows})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Logistic(sub, ysub, LogisticOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Rows != 500 || a.LogLikelihood != b.LogLikelihood {
		t.Errorf("rows %d, log-likelihood %v vs %v", a.Rows, a.LogLikelihood, b.LogLikelihood)
	}
	for j := range a.Terms {
		if a.Terms[j].Estimate != b.Terms[j].Estimate || a.Terms[j].StdError != b.Terms[j].StdError {
			t.Errorf("%s: %v (%v) vs %v (%v)", a.Terms[j].Name, a.Terms[j].Estimate, a.Terms[j].StdError, b.Terms[j].Estimate, b.Terms[j].StdError)
		}
	}
}

func TestLogisticSameBitsAnyCPUCount(t *testing.T) {
	// Partial sums are per chunk and added in chunk order, so the number of
	// CPUs does not change a bit of the result.
	ds, _ := plantedDataset(30000, 2)
	f, err := BuildFeatures(ds, FeatureConfig{Target: "won_at", AsOf: day(1000, 0), Features: []string{"industry"}})
	if err != nil {
		t.Fatal(err)
	}
	var fits []*Regression
	for _, procs := range []int{1, 2, 3} {
		old := runtime.GOMAXPROCS(procs)
		reg, err := Logistic(f.Design, f.Y, LogisticOptions{})
		runtime.GOMAXPROCS(old)
		if err != nil {
			t.Fatal(err)
		}
		fits = append(fits, reg)
	}
	for _, reg := range fits[1:] {
		if reg.LogLikelihood != fits[0].LogLikelihood {
			t.Errorf("log-likelihood %v vs %v", reg.LogLikelihood, fits[0].LogLikelihood)
		}
		for j := range reg.Terms {
			if reg.Terms[j].Estimate != fits[0].Terms[j].Estimate || reg.Terms[j].StdError != fits[0].Terms[j].StdError || math.Float64bits(reg.Terms[j].VIF) != math.Float64bits(fits[0].Terms[j].VIF) {
				t.Errorf("%s differs", reg.Terms[j].Name)
			}
		}
	}
}

func TestLogisticFullDummySet(t *testing.T) {
	t.Parallel()
	// Every industry level plus the intercept: the last level in column
	// order (Software, appended last) is aliased, as in R, and the fit is
	// R's main fit (ref_stats.csv, case main).
	stats := readRefStats(t, "ref_stats.csv")
	d, y := leadsDesign(t, append(append([]string{}, mainTerms...), "industry=Software"))
	reg, err := Logistic(d, y, LogisticOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, term := range reg.Terms {
		want := TermEstimated
		if term.Name == "industry=Software" {
			want = TermAliased
		}
		if term.Status != want {
			t.Errorf("%s: %v, want %v", term.Name, term.Status, want)
		}
	}
	if !near(reg.LogLikelihood, stats["main/log_likelihood"], 1e-6) {
		t.Errorf("log-likelihood %v, R %v", reg.LogLikelihood, stats["main/log_likelihood"])
	}
}
