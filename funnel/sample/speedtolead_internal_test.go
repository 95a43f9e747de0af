package sample

import (
	"math"
	"testing"
)

// TestObservedBins: a lead with two days left before the as-of, worked by
// hand. The bins under 5m, 5m-1h and 1h-1d end before it; of 1d-1w's six
// days one is left, so a sixth of its weight stays there and five sixths
// show no sales touch; over 1w (one to four weeks) shows none at all.
func TestObservedBins(t *testing.T) {
	w := [6]float64{0.05, 0.10, 0.20, 0.25, 0.20, 0.20}
	got := observedBins(w, 2*day)
	want := [6]float64{0.05, 0.10, 0.20, 0.25 / 6, 0, 0.20 + 0.25*5/6 + 0.20}
	sum := 0.0
	for b := range want {
		sum += got[b]
		if math.Abs(got[b]-want[b]) > 1e-15 {
			t.Errorf("bin %s: %g, want %g", SpeedBins[b], got[b], want[b])
		}
	}
	if math.Abs(sum-1) > 1e-15 {
		t.Errorf("the chances add up to %g", sum)
	}
	if got := observedBins(w, 30*day); got != w {
		t.Errorf("a month left: %v, want the weights %v", got, w)
	}
}
