package ingest

import (
	"errors"
	"reflect"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

// keepRoles returns an Options.Keep that reads the columns bound to the
// given roles ("" for attributes).
func keepRoles(roles ...string) func(funnel.TableKind, string, string, []string) bool {
	return func(_ funnel.TableKind, role, _ string, _ []string) bool {
		for _, r := range roles {
			if r == role {
				return true
			}
		}
		return false
	}
}

// columnNames lists the headers of a table's columns.
func columnNames(t *funnel.Table) []string {
	var out []string
	for _, c := range t.Columns {
		out = append(out, c.Name)
	}
	return out
}

// TestKeepTouches reads touches with and without Options.Keep: the columns
// read hold the same values; the others are not in the table, not
// interned, and a bad value in them is no error; the field count is still
// checked against the whole header.
func TestKeepTouches(t *testing.T) {
	t.Parallel()
	header := []string{"lead_id", "occurred_at", "activity_type", "channel", "value", "Notes"}
	rows := [][]string{
		{"L1", "2024-03-05 10:00:00", "webinar", "events", "12", "first"},
		{"L1", "2024-03-06 10:00:00", "email", "email", "abc", ""}, // a bad number in a skipped column
		{"L2", "2024-03-07 10:00:00", "webinar", "events", "", "x"},
	}
	keep := keepRoles(funnel.RoleLeadID, funnel.RoleOccurredAt, funnel.RoleActivityType, "")
	var fileRoles [][]string // what Keep is told of the file, column by column
	dict := funnel.NewDict()
	got, warnings, err := LoadFrom(newMemRecords("t.csv", header, rows...), funnel.Touches, dict, Options{Keep: func(kind funnel.TableKind, role, h string, roles []string) bool {
		fileRoles = append(fileRoles, roles)
		return keep(kind, role, h, roles)
	}})
	if err != nil || len(warnings) != 0 {
		t.Fatalf("err %v, warnings %q", err, warnings)
	}
	wantRoles := []string{funnel.RoleLeadID, funnel.RoleOccurredAt, funnel.RoleActivityType, funnel.RoleChannel, funnel.RoleValue, ""}
	if len(fileRoles) != len(header) {
		t.Errorf("Keep asked %d times, want once per column (%d)", len(fileRoles), len(header))
	}
	for _, r := range fileRoles {
		if !reflect.DeepEqual(r, wantRoles) {
			t.Errorf("Keep told the file's roles %q, want %q", r, wantRoles)
		}
	}
	if want := []string{"lead_id", "occurred_at", "activity_type", "Notes"}; !reflect.DeepEqual(columnNames(got), want) {
		t.Errorf("columns %q, want %q", columnNames(got), want)
	}
	if got.Rows != 3 || !reflect.DeepEqual(got.Lines, []int32{2, 3, 4}) {
		t.Errorf("rows %d lines %v", got.Rows, got.Lines)
	}
	for role, want := range map[string][]string{"lead_id": {"L1", "L1", "L2"}, "activity_type": {"webinar", "email", "webinar"}} {
		if texts := textsOf(got, got.Role(role)); !reflect.DeepEqual(texts, want) {
			t.Errorf("%s %q, want %q", role, texts, want)
		}
	}
	if want := []int64{utcOf(2024, 3, 5, 10, 0, 0), utcOf(2024, 3, 6, 10, 0, 0), utcOf(2024, 3, 7, 10, 0, 0)}; !reflect.DeepEqual(got.Role("occurred_at").Times, want) {
		t.Errorf("occurred_at %v", got.Role("occurred_at").Times)
	}
	// Interned: the ids, the types and the text attribute; not the channels.
	var all []string
	for i := 0; i < dict.Len(); i++ {
		all = append(all, dict.String(int32(i)))
	}
	if want := []string{"L1", "webinar", "email", "L2", "first", "x"}; !reflect.DeepEqual(all, want) {
		t.Errorf("dict %q, want %q", all, want)
	}
	// Without Keep, the bad number is the error.
	_, _, err = LoadFrom(newMemRecords("t.csv", header, rows...), funnel.Touches, funnel.NewDict(), Options{})
	if !errors.Is(err, ErrBadNumber) {
		t.Errorf("without Keep: %v, want ErrBadNumber", err)
	}
	// A short row names the first missing column, read or not.
	short := append(rows[:1:1], []string{"L3", "2024-03-08 10:00:00", "email"})
	_, _, err = LoadFrom(newMemRecords("t.csv", header, short...), funnel.Touches, funnel.NewDict(), Options{Keep: keep})
	want := `t.csv:3: column "channel": wrong number of fields (the row ends after 3 of the header's 6 fields; a truncated file, or a line break inside an unquoted value?)`
	if err == nil || err.Error() != want || !errors.Is(err, ErrFieldCount) {
		t.Errorf("short row: %v\nwant %s", err, want)
	}
}

// TestKeepUniqueIDs checks that leaving columns of leads unread does not
// change how a repeated id is judged: number and bool roles are read
// anyway, and skipped text columns are compared by their trimmed text.
func TestKeepUniqueIDs(t *testing.T) {
	t.Parallel()
	header := []string{"lead_id", "account_id", "employees", "region"}
	keep := keepRoles(funnel.RoleLeadID) // account_id, employees, region not wanted
	cases := []struct {
		name     string
		rows     [][]string
		opts     Options
		err      string
		rowCount int
		warnings []string
	}{
		{name: "other value in a skipped text column",
			rows: [][]string{{"L1", "A1", "10", "EU"}, {"L2", "A2", "20", "NA"}, {"L1", "A1", "10", "NA"}},
			err:  `t.csv:4: column "lead_id": duplicate id "L1" (also on line 2, with other values; each lead_id must be on one row)`},
		{name: "same values, spaces and NA tokens aside",
			rows:     [][]string{{"L1", "A1", "10", "-"}, {"L2", "A2", "20", "NA"}, {"L1", " A1 ", "10.0", ""}},
			opts:     Options{NAValues: []string{"-"}},
			rowCount: 2, warnings: []string{"t.csv: 1 row repeats an earlier row exactly (line 4 repeats line 2); each is read once"}},
		{name: "other value in a number role, read anyway",
			rows: [][]string{{"L1", "A1", "10", "EU"}, {"L1", "A1", "11", "EU"}},
			err:  `t.csv:3: column "lead_id": duplicate id "L1" (also on line 2, with other values; each lead_id must be on one row)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, keep := range []func(funnel.TableKind, string, string, []string) bool{nil, keep} {
				opts := c.opts
				opts.Keep = keep
				tab, warnings, err := LoadFrom(newMemRecords("t.csv", header, c.rows...), funnel.Leads, funnel.NewDict(), opts)
				if c.err != "" {
					if err == nil || err.Error() != c.err || !errors.Is(err, ErrDuplicateID) {
						t.Fatalf("keep %v: %v\nwant %s", keep != nil, err, c.err)
					}
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				if tab.Rows != c.rowCount || !reflect.DeepEqual(warnings, c.warnings) {
					t.Errorf("keep %v: %d rows, warnings %q; want %d, %q", keep != nil, tab.Rows, warnings, c.rowCount, c.warnings)
				}
				if keep != nil && !reflect.DeepEqual(columnNames(tab), []string{"lead_id", "employees"}) {
					t.Errorf("columns %q, want lead_id and employees", columnNames(tab))
				}
			}
		})
	}
}
