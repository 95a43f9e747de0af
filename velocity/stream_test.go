package velocity

import (
	"errors"
	"fmt"
	"testing"
	"time"
	"unsafe"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
)

// streamTable feeds a table to a StageStream in chunks of n rows, as
// ingest.Stream would hand them out (sliced columns, their lines).
func streamTable(t *testing.T, tab *funnel.Table, n int) *StageStream {
	t.Helper()
	st := NewStageStream()
	for a := 0; a < tab.Rows; a += n {
		b := min(a+n, tab.Rows)
		chunk := &funnel.Table{Kind: tab.Kind, Source: tab.Source, Rows: b - a, Dict: tab.Dict, Lines: tab.Lines[a:b]}
		for _, c := range tab.Columns {
			cc := *c
			switch c.Kind {
			case funnel.KindText:
				cc.Codes = c.Codes[a:b]
			case funnel.KindNumber:
				cc.Nums = c.Nums[a:b]
			case funnel.KindBool:
				cc.Bools = c.Bools[a:b]
			case funnel.KindTime:
				cc.Times = c.Times[a:b]
			}
			chunk.Columns = append(chunk.Columns, &cc)
		}
		if err := st.Add(chunk); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// resultText writes everything Analyze computed that a report shows.
func resultText(r *Result) string {
	return fmt.Sprintf("ladder %v %v\nperiods %v\nlatest %q as of %v\ncounts %d %d %d %d %d %d\nvelocity %v\nconversion %v\ntrend %v\ndetail %v\nalerts %v\nwarnings %q",
		r.Ladder.Stages, r.Ladder.Source, r.Periods, r.LatestComplete, r.AsOf.Unix(),
		r.Entities, r.Entries, r.Duplicates, r.Transitions, r.Recycles, r.Skipped,
		r.Velocity, r.Conversion, r.Trend, r.Detail, r.Alerts, r.Warnings)
}

// TestStreamEqualsTable: Analyze of a StageStream gives, to the last
// character of every table, warning and count, what Analyze of the same
// rows as a table gives (the table path is the one checked by hand in
// TestVelocityHand, against pandas in TestPandasGenStages, ...), whatever
// the chunk size, with the file's rows grouped by entity or not.
func TestStreamEqualsTable(t *testing.T) {
	t.Parallel()
	grouped := func(rows [][]string) [][]string {
		var out [][]string
		seen := map[string]bool{}
		for _, r := range rows {
			if seen[r[0]] {
				continue
			}
			seen[r[0]] = true
			for _, s := range rows {
				if s[0] == r[0] {
					out = append(out, s)
				}
			}
		}
		return out
	}
	gen := readCSV(t, "../testdata/velocity/gen_stages/stages.csv")[1:]
	// Unusable rows, a stage off the ladder, duplicates and a typo in the year.
	messy := append([][]string{
		{"", "mql", "2026-01-02 00:00:00"},
		{"X", "", "2026-01-02 00:00:00"},
		{"X", "mql", ""},
		{"X", "Evangelist", "2026-01-04 00:00:00"},
		{"X", "mql", "2026-01-05 00:00:00"},
		{"X", "mql", "2026-01-05 00:00:00"},
		{"X", "sql", "2099-01-05 00:00:00"},
	}, handRows...)
	sets := []struct {
		name string
		rows [][]string
	}{
		{"hand, interleaved", handRows},
		{"hand, grouped", grouped(handRows)},
		{"alerts", alertRows()},
		{"gen_stages", gen},
		{"messy", messy},
	}
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	options := []struct {
		name string
		opts Options
	}{
		{"default", Options{}},
		{"detail within", Options{Detail: true, Within: 10 * 86400}},
		{"explicit order and pairs", Options{Order: []string{"awareness", "engaged", "mql", "sql", "opportunity", "customer"}, Pairs: []Pair{{"mql", "customer"}}}},
		{"weeks in New York", Options{Period: Week, Location: ny}},
		{"as of 2026-02-15, alerts", Options{AsOf: time.Date(2026, 2, 15, 0, 0, 0, 0, time.UTC), AlertSlower: 0.1, AlertMin: 1}},
		{"from to", Options{From: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}},
	}
	for _, set := range sets {
		for _, o := range options {
			ds := longDataset(t, set.rows)
			want, wantErr := Analyze(ds, o.opts)
			for _, n := range []int{1, 3, 1 << 20} {
				opts := o.opts
				opts.Stream = streamTable(t, ds.Stages, n)
				got, err := Analyze(nil, opts)
				if (err != nil) != (wantErr != nil) || err != nil && err.Error() != wantErr.Error() {
					t.Errorf("%s, %s, chunks of %d: error %v, want %v", set.name, o.name, n, err, wantErr)
					continue
				}
				if err != nil {
					continue
				}
				if g, w := resultText(got), resultText(want); g != w {
					t.Errorf("%s, %s, chunks of %d:\n--- stream\n%s\n--- table\n%s", set.name, o.name, n, g, w)
				}
			}
		}
	}
	// An observed ladder (names off the lifecycle) walks the entries twice.
	rows := [][]string{
		{"A", "Lead In", "2026-01-01"}, {"B", "Lead In", "2026-01-03"}, {"A", "Demo", "2026-01-05"},
		{"B", "Demo", "2026-01-09"}, {"A", "Won", "2026-02-01"}, {"B", "Lead In", "2026-02-02"},
	}
	ds := longDataset(t, rows)
	want, err := Analyze(ds, Options{Detail: true})
	if err != nil {
		t.Fatal(err)
	}
	got, err := Analyze(nil, Options{Detail: true, Stream: streamTable(t, ds.Stages, 2)})
	if err != nil {
		t.Fatal(err)
	}
	if g, w := resultText(got), resultText(want); g != w {
		t.Errorf("observed ladder:\n--- stream\n%s\n--- table\n%s", g, w)
	}
	if want.Ladder.Source != LadderObserved {
		t.Errorf("ladder source %v, want observed", want.Ladder.Source)
	}
}

// TestStreamIngest streams a real file through ingest (the way `funnel
// velocity` reads it) and compares with the file loaded as a table.
func TestStreamIngest(t *testing.T) {
	t.Parallel()
	const path = "../testdata/velocity/gen_stages/stages.csv"
	ds := funnel.NewDataset()
	tab, _, err := ingest.Load(path, funnel.Stages, ds.Dict, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ds.Stages = tab
	want, err := Analyze(ds, Options{Detail: true})
	if err != nil {
		t.Fatal(err)
	}
	st := NewStageStream()
	sum, _, err := ingest.Stream(path, funnel.Stages, funnel.NewDict(), ingest.Options{}, st.Add)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Analyze(nil, Options{Detail: true, Stream: st})
	if err != nil {
		t.Fatal(err)
	}
	if g, w := resultText(got), resultText(want); g != w {
		t.Errorf("streamed:\n%s\nloaded:\n%s", g, w)
	}
	// The latest timestamp of the file, as ingest reported it.
	if latest := ds.LatestTime(); sum.Latest != latest || st.Entries() != tab.Rows || sum.Rows != tab.Rows {
		t.Errorf("latest %d entries %d rows %d, want %d and %d", sum.Latest, st.Entries(), sum.Rows, latest, tab.Rows)
	}
}

// TestStreamNotLong: a wide file, or a long one with mistyped columns,
// is refused at its first chunk with ErrNotLong (the caller reads it as a
// table, which names the exact problem).
func TestStreamNotLong(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		cols []col
	}{
		{"wide", []col{{"entity_id", funnel.RoleEntityID, funnel.KindText}, {"mql_date", "", funnel.KindTime}}},
		{"no entity", []col{{"stage", funnel.RoleStage, funnel.KindText}, {"entered_at", funnel.RoleEnteredAt, funnel.KindTime}}},
		{"numeric stage", []col{{"entity_id", funnel.RoleEntityID, funnel.KindText}, {"stage", funnel.RoleStage, funnel.KindNumber}, {"entered_at", funnel.RoleEnteredAt, funnel.KindTime}}},
	}
	for _, c := range cases {
		cells := make([]string, len(c.cols))
		for i, cc := range c.cols {
			cells[i] = map[funnel.Kind]string{funnel.KindText: "x", funnel.KindNumber: "1", funnel.KindTime: "2026-01-01"}[cc.kind]
		}
		tab := buildTable(t, funnel.Stages, "s.csv", funnel.NewDict(), c.cols, [][]string{cells})
		err := NewStageStream().Add(tab)
		if !errors.Is(err, ErrNotLong) {
			t.Errorf("%s: %v, want ErrNotLong", c.name, err)
		}
	}
	// A stream that was given nothing.
	if _, err := Analyze(nil, Options{Stream: NewStageStream()}); !errors.Is(err, ErrNoStages) {
		t.Errorf("empty stream: %v, want ErrNoStages", err)
	}
}

// TestStreamMemory: 16 bytes per entry, in blocks that appending never
// copies once past the first.
func TestStreamMemory(t *testing.T) {
	t.Parallel()
	if s := unsafe.Sizeof(streamEntry{}); s != 16 {
		t.Errorf("an entry takes %d bytes, want 16", s)
	}
	var b entryBlocks
	const n = 3<<entryBlockBits + 5
	for i := 0; i < n; i++ {
		b.add(streamEntry{t: int64(i)})
	}
	if len(b.blocks) != 4 || cap(b.blocks[1]) != 1<<entryBlockBits {
		t.Errorf("%d blocks, the second of cap %d", len(b.blocks), cap(b.blocks[1]))
	}
	for _, i := range []int{0, 255, 256, 1<<entryBlockBits - 1, 1 << entryBlockBits, n - 1} {
		if b.at(i).t != int64(i) {
			t.Errorf("entry %d holds %d", i, b.at(i).t)
		}
	}
}

// TestStreamGroupedDetection: an entity seen again after another one
// makes the stream ungrouped (walked by a counting sort), with the same
// result.
func TestStreamGroupedDetection(t *testing.T) {
	t.Parallel()
	ds := longDataset(t, [][]string{{"A", "mql", "2026-01-01"}, {"B", "mql", "2026-01-02"}, {"A", "sql", "2026-01-05"}})
	st := streamTable(t, ds.Stages, 1)
	if st.grouped {
		t.Error("A, B, A: grouped")
	}
	ds = longDataset(t, [][]string{{"A", "mql", "2026-01-01"}, {"A", "sql", "2026-01-05"}, {"", "mql", "2026-01-06"}, {"B", "mql", "2026-01-02"}})
	if st = streamTable(t, ds.Stages, 2); !st.grouped {
		t.Error("A, A, -, B: not grouped")
	}
	res, err := Analyze(nil, Options{Stream: st})
	if err != nil {
		t.Fatal(err)
	}
	// A: mql 01-01 -> sql 01-05, 4 days; B: mql only.
	if v := velocityRow(t, res, "2026-01", "mql", "sql"); v.Transitions != 1 || v.MeanDays != 4 || res.Entities != 2 {
		t.Errorf("%+v, %d entities", v, res.Entities)
	}
}
