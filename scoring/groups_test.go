package scoring

import (
	"math"
	"reflect"
	"testing"
)

// TestFitGroups: leads grouped by design row (an activity count x of 0
// to 3 and a segment a or b) fit as their rows do. Reference: R 4.x,
//
//	rows <- data.frame(x = rep(x, n), b = rep(lvl == "b", n), y = <s ones and n - s zeros per group>)
//	glm(y ~ x + b, family = binomial, data = rows, control = glm.control(epsilon = 1e-15, maxit = 100))
//
// with x = 0:3, lvl = a, b, a, b, n = 40, 30, 20, 10 and s = 4, 6, 8, 6:
// coefficients, standard errors, logLik and AIC below.
func TestFitGroups(t *testing.T) {
	g := &FeatureGroups{Leads: "crm.lead", LeadRows: 100, AsOf: 1, Timed: true,
		ActivityTypes: []string{"x"},
		Encodings:     []Encoding{{Column: "seg", Kind: "categorical", Reference: "a", Levels: []string{"b"}}},
		X:             []float64{0, 0, 1, 1, 2, 0, 3, 1},
		Count:         []int{40, 30, 20, 10}, Positives: []int{4, 6, 8, 6}}
	m, err := FitGroups(g, Config{Features: FeatureConfig{Target: "won_at"}})
	if err != nil {
		t.Fatal(err)
	}
	reg := m.Regression
	want := []struct{ est, se float64 }{{-2.197224577336220896, 0.45643546452175587}, {0.895879734614028145, 0.26145625827252889}, {-0.084949518397699111, 0.52601588218660200}}
	names := []string{InterceptName, "x", "seg=b"}
	close := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }
	for j, w := range want {
		tm := reg.Terms[j]
		if tm.Name != names[j] || !close(tm.Estimate, w.est) || !close(tm.StdError, w.se) {
			t.Errorf("term %d: %s %v (SE %v), want %s %v (SE %v)", j, tm.Name, tm.Estimate, tm.StdError, names[j], w.est, w.se)
		}
	}
	if !close(reg.LogLikelihood, -48.205741652081258) || !close(reg.AIC, 102.41148330416252) || reg.Rows != 100 || reg.Positives != 24 {
		t.Errorf("logLik %v, AIC %v, rows %d, positives %d; want -48.2057416520813, 102.411483304163, 100, 24", reg.LogLikelihood, reg.AIC, reg.Rows, reg.Positives)
	}
	// The leads interleaved by their position (i+1/2)/m in their group:
	// 1/80 (group 0), 1/60 (1), 1/40 (2), 3/80 (0), 1/20 (1, then 3 on
	// the tie), 5/80 (0), 3/40 (2), 5/60 (1), 7/80 (0).
	wantOf := []int32{0, 1, 2, 0, 1, 3, 0, 2, 1, 0}
	if got := m.Features.Design.Of[:10]; !reflect.DeepEqual(got, wantOf) {
		t.Errorf("first leads' groups %v, want %v", got, wantOf)
	}
	// Each group's positives spread: the 10th, 20th, 30th and 40th of
	// group 0's 40 leads.
	k := 0
	for i, gr := range m.Features.Design.Of {
		if gr != 0 {
			continue
		}
		want := 0.0
		if (k+1)%10 == 0 {
			want = 1
		}
		if m.Features.Y[i] != want {
			t.Errorf("group 0's lead %d: y %v, want %v", k+1, m.Features.Y[i], want)
		}
		k++
	}
	g.Positives = []int{0, 0, 0, 0}
	if _, err := FitGroups(g, Config{Features: FeatureConfig{Target: "won_at"}}); err == nil || err.Error() != `scoring: the target "won_at" of crm.lead has no positive rows (all 100 leads used are negative), so there is nothing to learn from` {
		t.Errorf("no positives: %v", err)
	}
}

// TestEncodingOfLevels: levels counted elsewhere give the encoding
// learnEncoding gives: rare levels folded into (other), the most
// frequent the reference, the missing values a level only under
// MissingIndicator.
func TestEncodingOfLevels(t *testing.T) {
	count := map[string]int{"a": 50, "b": 3, "c": 40, MissingLevel: 5}
	got := EncodingOfLevels("seg", false, count, FeatureConfig{MinLevelCount: 4, Missing: MissingIndicator})
	want := Encoding{Column: "seg", Kind: "categorical", Reference: "a", Levels: []string{"c", OtherLevel, MissingLevel}, Other: []string{"b"}, Missing: true}
	got.index = nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("indicator: %+v, want %+v", got, want)
	}
	got = EncodingOfLevels("seg", false, count, FeatureConfig{Missing: MissingDrop})
	want = Encoding{Column: "seg", Kind: "categorical", Reference: "a", Levels: []string{"b", "c"}}
	got.index = nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("drop: %+v, want %+v", got, want)
	}
	if got := EncodingOfLevels("employees", true, count, FeatureConfig{Missing: MissingIndicator}); got.Kind != "numeric" || !got.Missing || len(got.Terms()) != 2 {
		t.Errorf("numeric: %+v", got)
	}
}
