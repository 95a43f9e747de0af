package velocity

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
)

func TestVelocityReport(t *testing.T) {
	t.Parallel()
	res, err := Analyze(longDataset(t, handRows), Options{Within: 10 * 86400})
	if err != nil {
		t.Fatal(err)
	}
	rep := res.Report()
	var names []string
	for _, tb := range rep.Tables {
		names = append(names, tb.Name)
	}
	if !reflect.DeepEqual(names, []string{"velocity", "conversion", "trend"}) {
		t.Errorf("tables %v", names)
	}
	v, _ := rep.Table("velocity")
	if want := []string{"period", "from_stage", "to_stage", "transitions", "mean_days", "median_days", "p90_days", "recycles", "skipped", "transition"}; !reflect.DeepEqual(v.Names(), want) {
		t.Errorf("velocity columns %v", v.Names())
	}
	// 3 periods x 3 pairs, period-major; row 0 is January mql->sql (TestVelocityHand).
	if v.Nrow() != 9 || v.Elem(0, 0).String() != "2026-01" || v.Elem(0, 4).Float() != 10.25 || v.Elem(0, 9).String() != "mql->sql" {
		t.Errorf("velocity frame:\n%v", v)
	}
	c, _ := rep.Table("conversion")
	if want := []string{"period", "stage", "entered", "advanced", "advanced_within", "rate", "still_open"}; !reflect.DeepEqual(c.Names(), want) {
		t.Errorf("conversion columns %v", c.Names())
	}
	tr, _ := rep.Table("trend")
	if tr.Elem(0, 8).String() != "█▁▆" {
		t.Errorf("trend sparkline %q", tr.Elem(0, 8).String())
	}
	want := funnel.Chart{Kind: funnel.LineChart, Title: "Mean days per stage transition", Table: "velocity", X: "period",
		SeriesBy: "transition", Y: "mean_days", XTitle: "month", YTitle: "mean days"}
	if len(rep.Charts) != 1 || !reflect.DeepEqual(rep.Charts[0], want) {
		t.Errorf("charts %+v", rep.Charts)
	}
	meta := map[string]any{}
	for _, m := range rep.Meta {
		meta[m.Key] = m.Value
	}
	checks := map[string]any{"layout": "long", "ladder_source": "lifecycle", "period": "month", "timezone": "UTC", "entities": 5,
		"transitions": 9, "recycles": 1, "skipped": 1, "within_days": 10.0, "latest_complete_period": "2026-02",
		"as_of": "2026-03-10T00:00:00Z"}
	for k, w := range checks {
		if meta[k] != w {
			t.Errorf("meta %s = %#v, want %#v", k, meta[k], w)
		}
	}
}

// Example: two leads, monthly velocity from mql to sql.
func ExampleAnalyze() {
	ds := funnel.NewDataset()
	code := ds.Dict.Code
	day := func(s string) int64 { t, _ := time.Parse(time.DateOnly, s); return t.Unix() }
	ds.Stages = &funnel.Table{Kind: funnel.Stages, Source: "stages.csv", Rows: 4, Dict: ds.Dict, Columns: []*funnel.Column{
		{Name: "Lead", Role: funnel.RoleEntityID, Kind: funnel.KindText, Codes: []int32{code("L1"), code("L1"), code("L2"), code("L2")}},
		{Name: "Stage", Role: funnel.RoleStage, Kind: funnel.KindText, Codes: []int32{code("MQL"), code("SQL"), code("MQL"), code("SQL")}},
		{Name: "Date", Role: funnel.RoleEnteredAt, Kind: funnel.KindTime, DateOnly: true,
			Times: []int64{day("2026-01-02"), day("2026-01-12"), day("2026-01-20"), day("2026-02-03")}},
	}}
	res, err := Analyze(ds, Options{})
	if err != nil {
		panic(err)
	}
	for _, v := range res.Velocity {
		fmt.Printf("%s %s->%s n=%d mean=%.1f\n", v.Period, v.From, v.To, v.Transitions, v.MeanDays)
	}
	// Output:
	// 2026-01 mql->sql n=1 mean=10.0
	// 2026-02 mql->sql n=1 mean=14.0
}

// InsertColumns puts the inserted columns, in their order, before column
// at, their values kept; no column to insert leaves the table as it is.
