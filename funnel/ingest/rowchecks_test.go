package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
)

// TestLoadRowChecks covers the checks Load makes on whole rows and values
// beyond parsing: unique ids, roles that cannot be negative, the field
// count with the delimiter it hints at, and Excel error values. Expected
// messages and row counts are read off the inputs by hand.
func TestLoadRowChecks(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		kind     funnel.TableKind
		header   []string
		rows     [][]string
		err      string // "" for success
		is       error
		rowCount int
		warnings []string
		dedupe   bool
	}{
		{name: "duplicate lead id", kind: funnel.Leads, header: []string{"lead_id", "visits"},
			rows: [][]string{{"L1", "3"}, {"L2", "4"}, {"L1", "5"}},
			err:  `t.csv:4: column "lead_id": duplicate id "L1" (also on line 2, with other values; each lead_id must be on one row)`, is: ErrDuplicateID},
		{name: "repeated rows read once", kind: funnel.Leads, header: []string{"lead_id", "visits", "industry"},
			rows:     [][]string{{"L1", "3", "Retail"}, {"L2", "", "Retail"}, {"L1", "3", "Retail"}, {"L2", "", "Retail"}, {"L3", "1", ""}},
			rowCount: 3, warnings: []string{"t.csv: 2 rows repeat an earlier row exactly (line 4 repeats line 2); each is read once"}},
		{name: "missing ids may repeat", kind: funnel.Leads, header: []string{"lead_id", "visits"},
			rows: [][]string{{"", "3"}, {"", "4"}}, rowCount: 2},
		{name: "touch ids repeat freely", kind: funnel.Touches, header: []string{"lead_id", "occurred_at", "channel"},
			rows: [][]string{{"L1", "2024-03-01", "email"}, {"L1", "2024-03-01", "webinar"}}, rowCount: 2},
		// Issue 19: rows of overlapping export pages. Lines 4 and 5 repeat
		// lines 2 and 3 (spaces and NA tokens aside); line 6 differs in
		// its channel only.
		{name: "touch rows repeated", kind: funnel.Touches, header: []string{"lead_id", "occurred_at", "channel"},
			rows:     [][]string{{"L1", "2024-03-01", "email"}, {"L2", "2024-03-02", ""}, {"L1", " 2024-03-01", "email"}, {"L2", "2024-03-02", "NULL"}, {"L1", "2024-03-01", "webinar"}},
			rowCount: 5, warnings: []string{"t.csv: 2 rows repeat an earlier row exactly, every field equal (the first on line 4); each is read as often as it appears, and counts as often (--dedupe reads it once)"}},
		{name: "touch rows deduped", kind: funnel.Touches, header: []string{"lead_id", "occurred_at", "channel"}, dedupe: true,
			rows:     [][]string{{"L1", "2024-03-01", "email"}, {"L2", "2024-03-02", ""}, {"L1", " 2024-03-01", "email"}, {"L2", "2024-03-02", "NULL"}, {"L1", "2024-03-01", "webinar"}},
			rowCount: 3, warnings: []string{"t.csv: 2 rows repeat an earlier row exactly, every field equal (the first on line 4); each is read once (--dedupe)"}},
		{name: "duplicate opportunity", kind: funnel.Opportunities, header: []string{"opportunity_id", "amount"},
			rows: [][]string{{"O1", "100"}, {"O1", "200"}},
			err:  `t.csv:3: column "opportunity_id": duplicate id "O1" (also on line 2, with other values; each opportunity_id must be on one row)`, is: ErrDuplicateID},
		{name: "negative cost", kind: funnel.Costs, header: []string{"channel", "cost"},
			rows: [][]string{{"email", "500"}, {"webinar", "(1,200)"}},
			err:  `t.csv:3: column "cost": "(1,200)" is negative (cost cannot be below 0)`, is: ErrNegative},
		{name: "zero cost", kind: funnel.Costs, header: []string{"channel", "cost"},
			rows: [][]string{{"email", "0"}, {"webinar", "-0"}}, rowCount: 2},
		{name: "negative conversions", kind: funnel.Paths, header: []string{"path", "total_conversions"},
			rows: [][]string{{"a > b", "-1"}},
			err:  `t.csv:2: column "total_conversions": "-1" is negative (total_conversions cannot be below 0)`, is: ErrNegative},
		{name: "row split by another delimiter", kind: funnel.Touches, header: []string{"lead_id", "occurred_at", "channel"},
			rows: [][]string{{"L1", "2024-03-01", "email"}, {"L2;2024-03-02;webinar"}},
			err:  `t.csv:3: column "occurred_at": wrong number of fields (the row ends after 1 of the header's 3 fields; it is separated by ';', not ',')`, is: ErrFieldCount},
		{name: "extra field", kind: funnel.Touches, header: []string{"lead_id", "occurred_at"},
			rows: [][]string{{"L1", "2024-03-01", "Acme"}},
			err:  `t.csv:2: column "#3": wrong number of fields (the row has 3 fields, the header 2; a value holding a ',' that should be quoted?)`, is: ErrFieldCount},
		{name: "excel error value", kind: funnel.Touches, header: []string{"lead_id", "occurred_at", "value"},
			rows: [][]string{{"L1", "2024-03-01", "#N/A"}},
			err:  `t.csv:2: column "value": cannot parse "#N/A" as a number (an Excel error value: the formula behind it failed; fix it in the workbook, or read it as missing with --na-values '#N/A')`, is: ErrBadNumber},
		{name: "excel error date", kind: funnel.Touches, header: []string{"lead_id", "occurred_at"},
			rows: [][]string{{"L1", "#VALUE!"}},
			err:  `t.csv:2: column "occurred_at": cannot parse "#VALUE!" as a date (an Excel error value: the formula behind it failed; fix it in the workbook, or read it as missing with --na-values '#VALUE!')`, is: ErrBadDate},
		{name: "header one column", kind: funnel.Touches, header: []string{"lead_id;occurred_at"},
			err: `t.csv:1: required column missing: no column for lead_id or account_id; no column for occurred_at (headers: "lead_id;occurred_at"); ` +
				`bind one with --col touches.lead_id=HEADER; the header is one column: are the fields separated by ';'? (--delimiter ';')`, is: ErrMissingRole},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tab, warnings, err := LoadFrom(newMemRecords("t.csv", c.header, c.rows...), c.kind, funnel.NewDict(), Options{Dedupe: c.dedupe})
			if c.err != "" {
				if err == nil || err.Error() != c.err || !errors.Is(err, c.is) {
					t.Fatalf("error\n got %v\nwant %s (%v)", err, c.err, c.is)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tab.Rows != c.rowCount {
				t.Errorf("%d rows, want %d", tab.Rows, c.rowCount)
			}
			if !reflect.DeepEqual(warnings, c.warnings) {
				t.Errorf("warnings\n got %q\nwant %q", warnings, c.warnings)
			}
		})
	}
}

// TestRepeatAfterMissing is the regression test of a value that repeats
// the last non-missing one after a missing cell: it was read as missing
// (the cached code of the repeated value had been overwritten with NA).
func TestRepeatAfterMissing(t *testing.T) {
	t.Parallel()
	tab, _, err := LoadFrom(newMemRecords("t.csv", []string{"lead_id", "industry", "segment"},
		[]string{"L1", "Retail", "smb"}, []string{"L2", "", ""}, []string{"L3", "Retail", "smb"}, []string{"L4", "Retail", "smb"}),
		funnel.Leads, funnel.NewDict(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// industry is a role (interned in the shared Dict), segment an
	// attribute (typed afterwards): both cache the last value.
	for name, want := range map[string][]string{"industry": {"Retail", "", "Retail", "Retail"}, "segment": {"smb", "", "smb", "smb"}} {
		if got := textsOf(tab, tab.Named(name)); !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
}

// juneFirstNoon is the time of reading of the tests of future dates.
func juneFirstNoon() time.Time { return time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC) }

// TestFutureDates checks the warning about event dates after the time of
// reading, with the clock set to 2024-06-01 12:00 UTC (juneFirstNoon).
func TestFutureDates(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		kind     funnel.TableKind
		header   []string
		rows     [][]string
		warnings []string
	}{
		{"touch next year", funnel.Touches, []string{"lead_id", "occurred_at"},
			[][]string{{"L1", "2024-05-01"}, {"L1", "2025-05-01"}, {"L2", "2204-01-01"}},
			[]string{`t.csv: column "occurred_at": 2 dates are after today, the first 2025-05-01 on line 3 (a typo in the year?); they are kept as read (give --as-of to analyse as of an earlier date)`}},
		// Within a day of now: time zones, not the future.
		{"tomorrow", funnel.Touches, []string{"lead_id", "occurred_at"},
			[][]string{{"L1", "2024-06-02 11:00"}}, nil},
		// An open opportunity's close date is the expected one.
		{"expected close", funnel.Opportunities, []string{"opportunity_id", "created_at", "closed_at"},
			[][]string{{"O1", "2024-05-01", "2024-09-30"}}, nil},
		{"created later", funnel.Opportunities, []string{"opportunity_id", "created_at", "closed_at"},
			[][]string{{"O1", "2024-07-01", "2024-09-30"}},
			[]string{`t.csv: column "created_at": 1 date is after today, the first 2024-07-01 on line 2 (a typo in the year?); it is kept as read (give --as-of to analyse as of an earlier date)`}},
		// 06/07/2024 is checked once 13/05/2024 has shown the day comes
		// first: July 6, in the future.
		{"slash dates", funnel.Stages, []string{"entity_id", "stage", "entered_at"},
			[][]string{{"L1", "mql", "06/07/2024"}, {"L1", "sql", "13/05/2024"}},
			[]string{`t.csv: column "entered_at": 1 date is after today, the first 2024-07-06 on line 2 (a typo in the year?); it is kept as read (give --as-of to analyse as of an earlier date)`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, warnings, err := LoadFrom(newMemRecords("t.csv", c.header, c.rows...), c.kind, funnel.NewDict(), Options{knobs: knobs{now: juneFirstNoon}})
			if err != nil {
				t.Fatal(err)
			}
			if len(warnings) == 0 {
				warnings = nil
			}
			if len(c.warnings) == 0 {
				c.warnings = nil
			}
			if !reflect.DeepEqual(warnings, c.warnings) {
				t.Errorf("warnings\n got %q\nwant %q", warnings, c.warnings)
			}
		})
	}
}

// TestLoadDatasetChecks covers what LoadDataset adds to Load: a file
// without data rows is an error, and stage entries dated before their
// lead's creation are a warning.
func TestLoadDatasetChecks(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	headerOnly := write("touches.csv", "\n\nlead_id,occurred_at\n")
	_, err := LoadDataset(map[funnel.TableKind]string{funnel.Touches: headerOnly}, Options{})
	if want := headerOnly + ":3: no data rows: the file holds only its header"; err == nil || err.Error() != want || !errors.Is(err, ErrNoRows) {
		t.Errorf("error %v, want %s", err, want)
	}
	allBad := write("bad.csv", "lead_id,occurred_at\nL1,someday\n")
	_, err = LoadDataset(map[funnel.TableKind]string{funnel.Touches: allBad}, Options{MaxErrors: 5})
	if want := allBad + ":1: no data rows: every row was bad (1 skipped, --max-errors 5)"; err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}

	// L2 enters mql on 01-02 but is created on 01-05 (leads line 3); L1's
	// entry on its creation day is not before it, though created_at has
	// a time and entered_at none. Synced, a date of the export with no
	// role, is no stage entry: its 2023 dates do not count.
	leads := write("leads.csv", "lead_id,created_at\nL1,2024-01-03 15:00\nL2,2024-01-05 09:00\n")
	stages := write("stages.csv", "entity_id,stage,entered_at,Synced\nL1,mql,2024-01-03,2023-12-01\nL2,mql,2024-01-02,2023-12-01\nL2,sql,2024-01-04,2023-12-01\nL9,mql,2023-01-01,2023-12-01\n")
	ds, err := LoadDataset(map[funnel.TableKind]string{funnel.Leads: leads, funnel.Stages: stages}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{stages + `:3: lead "L2" enters "mql" on 2024-01-02, but ` + leads + `:3 creates it on 2024-01-05 09:00:00 ` +
		`(2 stage entries are dated before the lead's creation; kept: an import or merge in the CRM?)`}
	if !reflect.DeepEqual(ds.Warnings, want) {
		t.Errorf("warnings\n got %q\nwant %q", ds.Warnings, want)
	}
}
