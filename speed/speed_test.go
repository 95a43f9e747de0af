package speed

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/internal/tabletest"
)

// TestAnalyzeBasic: testdata/speed/basic as of 2026-03-01, worked by hand
// (the golden case speed/0050 prints the same):
//
//	L1 mql 01-05 09:00, call 09:03: 3 min; sql 01-06
//	L2 mql 01-06 10:00, call 10:30: 30 min; sql 01-10, opportunity 01-20
//	L3 mql 01-07 08:00, meeting 01-08 09:00: 1500 min; nothing more
//	L4 mql 02-02 12:00, call 15:00: 180 min; sql 02-05
//	L5 mql 02-03 12:00, its only call on 02-01 (before: no sales touch)
//	L6 mql 02-10, call 02-25: 21600 min; opportunity 03-01 (a skip of sql,
//	   reached on 03-01: not by the as-of time)
//
// February's delays 180, 21600 and none: median 21600 min > 1 day, an alert.
func TestAnalyzeBasic(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("..", "testdata", "speed", "basic")
	ds, err := ingest.LoadDataset(map[funnel.TableKind]string{
		funnel.Touches: filepath.Join(dir, "touches.csv"), funnel.Stages: filepath.Join(dir, "stages.csv"),
		funnel.Leads: filepath.Join(dir, "leads.csv")}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	asOf := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).Unix()
	r, err := Analyze(ds, Options{SalesTouch: []string{"sales_outreach"}, AsOf: asOf, AlertMedian: 86400})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		id         string
		delayMin   int64
		sql, opp   int8
		owner, src string
	}{
		{"L1", 3, 1, 0, "Ann", "web"}, {"L2", 30, 1, 1, "Ann", "web"}, {"L3", 1500, 0, 0, "Bob", "event"},
		{"L4", 180, 1, 0, "Bob", "event"}, {"L5", -1, 0, 0, "Ann", "web"}, {"L6", 21600, 0, 0, "Bob", "event"},
	}
	if len(r.Leads) != len(want) {
		t.Fatalf("%d leads, want %d", len(r.Leads), len(want))
	}
	for i, w := range want {
		ld := r.Leads[i]
		d := ld.Delay
		if d > 0 {
			d /= 60
		}
		if ld.ID != w.id || d != w.delayMin || ld.SQL != w.sql || ld.Opportunity != w.opp || ld.Owner != w.owner || ld.Source != w.src {
			t.Errorf("lead %d: %+v (delay %d min), want %+v", i, ld, d, w)
		}
	}
	if r.SalesBefore != 1 || len(r.Alerts) != 1 {
		t.Errorf("sales before %d, alerts %q: want 1 and 1", r.SalesBefore, r.Alerts)
	}
	g := stats(r.Leads, []int{0, 1, 2})
	if g.median != 30 || !tabletest.Near(g.p90, 30+0.8*1470, 1e-12) || g.under5m != 1 || g.under1h != 2 {
		t.Errorf("January: %+v, want median 30, p90 1206, under 5m 1, under 1h 2", g)
	}
	df := r.byDelay()
	// Wilson 95% of 1 in 1: (1 + z²/2 - z·z/2) / (1 + z²) = 1/(1 + z²).
	z := 1.959963984540054
	if lo := df.Col("sql_low").Float()[0]; !tabletest.Near(lo, 1/(1+z*z), 1e-12) {
		t.Errorf("sql_low of under 5m %g, want %g", lo, 1/(1+z*z))
	}
}

// TestPlantedSpeedEffect plants a speed-to-lead effect and recovers it:
// 6000 leads, a delay drawn evenly from the six bins, and SQL with
// probability 0.5 when touched within the hour, 0.2 otherwise. Each bin's
// rate must fall within 4 standard errors of its truth, and the Wilson
// intervals of the fast bins must lie above those of the slow ones.
func TestPlantedSpeedEffect(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 20))
	delays := []int64{2 * 60, 20 * 60, 5 * 3600, 3 * 86400, 10 * 86400, -1}
	truth := []float64{0.5, 0.5, 0.2, 0.2, 0.2, 0.2}
	var touches, stages [][]string
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	at := func(s int64) string { return time.Unix(s, 0).UTC().Format(time.DateTime) }
	for i := 0; i < 6000; i++ {
		id := fmt.Sprintf("L%05d", i)
		mql := base + int64(rng.IntN(60*86400))
		b := i % len(delays)
		stages = append(stages, []string{id, "mql", at(mql)})
		if delays[b] >= 0 {
			touches = append(touches, []string{id, at(mql + delays[b]), "sales_outreach"})
		}
		if rng.Float64() < truth[b] {
			stages = append(stages, []string{id, "sql", at(mql + 30*86400)})
		}
	}
	ds := funnel.NewDataset()
	ds.Set(tabletest.Build(t, funnel.Touches, "touches.csv", ds.Dict, []tabletest.Col{
		{Name: "lead_id", Role: funnel.RoleLeadID, Kind: funnel.KindText},
		{Name: "occurred_at", Role: funnel.RoleOccurredAt, Kind: funnel.KindTime},
		{Name: "channel", Role: funnel.RoleChannel, Kind: funnel.KindText}}, touches))
	ds.Set(tabletest.Build(t, funnel.Stages, "stages.csv", ds.Dict, []tabletest.Col{
		{Name: "entity_id", Role: funnel.RoleEntityID, Kind: funnel.KindText},
		{Name: "stage", Role: funnel.RoleStage, Kind: funnel.KindText},
		{Name: "entered_at", Role: funnel.RoleEnteredAt, Kind: funnel.KindTime}}, stages))
	r, err := Analyze(ds, Options{SalesTouch: []string{"sales_outreach"}, Ladder: []string{"mql", "sql"}})
	if err != nil {
		t.Fatal(err)
	}
	df := r.byDelay()
	rate, lo, hi, n := df.Col("sql_rate").Float(), df.Col("sql_low").Float(), df.Col("sql_high").Float(), df.Col("leads").Float()
	for b := range truth {
		se := math.Sqrt(truth[b] * (1 - truth[b]) / n[b])
		if n[b] != 1000 || math.Abs(rate[b]-truth[b]) > 4*se {
			t.Errorf("bin %s: rate %g of %g leads, planted %g", Bins[b], rate[b], n[b], truth[b])
		}
	}
	for fast := 0; fast < 2; fast++ {
		for slow := 2; slow < len(truth); slow++ {
			if lo[fast] <= hi[slow] {
				t.Errorf("bin %s [%g, %g] overlaps %s [%g, %g]", Bins[fast], lo[fast], hi[fast], Bins[slow], lo[slow], hi[slow])
			}
		}
	}
}

// TestSalesWithoutLeadID: a sales activities file keyed by account is an
// error naming the file and listing its columns.
func TestSalesWithoutLeadID(t *testing.T) {
	t.Parallel()
	ds := funnel.NewDataset()
	ds.Set(tabletest.Build(t, funnel.Stages, "stages.csv", ds.Dict, []tabletest.Col{
		{Name: "entity_id", Role: funnel.RoleEntityID, Kind: funnel.KindText},
		{Name: "stage", Role: funnel.RoleStage, Kind: funnel.KindText},
		{Name: "entered_at", Role: funnel.RoleEnteredAt, Kind: funnel.KindTime}}, [][]string{{"L1", "mql", "2026-01-05"}}))
	sales := tabletest.Build(t, funnel.Touches, "tasks.csv", ds.Dict, []tabletest.Col{
		{Name: "Account ID", Role: funnel.RoleAccountID, Kind: funnel.KindText},
		{Name: "Date", Role: funnel.RoleOccurredAt, Kind: funnel.KindTime}}, [][]string{{"A1", "2026-01-06"}})
	_, err := Analyze(ds, Options{Sales: sales, Ladder: []string{"mql", "sql"}})
	want := `tasks.csv: speed to lead needs lead_id and occurred_at (columns: "Account ID", "Date")`
	if err == nil || !errors.Is(err, ErrBadInput) || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want %q", err, want)
	}
}
