package warehouse

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/funnel-analytics/funnel/attribution"
	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// touchRow is one row of the equality fixture.
type touchRow struct {
	lead      string
	at        time.Time
	channel   string // "" is NULL / blank
	converted int    // 1, 0, -1 NULL / blank
	value     float64
	hasValue  bool
}

// equalityTouches plants an event log: 300 leads, 1 to 12 touches each on
// 7 channels (one named with the path separator, a quote and a comma,
// one with a multi-byte letter), times on a 6-hour grid so that ties
// occur, a conversion on some 15% of rows (with a value, a few without),
// and a few rows without a channel or a converted flag.
func equalityTouches() []touchRow {
	r := rand.New(rand.NewPCG(15, 2026))
	channels := []string{"email", "paid search", "organic", `events > "trade", shows`, "Wébinar", "social", "direct"}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var rows []touchRow
	for l := 0; l < 300; l++ {
		at := start.Add(time.Duration(r.IntN(400)) * 6 * time.Hour)
		for range 1 + r.IntN(12) {
			at = at.Add(time.Duration(r.IntN(4*20)) * 6 * time.Hour) // 0 to 20 days on, a tie at 0
			row := touchRow{lead: fmt.Sprintf("L%03d", l), at: at, channel: channels[r.IntN(len(channels))]}
			switch u := r.Float64(); {
			case u < 0.15:
				row.converted = 1
				if r.IntN(10) > 0 {
					row.value, row.hasValue = float64(100+r.IntN(5000))/4, true
				}
			case u < 0.17:
				row.converted = -1
			}
			if r.IntN(40) == 0 {
				row.channel = ""
			}
			rows = append(rows, row)
		}
	}
	return rows
}

// writeCSV writes rows as a touches export and returns its path.
func writeCSV(t *testing.T, rows []touchRow) string {
	var b strings.Builder
	b.WriteString("lead_id,occurred_at,channel,converted,value\n")
	for _, r := range rows {
		conv := map[int]string{1: "true", 0: "false", -1: ""}[r.converted]
		val := ""
		if r.hasValue {
			val = fmt.Sprint(r.value)
		}
		fmt.Fprintf(&b, "%s,%s,%q,%s,%s\n", r.lead, r.at.Format("2006-01-02 15:04:05"), r.channel, conv, val)
	}
	path := filepath.Join(t.TempDir(), "touches.csv")
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(b.String(), `\"`, `""`)), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// loadTable creates table name (columns as the CSV's, typed) in the
// database at url and copies rows into it in their order.
func loadTable(t *testing.T, url, name string, rows []touchRow) {
	pgtest.Exec(t, url, `CREATE SCHEMA marketing; CREATE TABLE `+name+
		` ("Lead ID" text, "Activity Date" timestamptz, "Channel" text, converted boolean, value numeric(12,2))`)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	src := make([][]any, len(rows))
	for i, r := range rows {
		var ch, conv, val any
		if r.channel != "" {
			ch = r.channel
		}
		if r.converted >= 0 {
			conv = r.converted == 1
		}
		if r.hasValue {
			val = fmt.Sprint(r.value)
		}
		src[i] = []any{r.lead, r.at, ch, conv, val}
	}
	tn, _ := ParseTableName(name)
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{tn.Schema, tn.Name}, []string{"Lead ID", "Activity Date", "Channel", "converted", "value"}, pgx.CopyFromRows(src)); err != nil {
		t.Fatal(err)
	}
}

// TestPathsEqualFiles: the same touches in a CSV (attribution.FromTouches)
// and in PostgreSQL (PathSQL, Paths: the journeys cut and grouped in SQL)
// give the same journeys and every path model the same credit per channel,
// to 1e-9 relative, with and without a lookback. The table's headers are
// aliases ("Lead ID", "Activity Date", "Channel"), bound as a file's.
func TestPathsEqualFiles(t *testing.T) {
	t.Parallel()
	rows := equalityTouches()
	ctx := context.Background()
	db, bound, base := activitiesDB(t, ctx, rows)
	// 47 rows without a channel, 32 without a converted flag, 38
	// conversions without a value, as planted; both readers must say so.
	file, _, err := ingest.Load(writeCSV(t, rows), funnel.Touches, funnel.NewDict(), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, lookback := range []int64{0, 7 * 86400} {
		want, err := attribution.FromTouches(file, attribution.TouchOptions{Lookback: lookback})
		if err != nil {
			t.Fatal(err)
		}
		q, err := PathSQL(db.Dialect, bound, base, PathOptions{Lookback: lookback})
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.Paths(ctx, q)
		if err != nil {
			t.Fatalf("%v\n%s", err, q.SQL)
		}
		if got.NumPaths() != want.NumPaths() || got.NumChannels() != want.NumChannels() || got.Unattributed != want.Unattributed ||
			!close(got.UnattributedValue, want.UnattributedValue) {
			t.Fatalf("lookback %d: %d paths, %d channels, %d unattributed (%v); files: %d, %d, %d (%v)", lookback,
				got.NumPaths(), got.NumChannels(), got.Unattributed, got.UnattributedValue,
				want.NumPaths(), want.NumChannels(), want.Unattributed, want.UnattributedValue)
		}
		if !samePaths(got, want) {
			t.Errorf("lookback %d: channels %q, first path %q; files %q, %q", lookback, got.Channels(), got.PathString(0, ">"), want.Channels(), want.PathString(0, ">"))
		}
		gc, gv, gn := got.Totals()
		wc, wv, wn := want.Totals()
		if gc != wc || gn != wn || !close(gv, wv) {
			t.Errorf("lookback %d: totals %v %v %v; files %v %v %v", lookback, gc, gv, gn, wc, wv, wn)
		}
		if strings.Join(got.Warnings, "\n") != strings.ReplaceAll(strings.Join(want.Warnings, "\n"), file.Source, "marketing.activities") {
			t.Errorf("lookback %d: warnings\n%s\nfiles:\n%s", lookback, strings.Join(got.Warnings, "\n"), strings.Join(want.Warnings, "\n"))
		}
		for _, d := range creditDiffs(t, got, want, attribution.Config{Models: pathModels}) {
			t.Errorf("lookback %d, %s", lookback, d)
		}
		if wc < 100 || wn < 50 || want.Unattributed == 0 && lookback > 0 {
			t.Errorf("lookback %d: the fixture plants too little: %v conversions, %v nulls, %d unattributed", lookback, wc, wn, want.Unattributed)
		}
	}
}

// activitiesDB loads rows into marketing.activities of a database of the
// test's own and returns it connected (closed at the test's end), with
// the table bound as touches and whether it has a physical row order.
func activitiesDB(t *testing.T, ctx context.Context, rows []touchRow) (*DB, *funnel.Table, bool) {
	t.Helper()
	url := pgtest.NewDatabase(t)
	loadTable(t, url, "marketing.activities", rows)
	db, err := Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	cat, err := db.Catalog(ctx, TableName{"marketing", "activities"})
	if err != nil {
		t.Fatal(err)
	}
	bound, _, err := Bind(cat, funnel.Touches, nil)
	if err != nil {
		t.Fatal(err)
	}
	return db, bound, cat.Base
}

// pathModels are the models whose credit the path table alone gives.
var pathModels = []attribution.Model{attribution.FirstTouch, attribution.LastTouch, attribution.LinearTouch,
	attribution.PositionBased, attribution.Markov, attribution.Shapley}

// creditDiffs lists each model and channel whose credit under cfg on got
// (from the database) differs from want's (from the files) past 1e-9
// relative, channels matched by name (one got lacks differs); got's
// attribution failing is the one entry.
func creditDiffs(t *testing.T, got, want *attribution.Journeys, cfg attribution.Config) []string {
	t.Helper()
	rg, err := attribution.Attribute(got, cfg)
	if err != nil {
		return []string{err.Error()}
	}
	rw, err := attribution.Attribute(want, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var diffs []string
	for m, cw := range rw.Credits {
		cg := rg.Credits[m]
		for c, name := range want.Channels() {
			k := slices.Index(got.Channels(), name)
			if k < 0 {
				diffs = append(diffs, fmt.Sprintf("%s, %s: no such channel in the database", cw.Model, name))
				continue
			}
			if !close(cg.Conversions[k], cw.Conversions[c]) || !close(cg.Value[k], cw.Value[c]) {
				diffs = append(diffs, fmt.Sprintf("%s, %s: %.12g conversions, %.12g value; files %.12g, %.12g", cw.Model, name,
					cg.Conversions[k], cg.Value[k], cw.Conversions[c], cw.Value[c]))
			}
		}
	}
	return diffs
}

// close is equality within 1e-9 relative (1e-9 absolute near 0).
func close(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// samePaths reports whether a and b hold the same channels in the same
// order (first appearance) and the same paths in the same order with the
// same counts (1e-9).
func samePaths(a, b *attribution.Journeys) bool {
	if !slices.Equal(a.Channels(), b.Channels()) || a.NumPaths() != b.NumPaths() {
		return false
	}
	for p := 0; p < a.NumPaths(); p++ {
		ac, av, an := a.PathCounts(p)
		bc, bv, bn := b.PathCounts(p)
		if !slices.Equal(a.Path(p), b.Path(p)) || !close(ac, bc) || !close(av, bv) || !close(an, bn) {
			return false
		}
	}
	return true
}
