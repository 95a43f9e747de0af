package warehouse

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/attribution"
	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/internal/b2bfixture"
	"github.com/funnel-analytics/funnel/internal/pgtest"
	"github.com/funnel-analytics/funnel/velocity"
)

// b2bDB is the fixture's tables bound from the database.
// b2bSetup writes the B2B fixture (internal/b2bfixture) as files and
// loads it into a database of the test's own: the files' dataset, the
// database (closed at the test's end) and its bound tables.
func b2bSetup(t *testing.T, ctx context.Context) (*funnel.Dataset, *DB, B2BTables) {
	t.Helper()
	fx := b2bfixture.New()
	ds, err := ingest.LoadDataset(fx.Write(t, t.TempDir()), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	url := pgtest.NewDatabase(t)
	fx.Load(t, url)
	db, err := Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	return ds, db, b2bDB(t, ctx, db)
}

func b2bDB(t *testing.T, ctx context.Context, db *DB) B2BTables {
	var s B2BTables
	for _, tc := range []struct {
		name string
		kind funnel.TableKind
		t    **funnel.Table
		base *bool
	}{{"touches", funnel.Touches, &s.Touches, &s.TouchesBase}, {"lead", funnel.Leads, &s.Leads, &s.LeadsBase},
		{"opportunity", funnel.Opportunities, &s.Opportunities, &s.OpportunitiesBase}} {
		cat, err := db.Catalog(ctx, TableName{"crm", tc.name})
		if err != nil {
			t.Fatal(err)
		}
		b, _, err := Bind(cat, tc.kind, nil)
		if err != nil {
			t.Fatal(err)
		}
		*tc.t, *tc.base = b, cat.Base
	}
	return s
}

// TestB2BPathsEqualFiles: the fixture's journeys ending at opportunities
// (closed and created, lead and account level, by channel and campaign,
// with and without a 30-day lookback) cut in PostgreSQL (B2BPathSQL,
// OpportunityJourneys) equal attribution.FromOpportunities on the files:
// the channels and paths in the same order with the same counts (1e-9),
// the unattributed conversions, the outcomes' source, the warnings, and
// every path model's credit per channel.
func TestB2BPathsEqualFiles(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ds, db, s := b2bSetup(t, ctx)
	for _, opts := range []attribution.OpportunityOptions{
		{},
		{Lookback: 30 * 86400},
		{Level: attribution.LeadLevel, Lookback: 30 * 86400},
		{Milestone: attribution.MilestoneCreated, By: "campaign"},
		{Level: attribution.LeadLevel, Milestone: attribution.MilestoneCreated},
	} {
		name := fmt.Sprintf("%v %v %s %d", opts.Level, opts.Milestone, opts.By, opts.Lookback)
		want, err := attribution.FromOpportunities(ds, opts)
		if err != nil {
			t.Fatal(err)
		}
		q, level, err := B2BPathSQL(db.Dialect, s, opts)
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.OpportunityJourneys(ctx, q, s, level, opts)
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, q.SQL)
		}
		compareJourneys(t, name, got, want, ds)
	}
}

// TestStagePathsEqualFiles: the journeys into the stages mql and sql
// (velocity.Reached on the stages table, read by Load), cut in
// PostgreSQL (StagePathSQL, StageJourneys) at the level StageLevel
// settles and at account level, equal attribution.FromStages on the
// files, as TestB2BPathsEqualFiles compares them.
func TestStagePathsEqualFiles(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ds, db, s := b2bSetup(t, ctx)
	ladder := []string{"mql", "sql", "opportunity", "customer"}
	fileReached := reachedOf(t, ds, ladder)
	dbReached, dict := stagesReached(t, ctx, db, ladder)
	var records []string
	for e := range dbReached[0] {
		records = append(records, dict.String(e))
	}
	for _, level := range []attribution.Level{attribution.AutoLevel, attribution.AccountLevel} {
		settled, err := db.StageLevel(ctx, s, level, records)
		if err != nil {
			t.Fatal(err)
		}
		if level == attribution.AutoLevel && settled != attribution.LeadLevel {
			t.Errorf("auto level: %v; the stage records are leads", settled)
		}
		for k, stage := range ladder[:2] {
			name := fmt.Sprintf("%s %v", stage, level)
			want, err := attribution.FromStages(ds, attribution.StageOptions{Level: level, Lookback: 30 * 86400, Stage: stage, Reached: fileReached[k]})
			if err != nil {
				t.Fatal(err)
			}
			q, err := StagePathSQL(db.Dialect, s, "", 30*86400, settled)
			if err != nil {
				t.Fatal(err)
			}
			got, err := db.StageJourneys(ctx, q, dbReached[k], dict)
			if err != nil {
				t.Fatalf("%s: %v\n%s", name, err, q.SQL)
			}
			compareJourneys(t, name, got, want, ds)
		}
	}
}

// reachedOf is velocity.Reached of ds's stages on ladder: per rung, the
// entity code -> first time at it or above.
func reachedOf(t *testing.T, ds *funnel.Dataset, ladder []string) []map[int32]int64 {
	var all []map[int32]int64
	if _, _, err := velocity.Reached(ds, ladder, nil, func(_ *funnel.Dict, e int32, at []int64) {
		for len(all) < len(at) {
			all = append(all, map[int32]int64{})
		}
		for k, x := range at {
			all[k][e] = x
		}
	}); err != nil {
		t.Fatal(err)
	}
	return all
}

// stagesReached is reachedOf the fixture's crm.stage_history read from
// db (Load), with the dictionary of its entity codes.
func stagesReached(t *testing.T, ctx context.Context, db *DB, ladder []string) ([]map[int32]int64, *funnel.Dict) {
	t.Helper()
	cat, err := db.Catalog(ctx, TableName{"crm", "stage_history"})
	if err != nil {
		t.Fatal(err)
	}
	bound, _, err := Bind(cat, funnel.Stages, nil)
	if err != nil {
		t.Fatal(err)
	}
	dict := funnel.NewDict()
	loaded, _, err := db.Load(ctx, bound, cat.Base, nil, dict)
	if err != nil {
		t.Fatal(err)
	}
	return reachedOf(t, &funnel.Dataset{Dict: dict, Stages: loaded}, ladder), dict
}

// compareJourneys fails t unless got (from the database) equals want
// (from ds's files): channels and paths in order with their counts, the
// unattributed conversions and value, the outcome source and warnings
// (the files' names read as the tables'), and every path model's credit.
func compareJourneys(t *testing.T, name string, got, want *attribution.Journeys, ds *funnel.Dataset) {
	t.Helper()
	if !samePaths(got, want) {
		t.Errorf("%s: %d paths, channels %q; files %d, %q", name, got.NumPaths(), got.Channels(), want.NumPaths(), want.Channels())
		for p := 0; p < min(got.NumPaths(), want.NumPaths()); p++ {
			gc, gv, gn := got.PathCounts(p)
			wc, wv, wn := want.PathCounts(p)
			if got.PathString(p, ">") != want.PathString(p, ">") || gc != wc || gv != wv || gn != wn {
				t.Errorf("%s: path %d %q %v %v %v; files %q %v %v %v", name, p, got.PathString(p, ">"), gc, gv, gn, want.PathString(p, ">"), wc, wv, wn)
				break
			}
		}
	}
	if got.Unattributed != want.Unattributed || !close(got.UnattributedValue, want.UnattributedValue) || got.OutcomeSource != want.OutcomeSource {
		t.Errorf("%s: %d unattributed (%v), %q; files %d (%v), %q", name, got.Unattributed, got.UnattributedValue, got.OutcomeSource,
			want.Unattributed, want.UnattributedValue, want.OutcomeSource)
	}
	ww := strings.Join(want.Warnings, "\n")
	for _, tb := range []*funnel.Table{ds.Opportunities, ds.Touches} {
		ww = strings.ReplaceAll(ww, tb.Source, map[funnel.TableKind]string{funnel.Opportunities: "crm.opportunity", funnel.Touches: "crm.touches"}[tb.Kind])
	}
	if gw := strings.Join(got.Warnings, "\n"); gw != ww {
		t.Errorf("%s: warnings\n%s\nfiles:\n%s", name, gw, ww)
	}
	for _, d := range creditDiffs(t, got, want, attribution.Config{Models: pathModels}) {
		t.Errorf("%s, %s", name, d)
	}
	if c, _, n := want.Totals(); c < 5 || n < 5 {
		t.Errorf("%s: the fixture plants too little: %v conversions, %v nulls", name, c, n)
	}
}

// TestB2BHostileNames: touches and opportunities tables and columns
// named with quotes, semicolons and a DROP are quoted, not executed: the
// B2B path query and the opportunities' read run, the journey is cut
// (lead a's touches x then y before its won deal of 7), and the decoy
// table is still there.
func TestB2BHostileNames(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	pgtest.Exec(t, url, `CREATE TABLE decoy (n int);
CREATE TABLE "t""; DROP TABLE decoy; --" ("id"";--" text, "when'); DROP TABLE decoy; --" timestamptz, "ch" text);
INSERT INTO "t""; DROP TABLE decoy; --" VALUES ('a', '2026-01-01', 'x'), ('a', '2026-01-02', 'y'), ('a', '2026-01-09', 'z');
CREATE TABLE "o'; DROP TABLE decoy; --" ("deal""" text, "who'" text, "closed"";" timestamptz, "won--" boolean, "amt" numeric);
INSERT INTO "o'; DROP TABLE decoy; --" VALUES ('d1', 'a', '2026-01-03', true, 7)`)
	ctx := context.Background()
	db, err := Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cols := map[string]string{"touches.lead_id": `id";--`, "touches.occurred_at": "when'); DROP TABLE decoy; --", "touches.channel": "ch",
		"opportunities.opportunity_id": `deal"`, "opportunities.lead_id": "who'", "opportunities.closed_at": `closed";`,
		"opportunities.won": "won--", "opportunities.amount": "amt"}
	var s B2BTables
	for _, tc := range []struct {
		name string
		kind funnel.TableKind
		t    **funnel.Table
		base *bool
	}{{`t"; DROP TABLE decoy; --`, funnel.Touches, &s.Touches, &s.TouchesBase}, {"o'; DROP TABLE decoy; --", funnel.Opportunities, &s.Opportunities, &s.OpportunitiesBase}} {
		cat, err := db.Catalog(ctx, TableName{Name: tc.name})
		if err != nil {
			t.Fatal(err)
		}
		if *tc.t, _, err = Bind(cat, tc.kind, cols); err != nil {
			t.Fatal(err)
		}
		*tc.base = cat.Base
	}
	q, level, err := B2BPathSQL(db.Dialect, s, attribution.OpportunityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	j, err := db.OpportunityJourneys(ctx, q, s, level, attribution.OpportunityOptions{})
	if err != nil {
		t.Fatalf("%v\n%s", err, q.SQL)
	}
	c, v, n := j.Totals()
	if level != attribution.LeadLevel || j.NumPaths() != 1 || j.PathString(0, ">") != "x > y" || c != 1 || v != 7 || n != 0 {
		t.Errorf("%v level, %d paths, first %q, %v %v %v; want lead, x > y converting with 7", level, j.NumPaths(), j.PathString(0, ">"), c, v, n)
	}
	var count int
	if err := db.conn.QueryRow(ctx, "SELECT count(*) FROM decoy").Scan(&count); err != nil {
		t.Errorf("the decoy table is gone: %v", err)
	}
}
