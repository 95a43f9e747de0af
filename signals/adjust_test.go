package signals_test

import (
	"testing"

	"github.com/funnel-analytics/funnel/signals"
)

// TestBenjaminiHochberg checks the adjusted p-values against values worked
// by hand from q_(i) = min_{j >= i} min(1, m p_(j) / j), to 1e-15
// relative. For {0.02, 0.021, 0.5, 0.9, 0.01} (m = 5): sorted 0.01, 0.02,
// 0.021, 0.5, 0.9 give m p / j = 0.05, 0.05, 0.035, 0.625, 0.9, and the
// running minimum from the top 0.035, 0.035, 0.035, 0.625, 0.9.
func TestBenjaminiHochberg(t *testing.T) {
	cases := []struct{ p, q []float64 }{
		{[]float64{0.01, 0.04, 0.03, 0.005}, []float64{0.02, 0.04, 0.04, 0.02}},
		{[]float64{0.02, 0.021, 0.5, 0.9, 0.01}, []float64{0.035, 0.035, 0.625, 0.9, 0.035}},
		{[]float64{0.3, 0.3, 0.6}, []float64{0.45, 0.45, 0.6}},
		{[]float64{0.8, 0.9}, []float64{0.9, 0.9}}, // 2 x 0.8 / 1 = 1.6 is capped by the step-up minimum
		{[]float64{0.7, 0.7, 0.7}, []float64{0.7, 0.7, 0.7}},
		{[]float64{0.04}, []float64{0.04}},
		{nil, []float64{}},
	}
	for _, c := range cases {
		q := signals.BenjaminiHochberg(c.p)
		if len(q) != len(c.q) {
			t.Fatalf("BenjaminiHochberg(%v) = %v, want %v", c.p, q, c.q)
		}
		for i := range q {
			if !close(q[i], c.q[i], 1e-15) {
				t.Errorf("BenjaminiHochberg(%v) = %v, want %v", c.p, q, c.q)
				break
			}
		}
	}
}
