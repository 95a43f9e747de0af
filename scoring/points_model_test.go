package scoring

import (
	"math"
	"regexp"
	"strings"
	"testing"
)

// TestPointsScaleInModelFile: the points step is stored in the model file
// and decoded as written; a file written before it was stated reads as
// whole points; a step that is not decimal is refused; a fit at step 0.1
// has points on tenths (or finer for wide terms) and reasons with one
// decimal.
func TestPointsScaleInModelFile(t *testing.T) {
	t.Parallel()
	ds, _ := plantedDataset(500, 4)
	m, err := Fit(ds, Config{Features: FeatureConfig{Target: "won_at", AsOf: day(1000, 0)}, PointsStep: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	for j := 1; j < len(m.Scale.Points); j++ {
		p, d := m.Scale.Points[j], m.Scale.Decimal[j]
		if v := p * math.Pow(10, float64(d)); d < 1 || math.Abs(v-math.Round(v)) > 1e-9 {
			t.Errorf("%s: %v points, %d decimals: not on a step of 0.1 or finer", m.Scale.Terms[j], p, d)
		}
	}
	good, _ := m.File().Encode()
	if !strings.Contains(string(good), `"points_scale": 0.1`) {
		t.Fatalf("model file lacks the points scale:\n%s", good)
	}
	mf, err := DecodeModel(good, "m.json")
	if err != nil || mf.Scaling.PointsScale != 0.1 {
		t.Fatalf("decoded points scale %v (%v), want 0.1", mf.Scaling.PointsScale, err)
	}
	sc, err := Score(ds, mf, ScoreOptions{AsOf: day(1000, 0)})
	if err != nil {
		t.Fatal(err)
	}
	oneDecimal := regexp.MustCompile(`^\S+ [+-]\d+\.\d$`)
	for _, r := range sc.Leads[0].Reasons {
		if !oneDecimal.MatchString(r) {
			t.Errorf("reason %q, want one decimal", r)
		}
	}
	old := regexp.MustCompile(`\s*"points_scale": 0.1,`).ReplaceAllString(string(good), "")
	if mf, err := DecodeModel([]byte(old), "m.json"); err != nil || mf.Scaling.PointsScale != 1 {
		t.Errorf("a file without points_scale: %v (%v), want 1", mf.Scaling.PointsScale, err)
	}
	bad := strings.Replace(string(good), `"points_scale": 0.1`, `"points_scale": 0.1234567`, 1)
	if _, err := DecodeModel([]byte(bad), "m.json"); err == nil || !strings.Contains(err.Error(), "m.json: scaling: points_scale 0.1234567 is not a points step") {
		t.Errorf("bad step: %v", err)
	}
	if _, err := Fit(ds, Config{Features: FeatureConfig{Target: "won_at", AsOf: day(1000, 0)}, PointsStep: -1}); err == nil || !strings.Contains(err.Error(), "-1 is not a points step") {
		t.Errorf("fit with step -1: %v", err)
	}
}
