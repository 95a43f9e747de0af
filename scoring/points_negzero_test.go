package scoring

import (
	"math"
	"testing"
)

// TestScalePointsNoNegativeZero: a small negative estimate rounds to zero
// points, which must be +0 (JSON and CSV would print "-0" otherwise).
func TestScalePointsNoNegativeZero(t *testing.T) {
	t.Parallel()
	// Two terms: a strong one that sets the 0-100 range and a weak negative
	// one (k*beta = 100/10 * -0.02 = -0.2 points per unit, rounds to 0).
	d := NewDesign([]string{"strong", "weak"}, 4)
	rows := [][]float64{{1, 0, 1}, {1, 10, 0}, {1, 5, 1}, {1, 0, 0}}
	for i, r := range rows {
		copy(d.Row(i), r)
	}
	reg := &Regression{Terms: []Term{
		{Name: "(intercept)", Status: TermEstimated, Estimate: -1},
		{Name: "strong", Status: TermEstimated, Estimate: 1},
		{Name: "weak", Status: TermEstimated, Estimate: -0.02},
	}}
	s, _, _ := ScalePoints(d, nil, reg)
	if s.Points[2] != 0 || math.Signbit(s.Points[2]) {
		t.Errorf("weak term points = %v (signbit %v), want +0", s.Points[2], math.Signbit(s.Points[2]))
	}
}
