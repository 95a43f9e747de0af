package ingest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

// streamed is what Stream handed out, the chunks glued back together.
type streamed struct {
	sizes   []int
	columns []string
	lines   []int32
	codes   map[string][]int32
	nums    map[string][]float64
	times   map[string][]int64
	missing map[string]int
}

func collect(s *streamed) func(*funnel.Table) error {
	s.codes, s.nums, s.times, s.missing = map[string][]int32{}, map[string][]float64{}, map[string][]int64{}, map[string]int{}
	return func(t *funnel.Table) error {
		s.sizes = append(s.sizes, t.Rows)
		s.columns = columnNames(t)
		s.lines = append(s.lines, t.Lines...)
		for _, c := range t.Columns {
			if len(c.Codes) != t.Rows && len(c.Nums) != t.Rows && len(c.Times) != t.Rows && len(c.Bools) != t.Rows {
				return fmt.Errorf("column %q does not have the chunk's %d rows", c.Name, t.Rows)
			}
			s.codes[c.Name] = append(s.codes[c.Name], c.Codes...)
			s.nums[c.Name] = append(s.nums[c.Name], c.Nums...)
			s.times[c.Name] = append(s.times[c.Name], c.Times...)
			s.missing[c.Name] += c.Missing
		}
		return nil
	}
}

// sameAsTable reports how s differs from the role columns of t.
func (s *streamed) sameAsTable(t *funnel.Table) string {
	if !reflect.DeepEqual(s.lines, t.Lines) {
		return fmt.Sprintf("lines %v, table %v", s.lines, t.Lines)
	}
	for _, c := range t.Columns {
		if c.Role == "" {
			continue
		}
		got := fmt.Sprint(s.codes[c.Name], s.nums[c.Name], s.times[c.Name], s.missing[c.Name])
		if want := fmt.Sprint(c.Codes, c.Nums, c.Times, c.Missing); got != want {
			return fmt.Sprintf("column %q: %s, table %s", c.Name, got, want)
		}
	}
	return ""
}

func dictStrings(d *funnel.Dict) []string {
	var out []string
	for i := 0; i < d.Len(); i++ {
		out = append(out, d.String(int32(i)))
	}
	return out
}

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestStreamSameAsLoad streams files in chunks of 3 rows and compares
// with Load: the role columns, lines, warnings, Dict and errors are
// Load's; attribute columns are left out of the chunks, but typed (their
// warnings given, a time attribute counted in Latest).
func TestStreamSameAsLoad(t *testing.T) {
	t.Parallel()
	var rows strings.Builder
	rows.WriteString("lead_id,occurred_at,activity_type,value,Synced,Note\n")
	for i := 0; i < 10; i++ {
		fmt.Fprintf(&rows, "L%d,2024-03-%02d 10:00:00,%s,%d,2024-07-%02d,n%d\n", i%4, i+1, []string{"web", "email"}[i%2], i, i+1, i%3)
	}
	base := rows.String()
	cases := []struct {
		name   string
		text   string
		opts   Options
		sizes  []int // chunk sizes
		latest int64
		err    string
	}{
		// Latest: Synced holds 2024-07-10, later than every occurred_at.
		{name: "chunks of three", text: base, sizes: []int{3, 3, 3, 1}, latest: utcOf(2024, 7, 10, 0, 0, 0)},
		// Rows 2-6 are open (both parts <= 12) until 13/03/2024 on line
		// 7 settles DD/MM: the first chunk waits for it.
		{name: "slash dates held back until settled",
			text:  "lead_id,occurred_at,activity_type\nL1,01/03/2024,web\nL1,02/03/2024,web\nL2,03/03/2024,web\nL2,04/03/2024,web\nL3,05/03/2024,web\nL3,13/03/2024,web\nL4,14/03/2024,web\nL4,15/03/2024,web\n",
			sizes: []int{6, 2}, latest: utcOf(2024, 3, 15, 0, 0, 0)},
		// 1.234 is 1234 European-style or 1.234 US-style until 1,5 on
		// line 5 settles it European.
		{name: "numbers held back until settled",
			text:  "lead_id,occurred_at,value\nL1,2024-03-01,1.234\nL1,2024-03-02,2.345\nL1,2024-03-03,7\nL1,2024-03-04,\"1,5\"\nL1,2024-03-05,8\n",
			sizes: []int{4, 1}, latest: utcOf(2024, 3, 5, 0, 0, 0)},
		{name: "future dates warned as Load warns",
			text:  "lead_id,occurred_at\nL1,2024-03-01\nL1,2024-03-02\nL1,2024-03-03\nL1,2025-01-01\nL1,2024-03-05\nL1,2026-01-01\n",
			sizes: []int{3, 3}, latest: utcOf(2026, 1, 1, 0, 0, 0)},
		{name: "a bad row after two chunks", text: base + "L9,2024-03-32 10:00:00,web,1,2024-07-01,n\n",
			err: `touches.csv:12: column "occurred_at": cannot parse "2024-03-32 10:00:00" as a date (day 32 out of range for 2024-03)`},
		{name: "a bad row skipped", text: base + "L9,2024-03-32 10:00:00,web,1,2024-07-01,n\nL9,2024-03-30 10:00:00,web,1,2024-07-01,n\n",
			opts: Options{MaxErrors: 1}, sizes: []int{3, 3, 3, 2}, latest: utcOf(2024, 7, 10, 0, 0, 0)},
		{name: "ambiguous to the end",
			text: "lead_id,occurred_at\nL1,01/03/2024\nL1,02/03/2024\nL1,03/03/2024\nL1,04/03/2024\n",
			err:  `touches.csv:2: column "occurred_at": ambiguous day/month order "01/03/2024" (every date of the column reads both as MM/DD/YYYY and as DD/MM/YYYY; settle it with --date-order mdy|dmy)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := writeFile(t, "touches.csv", c.text)
			opts := c.opts
			opts.knobs = knobs{chunkRows: 3, now: juneFirstNoon}
			loadDict, streamDict := funnel.NewDict(), funnel.NewDict()
			table, loadWarnings, loadErr := Load(path, funnel.Touches, loadDict, opts)
			var s streamed
			sum, warnings, err := Stream(path, funnel.Touches, streamDict, opts, collect(&s))
			if c.err != "" {
				if err == nil || err.Error() != strings.ReplaceAll(c.err, "touches.csv", path) || fmt.Sprint(loadErr) != fmt.Sprint(err) {
					t.Fatalf("error %v\nLoad's %v\nwant %s", err, loadErr, c.err)
				}
				return
			}
			if err != nil || loadErr != nil {
				t.Fatal(err, loadErr)
			}
			if !reflect.DeepEqual(s.sizes, c.sizes) || sum.Rows != table.Rows || sum.Latest != c.latest {
				t.Errorf("chunks %v, rows %d, latest %s; want %v, %d, %s", s.sizes, sum.Rows, funnel.FormatTime(sum.Latest, false), c.sizes, table.Rows, funnel.FormatTime(c.latest, false))
			}
			if d := s.sameAsTable(table); d != "" {
				t.Error(d)
			}
			if !reflect.DeepEqual(warnings, loadWarnings) {
				t.Errorf("warnings %q\nLoad's %q", warnings, loadWarnings)
			}
			if !reflect.DeepEqual(dictStrings(streamDict), dictStrings(loadDict)) {
				t.Errorf("dict %q\nLoad's %q", dictStrings(streamDict), dictStrings(loadDict))
			}
			for _, name := range s.columns {
				if c := table.Named(name); c == nil || c.Role == "" {
					t.Errorf("chunk column %q is not a role column", name)
				}
			}
		})
	}
}

func TestStreamStops(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "touches.csv", "lead_id,occurred_at\nL1,2024-03-01\nL1,2024-03-02\nL1,2024-03-03\n")
	stop := errors.New("enough")
	calls := 0
	_, _, err := Stream(path, funnel.Touches, funnel.NewDict(), Options{knobs: knobs{chunkRows: 2}}, func(*funnel.Table) error { calls++; return stop })
	if err != stop || calls != 1 {
		t.Errorf("err %v after %d calls, want the sink's error after 1", err, calls)
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "ingest: Stream of leads") {
			t.Errorf("Stream of leads: recovered %v", r)
		}
	}()
	Stream(path, funnel.Leads, funnel.NewDict(), Options{}, func(*funnel.Table) error { return nil })
}

// TestLoadDatasetSink streams the touches of an export set to a sink:
// the sink sees the leads read before, the Dataset has no touches table,
// and the warnings and Dict are those of reading it whole.
func TestLoadDatasetSink(t *testing.T) {
	t.Parallel()
	leads := writeFile(t, "leads.csv", "lead_id,created_at\nL1,2024-01-01\nL2,2024-01-02\n")
	touches := writeFile(t, "touches.csv", "lead_id,occurred_at,channel,Seen\nL1,2024-02-01,web,2025-01-01\nL3,2024-02-03,email,\n")
	files := map[funnel.TableKind]string{funnel.Leads: leads, funnel.Touches: touches}
	whole, err := LoadDataset(files, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var s streamed
	var leadsSeen int
	opts := Options{Sink: func(ds *funnel.Dataset, k funnel.TableKind) func(*funnel.Table) error {
		if k != funnel.Touches {
			return nil
		}
		leadsSeen = ds.Leads.Rows
		return collect(&s)
	}}
	ds, err := LoadDataset(files, opts)
	if err != nil {
		t.Fatal(err)
	}
	// The latest timestamp is the streamed touches' (their Seen attribute,
	// typed as dates once read), as the stored table gives it.
	if ds.Touches != nil || ds.Leads == nil || leadsSeen != 2 || len(s.lines) != 2 || ds.LatestTime() != utcOf(2025, 1, 1, 0, 0, 0) || whole.LatestTime() != ds.LatestTime() {
		t.Errorf("touches table %v, leads seen %d, rows %d, latest %d (stored: %d)", ds.Touches, leadsSeen, len(s.lines), ds.LatestTime(), whole.LatestTime())
	}
	if d := s.sameAsTable(whole.Touches); d != "" {
		t.Error(d)
	}
	if !reflect.DeepEqual(ds.Warnings, whole.Warnings) || !reflect.DeepEqual(dictStrings(ds.Dict), dictStrings(whole.Dict)) {
		t.Errorf("warnings %q dict %q\nwhole: %q %q", ds.Warnings, dictStrings(ds.Dict), whole.Warnings, dictStrings(whole.Dict))
	}
	// A file without rows is the same error streamed or stored (issue 18:
	// streamed, it was a warning, and fit ran on no touches).
	empty := writeFile(t, "touches.csv", "lead_id,occurred_at\n")
	files[funnel.Touches] = empty
	want := empty + ":1: no data rows: the file holds only its header"
	if _, err := LoadDataset(files, opts); !errors.Is(err, ErrNoRows) || err.Error() != want {
		t.Errorf("empty streamed touches: %v, want %s", err, want)
	}
	stored := opts
	stored.Sink = nil
	if _, err := LoadDataset(files, stored); !errors.Is(err, ErrNoRows) || err.Error() != want {
		t.Errorf("empty stored touches: %v, want %s", err, want)
	}
}
