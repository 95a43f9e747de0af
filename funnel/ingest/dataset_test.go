package ingest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
)

// loadExportSet reads one fixture folder with FindExports and LoadDataset.
func loadExportSet(t *testing.T, folder string, opts Options) *funnel.Dataset {
	t.Helper()
	files, err := FindExports(filepath.Join(exportsDir, folder))
	if err != nil {
		t.Fatal(err)
	}
	ds, err := LoadDataset(files, opts)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// day is midnight UTC of a date (reference: time.Date via utcOf).
func utcDay(y, m, d int) int64 { return utcOf(y, time.Month(m), d, 0, 0, 0) }

// The expected values below are read off the fixture files by hand.

func TestLoadSalesforceExports(t *testing.T) {
	t.Parallel()
	ds := loadExportSet(t, "salesforce", Options{})
	wantWarnings := []string{
		`../../testdata/ingest/exports/salesforce/touches.csv: columns "Created Date" and "First Responded Date" both match occurred_at; using "Created Date" (--col touches.occurred_at=HEADER binds another)`,
	}
	if !reflect.DeepEqual(ds.Warnings, wantWarnings) {
		t.Errorf("warnings\n got %q\nwant %q", ds.Warnings, wantWarnings)
	}
	leads := ds.Leads
	if leads.Rows != 5 {
		t.Fatalf("leads rows %d", leads.Rows)
	}
	created := leads.Role("created_at")
	if want := []int64{utcDay(2024, 3, 5), utcDay(2024, 3, 14), utcDay(2024, 2, 29), utcDay(2024, 1, 12), utcDay(2023, 12, 30)}; !reflect.DeepEqual(created.Times, want) ||
		created.Layout != "MM/DD/YYYY" || !created.DateOnly {
		t.Errorf("created_at %v %q %v", created.Times, created.Layout, created.DateOnly)
	}
	if got := leads.Role("revenue").Nums; !sameFloats(got, []float64{12500000, 850000, 48000000, naNum, 3000000}) {
		t.Errorf("revenue %v", got)
	}
	// "1,200" and "4,300" read both ways and nothing settles the column:
	// US-style.
	if got := leads.Role("employees").Nums; !sameFloats(got, []float64{1200, 85, 4300, 40, naNum}) {
		t.Errorf("employees %v", got)
	}
	if c := leads.Named("Converted"); c.Kind != funnel.KindBool || !reflect.DeepEqual(c.Bools, []int8{1, 0, 1, 0, 0}) {
		t.Errorf("Converted %+v", c)
	}
	if c := leads.Named("Converted Date"); c.Kind != funnel.KindTime || !reflect.DeepEqual(c.Times, []int64{utcDay(2024, 3, 28), funnel.NoTime, utcDay(2024, 4, 2), funnel.NoTime, funnel.NoTime}) {
		t.Errorf("Converted Date %+v", c)
	}
	if got := textsOf(leads, leads.Role("account_name")); !reflect.DeepEqual(got, []string{"Acme Corp", "Globex", "Initech", "Umbrella Health", "Stark Retail"}) {
		t.Errorf("account_name %q", got)
	}

	opps := ds.Opportunities
	if got := opps.Role("amount").Nums; !sameFloats(got, []float64{48000, 125500.5, 9900, naNum}) {
		t.Errorf("amount %v", got)
	}
	if got := opps.Role("won").Bools; !reflect.DeepEqual(got, []int8{1, 0, 0, 0}) {
		t.Errorf("won %v", got)
	}
	if got := opps.Role("closed_at").Times; !reflect.DeepEqual(got, []int64{utcDay(2024, 4, 18), utcDay(2024, 6, 30), utcDay(2024, 5, 15), utcDay(2024, 9, 1)}) {
		t.Errorf("closed_at %v", got)
	}
	if c := opps.Named("Probability (%)"); c.Kind != funnel.KindNumber || !reflect.DeepEqual(c.Nums, []float64{100, 90, 0, 10}) {
		t.Errorf("Probability %+v", c)
	}
	if c := opps.Named("Closed"); c.Kind != funnel.KindBool || !reflect.DeepEqual(c.Bools, []int8{1, 0, 1, 0}) {
		t.Errorf("Closed %+v", c)
	}
	// Ids join across tables through the shared Dict.
	if opps.Role("account_id").Codes[0] != ds.Accounts.Role("account_id").Codes[0] {
		t.Errorf("account ids do not share codes")
	}
	touches := ds.Touches
	if got := touches.Role("occurred_at").Times; !reflect.DeepEqual(got, []int64{utcDay(2024, 3, 1), utcDay(2024, 3, 1), utcDay(2024, 2, 15), utcDay(2024, 3, 13), utcDay(2024, 2, 15), utcDay(2024, 2, 22)}) {
		t.Errorf("occurred_at %v", got)
	}
	if touches.Role("lead_id").Codes[0] != leads.Role("lead_id").Codes[0] {
		t.Errorf("lead ids do not share codes")
	}
}

func TestLoadHubSpotExports(t *testing.T) {
	t.Parallel()
	ds := loadExportSet(t, "hubspot", Options{})
	leads := ds.Leads
	created := leads.Role("created_at")
	if want := []int64{utcOf(2024, 3, 5, 14, 30, 0), utcOf(2024, 3, 14, 8, 5, 0), utcOf(2024, 2, 29, 23, 59, 0), utcOf(2024, 1, 12, 16, 45, 0)}; !reflect.DeepEqual(created.Times, want) || created.Layout != "YYYY-MM-DD HH:MM" || created.DateOnly {
		t.Errorf("created_at %v %q", created.Times, created.Layout)
	}
	if c := leads.Named("Became a Marketing Qualified Lead Date"); c.Kind != funnel.KindTime || !reflect.DeepEqual(c.Times, []int64{utcOf(2024, 3, 12, 9, 15, 0), funnel.NoTime, utcOf(2024, 3, 1, 10, 0, 0), funnel.NoTime}) {
		t.Errorf("MQL date %+v", c)
	}
	if got := textsOf(leads, leads.Role("account_id")); !reflect.DeepEqual(got, []string{"9001", "9002", "9003", ""}) {
		t.Errorf("account_id %q", got)
	}
	opps := ds.Opportunities
	if got := opps.Role("won").Bools; !reflect.DeepEqual(got, []int8{1, 0, 0}) {
		t.Errorf("won %v", got)
	}
	if got := opps.Role("amount").Nums; !reflect.DeepEqual(got, []float64{48000, 125500.5, 9900}) {
		t.Errorf("amount %v", got)
	}
	stages := ds.Stages
	if stages.Role("entered_at") != nil || stages.Rows != 3 {
		t.Fatalf("stages %+v", stages)
	}
	if c := stages.Named("Became a Customer Date"); c.Kind != funnel.KindTime || !reflect.DeepEqual(c.Times, []int64{funnel.NoTime, funnel.NoTime, utcOf(2024, 4, 18, 17, 0, 0)}) {
		t.Errorf("customer date %+v", c)
	}
	if c := stages.Named(`Date entered "Marketing Qualified Lead (Lifecycle Stage Pipeline)"`); c.Kind != funnel.KindTime || c.Times[0] != utcOf(2024, 3, 12, 9, 15, 0) {
		t.Errorf("date entered %+v", c)
	}
	touches := ds.Touches
	if touches.Role("lead_id").Codes[0] != leads.Role("lead_id").Codes[0] || touches.Role("lead_id").Codes[0] != stages.Role("entity_id").Codes[0] {
		t.Errorf("contact 51 does not share one code across tables")
	}
	if got := textsOf(touches, touches.Role("channel")); !reflect.DeepEqual(got, []string{"Organic Search", "Email Marketing", "Paid Social", "Referrals", "Email Marketing"}) {
		t.Errorf("channel %q", got)
	}
}

func TestLoadMarketoExports(t *testing.T) {
	t.Parallel()
	ds := loadExportSet(t, "marketo", Options{})
	occ := ds.Touches.Role("occurred_at")
	// -08:00 offsets: 06:30 Pacific is 14:30 UTC.
	want := []int64{utcOf(2024, 3, 5, 14, 30, 0), utcOf(2024, 3, 7, 9, 12, 0), utcOf(2024, 3, 14, 8, 5, 0), utcOf(2024, 2, 29, 23, 59, 0)}
	if !reflect.DeepEqual(occ.Times, want) || occ.Layout != "YYYY-MM-DDTHH:MM:SS±hh:mm" {
		t.Errorf("occurred_at %v %q", occ.Times, occ.Layout)
	}
	if c := ds.Touches.Named("Id"); c.Kind != funnel.KindNumber || c.Nums[3] != 880004 {
		t.Errorf("Id %+v", c)
	}
	if got := ds.Leads.Role("created_at").Times[2]; got != utcOf(2024, 2, 29, 23, 59, 59) {
		t.Errorf("created_at %d", got)
	}
	if c := ds.Leads.Named("Lead Score"); c.Kind != funnel.KindNumber || !reflect.DeepEqual(c.Nums, []float64{85, 20, 140}) {
		t.Errorf("Lead Score %+v", c)
	}
}

func TestLoadExcelExports(t *testing.T) {
	t.Parallel()
	ds := loadExportSet(t, "excel", Options{})
	occ := ds.Touches.Role("occurred_at")
	// "14/03/2024" on line 4 settles day-first after two ambiguous rows.
	if want := []int64{utcOf(2024, 3, 5, 14, 30, 0), utcOf(2024, 3, 7, 9, 12, 0), utcOf(2024, 3, 14, 8, 5, 0), utcOf(2024, 2, 29, 23, 59, 0)}; !reflect.DeepEqual(occ.Times, want) || occ.Layout != "DD/MM/YYYY HH:MM" {
		t.Errorf("occurred_at %v %q", occ.Times, occ.Layout)
	}
	if got := ds.Costs.Role("cost").Nums; !sameFloats(got, []float64{1250, 2100.5, 980, naNum}) {
		t.Errorf("cost %v", got)
	}
	if got := textsOf(ds.Costs, ds.Costs.Role("period")); !reflect.DeepEqual(got, []string{"2024-02", "2024-03", "2024-03", "2024-03"}) {
		t.Errorf("period %q", got)
	}
	opps := ds.Opportunities
	if got := opps.Role("amount").Nums; !reflect.DeepEqual(got, []float64{12500, 1250.5, 900}) {
		t.Errorf("European amount %v", got)
	}
	if c := opps.Role("closed_at"); !reflect.DeepEqual(c.Times, []int64{utcDay(2024, 4, 18), utcDay(2024, 6, 30), utcDay(2024, 5, 15)}) || c.Layout != "DD.MM.YYYY" {
		t.Errorf("closed_at %v %q", c.Times, c.Layout)
	}
	if got := ds.Stages.Role("entered_at").Times; !reflect.DeepEqual(got, []int64{utcDay(2024, 3, 5), utcDay(2024, 3, 12), utcDay(2024, 2, 29), utcDay(2024, 3, 28)}) {
		t.Errorf("entered_at %v", got)
	}
	paths := ds.Paths
	if got := paths.Role("total_conversion_value").Nums; !reflect.DeepEqual(got, []float64{0.244, 3.195, 0}) {
		t.Errorf("value %v", got)
	}
	if got := paths.Role("total_null").Nums; !reflect.DeepEqual(got, []float64{3, 6, 1}) {
		t.Errorf("null %v", got)
	}
	// leads.xlsx: date cells reach ingest as ISO text.
	leads := ds.Leads
	if leads.Source != "../../testdata/ingest/exports/excel/leads.xlsx#Leads" && leads.Source != "../../testdata/ingest/exports/excel/leads.xlsx" {
		t.Errorf("source %q", leads.Source)
	}
	created := leads.Role("created_at")
	if want := []int64{utcDay(2024, 3, 5), utcOf(2024, 3, 14, 8, 5, 0), utcOf(2024, 2, 29, 23, 59, 0)}; !reflect.DeepEqual(created.Times, want) || created.DateOnly {
		t.Errorf("xlsx created_at %v %q", created.Times, created.Layout)
	}
	if c := leads.Named("Converted"); c.Kind != funnel.KindBool || !reflect.DeepEqual(c.Bools, []int8{1, 0, 1}) {
		t.Errorf("xlsx Converted %+v", c)
	}
	if c := leads.Named("Score"); c.Kind != funnel.KindNumber || !reflect.DeepEqual(c.Nums, []float64{87.5, 12, 140.25}) {
		t.Errorf("xlsx Score %+v", c)
	}
	if got := leads.Role("employees").Nums; !reflect.DeepEqual(got, []float64{1200, 85, 4300}) {
		t.Errorf("xlsx employees %v", got)
	}
}

func TestFindExports(t *testing.T) {
	t.Parallel()
	mk := func(t *testing.T, names ...string) string {
		dir := t.TempDir()
		for _, n := range names {
			if err := os.WriteFile(filepath.Join(dir, n), []byte("a\n1\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	t.Run("standard names", func(t *testing.T) {
		dir := mk(t, "leads.csv", "Touches.CSV.gz", "stages.tsv", "deals.xlsx", "costs.csv", "notes.txt", "paths.txt", "leads_old.csv")
		got, err := FindExports(dir)
		if err != nil {
			t.Fatal(err)
		}
		want := map[funnel.TableKind]string{
			funnel.Leads: filepath.Join(dir, "leads.csv"), funnel.Touches: filepath.Join(dir, "Touches.CSV.gz"),
			funnel.Stages: filepath.Join(dir, "stages.tsv"), funnel.Opportunities: filepath.Join(dir, "deals.xlsx"),
			funnel.Costs: filepath.Join(dir, "costs.csv"), funnel.Paths: filepath.Join(dir, "paths.txt"),
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %v\nwant %v", got, want)
		}
	})
	t.Run("two candidates", func(t *testing.T) {
		dir := mk(t, "touches.csv", "activities.csv.gz", "leads.csv")
		_, err := FindExports(dir)
		want := dir + `: two files for one input: touches: "activities.csv.gz" and "touches.csv"; keep one, or name one with --touches`
		if err == nil || err.Error() != want || !errors.Is(err, ErrDuplicateExports) {
			t.Errorf("error\n got %v\nwant %s", err, want)
		}
	})
	t.Run("none", func(t *testing.T) {
		dir := mk(t, "readme.md")
		_, err := FindExports(dir)
		want := dir + `: no export files: name them leads, touches, stages, opportunities, accounts, costs, paths, attendees, content (.csv, .csv.gz, .tsv or .xlsx)`
		if err == nil || err.Error() != want || !errors.Is(err, ErrNoExports) {
			t.Errorf("error\n got %v\nwant %s", err, want)
		}
	})
	t.Run("no folder", func(t *testing.T) {
		_, err := FindExports(filepath.Join(t.TempDir(), "nope"))
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("error %v is not fs.ErrNotExist", err)
		}
	})
}

func TestLoadDatasetStopsAtError(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "touches.csv"), []byte("Lead ID,Date\nL1,2024-03-05\nL2,2024-03-40\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadDataset(map[funnel.TableKind]string{funnel.Touches: filepath.Join(dir, "touches.csv")}, Options{})
	want := filepath.Join(dir, "touches.csv") + `:3: column "Date": cannot parse "2024-03-40" as a date (day 40 out of range for 2024-03)`
	var re *RowError
	if err == nil || err.Error() != want || !errors.As(err, &re) || re.Line != 3 {
		t.Errorf("error\n got %v\nwant %s", err, want)
	}
}

func ExampleLoad() {
	dict := funnel.NewDict()
	t, warnings, err := Load("../../testdata/ingest/exports/marketo/touches.csv", funnel.Touches, dict, Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range t.Columns {
		fmt.Printf("%-24s %-14s %s\n", c.Name, c.Role, c.Kind)
	}
	occ := t.Role(funnel.RoleOccurredAt)
	fmt.Println(occ.Layout, funnel.FormatTime(occ.Times[0], false))
	fmt.Println(len(warnings), "warning")
	// Output:
	// Id                                      number
	// Lead Id                  lead_id        text
	// Activity Date            occurred_at    time
	// Activity Type            activity_type  text
	// Primary Attribute Value                 text
	// Campaign Name            campaign       text
	// Channel                  channel        text
	// YYYY-MM-DDTHH:MM:SS±hh:mm 2024-03-05 14:30:00
	// 1 warning
}
