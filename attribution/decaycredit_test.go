package attribution

import (
	"errors"
	"testing"
)

// TestSetDecayCredit: path-table journeys (no times) given time_decay's
// credit run it as a default model and return the credit given at its
// half-life; another half-life is ErrNeedsTimestamps; a credit of the
// wrong number of channels is refused.
func TestSetDecayCredit(t *testing.T) {
	j := NewJourneys("channel")
	a, b := j.Channel("a"), j.Channel("b")
	j.AddPath([]int32{a, b}, 2, 30, 1)
	if err := j.SetDecayCredit(86400, []float64{0.5}, []float64{10}); err == nil {
		t.Error("a credit of 1 channel for journeys of 2 was taken")
	}
	// 0.5 + 1.5 = 2 conversions, 10 + 20 = 30 value: the path's totals.
	if err := j.SetDecayCredit(86400, []float64{0.5, 1.5}, []float64{10, 20}); err != nil {
		t.Fatal(err)
	}
	res, err := Attribute(j, Config{Heuristic: HeuristicConfig{HalfLife: 86400}})
	if err != nil {
		t.Fatal(err)
	}
	var cr *Credit
	for _, c := range res.Credits {
		if c.Model == TimeDecay {
			cr = c
		}
	}
	if cr == nil || cr.Conversions[a] != 0.5 || cr.Conversions[b] != 1.5 || cr.Value[a] != 10 || cr.Value[b] != 20 {
		t.Fatalf("time_decay credit %+v; want a 0.5 (10), b 1.5 (20)", cr)
	}
	if _, err := Heuristic(j, TimeDecay, HeuristicConfig{}); !errors.Is(err, ErrNeedsTimestamps) {
		t.Errorf("time_decay at the default half-life on a credit given at 1 day: %v; want ErrNeedsTimestamps", err)
	}
	if err := j.SetDecayCredit(86400, []float64{0.5, 1}, []float64{10, 20}); err != nil {
		t.Fatal(err)
	}
	if _, err := Heuristic(j, TimeDecay, HeuristicConfig{HalfLife: 86400}); err == nil {
		t.Error("a credit not summing to the totals was taken")
	}
}
