package ingest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

func TestInspectSalesforceLeads(t *testing.T) {
	t.Parallel()
	path := filepath.Join(exportsDir, "salesforce", "leads.csv")
	ins, err := Inspect(path, 0, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ins.Kind != "leads" || ins.KindFrom != "file name" || ins.Rows != 5 || ins.BadRows != 0 || ins.ErrorCount != 0 {
		t.Errorf("inspection %+v", ins)
	}
	if want := (InspectFormat{Kind: "csv", Delimiter: ",", Encoding: "utf-8"}); ins.Format != want {
		t.Errorf("format %+v, want %+v", ins.Format, want)
	}
	// Read off the file by hand: 5 rows, "Annual Revenue" empty once,
	// "Converted Date" empty three times; the revenue written "$850,000"
	// (USD).
	want := map[string]ColumnInfo{
		"Lead ID":          {Header: "Lead ID", Role: "lead_id", Kind: "text", Distinct: 5},
		"Industry":         {Header: "Industry", Role: "industry", Kind: "text", Distinct: 5},
		"Annual Revenue":   {Header: "Annual Revenue", Role: "revenue", Kind: "number", Currency: "USD", NA: 1, Min: "850000", Max: "48000000"},
		"No. of Employees": {Header: "No. of Employees", Role: "employees", Kind: "number", NA: 1, Min: "40", Max: "4300"},
		"Create Date":      {Header: "Create Date", Role: "created_at", Kind: "time", DateLayout: "MM/DD/YYYY", Min: "2023-12-30", Max: "2024-03-14"},
		"Converted":        {Header: "Converted", Kind: "bool"},
		"Converted Date":   {Header: "Converted Date", Kind: "time", DateLayout: "MM/DD/YYYY", NA: 3, Min: "2024-03-28", Max: "2024-04-02"},
		"Lead Source":      {Header: "Lead Source", Kind: "text", Distinct: 4},
	}
	if len(ins.Columns) != 15 {
		t.Fatalf("%d columns", len(ins.Columns))
	}
	for _, c := range ins.Columns {
		if w, ok := want[c.Header]; ok && c != w {
			t.Errorf("column %q\n got %+v\nwant %+v", c.Header, c, w)
		}
	}
}

func TestInspectProblems(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("Lead ID,Activity Date,Channel\n")
	for i := 0; i < 30; i++ {
		date := fmt.Sprintf("2024-03-%02d", i%28+1)
		if i%6 == 5 {
			date = "tomorrow" // rows 5, 11, 17, 23, 29: five bad dates
		}
		fmt.Fprintf(&b, "L%d,%s,web\n", i, date)
	}
	for i := 0; i < 22; i++ {
		b.WriteString("short,row\n") // 22 rows with a missing field
	}
	path := filepath.Join(dir, "touches.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	ins, err := Inspect(path, 0, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ins.Kind != "touches" || ins.Rows != 52 || ins.BadRows != 27 || ins.ErrorCount != 27 {
		t.Errorf("kind %s rows %d bad %d errors %d", ins.Kind, ins.Rows, ins.BadRows, ins.ErrorCount)
	}
	if len(ins.Problems) != 21 {
		t.Fatalf("%d problems: %v", len(ins.Problems), ins.Problems)
	}
	first := Problem{Level: "error", Message: path + `:7: column "Activity Date": cannot parse "tomorrow" as a date (not a date layout funnel reads (YYYY-MM-DD, MM/DD/YYYY, DD.MM.YYYY, ...); the column reads YYYY-MM-DD)`}
	last := Problem{Level: "error", Message: "... and 7 more bad rows"}
	if ins.Problems[0] != first || ins.Problems[20] != last {
		t.Errorf("problems\n%v\n...\n%v", ins.Problems[0], ins.Problems[20])
	}
	occ := ins.Columns[1]
	if occ.Role != "occurred_at" || occ.Min != "2024-03-01" || occ.Max != "2024-03-28" || occ.DateLayout != "YYYY-MM-DD" {
		t.Errorf("occurred_at %+v", occ)
	}
}

func TestInspectMissingRoleAndGuess(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// No hint in the name: the headers bind best as opportunities.
	p := write("export-2024.csv", "Opportunity ID,Amount,Close Date,Stage\nO1,100,2024-01-31,Won\n")
	ins, err := Inspect(p, 0, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ins.Kind != "opportunities" || ins.KindFrom != "headers" {
		t.Errorf("guessed %s from %s", ins.Kind, ins.KindFrom)
	}
	// An accounts file: same roles as a leads file, but no lead id.
	p = write("crm.csv", "Account ID,Account Name,Industry,Employees\nA1,Acme,Software,10\n")
	if ins, _ = Inspect(p, 0, Options{}); ins.Kind != "accounts" {
		t.Errorf("guessed %s", ins.Kind)
	}
	// Given kind, required role missing: a problem, columns still described.
	p = write("x.csv", "Email,Channel\na@b.example,web\n")
	ins, err = Inspect(p, funnel.Touches, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Problem{{Level: "error", Message: p + `: required column missing: no column for lead_id or account_id; no column for occurred_at (headers: "Email", "Channel"); bind one with --col touches.lead_id=HEADER`}}
	if !reflect.DeepEqual(ins.Problems, want) || ins.ErrorCount != 1 || ins.Columns[1].Role != "channel" || ins.Rows != 1 {
		t.Errorf("inspection %+v", ins)
	}
	// A bad --col: reported, and the file described without overrides.
	ins, err = Inspect(p, funnel.Touches, Options{Columns: map[string]string{"touches.channel": "Nope"}})
	if err != nil {
		t.Fatal(err)
	}
	if ins.ErrorCount != 2 || ins.Columns[1].Role != "channel" {
		t.Errorf("inspection %+v", ins)
	}
}

func TestInspectJSONKeys(t *testing.T) {
	t.Parallel()
	ins, err := Inspect(filepath.Join(exportsDir, "excel", "stages.csv"), 0, Options{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(ins)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"file":"../../testdata/ingest/exports/excel/stages.csv","kind":"stages","kind_from":"file name",` +
		`"format":{"kind":"csv","delimiter":";","encoding":"utf-8","compressed":false},"header_line":1,"rows":4,"bad_rows":0,` +
		`"columns":[{"header":"Lead ID","role":"entity_id","kind":"text","na":0,"distinct":2},` +
		`{"header":"Stage","role":"stage","kind":"text","na":0,"distinct":3},` +
		`{"header":"Date","role":"entered_at","kind":"time","date_layout":"DD.MM.YYYY","na":0,"min":"2024-02-29","max":"2024-03-28"}],` +
		`"error_count":0,"problems":[],"skipped_rows":[]}`
	if string(out) != want {
		t.Errorf("json\n got %s\nwant %s", out, want)
	}
}
