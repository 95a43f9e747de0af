package scoring

import (
	"math"
	"slices"
	"testing"
)

// mustGroup fails the test unless the rows of d (rows, or all when nil)
// are grouped, so that a comparison of both ways compares something.
func mustGroup(t *testing.T, d *Design, y []float64, rows []int32) {
	t.Helper()
	pr := newProblem(d, y, rows)
	gp, of := pr.grouped()
	if of == nil {
		t.Fatalf("%d rows were not grouped", pr.n)
	}
	total := 0.0
	for g := 0; g < gp.n; g++ {
		total += gp.wt[g]
	}
	if total != float64(pr.n) || gp.n > pr.n/2 {
		t.Fatalf("%d groups hold %v rows, want at most %d groups holding %d", gp.n, total, pr.n/2, pr.n)
	}
}

// fitBothWays fits with identical rows grouped and row by row.
func fitBothWays(t *testing.T, d *Design, y []float64, opts LogisticOptions) (grouped, rows *Regression) {
	t.Helper()
	var err error
	if grouped, err = Logistic(d, y, opts); err != nil {
		t.Fatal(err)
	}
	opts.rowByRow = true
	if rows, err = Logistic(d, y, opts); err != nil {
		t.Fatal(err)
	}
	return grouped, rows
}

// sameFit checks that two fits agree to tol relative: the same terms
// estimated, dropped and separated, the same statistics and fitted values.
func sameFit(t *testing.T, a, b *Regression, tol float64) {
	t.Helper()
	for _, v := range []struct {
		what string
		a, b float64
	}{
		{"log_likelihood", a.LogLikelihood, b.LogLikelihood},
		{"penalized", a.PenalizedLogLikelihood, b.PenalizedLogLikelihood},
		{"null", a.NullLogLikelihood, b.NullLogLikelihood},
		{"aic", a.AIC, b.AIC},
		{"bic", a.BIC, b.BIC},
	} {
		if !near(v.a, v.b, tol) {
			t.Errorf("%s: grouped %.15g, rows %.15g", v.what, v.a, v.b)
		}
	}
	if a.Rows != b.Rows || a.Positives != b.Positives || a.DF != b.DF || a.Converged != b.Converged {
		t.Errorf("rows %d/%d positives %d/%d df %d/%d converged %v/%v", a.Rows, b.Rows, a.Positives, b.Positives, a.DF, b.DF, a.Converged, b.Converged)
	}
	for j := range a.Terms {
		ta, tb := a.Terms[j], b.Terms[j]
		if ta.Status != tb.Status || ta.Separated != tb.Separated {
			t.Errorf("%s: status %v/%v separated %d/%d", ta.Name, ta.Status, tb.Status, ta.Separated, tb.Separated)
		}
		for _, v := range [][3]any{{"estimate", ta.Estimate, tb.Estimate}, {"std_error", ta.StdError, tb.StdError}, {"vif", ta.VIF, tb.VIF}} {
			if !near(v[1].(float64), v[2].(float64), tol) {
				t.Errorf("%s %s: grouped %.15g, rows %.15g", ta.Name, v[0], v[1], v[2])
			}
		}
	}
	if !slices.Equal(a.Warnings, b.Warnings) {
		t.Errorf("warnings\n%q\n%q", a.Warnings, b.Warnings)
	}
	if len(a.Fitted) != len(b.Fitted) {
		t.Fatalf("%d fitted values, rows %d", len(a.Fitted), len(b.Fitted))
	}
	for k := range a.Fitted {
		if !near(a.Fitted[k], b.Fitted[k], tol) {
			t.Fatalf("fitted[%d]: grouped %.15g, rows %.15g", k, a.Fitted[k], b.Fitted[k])
		}
	}
}

func TestGroupedRowsGiveTheRowsFit(t *testing.T) {
	t.Parallel()
	// Touch counts and an industry: 30,000 leads in far fewer distinct
	// rows. Every penalty, and a row subset (as cross-validation fits),
	// gives what the row-by-row fit gives (which matches R: regression_test).
	ds, _ := plantedDataset(30000, 3)
	f, err := BuildFeatures(ds, FeatureConfig{Target: "won_at", AsOf: day(1000, 0), Features: []string{"industry"}})
	if err != nil {
		t.Fatal(err)
	}
	mustGroup(t, f.Design, f.Y, nil)
	// A third of the rows, as a fold would be, with the counts as 0/1 (the
	// counts' third has too few repeats to be grouped).
	fb, err := BuildFeatures(ds, FeatureConfig{Target: "won_at", AsOf: day(1000, 0), Features: []string{"industry"}, Transform: TransformBinary})
	if err != nil {
		t.Fatal(err)
	}
	var subset []int32
	for i := 0; i < fb.Design.Rows; i += 3 {
		subset = append(subset, int32(i))
	}
	mustGroup(t, fb.Design, fb.Y, subset)
	for _, c := range []struct {
		name string
		opts LogisticOptions
	}{
		{"none", LogisticOptions{}},
		{"l2", LogisticOptions{Penalty: PenaltyL2, Lambda: 0.01}},
		{"l1", LogisticOptions{Penalty: PenaltyL1, Lambda: 0.002}},
		{"firth", LogisticOptions{Penalty: PenaltyFirth}},
		{"rows", LogisticOptions{Rows: subset}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, y := f.Design, f.Y
			if c.opts.Rows != nil {
				d, y = fb.Design, fb.Y
			}
			a, b := fitBothWays(t, d, y, c.opts)
			sameFit(t, a, b, 1e-9)
		})
	}
}

func TestGroupedRowsSeparationAndConstants(t *testing.T) {
	t.Parallel()
	// 8,000 rows of a count x (0..4), a partner flag whose 40 rows are
	// all positive (quasi-complete separation), a constant term and an
	// exact copy of x (aliased): the same findings either way.
	n := 8000
	d := NewDesign([]string{"x", "partner", "constant", "x_copy"}, n)
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		x := float64(i % 5)
		d.Set(i, 1, x)
		d.Set(i, 3, 7)
		d.Set(i, 4, x)
		if i%200 == 0 {
			d.Set(i, 2, 1)
			y[i] = 1
			continue
		}
		if (i*7919)%100 < 10+10*i%5 {
			y[i] = 1
		}
	}
	mustGroup(t, d, y, nil)
	a, b := fitBothWays(t, d, y, LogisticOptions{})
	if termByName(t, a, "partner").Separated != 1 || termByName(t, a, "constant").Status != TermConstant || termByName(t, a, "x_copy").Status != TermAliased {
		t.Errorf("grouped fit: terms %+v", a.Terms)
	}
	if !(math.Abs(a.LogLikelihood) > 0) {
		t.Fatalf("log-likelihood %v", a.LogLikelihood)
	}
	// A separated fit stops where the likelihood flattens: compare to 1e-6.
	sameFit(t, a, b, 1e-6)
}

func TestFitSignalsFromGroupedStats(t *testing.T) {
	t.Parallel()
	// Fit takes the signals from the regression's column statistics, made
	// on grouped rows: they equal Signals' pass over every row.
	ds, _ := plantedDataset(30000, 3)
	m, err := Fit(ds, Config{Features: FeatureConfig{Target: "won_at", AsOf: day(1000, 0), Features: []string{"industry"}}})
	if err != nil {
		t.Fatal(err)
	}
	mustGroup(t, m.Features.Design, m.Features.Y, nil)
	want := Signals(m.Features.Design, m.Features.Y, nil)
	if len(m.Signals) != len(want) || len(want) == 0 {
		t.Fatalf("%d signals, want %d", len(m.Signals), len(want))
	}
	for k, w := range want {
		g := m.Signals[k]
		if g.Term != w.Term || g.Indicator != w.Indicator || g.RowsPresent != w.RowsPresent ||
			!near(g.MeanPositive, w.MeanPositive, 1e-12) || !near(g.MeanNegative, w.MeanNegative, 1e-12) ||
			!near(g.Lift, w.Lift, 1e-12) || !near(g.Correlation, w.Correlation, 1e-12) {
			t.Errorf("%s: %+v, want %+v", w.Term, g, w)
		}
	}
}

// TestRowSetChunks adds rows across several of a rowSet's chunks (64,
// 128, 256, ... rows): each keeps its number and values, repeats find
// their first copy, and rows() lays them out in order.
func TestRowSetChunks(t *testing.T) {
	t.Parallel()
	const n = 1000 // chunks 0-3 full (960 rows), 40 rows into chunk 4
	s := newRowSet(2)
	for i := range n {
		if g, isNew := s.add([]float64{float64(i), -float64(i)}); int(g) != i || !isNew {
			t.Fatalf("row %d: number %d, new %v", i, g, isNew)
		}
	}
	for _, i := range []int{0, 63, 64, 191, 192, 447, 448, 959, 960, 999} {
		if g, isNew := s.add([]float64{float64(i), -float64(i)}); int(g) != i || isNew {
			t.Errorf("repeat of row %d: number %d, new %v", i, g, isNew)
		}
		if r := s.row(i); r[0] != float64(i) || r[1] != -float64(i) {
			t.Errorf("row %d = %v", i, r)
		}
	}
	x := s.rows()
	if len(x) != 2*n || len(s.chunks) != 5 {
		t.Fatalf("%d values in %d chunks, want %d in 5", len(x), len(s.chunks), 2*n)
	}
	for i := range n {
		if x[2*i] != float64(i) || x[2*i+1] != -float64(i) {
			t.Fatalf("rows()[%d] = %v", i, x[2*i:2*i+2])
		}
	}
}
