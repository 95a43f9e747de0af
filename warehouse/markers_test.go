package warehouse

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/attribution"
	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/internal/b2bfixture"
	"github.com/funnel-analytics/funnel/internal/pgtest"
)

// markersDiffer returns the first model and channel whose w_shaped or
// full_path credit on got (from the database) differs from want's (from
// the files) past 1e-9 relative, "" when none does (creditDiffs).
func markersDiffer(t *testing.T, got, want *attribution.Journeys) string {
	t.Helper()
	if d := creditDiffs(t, got, want, attribution.Config{Models: []attribution.Model{attribution.WShaped, attribution.FullPath}}); len(d) > 0 {
		return d[0]
	}
	return ""
}

// brokenMarkers are MarkerSQL broken on purpose: the lead-creation touch
// the first touch after the lead's creation instead of the last at or
// before it, the rest share not split over the unmarked touches, the
// markers not shifted by the touches the lookback drops.
func brokenMarkers(sql string) map[string]string {
	return map[string]string{
		"lead touch after creation": strings.Replace(sql, "coalesce(max(CASE WHEN at <= lead_t THEN pos END) OVER p, 1)", "coalesce(min(CASE WHEN at > lead_t THEN pos END) OVER p, 1)", 1),
		"rest not split":            strings.Replace(sql, "/ (n - ws_marked)", "/ 1", 1),
		"markers not shifted":       strings.Replace(strings.Replace(sql, "greatest(lead_pos - dropped, 1)", "lead_pos", 1), "greatest(opp_pos - dropped, 1)", "opp_pos", 1),
	}
}

// TestMarkersEqualFiles: w_shaped and full_path computed in PostgreSQL
// (WithMarkers, MarkerSQL: each journey's lead-creation, opportunity-
// creation and won touches and the weights by window functions) on the
// B2B fixture's journeys ending at opportunities (closed and created,
// lead and account level, by channel and campaign, with the 30-day
// lookback whose boundary the fixture plants, ties in time) equal
// attribution's on FromOpportunities of the files, to 1e-9 relative,
// with the same warnings; each broken query (brokenMarkers) differs
// where the case plants what it breaks.
func TestMarkersEqualFiles(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ds, db, s := b2bSetup(t, ctx)
	broken := map[string]bool{}
	for _, opts := range []attribution.OpportunityOptions{
		{},
		{Lookback: 30 * 86400},
		{Level: attribution.LeadLevel, Lookback: 30 * 86400},
		{Milestone: attribution.MilestoneCreated, By: "campaign"},
		{Level: attribution.LeadLevel},
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
		q.WithMarkers()
		got, err := db.OpportunityJourneys(ctx, q, s, level, opts)
		if err != nil {
			sql, _ := MarkerSQL(db.Dialect, q, s, level)
			t.Fatalf("%s: %v\n%s", name, err, sql)
		}
		if !want.HasMarkers() {
			t.Fatalf("%s: the files find no markers", name)
		}
		if d := markersDiffer(t, got, want); d != "" {
			t.Errorf("%s: %s", name, d)
		}
		compareJourneys(t, name, got, want, ds)
		// Break the query: redo OpportunityJourneys' steps by hand.
		dict := funnel.NewDict()
		opps, _, err := db.Load(ctx, s.Opportunities, s.OpportunitiesBase, nil, dict)
		if err != nil {
			t.Fatal(err)
		}
		eds := s.dataset()
		eds.Opportunities, eds.Dict = opps, dict
		o, err := attribution.ReadOpportunityEnds(eds, attribution.OpportunityOptions{Level: level, Milestone: opts.Milestone, By: opts.By, Lookback: opts.Lookback})
		if err != nil {
			t.Fatal(err)
		}
		sql, err := MarkerSQL(db.Dialect, q, s, level)
		if err != nil {
			t.Fatal(err)
		}
		for what, bad := range brokenMarkers(sql) {
			if bad == sql {
				t.Fatalf("%s: the query has nothing to break for %s", name, what)
			}
			if err := db.readMarkersSQL(ctx, q, bad, o, got); err != nil {
				t.Fatalf("%s, %s: %v", name, what, err)
			}
			if markersDiffer(t, got, want) != "" {
				broken[what] = true
			}
		}
	}
	for what := range brokenMarkers("") {
		if !broken[what] {
			t.Errorf("the query with the %s still equals the files in every case", what)
		}
	}
}

// TestMarkersHand: two won deals whose w_shaped and full_path credit is
// worked out by hand (lead level), and the warnings of a lead without
// created_at and a deal without created_at, equal from the files and
// from PostgreSQL:
//
//	a: email 1/1, search 1/3, webinar 1/5, direct 1/8; lead created 1/3
//	   noon (lead touch search), deal created 1/6 (webinar), won 1/10
//	   (1000): w_shaped .3 .3 .3 and .1 on direct; full_path all four
//	   marked, .225 each over .9: 1/4 each
//	b: email 1/2, social 1/4; not in the leads (lead touch the first),
//	   deal without created_at (the last), won 1/5 (500): both touches
//	   marked, w_shaped email .6 and social .3 over .9: 2/3, 1/3;
//	   full_path .45 each: 1/2, 1/2
func TestMarkersHand(t *testing.T) {
	dir := t.TempDir()
	texts := map[funnel.TableKind]string{
		funnel.Touches: "lead_id,occurred_at,channel\na,2026-01-01,email\na,2026-01-03,search\na,2026-01-05,webinar\na,2026-01-08,direct\n" +
			"b,2026-01-02,email\nb,2026-01-04,social\n",
		funnel.Leads:         "lead_id,account_id,created_at\na,A1,2026-01-03 12:00:00\nc,A2,2026-01-01\n",
		funnel.Opportunities: "opportunity_id,lead_id,created_at,closed_at,amount,won\no1,a,2026-01-06,2026-01-10,1000,true\no2,b,,2026-01-05,500,true\n",
	}
	types := map[funnel.TableKind]map[string]string{
		funnel.Touches:       {"occurred_at": "timestamptz"},
		funnel.Leads:         {"created_at": "timestamp"},
		funnel.Opportunities: {"created_at": "timestamptz", "closed_at": "timestamptz", "amount": "numeric(12,2)", "won": "boolean"},
	}
	url := pgtest.NewDatabase(t)
	paths := map[funnel.TableKind]string{}
	for kind, text := range texts {
		paths[kind] = dir + "/" + kind.String() + ".csv"
		if err := os.WriteFile(paths[kind], []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		pgtest.LoadCSV(t, url, b2bfixture.Tables[kind], paths[kind], types[kind])
	}
	ds, err := ingest.LoadDataset(paths, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err := Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := b2bDB(t, ctx, db)
	opts := attribution.OpportunityOptions{Level: attribution.LeadLevel}
	want, err := attribution.FromOpportunities(ds, opts)
	if err != nil {
		t.Fatal(err)
	}
	q, level, err := B2BPathSQL(db.Dialect, s, opts)
	if err != nil {
		t.Fatal(err)
	}
	q.WithMarkers()
	got, err := db.OpportunityJourneys(ctx, q, s, level, opts)
	if err != nil {
		t.Fatal(err)
	}
	res, err := attribution.Attribute(got, attribution.Config{Models: []attribution.Model{attribution.WShaped, attribution.FullPath}})
	if err != nil {
		t.Fatal(err)
	}
	hand := map[attribution.Model]map[string][2]float64{
		attribution.WShaped:  {"email": {0.3 + 2.0/3, 300 + 1000.0/3}, "search": {0.3, 300}, "webinar": {0.3, 300}, "direct": {0.1, 100}, "social": {1.0 / 3, 500.0 / 3}},
		attribution.FullPath: {"email": {0.75, 500}, "search": {0.25, 250}, "webinar": {0.25, 250}, "direct": {0.25, 250}, "social": {0.5, 250}},
	}
	for _, cr := range res.Credits {
		for name, w := range hand[cr.Model] {
			k := got.Channel(name)
			if !close(cr.Conversions[k], w[0]) || !close(cr.Value[k], w[1]) {
				t.Errorf("%s, %s: %.12g conversions, %.12g value; by hand %v, %v", cr.Model, name, cr.Conversions[k], cr.Value[k], w[0], w[1])
			}
		}
	}
	if d := markersDiffer(t, got, want); d != "" {
		t.Errorf("files: %s", d)
	}
	gw, ww := strings.Join(got.Warnings, "\n"), strings.Join(want.Warnings, "\n")
	if gw != ww || !strings.Contains(gw, "1 opportunities have no lead created_at") || !strings.Contains(gw, "1 opportunities have no created_at") {
		t.Errorf("warnings\n%s\nfiles:\n%s\nwant one journey without a lead created_at and one without a deal created_at", gw, ww)
	}
}
