package render

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

func render(t *testing.T, r *funnel.Report, f Format, opts Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, r, f, opts); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestCSVCells reads the CSV back with encoding/csv and checks cells
// against the values planted in richReport.
func TestCSVCells(t *testing.T) {
	t.Parallel()
	recs, err := csv.NewReader(strings.NewReader(render(t, richReport(), CSV, Options{}))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 9 { // header + 8 rows
		t.Fatalf("got %d records, want 9", len(recs))
	}
	tests := []struct {
		row, col int
		want     string
	}{
		{0, 0, "channel"},
		{1, 0, "email"},
		{2, 0, `'=HYPERLINK("http://x","click")`}, // guarded
		{3, 0, "'+1+1"},
		{4, 0, "'-2+3"},
		{5, 0, "'@SUM(A1)"},
		{6, 0, "'\t=1"},       // the tab stays inside the quoted field
		{7, 0, "paid|search"}, // not a formula
		{8, 0, ""},            // string NA
		{2, 2, "-3.5"},        // a negative number is not guarded
		{4, 2, ""},            // NaN
		{5, 1, ""},            // int NA
		{5, 2, "1234.5678"},   // full precision
		{6, 2, "1e-07"},       // strconv 'g' -1
		{6, 4, "0.00049"},
		{2, 4, "1.2e-08"},
		{8, 2, "-0.25"},
		{1, 5, "true"},
	}
	for _, tc := range tests {
		if got := recs[tc.row][tc.col]; got != tc.want {
			t.Errorf("record %d field %d = %q, want %q", tc.row, tc.col, got, tc.want)
		}
	}
	// --table picks the second table.
	recs, err = csv.NewReader(strings.NewReader(render(t, richReport(), CSV, Options{Table: "velocity"}))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0], ","); got != "period,transition,median_days,count" {
		t.Errorf("velocity header = %q", got)
	}
	if got := strings.Join(recs[6], ","); got != "2024-03,SQL>Opp,,0" {
		t.Errorf("velocity last row = %q", got)
	}
}

func TestTSVFields(t *testing.T) {
	t.Parallel()
	out := render(t, richReport(), TSV, Options{})
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 9 {
		t.Fatalf("got %d lines, want 9", len(lines))
	}
	for i, line := range lines {
		if n := len(strings.Split(line, "\t")); n != 6 {
			t.Errorf("line %d has %d fields, want 6: %q", i+1, n, line)
		}
	}
	// The tab payload is guarded, then its tab becomes a space.
	if got := strings.Split(lines[6], "\t")[0]; got != "' =1" {
		t.Errorf("tab payload = %q, want %q", got, "' =1")
	}
	if got := strings.Split(lines[2], "\t")[0]; got != `'=HYPERLINK("http://x","click")` {
		t.Errorf("hyperlink payload = %q (TSV never quotes)", got)
	}
	// A newline inside a value stays on its line.
	df := dataframe.New(series.New([]string{"a\nb", "c\r\nd"}, series.String, "note"))
	r := funnel.NewReport("x", "")
	r.AddTable("notes", df)
	if got, want := render(t, r, TSV, Options{}), "note\na b\nc d\n"; got != want {
		t.Errorf("TSV newlines: got %q, want %q", got, want)
	}
}

func TestMarkdownCells(t *testing.T) {
	t.Parallel()
	out := render(t, richReport(), Markdown, Options{})
	for _, want := range []string{
		"# Channel attribution (test)\n",
		"| log_likelihood | -4619.77             |",  // a number in meta is not guarded
		"| note           | '=cmd\\|' /C calc'!A0 |", // a string is guarded and its pipe escaped
		"| ------------------------------- | ----------: | -----: | --------------: | ------: | ----- |",
		"| '=HYPERLINK(\"http://x\",\"click\") |          45 |   -3.5 |",
		"| '-2+3                           |           3 |     NA |",
		"| ' =1                            |",
		"| paid\\|search                    |",
		"## velocity\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	// With Options.Table only that table follows the meta.
	one := render(t, richReport(), Markdown, Options{Table: "velocity"})
	if strings.Contains(one, "## channels") || !strings.Contains(one, "## velocity") {
		t.Errorf("md with Table=velocity:\n%s", one)
	}
}

func TestTextCells(t *testing.T) {
	t.Parallel()
	out := render(t, richReport(), Table, Options{})
	for _, want := range []string{
		"log_likelihood: -4619.77\n",
		"channels:       email, paid_search\n",
		// credit: max 1234.5678 -> 1 decimal; 1e-7 would read 0.0 -> 'g' 3
		"│ @SUM(A1)                       │          NA │ 1234.6 │          1.0000 │      NA │ true  │",
		"│  =1                            │           1 │  1e-07 │          0.0001 │  0.0005 │ false │",
		// p_value: 1.2e-08 < 0.00005 -> scientific
		"│ =HYPERLINK(\"http://x\",\"click\") │          45 │   -3.5 │          0.5000 │ 1.2e-08 │ false │",
		// median_days: max 30.25 -> 3 decimals
		"│ 2024-03 │ SQL>Opp    │          NA │     0 │",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table output lacks %q\n%s", want, out)
		}
	}
}

func TestJSONDecodes(t *testing.T) {
	t.Parallel()
	out := render(t, richReport(), JSON, Options{})
	var doc struct {
		Command  string                      `json:"command"`
		Title    string                      `json:"title"`
		Meta     map[string]any              `json:"meta"`
		Tables   map[string][]map[string]any `json:"tables"`
		Warnings []string                    `json:"warnings"`
		Alerts   []string                    `json:"alerts"`
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		t.Errorf("more than one JSON value: %v", err)
	}
	if doc.Command != "attribute" || len(doc.Warnings) != 2 || len(doc.Alerts) != 1 {
		t.Errorf("command %q, %d warnings, %d alerts", doc.Command, len(doc.Warnings), len(doc.Alerts))
	}
	if got := doc.Meta["log_likelihood"]; got != json.Number("-4619.77123") {
		t.Errorf("log_likelihood = %v", got)
	}
	if got := doc.Meta["rows_used"]; got != json.Number("9103") {
		t.Errorf("rows_used = %v", got)
	}
	ch := doc.Tables["channels"]
	if len(ch) != 8 || len(doc.Tables["velocity"]) != 6 {
		t.Fatalf("%d channel rows, %d velocity rows", len(ch), len(doc.Tables["velocity"]))
	}
	checks := []struct {
		row  int
		col  string
		want any
	}{
		{1, "channel", payloadHyperlink}, // JSON is not guarded
		{5, "channel", payloadTab},
		{7, "channel", nil}, // string NA
		{3, "credit", nil},  // NaN
		{4, "conversions", nil},
		{5, "credit", json.Number("1e-07")},
		{1, "p_value", json.Number("1.2e-08")},
		{0, "won", true},
	}
	for _, c := range checks {
		if got := ch[c.row][c.col]; got != c.want {
			t.Errorf("channels[%d].%s = %#v, want %#v", c.row, c.col, got, c.want)
		}
	}
}

// TestJSONKeyOrder checks that meta keys and row keys come in report
// order, not sorted as encoding/json sorts map keys.
func TestJSONKeyOrder(t *testing.T) {
	t.Parallel()
	out := render(t, richReport(), JSON, Options{})
	pos := -1
	for _, key := range []string{`"command"`, `"title"`, `"meta"`, `"model"`, `"rows_used"`, `"log_likelihood"`,
		`"converged"`, `"note"`, `"tables"`, `"velocity"`, `"warnings"`, `"alerts"`} {
		i := strings.Index(out, key)
		if i <= pos {
			t.Errorf("key %s at %d, before the previous key at %d", key, i, pos)
		}
		pos = i
	}
	row := `{"channel": "email", "conversions": 120, "credit": 52.5, "conversion_rate": 0.0375, "p_value": 0.0312, "won": true}`
	if !strings.Contains(out, row) {
		t.Errorf("first row is not %s", row)
	}
}

func TestJSONEmptyLists(t *testing.T) {
	t.Parallel()
	r := funnel.NewReport("fit", "")
	r.AddMeta("rows_used", 3)
	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(render(t, r, JSON, Options{})), &doc); err != nil {
		t.Fatal(err)
	}
	if got := string(doc["warnings"]); got != "[]" {
		t.Errorf("warnings = %s, want []", got)
	}
	for _, key := range []string{"alerts", "title"} {
		if _, ok := doc[key]; ok {
			t.Errorf("%q present in a report without it", key)
		}
	}
	if got := string(doc["tables"]); got != "{}" {
		t.Errorf("tables = %s, want {}", got)
	}
}

func TestUnknownTable(t *testing.T) {
	t.Parallel()
	for _, f := range []Format{CSV, TSV, Markdown, Table} {
		var buf bytes.Buffer
		err := Render(&buf, richReport(), f, Options{Table: "nope"})
		if err == nil || !strings.Contains(err.Error(), `no table "nope" in the attribute report (tables: channels, velocity)`) {
			t.Errorf("%v: error %v", f, err)
		}
	}
}

func TestWriteWarnings(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	WriteWarnings(&buf, richReport())
	want := "warning: 3 touches after the conversion date were dropped\n" +
		"warning: channel \"organic\" has no cost\n" +
		"alert: MQL>SQL slower than 10 days in 2024-01\n"
	if buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
}
