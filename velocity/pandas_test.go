package velocity

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// TestPandasEngageClose compares monthly engage -> close velocity with
// pandas' figures for the same definition (merge_asof backward with exact
// matches, period of the close): testdata/velocity/pandas_engage_close.py
// made both files (pandas 1.5.3). Counts must be equal; mean, median and
// p90 agree to 1e-12 (relative): pandas converts nanoseconds to days in
// floating point, funnel sums exact seconds.
func TestPandasEngageClose(t *testing.T) {
	t.Parallel()
	recs := readCSV(t, "../testdata/velocity/opportunities_engage_close.csv")
	want := readCSV(t, "../testdata/velocity/pandas_engage_close_monthly.csv")[1:]
	mapping, err := ParseWide("Engaged=engage_date,Closed=close_date")
	if err != nil {
		t.Fatal(err)
	}
	for _, withID := range []bool{true, false} {
		ds := funnel.NewDataset()
		cols := []col{{"opportunity_id", "", funnel.KindText}, {"engage_date", "", funnel.KindTime}, {"close_date", "", funnel.KindTime}}
		if withID {
			cols[0].role = funnel.RoleEntityID // as --col stages.entity_id=opportunity_id binds it
		}
		ds.Stages = buildTable(t, funnel.Stages, "opportunities_engage_close.csv", ds.Dict, cols, recs[1:])
		res, err := Analyze(ds, Options{Wide: mapping})
		if err != nil {
			t.Fatal(err)
		}
		if res.Ladder.Source != LadderWide || res.Ladder.Stages[0] != "Engaged" || res.Ladder.Stages[1] != "Closed" {
			t.Fatalf("ladder %v (%v)", res.Ladder.Stages, res.Ladder.Source)
		}
		got := map[string]VelocityRow{}
		total := 0
		for _, v := range res.Velocity {
			if v.Transitions > 0 {
				got[v.Period] = v
				total += v.Transitions
			}
		}
		if len(got) != len(want) {
			t.Errorf("id %v: %d months with transitions, pandas %d", withID, len(got), len(want))
		}
		for _, w := range want {
			v, ok := got[w[0]]
			n, _ := strconv.Atoi(w[1])
			mean, _ := strconv.ParseFloat(w[2], 64)
			median, _ := strconv.ParseFloat(w[3], 64)
			p90, _ := strconv.ParseFloat(w[4], 64)
			if !ok || v.Transitions != n || !near(v.MeanDays, mean, 1e-12) || !near(v.MedianDays, median, 1e-12) || !near(v.P90Days, p90, 1e-12) {
				t.Errorf("id %v %s: got %+v, pandas n=%d mean=%v median=%v p90=%v", withID, w[0], v, n, mean, median, p90)
			}
		}
		if total != 334 { // pandas_engage_close.py: "334 transitions"
			t.Errorf("id %v: %d transitions, pandas 334", withID, total)
		}
	}
}

// TestPandasGenStages compares monthly velocity, recycles and skipped
// stages on the shared benchmark's workload (gen_stages.py, 1200 entities,
// seed 5) with pandas: testdata/velocity/pandas_gen_stages.py made both
// files (pandas 1.5.3), merge_asof for the transitions and a separate
// shift-based count of recycles and skips.
func TestPandasGenStages(t *testing.T) {
	t.Parallel()
	recs := readCSV(t, "../testdata/velocity/gen_stages/stages.csv")
	want := readCSV(t, "../testdata/velocity/pandas_gen_stages_monthly.csv")[1:]
	res, err := Analyze(longDataset(t, recs[1:]), Options{Order: []string{"awareness", "engaged", "mql", "sql", "opportunity", "customer"}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]VelocityRow{}
	for _, v := range res.Velocity {
		if v.Transitions > 0 || v.Recycles > 0 || v.Skipped > 0 {
			got[v.Period+" "+v.From+" "+v.To] = v
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d non-empty rows, pandas %d", len(got), len(want))
	}
	for _, w := range want {
		key := w[0] + " " + w[1] + " " + w[2]
		v, ok := got[key]
		num := func(s string) float64 {
			if s == "" {
				return math.NaN()
			}
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatal(err)
			}
			return f
		}
		n, rec, skip := int(num(w[3])), int(num(w[7])), int(num(w[8]))
		if !ok || v.Transitions != n || v.Recycles != rec || v.Skipped != skip ||
			!near(v.MeanDays, num(w[4]), 1e-12) || !near(v.MedianDays, num(w[5]), 1e-12) || !near(v.P90Days, num(w[6]), 1e-12) {
			t.Errorf("%s: got %+v, pandas %v", key, v, w)
		}
	}
	// pandas_gen_stages.py: "1784 transitions, 31 recycles, 95 skipped".
	if res.Transitions != 1784 || res.Recycles != 31 || res.Skipped != 95 {
		t.Errorf("totals %d %d %d, pandas 1784 31 95", res.Transitions, res.Recycles, res.Skipped)
	}
}
