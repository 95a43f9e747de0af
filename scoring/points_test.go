package scoring

import (
	"strings"
	"testing"
)

func TestScalePoints(t *testing.T) {
	t.Parallel()
	// By hand. β: intercept -2, a 0.5, b -0.8, c 0.002. Rows (a, b, c) and
	// η' = Σ β_j x_j: (0,1,0) -0.8; (3,0,1000) 3.5; (1,0,500) 1.5; (2,1,100) 0.4.
	// k = 100 / (3.5 - -0.8) = 23.2558. Points: a 11.63 -> 12 (rounding
	// error 0.37 x range 3 = 1.1 <= 10); b -18.60 -> -19; c 0.0465 -> 0 would
	// be off by 46.5 over c's range 1000, 0.05 by 3.5: 0.05 (2 decimals).
	// Sums: -19, 36+50 = 86, 12+25 = 37, 24-19+5 = 10; offset -19;
	// totals 0, 105, 56, 29; scores clamped: 0, 100, 56, 29.
	// Rounding gaps Σ (p_j - k β_j) x_j against k η' = -18.60, 81.40,
	// 34.88, 9.30: -0.40, 4.60, 2.12, 0.70: two rows more than 1 point off.
	rows := [][]float64{{0, 1, 0}, {3, 0, 1000}, {1, 0, 500}, {2, 1, 100}}
	d := NewDesign([]string{"a", "b", "c"}, len(rows))
	for i, r := range rows {
		copy(d.Row(i)[1:], r)
	}
	reg := &Regression{Terms: []Term{
		{Name: InterceptName, Status: TermEstimated, Estimate: -2},
		{Name: "a", Status: TermEstimated, Estimate: 0.5},
		{Name: "b", Status: TermEstimated, Estimate: -0.8},
		{Name: "c", Status: TermEstimated, Estimate: 0.002},
	}}
	s, scores, warnings := ScalePoints(d, nil, reg)
	if len(warnings) != 2 || !strings.Contains(warnings[0], "up to 4.6 points from the scaled linear predictor (2 of 4 training leads more than 1 point off); fit with --points-scale 0.1") ||
		!strings.Contains(warnings[1], "training leads above 100: 1 (up to 105), scored 100") {
		t.Errorf("warnings %q", warnings)
	}
	if !near(s.Factor, 100/4.3, 1e-12) || s.Offset != -19 {
		t.Errorf("factor %v offset %v, want %v and -19", s.Factor, s.Offset, 100/4.3)
	}
	wantPoints := []float64{0, 12, -19, 0.05}
	wantDec := []int{0, 0, 0, 2}
	for j := range wantPoints {
		if !near(s.Points[j], wantPoints[j], 1e-12) || s.Decimal[j] != wantDec[j] {
			t.Errorf("%s: points %v (%d decimals), want %v (%d)", s.Terms[j], s.Points[j], s.Decimal[j], wantPoints[j], wantDec[j])
		}
	}
	for i, want := range []float64{0, 105, 56, 29} {
		if !near(scores[i], ClampScore(want), 1e-12) || !near(s.Score(d.Row(i)), want, 1e-12) {
			t.Errorf("row %d: score %v (Score %v), want %v (total %v)", i, scores[i], s.Score(d.Row(i)), ClampScore(want), want)
		}
	}
	if f := s.Formula(); !strings.Contains(f, "+ 19, clamped to 0-100;") || !strings.Contains(f, "23.2558") {
		t.Errorf("formula %q", f)
	}

	// A separated term gets no points: without b, η' = 0, 3.5, 1.5, 1.2;
	// k = 100/3.5; a 14.29 -> 14; c 0.0571 -> 0.06 (error 2.9 over 1000).
	// Totals 0, 102, 44, 34 (102 scored 100); gaps -0.86+2.86 = 2.0 on
	// row 1, -0.29+1.43 = 1.14 on row 2.
	reg.Terms[2].Separated = 1
	s, scores, warnings = ScalePoints(d, nil, reg)
	if len(warnings) != 3 || !strings.Contains(warnings[0], `"b" gets no points`) || !strings.Contains(warnings[1], "up to 2.0 points") {
		t.Errorf("warnings %q", warnings)
	}
	if s.Points[2] != 0 || s.Points[1] != 14 || !near(s.Points[3], 0.06, 1e-12) {
		t.Errorf("points %v, want [0 14 0 0.06]", s.Points)
	}
	for i, want := range []float64{0, 100, 44, 34} {
		if !near(scores[i], want, 1e-12) {
			t.Errorf("row %d: score %v, want %v", i, scores[i], want)
		}
	}
}

func TestScalePointsOnFit(t *testing.T) {
	t.Parallel()
	// Scores of the R-checked main fit span 0 to about 100 and order the
	// rows as the fitted probabilities do, up to rounding of points.
	d, y := leadsDesign(t, mainTerms)
	reg, err := Logistic(d, y, LogisticOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, scores, _ := ScalePoints(d, nil, reg)
	lo, hi := scores[0], scores[0]
	for _, s := range scores {
		lo, hi = min(lo, s), max(hi, s)
	}
	if lo != 0 || hi < 95 || hi > 105 {
		t.Errorf("scores span %v to %v, want 0 to about 100", lo, hi)
	}
	if a, b := AUC(scores, y), AUC(reg.Fitted, y); !near(a, b, 5e-3) {
		t.Errorf("AUC of scores %v, of probabilities %v", a, b)
	}
}

// TestScalePointsStep works TestScalePoints's three-term model (β a 0.5,
// b -0.8, c 0.002; k = 100/4.3 = 23.2558 points per log-odds; raw points
// a 11.6279, b -18.6047, c 0.046512; k η' = -18.6047, 81.3953, 34.8837,
// 9.3023) by hand with finer steps, and a model whose small term rounds
// to no points.
func TestScalePointsStep(t *testing.T) {
	t.Parallel()
	rows := [][]float64{{0, 1, 0}, {3, 0, 1000}, {1, 0, 500}, {2, 1, 100}}
	d := NewDesign([]string{"a", "b", "c"}, len(rows))
	for i, r := range rows {
		copy(d.Row(i)[1:], r)
	}
	reg := func(c float64) *Regression {
		return &Regression{Terms: []Term{
			{Name: InterceptName, Status: TermEstimated, Estimate: -2},
			{Name: "a", Status: TermEstimated, Estimate: 0.5},
			{Name: "b", Status: TermEstimated, Estimate: -0.8},
			{Name: "c", Status: TermEstimated, Estimate: c},
		}}
	}
	cases := []struct {
		name   string
		c      float64
		step   float64
		points []float64 // a, b, c
		totals []float64 // before clamping
		warn   []string  // substrings, one per warning
	}{{
		// Step 0.5 (slack 5 points): a 11.5 (error 0.128 x 3), b -18.5; c
		// 0 would be 46.5 off over its range 1000, 0.05 (step 0.05) is
		// 3.49 off. Sums -18.5, 84.5, 36.5, 9.5; offset -18.5; totals 0,
		// 103, 55, 28. Gaps: 0.10, 3.10, 1.62, 0.20.
		name: "half", c: 0.002, step: 0.5,
		points: []float64{11.5, -18.5, 0.05}, totals: []float64{0, 103, 55, 28},
		warn: []string{"steps of 0.5 moves scores up to 3.1 points from the scaled linear predictor (2 of 4 training leads more than 1 point off); fit with --points-scale 0.05",
			"training leads above 100: 1 (up to 103), scored 100"},
	}, {
		// Step 0.1 (slack 1 point): a 11.6 (0.084 off), b -18.6; c 0.0
		// (46.5 off), 0.05 (3.49 off), 0.047 (0.49 off). Sums -18.6,
		// 34.8+47 = 81.8, 11.6+23.5 = 35.1, 23.2-18.6+4.7 = 9.3; offset
		// -18.6; totals 0, 100.4, 53.7, 27.9. Gaps 0.005, 0.405, 0.216,
		// -0.002: none more than 1 point off.
		name: "tenth", c: 0.002, step: 0.1,
		points: []float64{11.6, -18.6, 0.047}, totals: []float64{0, 100.4, 53.7, 27.9},
		warn: []string{"training leads above 100: 1 (up to 100.4), scored 100"},
	}, {
		// c = 0.0002: η' = -0.8, 1.7, 0.6, 0.22; k = 100/2.5 = 40; a 20, b
		// -32, c 0.008 -> 0 (8 off over 1000, within the slack of 10).
		// Sums -32, 60, 20, 8; totals 0, 92, 52, 40 against k η' - offset
		// 0, 100, 56, 40.8: gaps 0, -8, -4, -0.8; c reaches 0.0002 x 1000
		// = 0.2 log-odds.
		name: "zero", c: 0.0002, step: 1,
		points: []float64{20, -32, 0}, totals: []float64{0, 92, 52, 40},
		warn: []string{"steps of 1 moves scores up to 8.0 points from the scaled linear predictor (2 of 4 training leads more than 1 point off); no points for c (0.2 log-odds); fit with --points-scale 0.1"},
	}}
	for _, tc := range cases {
		s, scores, warnings := ScalePointsStep(d, nil, reg(tc.c), tc.step)
		for j, want := range tc.points {
			if !near(s.Points[j+1], want, 1e-12) {
				t.Errorf("%s: %s gets %v points, want %v", tc.name, s.Terms[j+1], s.Points[j+1], want)
			}
		}
		for i, want := range tc.totals {
			if !near(s.Score(d.Row(i)), want, 1e-9) || !near(scores[i], ClampScore(want), 1e-9) {
				t.Errorf("%s: row %d total %v score %v, want %v and %v", tc.name, i, s.Score(d.Row(i)), scores[i], want, ClampScore(want))
			}
		}
		if len(warnings) != len(tc.warn) {
			t.Errorf("%s: warnings %q", tc.name, warnings)
			continue
		}
		for k, w := range tc.warn {
			if !strings.Contains(warnings[k], w) {
				t.Errorf("%s: warning %q, want %q in it", tc.name, warnings[k], w)
			}
		}
	}
	for _, bad := range []float64{0, -1, 11, 0.1234567} {
		if CheckPointsStep(bad) == nil {
			t.Errorf("CheckPointsStep(%v) = nil", bad)
		}
	}
}
