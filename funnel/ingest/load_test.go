package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
)

// memRecords is a RecordReader over records in memory: the header is
// line 1 and row i is line i+2.
type memRecords struct {
	name   string
	header []string
	rows   [][]string
	errs   map[int]error // row index -> error returned instead of the row
	i      int
	line   int
	format Format
}

func newMemRecords(name string, header []string, rows ...[]string) *memRecords {
	return &memRecords{name: name, header: header, rows: rows, format: Format{Kind: "csv", Delimiter: ',', Encoding: "utf-8"}}
}

func (m *memRecords) Header() []string { return m.header }
func (m *memRecords) Read() ([]string, error) {
	if m.i >= len(m.rows) {
		return nil, io.EOF
	}
	m.i++
	m.line = m.i + 1
	if err := m.errs[m.i-1]; err != nil {
		return nil, err
	}
	return m.rows[m.i-1], nil
}
func (m *memRecords) Line() int             { return m.line }
func (m *memRecords) Name() string          { return m.name }
func (m *memRecords) Format() Format        { return m.format }
func (m *memRecords) Warnings() []string    { return nil }
func (m *memRecords) Skipped() []SkippedRow { return nil }
func (m *memRecords) Close() error          { return nil }

// textsOf returns the strings of a text column ("" for NA).
func textsOf(t *funnel.Table, c *funnel.Column) []string {
	out := make([]string, t.Rows)
	for i := range out {
		out[i] = t.Text(c, i)
	}
	return out
}

// sameFloats compares with NaN equal to NaN.
func sameFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !(a[i] == b[i] || (math.IsNaN(a[i]) && math.IsNaN(b[i]))) {
			return false
		}
	}
	return true
}

var naNum = math.NaN()

func TestLoadFromTyped(t *testing.T) {
	t.Parallel()
	r := newMemRecords("t.csv",
		[]string{"Lead ID", "Activity Date", "Activity Type", "Channel", "Campaign", "Converted", "Value", "Notes"},
		[]string{"L1", "2024-03-05 14:30", "Webinar", "events", "C1", "yes", "$1,200.50", "first"},
		[]string{" L2 ", "2024-03-06", "Email", "email", "", "no", "", "N/A"},
		[]string{"L1", "2024-03-07T08:00:00Z", "Email", "email", "C2", "", "(15)", ""},
	)
	dict := funnel.NewDict()
	tab, warnings, err := LoadFrom(r, funnel.Touches, dict, Options{NAValues: []string{"N/A"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 0 {
		t.Errorf("warnings %q", warnings)
	}
	if tab.Rows != 3 || !reflect.DeepEqual(tab.Lines, []int32{2, 3, 4}) || tab.Source != "t.csv" || tab.Kind != funnel.Touches {
		t.Fatalf("rows %d lines %v source %q kind %v", tab.Rows, tab.Lines, tab.Source, tab.Kind)
	}
	lead := tab.Role("lead_id")
	if got := textsOf(tab, lead); !reflect.DeepEqual(got, []string{"L1", "L2", "L1"}) {
		t.Errorf("lead_id %q", got)
	}
	if lead.Codes[0] != lead.Codes[2] {
		t.Errorf("L1 interned twice: %v", lead.Codes)
	}
	occ := tab.Role("occurred_at")
	wantTimes := []int64{utcOf(2024, 3, 5, 14, 30, 0), utcOf(2024, 3, 6, 0, 0, 0), utcOf(2024, 3, 7, 8, 0, 0)}
	if !reflect.DeepEqual(occ.Times, wantTimes) || occ.DateOnly || occ.Layout != "YYYY-MM-DDTHH:MM:SSZ" {
		t.Errorf("occurred_at %v %v %q", occ.Times, occ.DateOnly, occ.Layout)
	}
	if got := textsOf(tab, tab.Role("campaign")); !reflect.DeepEqual(got, []string{"C1", "", "C2"}) {
		t.Errorf("campaign %q", got)
	}
	if c := tab.Role("campaign"); c.Missing != 1 {
		t.Errorf("campaign missing %d", c.Missing)
	}
	if got := tab.Role("converted").Bools; !reflect.DeepEqual(got, []int8{1, 0, -1}) {
		t.Errorf("converted %v", got)
	}
	if got := tab.Role("value").Nums; !sameFloats(got, []float64{1200.5, naNum, -15}) {
		t.Errorf("value %v", got)
	}
	notes := tab.Named("Notes")
	if notes.Role != "" || notes.Kind != funnel.KindText || !reflect.DeepEqual(textsOf(tab, notes), []string{"first", "", ""}) || notes.Missing != 2 {
		t.Errorf("notes %+v %q", notes, textsOf(tab, notes))
	}
	// The dict holds the text of roles and text attributes, nothing else.
	var all []string
	for i := 0; i < dict.Len(); i++ {
		all = append(all, dict.String(int32(i)))
	}
	want := []string{"L1", "Webinar", "events", "C1", "L2", "Email", "email", "C2", "first"}
	if !reflect.DeepEqual(all, want) {
		t.Errorf("dict %q, want %q", all, want)
	}
}

// TestLoadMarketoNull reads a Marketo bulk activity extract, which writes
// the literal null for an empty field, with no flag: the nulls are
// missing in the text, number and attribute columns alike.
func TestLoadMarketoNull(t *testing.T) {
	t.Parallel()
	r := newMemRecords("activities.csv",
		[]string{"marketoGUID", "leadId", "activityDate", "activityTypeId", "campaignId", "primaryAttributeValueId", "primaryAttributeValue", "attributes"},
		[]string{"101", "7", "2024-03-05T14:30:00Z", "2", "null", "1001", "Demo Request Form", "null"},
		[]string{"102", "7", "2024-03-07T09:12:00Z", "1", "5", "null", "null", `{"Webpage URL":"/pricing"}`},
	)
	tab, _, err := LoadFrom(r, funnel.Touches, funnel.NewDict(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// campaign is primaryAttributeValue (ranked before campaignId).
	camp := tab.Role("campaign")
	if camp.Name != "primaryAttributeValue" || !reflect.DeepEqual(textsOf(tab, camp), []string{"Demo Request Form", ""}) || camp.Missing != 1 {
		t.Errorf("campaign %q %q missing %d", camp.Name, textsOf(tab, camp), camp.Missing)
	}
	// campaignId: one null, one 5, read as a number attribute.
	if c := tab.Named("campaignId"); c.Kind != funnel.KindNumber || !sameFloats(c.Nums, []float64{naNum, 5}) {
		t.Errorf("campaignId %v %v", c.Kind, c.Nums)
	}
	if c := tab.Named("attributes"); c.Missing != 1 {
		t.Errorf("attributes missing %d, want 1", c.Missing)
	}
}

func TestLoadFromAttributes(t *testing.T) {
	t.Parallel()
	header := []string{"lead_id", "Score", "Do Not Email", "Visits", "Zip", "Revenue", "Opted In", "Won At", "Order", "Mixed", "Empty", "Rating"}
	r := newMemRecords("l.csv", header,
		[]string{"1", "0", "1", "1", "02139", "1.234", "Y", "3/25/2024", "03/04/2024", "5", "", "1"},
		[]string{"2", "1", "0", "0", "10001", "2,5", "n", "4/1/2024 10:00 AM", "01/02/2024", "x", "", "2"},
		[]string{"3", "1", "0", "0", "94105", "", "y", "", "", "2024-01-01", "", "-"},
		[]string{"4", "0", "", "1", "", "7", "N", "2/29/2024", "03/04/2024", "", "", "3"},
	)
	dict := funnel.NewDict()
	tab, warnings, err := LoadFrom(r, funnel.Leads, dict, Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantWarnings := []string{
		`l.csv: column "Order" looks like dates, but every one reads both as MM/DD/YYYY and DD/MM/YYYY; it is kept as text (--date-order mdy|dmy reads it as dates)`,
		`l.csv: column "Rating" is read as text because of "-"; if it means missing, add --na-values "-"`,
	}
	if !reflect.DeepEqual(warnings, wantWarnings) {
		t.Errorf("warnings\n got %q\nwant %q", warnings, wantWarnings)
	}
	cases := []struct {
		header string
		kind   funnel.Kind
		nums   []float64
		bools  []int8
		times  []int64
		texts  []string
	}{
		{header: "Score", kind: funnel.KindNumber, nums: []float64{0, 1, 1, 0}},                // 0/1 without a flag word: a number
		{header: "Do Not Email", kind: funnel.KindBool, bools: []int8{1, 0, 0, -1}},            // "do", "not": a flag
		{header: "Visits", kind: funnel.KindNumber, nums: []float64{1, 0, 0, 1}},               // 0/1 counts
		{header: "Zip", kind: funnel.KindText, texts: []string{"02139", "10001", "94105", ""}}, // leading zero: a code
		{header: "Revenue", kind: funnel.KindNumber, nums: []float64{1234, 2.5, naNum, 7}},     // "2,5" settles European
		{header: "Opted In", kind: funnel.KindBool, bools: []int8{1, 0, 1, 0}},
		{header: "Won At", kind: funnel.KindTime, times: []int64{utcOf(2024, 3, 25, 0, 0, 0), utcOf(2024, 4, 1, 10, 0, 0), funnel.NoTime, utcOf(2024, 2, 29, 0, 0, 0)}},
		{header: "Order", kind: funnel.KindText, texts: []string{"03/04/2024", "01/02/2024", "", "03/04/2024"}},
		{header: "Mixed", kind: funnel.KindText, texts: []string{"5", "x", "2024-01-01", ""}},
		{header: "Empty", kind: funnel.KindText, texts: []string{"", "", "", ""}},
		{header: "Rating", kind: funnel.KindText, texts: []string{"1", "2", "-", "3"}},
	}
	for _, c := range cases {
		col := tab.Named(c.header)
		if col.Kind != c.kind {
			t.Errorf("%s: kind %v, want %v", c.header, col.Kind, c.kind)
			continue
		}
		switch c.kind {
		case funnel.KindNumber:
			if !sameFloats(col.Nums, c.nums) || col.Codes != nil {
				t.Errorf("%s: %v, want %v", c.header, col.Nums, c.nums)
			}
		case funnel.KindBool:
			if !reflect.DeepEqual(col.Bools, c.bools) {
				t.Errorf("%s: %v, want %v", c.header, col.Bools, c.bools)
			}
		case funnel.KindTime:
			if !reflect.DeepEqual(col.Times, c.times) || col.Layout != "MM/DD/YYYY h:MM AM/PM" || col.DateOnly {
				t.Errorf("%s: %v %q %v", c.header, col.Times, col.Layout, col.DateOnly)
			}
		case funnel.KindText:
			if got := textsOf(tab, col); !reflect.DeepEqual(got, c.texts) {
				t.Errorf("%s: %q, want %q", c.header, got, c.texts)
			}
		}
	}
	if _, ok := dict.Lookup("1.234"); ok {
		t.Errorf("a number attribute leaked into the shared dict")
	}
}

func TestLoadFromErrors(t *testing.T) {
	t.Parallel()
	header := []string{"Lead ID", "Date", "Converted", "Value"}
	good := []string{"L1", "2024-03-05", "1", "5"}
	cases := []struct {
		name string
		rows [][]string
		opts Options
		err  string
		is   error
	}{
		{"field count", [][]string{good, {"L2", "2024-03-05", "1"}}, Options{},
			`t.csv:3: column "Value": wrong number of fields (the row ends after 3 of the header's 4 fields; a truncated file, or a line break inside an unquoted value?)`, ErrFieldCount},
		{"bad date", [][]string{good, {"L2", "2024-13-05", "1", "5"}}, Options{},
			`t.csv:3: column "Date": cannot parse "2024-13-05" as a date (month 13 out of range (YYYY-MM-DD))`, ErrBadDate},
		{"bad bool", [][]string{{"L2", "2024-03-05", "maybe", "5"}}, Options{},
			`t.csv:2: column "Converted": cannot parse "maybe" as a boolean (expected 1/0, true/false, yes/no, y/n or t/f; --positive VALUE names another true value)`, ErrBadBool},
		{"bad number", [][]string{good, good, {"L2", "2024-03-05", "1", "NaN"}}, Options{},
			`t.csv:4: column "Value": cannot parse "NaN" as a number (NaN is not a finite number)`, ErrBadNumber},
		{"too many errors", [][]string{{"L2", "x", "1", "5"}, good, {"L2", "2024-03-05", "1", "y"}, {"L3", "2024-03-05", "2", "5"}}, Options{MaxErrors: 2},
			`t.csv:5: column "Converted": cannot parse "2" as a boolean (expected 1/0, true/false, yes/no, y/n or t/f; --positive VALUE names another true value) (after 2 bad rows skipped, --max-errors 2)`, ErrBadBool},
		{"ambiguous", [][]string{{"L1", "03/04/2024", "1", "5"}, {"L2", "01/02/2024", "0", "6"}}, Options{},
			`t.csv:2: column "Date": ambiguous day/month order "03/04/2024" (every date of the column reads both as MM/DD/YYYY and as DD/MM/YYYY; settle it with --date-order mdy|dmy)`, ErrAmbiguousDate},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := LoadFrom(newMemRecords("t.csv", header, c.rows...), funnel.Touches, funnel.NewDict(), c.opts)
			if err == nil || err.Error() != c.err {
				t.Fatalf("error\n got %v\nwant %s", err, c.err)
			}
			if !errors.Is(err, c.is) {
				t.Errorf("%v is not %v", err, c.is)
			}
		})
	}
}

func TestLoadFromMaxErrors(t *testing.T) {
	t.Parallel()
	header := []string{"Lead ID", "Date", "Value"}
	r := newMemRecords("t.csv", header,
		[]string{"L1", "2024-03-05", "1"},
		[]string{"L2", "someday", "2"},
		[]string{"L3", "2024-03-07", "3", "", " "}, // trailing blank fields are fine
		[]string{"L4", "2024-03-08"},
		[]string{"L5", "2024-03-09", "5"},
	)
	r.errs = map[int]error{4: &RowError{File: "t.csv", Line: 6, Err: ErrQuote}}
	r.rows = append(r.rows, []string{"L6", "2024-03-10", "6"})
	tab, warnings, err := LoadFrom(r, funnel.Touches, funnel.NewDict(), Options{MaxErrors: 3})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`t.csv:3: column "Date": cannot parse "someday" as a date (not a date layout funnel reads (YYYY-MM-DD, MM/DD/YYYY, DD.MM.YYYY, ...); the column reads YYYY-MM-DD) (row skipped)`,
		`t.csv:5: column "Value": wrong number of fields (the row ends after 2 of the header's 3 fields; a truncated file, or a line break inside an unquoted value?) (row skipped)`,
		`t.csv:6: unbalanced quote (row skipped)`,
	}
	if !reflect.DeepEqual(warnings, want) {
		t.Errorf("warnings\n got %q\nwant %q", warnings, want)
	}
	if got := textsOf(tab, tab.Role("lead_id")); !reflect.DeepEqual(got, []string{"L1", "L3", "L6"}) {
		t.Errorf("rows %q", got)
	}
	if !reflect.DeepEqual(tab.Lines, []int32{2, 4, 7}) || !reflect.DeepEqual(tab.Role("value").Nums, []float64{1, 3, 6}) {
		t.Errorf("lines %v values %v", tab.Lines, tab.Role("value").Nums)
	}
}

// TestLoadFromSettlesLate checks that values read before the column's
// layout was settled are rewritten: slash dates and ambiguous numbers.
func TestLoadFromSettlesLate(t *testing.T) {
	t.Parallel()
	r := newMemRecords("o.csv", []string{"Opportunity ID", "Close Date", "Amount"},
		[]string{"O1", "05/03/2024", "1.500"},
		[]string{"O2", "", "2.000"},
		[]string{"O3", "25/12/2024", "99,5"},
	)
	tab, _, err := LoadFrom(r, funnel.Opportunities, funnel.NewDict(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	closed := tab.Role("closed_at")
	if want := []int64{utcOf(2024, 3, 5, 0, 0, 0), funnel.NoTime, utcOf(2024, 12, 25, 0, 0, 0)}; !reflect.DeepEqual(closed.Times, want) || closed.Layout != "DD/MM/YYYY" || !closed.DateOnly {
		t.Errorf("closed_at %v %q", closed.Times, closed.Layout)
	}
	if got := tab.Role("amount").Nums; !reflect.DeepEqual(got, []float64{1500, 2000, 99.5}) {
		t.Errorf("amount %v", got)
	}
}

func TestLoadFromXLSXShortRows(t *testing.T) {
	t.Parallel()
	r := newMemRecords("b.xlsx#Leads", []string{"Lead ID", "Industry", "Employees"},
		[]string{"L1"},
		[]string{"L2", "Retail", "40"},
	)
	r.format = Format{Kind: "xlsx", Sheet: "Leads"}
	tab, _, err := LoadFrom(r, funnel.Leads, funnel.NewDict(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := tab.Role("employees").Nums; !sameFloats(got, []float64{naNum, 40}) {
		t.Errorf("employees %v", got)
	}
}

func TestLoadFromWideStages(t *testing.T) {
	t.Parallel()
	r := newMemRecords("s.csv", []string{"Record ID", "Became a Lead Date", "Became a Customer Date", "Owner"},
		[]string{"51", "2024-03-05 14:30", "", "Dana"},
		[]string{"52", "2024-03-14 08:05", "2024-04-18 17:00", "Fox"},
	)
	tab, _, err := LoadFrom(r, funnel.Stages, funnel.NewDict(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	lead, cust := tab.Named("Became a Lead Date"), tab.Named("Became a Customer Date")
	if lead.Kind != funnel.KindTime || lead.Role != "" || !reflect.DeepEqual(cust.Times, []int64{funnel.NoTime, utcOf(2024, 4, 18, 17, 0, 0)}) {
		t.Errorf("wide columns %+v %+v", lead, cust)
	}
	if got := textsOf(tab, tab.Role("entity_id")); !reflect.DeepEqual(got, []string{"51", "52"}) {
		t.Errorf("entity_id %q", got)
	}
	// A bad value in a wide column is an error like in a time role.
	r = newMemRecords("s.csv", []string{"Record ID", "Became a Lead Date"}, []string{"51", "soon"})
	_, _, err = LoadFrom(r, funnel.Stages, funnel.NewDict(), Options{})
	if want := `s.csv:2: column "Became a Lead Date": cannot parse "soon" as a date (not a date layout funnel reads (YYYY-MM-DD, MM/DD/YYYY, DD.MM.YYYY, ...))`; err == nil || err.Error() != want {
		t.Errorf("error\n got %v\nwant %s", err, want)
	}
}

func TestFlagHeader(t *testing.T) {
	t.Parallel()
	for h, want := range map[string]bool{
		"Converted": true, "IsWon": true, "is_won": true, "Do Not Email": true, "HasResponded": true,
		"Score": false, "TotalVisits": false, "Employees": false, "Island": false, "Customer Tier": true,
	} {
		if got := flagHeader(h); got != want {
			t.Errorf("flagHeader(%q) = %v, want %v", h, got, want)
		}
	}
}

func TestTimeHeader(t *testing.T) {
	t.Parallel()
	for h, want := range map[string]bool{
		"event_timestamp": true, "Event Timestamp": true, "won_at": true, "closedAt": true, "Created On": true,
		"Deal - Won time": true, "event_date": true, "Date Created": true, "createdate": true, "hs_lastmodifieddate": true,
		"created": true, "Last Updated": true,
		"lifetime": false, "Time on Page": false, "order_number": false, "candidate": false, "Attended": false, "Format": false,
	} {
		if got := timeHeader(h); got != want {
			t.Errorf("timeHeader(%q) = %v, want %v", h, got, want)
		}
	}
}

// writeTouchesCSV writes a touches export of n rows (lead_id, occurred_at,
// activity_type, channel, campaign) with n/25 leads, seeded.
func writeTouchesCSV(tb testing.TB, path string, n int) int64 {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	rng := rand.New(rand.NewPCG(7, 7))
	types := []string{"web_visit", "pricing_view", "webinar", "trial_signup", "whitepaper", "email_click", "demo_request"}
	channels := []string{"organic", "events", "product", "content", "email", "sales"}
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	w.WriteString("lead_id,occurred_at,activity_type,channel,campaign\n")
	leads := max(n/25, 1)
	for i := 0; i < n; i++ {
		ts := time.Unix(base+rng.Int64N(600*86400), 0).UTC()
		fmt.Fprintf(w, "L%07d,%s,%s,%s,C%02d\n", rng.IntN(leads), ts.Format(time.DateTime),
			types[rng.IntN(len(types))], channels[rng.IntN(len(channels))], rng.IntN(40))
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	st, _ := f.Stat()
	f.Close()
	return st.Size()
}

// BenchmarkLoadTouches loads a generated 1M-row touches CSV through Load
// (the real CSV reader) and reports ns/row and allocated bytes/row.
func BenchmarkLoadTouches(b *testing.B) {
	const rows = 1_000_000
	path := filepath.Join(b.TempDir(), "touches.csv")
	size := writeTouchesCSV(b, path, rows)
	b.SetBytes(size)
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t, _, err := Load(path, funnel.Touches, funnel.NewDict(), Options{})
		if err != nil {
			b.Fatal(err)
		}
		if t.Rows != rows {
			b.Fatalf("%d rows", t.Rows)
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	n := float64(b.N) * rows
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/row")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/n, "B/row")
}

// TestLoadTouchesMemory loads generated touch rows (200,000, or
// FUNNEL_MEMTEST_ROWS) and bounds the live heap the table takes per row,
// read from runtime.MemStats after a GC. Worked out: the columns take 28
// bytes a row (lead, activity, channel and campaign codes and the line,
// int32; the time, int64) and the Dict a lead id per 25 rows; measured
// 32.3 bytes a row at 200,000 rows and 31.2 at 1,000,000 (go1.26, amd64,
// GOMAXPROCS 1 and 2 alike). The bound, 56 bytes (twice the columns: room
// for a capacity estimated from the file size), counts bytes, not time,
// so it holds on any 64-bit machine; a change that keeps the rows' text
// or widens a column fails it. The test does not run in parallel: other
// tests' allocations would count. Peak memory: run the test binary under
// /usr/bin/time -v.
func TestLoadTouchesMemory(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("FUNNEL_MEMTEST_ROWS"))
	if n <= 0 {
		n = 200_000
	}
	const maxBytesPerRow = 56
	path := filepath.Join(t.TempDir(), "touches.csv")
	size := writeTouchesCSV(t, path, n)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	tab, _, err := Load(path, funnel.Touches, funnel.NewDict(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	live := float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(tab.Rows)
	t.Logf("%d rows (%d MB file) in %v: live heap %.1f bytes a row, allocated %.0f MB in total, dict %d strings",
		tab.Rows, size>>20, elapsed, live, float64(after.TotalAlloc-before.TotalAlloc)/(1<<20), tab.Dict.Len())
	if tab.Rows != n {
		t.Fatalf("%d rows, want %d", tab.Rows, n)
	}
	if live > maxBytesPerRow {
		t.Errorf("the table takes %.1f bytes a row of live heap, want at most %d", live, maxBytesPerRow)
	}
	runtime.KeepAlive(tab)
}

// cyclingRecords returns its records over and over, n in all: the typed
// layer without the cost of a CSV reader.
type cyclingRecords struct {
	memRecords
	n int
}

func (c *cyclingRecords) Read() ([]string, error) {
	if c.line-1 >= c.n {
		return nil, io.EOF
	}
	c.line++
	return c.rows[(c.line-2)%len(c.rows)], nil
}

// BenchmarkTypedLayer measures LoadFrom alone (binding, interning, date
// parsing, commits) on 1M touch rows drawn from 4096 distinct records.
func BenchmarkTypedLayer(b *testing.B) {
	const rows = 1_000_000
	rng := rand.New(rand.NewPCG(3, 3))
	var recs [][]string
	for i := 0; i < 4096; i++ {
		ts := time.Unix(1704067200+rng.Int64N(600*86400), 0).UTC().Format(time.DateTime)
		recs = append(recs, []string{fmt.Sprintf("L%07d", rng.IntN(40000)), ts, "web_visit", "organic", fmt.Sprintf("C%02d", rng.IntN(40))})
	}
	header := []string{"lead_id", "occurred_at", "activity_type", "channel", "campaign"}
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := &cyclingRecords{memRecords: *newMemRecords("t.csv", header, recs...), n: rows}
		r.line = 1
		t, _, err := LoadFrom(r, funnel.Touches, funnel.NewDict(), Options{})
		if err != nil || t.Rows != rows {
			b.Fatal(err, t.Rows)
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	n := float64(b.N) * rows
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/row")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/n, "B/row")
}

// TestTextSize checks the size hint: the file size, or a gzip trailer's
// uncompressed size.
func TestTextSize(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	text := "Lead ID,Date\nL1,2024-03-05\nL2,2024-03-06\n" + strings.Repeat("L3,2024-03-07\n", 100)
	plain := filepath.Join(dir, "touches.csv")
	if err := os.WriteFile(plain, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(text))
	zw.Close()
	gz := filepath.Join(dir, "touches.csv.gz")
	if err := os.WriteFile(gz, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{plain, gz} {
		r, err := Open(p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := textSize(p, r); got != int64(len(text)) {
			t.Errorf("textSize(%s) = %d, want %d", p, got, len(text))
		}
		r.Close()
	}
}
