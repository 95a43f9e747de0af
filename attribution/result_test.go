package attribution

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
	"gonum.org/v1/gonum/floats/scalar"
)

func handCosts(t *testing.T) *Costs {
	t.Helper()
	tb := newTable(t, funnel.NewDict(), funnel.Costs, "costs.csv",
		textCol(funnel.RoleChannel, "a", "b", "a", "tv"),
		numCol(funnel.RoleCost, "60", "50", "40", "200"),
		textCol(funnel.RolePeriod, "2024-01", "2024-01", "2024-02", "2024-01"),
	)
	c, err := CostsFromTable(tb, "")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCostsFromTable(t *testing.T) {
	t.Parallel()
	c := handCosts(t)
	if !reflect.DeepEqual(c.Names, []string{"a", "b", "tv"}) || c.Cost["a"] != 100 || c.Cost["b"] != 50 || c.Cost["tv"] != 200 || c.By != "channel" {
		t.Errorf("costs %+v", c)
	}
	for _, tc := range []struct {
		name string
		cols []colSpec
		want []string
	}{
		{"negative", []colSpec{textCol(funnel.RoleCampaign, "x", "y"), numCol(funnel.RoleCost, "1", "-5")}, []string{"costs.csv:3", "cost", "-5"}},
		{"missing cost", []colSpec{textCol(funnel.RoleCampaign, "x"), numCol(funnel.RoleCost, "")}, []string{"costs.csv:2", "cost"}},
		{"missing name", []colSpec{textCol(funnel.RoleCampaign, "x", ""), numCol(funnel.RoleCost, "1", "2")}, []string{"costs.csv:3", "campaign"}},
	} {
		_, err := CostsFromTable(newTable(t, funnel.NewDict(), funnel.Costs, "costs.csv", tc.cols...), "")
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not name %q", tc.name, err, w)
			}
		}
	}
}

// TestReport checks the attribute report on handJourneys with costs
// a 100 (two periods), b 50, tv 200 (no touches); credits as in
// TestHeuristicByHand.
func TestReport(t *testing.T) {
	t.Parallel()
	j := handJourneys(t)
	res, err := Attribute(j, Config{Models: []Model{FirstTouch, LinearTouch, Markov}, Costs: handCosts(t)})
	if err != nil {
		t.Fatal(err)
	}
	rep := res.Report()
	df, ok := rep.Table(TableAttribution)
	if !ok {
		t.Fatal("no attribution table")
	}
	wantCols := []string{"channel",
		"first_touch_conversions", "first_touch_value", "linear_touch_conversions", "linear_touch_value",
		"markov_conversions", "markov_value", "markov_removal_effect", "markov_removal_effect_value", "cost",
		"first_touch_cost_per_conversion", "first_touch_roi", "linear_touch_cost_per_conversion", "linear_touch_roi",
		"markov_cost_per_conversion", "markov_roi"}
	if !reflect.DeepEqual(df.Names(), wantCols) {
		t.Fatalf("columns %q\nwant %q", df.Names(), wantCols)
	}
	if got := df.Col("channel").Records(); !reflect.DeepEqual(got, []string{"a", "b", "c", "tv"}) {
		t.Errorf("rows %q", got)
	}
	nan := math.NaN()
	for col, want := range map[string][]float64{
		"cost":                             {100, 50, 0, 200},
		"first_touch_roi":                  {1, 0.2, nan, 0},   // 100/100, 10/50
		"linear_touch_cost_per_conversion": {100, 40, 0, nan},  // 100/1, 50/1.25
		"linear_touch_roi":                 {0.7, 0.7, nan, 0}, // 70/100, 35/50
	} {
		got := df.Col(col).Float()
		for i := range want {
			if !(math.IsNaN(want[i]) && math.IsNaN(got[i])) && !scalar.EqualWithinAbs(got[i], want[i], 1e-12) {
				t.Errorf("%s = %v, want %v", col, got, want)
				break
			}
		}
	}
	for _, m := range []string{"first_touch", "linear_touch", "markov"} {
		var sc, sv float64
		for i, v := range df.Col(m + "_conversions").Float() {
			sc += v
			sv += df.Col(m + "_value").Float()[i]
		}
		if !scalar.EqualWithinAbs(sc, 3, 1e-12) || !scalar.EqualWithinAbs(sv, 150, 1e-9) {
			t.Errorf("%s sums to %v, %v; want 3, 150", m, sc, sv)
		}
	}
	wantMeta := map[string]any{
		"journeys": int64(4), "converting_journeys": int64(3), "null_journeys": int64(1), "distinct_paths": 4,
		"channels": 3, "total_conversions": 3.0, "total_value": 150.0, "lookback": "unlimited",
		"models": []string{"first_touch", "linear_touch", "markov"}, "markov_order": 1, "markov_order_auto": false,
	}
	for k, want := range wantMeta {
		if got, ok := rep.MetaValue(k); !ok || !reflect.DeepEqual(got, want) {
			t.Errorf("meta %s = %#v, want %#v", k, got, want)
		}
	}
	if len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0], "tv") {
		t.Errorf("warnings %q, want one naming tv (a cost without touches)", rep.Warnings)
	}
	// Single-source view: leads are journeys by first touch (a: J1 and J4).
	roi, ok := rep.Table(TableCampaignROI)
	if !ok {
		t.Fatal("no campaign_roi table")
	}
	wantROI := []string{"channel", "cost", "leads", "cost_per_lead", "first_touch_conversions", "conversion_rate",
		"first_touch_value", "first_touch_roi", "markov_conversions", "markov_value", "markov_roi"}
	if !reflect.DeepEqual(roi.Names(), wantROI) {
		t.Fatalf("campaign_roi columns %q", roi.Names())
	}
	for col, want := range map[string][]float64{
		"leads":           {2, 1, 1, 0},
		"cost_per_lead":   {50, 50, 0, nan},
		"conversion_rate": {0.5, 1, 1, nan},
	} {
		got := roi.Col(col).Float()
		for i := range want {
			if !(math.IsNaN(want[i]) && math.IsNaN(got[i])) && got[i] != want[i] {
				t.Errorf("campaign_roi %s = %v, want %v", col, got, want)
				break
			}
		}
	}
	if _, ok := rep.Table(TableTransitions); !ok {
		t.Error("no transitions table")
	}
	if len(rep.Charts) != 1 || rep.Charts[0].Kind != funnel.BarChart || rep.Charts[0].X != "channel" ||
		!reflect.DeepEqual(rep.Charts[0].Series, []string{"first_touch_conversions", "linear_touch_conversions", "markov_conversions"}) {
		t.Errorf("charts %+v", rep.Charts)
	}
}

// TestAttributeDefaults: with Models nil every model the journeys allow
// runs: handJourneys carry times and milestones.
func TestAttributeDefaults(t *testing.T) {
	t.Parallel()
	res, err := Attribute(handJourneys(t), Config{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range res.Credits {
		got = append(got, c.Model.String())
	}
	want := []string{"first_touch", "last_touch", "linear_touch", "position_based", "time_decay", "w_shaped", "full_path", "markov", "shapley"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("models %q, want %q", got, want)
	}
	// Auto order: the meta carries the chosen order and the test AUCs.
	res, err = Attribute(pathData(t), Config{Models: []Model{Markov}, AutoOrder: true, OrderSearch: OrderConfig{Seed: 42}})
	if err != nil {
		t.Fatal(err)
	}
	rep := res.Report()
	if v, _ := rep.MetaValue("markov_order_auto"); v != true {
		t.Errorf("markov_order_auto %v", v)
	}
	if _, ok := rep.MetaValue("markov_order_4_test_auc"); !ok {
		t.Error("no markov_order_4_test_auc")
	}
}

func TestParseModels(t *testing.T) {
	t.Parallel()
	ms, err := ParseModels("first_touch, Markov,linear-touch,markov")
	if err != nil || !reflect.DeepEqual(ms, []Model{FirstTouch, Markov, LinearTouch}) {
		t.Errorf("ParseModels: %v, %v", ms, err)
	}
	if _, err := ParseModels("first_touch,banana"); err == nil || !strings.Contains(err.Error(), "banana") {
		t.Errorf("unknown model: %v", err)
	}
}

func TestFormatLookback(t *testing.T) {
	t.Parallel()
	for sec, want := range map[int64]string{0: "unlimited", 90 * day: "90d", 12 * 3600: "12h", 90: "90s", 120: "2m"} {
		if got := FormatLookback(sec); got != want {
			t.Errorf("FormatLookback(%d) = %q, want %q", sec, got, want)
		}
	}
}
