package velocity

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

func TestWideStage(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"Became a Marketing Qualified Lead Date":                           "Marketing Qualified Lead",
		"Became an Opportunity Date":                                       "Opportunity",
		"became a customer date":                                           "customer",
		"Date entered 'Customer (Lifecycle Stage Pipeline)'":               "Customer",
		"Date entered \"Sales Qualified Lead (Lifecycle Stage Pipeline)\"": "Sales Qualified Lead",
		"Date entered Appointment Scheduled (Sales Pipeline)":              "Appointment Scheduled",
		"Create Date": "",
		"Date exited Customer (Lifecycle Stage Pipeline)": "",
	}
	for h, want := range cases {
		got, ok := WideStage(h)
		if got != want || ok != (want != "") {
			t.Errorf("WideStage(%q) = %q, %v; want %q", h, got, ok, want)
		}
	}
	if got := stageFromHeader("engage_date"); got != "engage" {
		t.Errorf("stageFromHeader(engage_date) = %q", got)
	}
}

func TestWideHubSpot(t *testing.T) {
	t.Parallel()
	ds := funnel.NewDataset()
	cols := []col{
		{"Record ID", funnel.RoleEntityID, funnel.KindText},
		{"Create Date", "", funnel.KindTime},
		{"Became a Lead Date", "", funnel.KindTime},
		{"Became a Marketing Qualified Lead Date", "", funnel.KindTime},
		{"Became a Sales Qualified Lead Date", "", funnel.KindTime},
		{"Date entered 'Opportunity (Lifecycle Stage Pipeline)'", "", funnel.KindTime},
		{"Became a Customer Date", "", funnel.KindTime},
	}
	// Contact 101: lead 01-01 08:00, mql 01-03 20:00 (2.5 days), sql 01-10 20:00 (7 days),
	//   customer 02-01 without an opportunity (opportunity skipped, February).
	// Contact 102: lead 01-05, sql 01-06 (mql skipped, January), opportunity 01-16 (10 days).
	// Create Date is not a stage column: HubSpot stage headers are present.
	rows := [][]string{
		{"101", "2025-12-30 00:00:00", "2026-01-01 08:00:00", "2026-01-03 20:00:00", "2026-01-10 20:00:00", "", "2026-02-01 00:00:00"},
		{"102", "2025-12-30 00:00:00", "2026-01-05 00:00:00", "", "2026-01-06 00:00:00", "2026-01-16 00:00:00", ""},
	}
	ds.Stages = buildTable(t, funnel.Stages, "contacts.csv", ds.Dict, cols, rows)
	res, err := Analyze(ds, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"name", "mql", "sql", "opportunity", "customer"}; !reflect.DeepEqual(res.Ladder.Stages, want) || res.Layout != Wide {
		t.Fatalf("ladder %v layout %v, want %v wide", res.Ladder.Stages, res.Layout, want)
	}
	cases := []struct {
		period, from, to string
		n                int
		mean             float64
		skipped          int
	}{
		{"2026-01", "name", "mql", 1, 2.5, 1},
		{"2026-01", "mql", "sql", 1, 7, 0},
		{"2026-01", "sql", "opportunity", 1, 10, 0},
		{"2026-02", "sql", "opportunity", 0, 0, 1},
		{"2026-02", "opportunity", "customer", 0, 0, 0},
	}
	for _, c := range cases {
		v := velocityRow(t, res, c.period, c.from, c.to)
		if v.Transitions != c.n || v.Skipped != c.skipped || (c.n > 0 && v.MeanDays != c.mean) {
			t.Errorf("%s %s->%s: %+v", c.period, c.from, c.to, v)
		}
	}
	if res.Entities != 2 || res.Entries != 7 {
		t.Errorf("entities %d entries %d, want 2 and 7", res.Entities, res.Entries)
	}
}

func TestWideErrors(t *testing.T) {
	t.Parallel()
	ds := funnel.NewDataset()
	cols := []col{{"engage_date", "", funnel.KindTime}, {"stage_name", "", funnel.KindText}}
	ds.Stages = buildTable(t, funnel.Stages, "opps.csv", ds.Dict, cols, [][]string{{"2026-01-01", "x"}})
	_, err := Analyze(ds, Options{Wide: []WideColumn{{"Engaged", "engage_date"}, {"Closed", "close_date"}}})
	if !errors.Is(err, ErrBadInput) || !strings.Contains(err.Error(), `opps.csv: no column "close_date" for stage Closed`) {
		t.Errorf("missing column: %v", err)
	}
	_, err = Analyze(ds, Options{Wide: []WideColumn{{"Engaged", "stage_name"}}})
	if !errors.Is(err, ErrBadInput) || !strings.Contains(err.Error(), `opps.csv: column "stage_name" (stage Engaged) holds text values, want dates`) {
		t.Errorf("text column: %v", err)
	}
	if _, err := ParseWide("Engaged=engage_date,Closed"); !errors.Is(err, ErrBadLadder) {
		t.Errorf("ParseWide: %v", err)
	}
	ds.Stages = buildTable(t, funnel.Stages, "empty.csv", ds.Dict, []col{{"name", "", funnel.KindText}}, [][]string{{"x"}})
	if _, err := Analyze(ds, Options{}); !errors.Is(err, ErrNoStages) {
		t.Errorf("no stage columns: %v", err)
	}
	// Long layout with a stage column of the wrong type names file and column.
	ds.Stages = buildTable(t, funnel.Stages, "stages.csv", ds.Dict, []col{
		{"id", funnel.RoleEntityID, funnel.KindText}, {"Lifecycle", funnel.RoleStage, funnel.KindNumber}, {"at", funnel.RoleEnteredAt, funnel.KindTime}},
		[][]string{{"a", "1", "2026-01-01"}})
	if _, err := Analyze(ds, Options{}); !errors.Is(err, ErrBadInput) || !strings.Contains(err.Error(), `stages.csv: column "Lifecycle" (stage) holds number values`) {
		t.Errorf("numeric stage: %v", err)
	}
	// Rows without a value are skipped with a warning naming the first line.
	ds.Stages = buildTable(t, funnel.Stages, "stages.csv", ds.Dict, longCols,
		[][]string{{"a", "mql", "2026-01-01"}, {"a", "", "2026-01-02"}, {"", "sql", "2026-01-03"}, {"a", "sql", ""}, {"a", "sql", "2026-01-04"}})
	res, err := Analyze(ds, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 1 || res.Warnings[0] != "stages.csv: 3 rows skipped: 1 without entity_id, 1 without stage, 1 without entered_at (first at stages.csv:3)" {
		t.Errorf("warnings %q", res.Warnings)
	}
}
