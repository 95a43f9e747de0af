package attribution

import (
	"slices"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/internal/tabletest"
	"gonum.org/v1/gonum/floats/scalar"
)

// stageTouches is the touches of TestFromStages, with day, the time of
// a date.
func stageTouches(t *testing.T) (*funnel.Dataset, func(string) int64) {
	t.Helper()
	ds := funnel.NewDataset()
	ds.Set(newTable(t, ds.Dict, funnel.Touches, "touches.csv",
		textCol(funnel.RoleLeadID, "L1", "L1", "L1", "L1", "L2", "L2", "L2", "L3", "L3", "L4"),
		timeCol(funnel.RoleOccurredAt, "2026-01-01", "2026-01-03", "2026-01-10", "2026-01-20",
			"2026-01-02", "2026-01-05", "2026-01-15", "2026-01-04", "2026-01-06", "2026-01-07"),
		textCol(funnel.RoleChannel, "email", "search", "webinar", "sales_call", "search", "search", "event", "social", "email", "email"),
	))
	day := func(s string) int64 {
		v, _, err := tabletest.ParseTime(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	return ds, day
}

// TestFromStages: journeys ending at a stage entry, credits worked by hand
// (testdata/attribution/stages holds the same set for the golden case
// attribute/0050).
//
//	touches  L1 01-01 email, 01-03 search, 01-10 webinar, 01-20 sales_call
//	         L2 01-02 search, 01-05 search, 01-15 event
//	         L3 01-04 social, 01-06 email;  L4 01-07 email
//	reached  mql: L1 01-05, L2 01-06, L3 01-06 (a touch that day counts),
//	         L5 01-08 (no touch: unattributed); L4 never (a null journey)
//	         sql: L1 01-12, L2 01-16 (L3, L4 null journeys)
//
// mql journeys: L1 email>search, L2 search>search, L3 social>email.
// first_touch email 1, search 1, social 1; last_touch search 2, email 1;
// linear email 1/2+1/2, search 1/2+1, social 1/2. Channels per journey: 1
// (L2) once, 2 twice.
// sql journeys: L1 email>search>webinar, L2 search>search>event.
// first_touch email 1, search 1; last_touch webinar 1, event 1; linear
// email 1/3, search 1/3+2/3, webinar 1/3, event 1/3. Channels 3 and 2.
func TestFromStages(t *testing.T) {
	t.Parallel()
	ds, day := stageTouches(t)
	id := func(s string) int32 { return ds.Dict.Code(s) }
	channels := []string{"email", "search", "webinar", "sales_call", "event", "social"}
	for _, tc := range []struct {
		stage              string
		reached            map[int32]int64
		conv, nulls        float64
		unattributed       int
		first, last, lin   []float64 // by channels
		channelsPerJourney []float64
	}{
		{"mql", map[int32]int64{id("L1"): day("2026-01-05"), id("L2"): day("2026-01-06"), id("L3"): day("2026-01-06"), id("L5"): day("2026-01-08")},
			3, 1, 1,
			[]float64{1, 1, 0, 0, 0, 1}, []float64{1, 2, 0, 0, 0, 0}, []float64{1, 1.5, 0, 0, 0, 0.5}, []float64{1, 2}},
		{"sql", map[int32]int64{id("L1"): day("2026-01-12"), id("L2"): day("2026-01-16"), id("L3"): funnel.NoTime, id("L5"): funnel.NoTime},
			2, 2, 0,
			[]float64{1, 1, 0, 0, 0, 0}, []float64{0, 0, 1, 0, 1, 0}, []float64{1.0 / 3, 1, 1.0 / 3, 0, 1.0 / 3, 0}, []float64{0, 1, 1}},
	} {
		j, err := FromStages(ds, StageOptions{Stage: tc.stage, Reached: tc.reached})
		if err != nil {
			t.Fatalf("%s: %v", tc.stage, err)
		}
		conv, _, nulls := j.Totals()
		if conv != tc.conv || nulls != tc.nulls || j.Unattributed != tc.unattributed {
			t.Errorf("%s: conversions %g nulls %g unattributed %d, want %g %g %d", tc.stage, conv, nulls, j.Unattributed, tc.conv, tc.nulls, tc.unattributed)
		}
		res, err := Attribute(j, Config{Models: []Model{FirstTouch, LastTouch, LinearTouch}})
		if err != nil {
			t.Fatalf("%s: %v", tc.stage, err)
		}
		for m, want := range [][]float64{tc.first, tc.last, tc.lin} {
			cr := res.Credits[m]
			for c, name := range channels {
				got := 0.0
				if k := j.chanIndex[name]; int(k) < len(cr.Conversions) {
					got = cr.Conversions[k]
				}
				if !scalar.EqualWithinAbs(got, want[c], 1e-12) {
					t.Errorf("%s %s %s: %g, want %g", tc.stage, cr.Model, name, got, want[c])
				}
			}
		}
		if got := j.ChannelsPerJourney(); !slices.Equal(got, tc.channelsPerJourney) {
			t.Errorf("%s: channels per journey %v, want %v", tc.stage, got, tc.channelsPerJourney)
		}
		for _, w := range res.Warnings {
			if w != "1 stage entries had no touch before them (lookback unlimited) and are left out of every total" {
				t.Errorf("%s: unexpected warning %q", tc.stage, w)
			}
		}
	}
}

// TestFromStagesWindow: TestFromStages's mql entries credited in a window,
// by hand. [01-06, 01-08): L1 (01-05) entered before it and is left out;
// L2 and L3 (01-06) convert (search>search, social>email); L5 (01-08, no
// touch) is outside it, so not unattributed; L4 never entered: a null
// journey of its touch before 01-08 (email 01-07). Last touch: search 1,
// email 1; linear: search 1, social 1/2, email 1/2. With [01-06, 01-07)
// L4's touch is not before the end: no null journey.
func TestFromStagesWindow(t *testing.T) {
	t.Parallel()
	ds, day := stageTouches(t)
	id := func(s string) int32 { return ds.Dict.Code(s) }
	reached := map[int32]int64{id("L1"): day("2026-01-05"), id("L2"): day("2026-01-06"), id("L3"): day("2026-01-06"), id("L5"): day("2026-01-08")}
	for _, tc := range []struct {
		to    string
		nulls float64
	}{{"2026-01-08", 1}, {"2026-01-07", 0}} {
		j, err := FromStages(ds, StageOptions{Stage: "mql", Reached: reached, From: day("2026-01-06"), To: day(tc.to)})
		if err != nil {
			t.Fatal(err)
		}
		conv, _, nulls := j.Totals()
		if conv != 2 || nulls != tc.nulls || j.Unattributed != 0 {
			t.Errorf("to %s: conversions %g nulls %g unattributed %d, want 2 %g 0", tc.to, conv, nulls, j.Unattributed, tc.nulls)
		}
		res, err := Attribute(j, Config{Models: []Model{LastTouch, LinearTouch}})
		if err != nil {
			t.Fatal(err)
		}
		for m, want := range []map[string]float64{{"search": 1, "email": 1, "social": 0}, {"search": 1, "email": 0.5, "social": 0.5}} {
			cr := res.Credits[m]
			for name, w := range want {
				k, ok := j.chanIndex[name]
				if !ok || !scalar.EqualWithinAbs(cr.Conversions[k], w, 1e-12) {
					t.Errorf("to %s %s %s: %v, want %g", tc.to, cr.Model, name, cr.Conversions, w)
				}
			}
		}
	}
}
