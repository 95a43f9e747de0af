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
	// scores 0, 105, 56, 29.
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
	if len(warnings) != 0 {
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
		if !near(scores[i], want, 1e-12) || !near(s.Score(d.Row(i)), want, 1e-12) {
			t.Errorf("row %d: score %v (Score %v), want %v", i, scores[i], s.Score(d.Row(i)), want)
		}
	}
	if f := s.Formula(); !strings.Contains(f, "+ 19;") || !strings.Contains(f, "23.2558") {
		t.Errorf("formula %q", f)
	}

	// A separated term gets no points: without b, η' = 0, 3.5, 1.5, 1.2;
	// k = 100/3.5; a 14.29 -> 14; c 0.0571 -> 0.06 (error 2.9 over 1000).
	reg.Terms[2].Separated = 1
	s, scores, warnings = ScalePoints(d, nil, reg)
	if len(warnings) != 1 || !strings.Contains(warnings[0], `"b" gets no points`) {
		t.Errorf("warnings %q", warnings)
	}
	if s.Points[2] != 0 || s.Points[1] != 14 || !near(s.Points[3], 0.06, 1e-12) {
		t.Errorf("points %v, want [0 14 0 0.06]", s.Points)
	}
	for i, want := range []float64{0, 102, 44, 34} {
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
