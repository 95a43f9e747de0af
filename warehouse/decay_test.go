package warehouse

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/attribution"
	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
)

// decayConfig is time_decay alone with half-life h (0: the default).
func decayConfig(h int64) attribution.Config {
	return attribution.Config{Models: []attribution.Model{attribution.TimeDecay}, Heuristic: attribution.HeuristicConfig{HalfLife: h}}
}

// decayDiffers returns the first channel whose time_decay credit on got
// (from the database) differs from want's (from the files) past 1e-9
// relative, "" when none does (creditDiffs).
func decayDiffers(t *testing.T, got, want *attribution.Journeys, h int64) string {
	t.Helper()
	if d := creditDiffs(t, got, want, decayConfig(h)); len(d) > 0 {
		return d[0]
	}
	return ""
}

// brokenDecay are DecaySQL broken on purpose: the half-life doubled, the
// exponent's sign flipped (the oldest touch weighing most), the weights
// not normalised per journey. Each must make the equality fail.
func brokenDecay(sql string, h int64) map[string]string {
	return map[string]string{
		"half-life doubled": strings.Replace(sql, fmt.Sprintf("/ %d", h), fmt.Sprintf("/ %d", 2*h), 2),
		"sign flipped":      strings.Replace(sql, "at_s - max(at_s) OVER j", "max(at_s) OVER j - at_s", 2),
		"not normalised":    strings.Replace(sql, "w / sum(w) OVER (PARTITION BY entity, key1, key2)", "w", 1),
	}
}

// TestDecayEqualFiles: time_decay computed in PostgreSQL (WithDecay,
// DecaySQL: the per-journey weights by window functions) equals
// attribution's time_decay on the journeys FromTouches cuts from the same
// event log (ties in time within a lead), to 1e-9 relative, with and
// without a 7-day lookback and at half-lives 7 days and 1 day; each
// broken query (brokenDecay) differs.
func TestDecayEqualFiles(t *testing.T) {
	rows := equalityTouches()
	ctx := context.Background()
	db, bound, base := activitiesDB(t, ctx, rows)
	file, _, err := ingest.Load(writeCSV(t, rows), funnel.Touches, funnel.NewDict(), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, lookback := range []int64{0, 7 * 86400} {
		want, err := attribution.FromTouches(file, attribution.TouchOptions{Lookback: lookback})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range []int64{0, 86400} {
			name := fmt.Sprintf("lookback %d, half-life %d", lookback, h)
			q, err := PathSQL(db.Dialect, bound, base, PathOptions{Lookback: lookback})
			if err != nil {
				t.Fatal(err)
			}
			q.WithDecay(h)
			got, err := db.Paths(ctx, q)
			if err != nil {
				t.Fatalf("%s: %v\n%s", name, err, q.DecaySQL(db.Dialect))
			}
			if d := decayDiffers(t, got, want, h); d != "" {
				t.Errorf("%s: %s", name, d)
			}
			if _, err := attribution.Attribute(got, decayConfig(3600)); err == nil {
				t.Errorf("%s: time_decay at another half-life than the query's ran", name)
			}
			for broken, sql := range brokenDecay(q.DecaySQL(db.Dialect), q.halfLife) {
				if err := db.readDecaySQL(ctx, q, sql, got); err != nil {
					t.Fatalf("%s, %s: %v", name, broken, err)
				}
				if decayDiffers(t, got, want, h) == "" {
					t.Errorf("%s: the query with the %s still equals the files", name, broken)
				}
			}
		}
	}
}

// TestDecayHand: three journeys whose time_decay credit is worked out by
// hand (half-life 7 days, lookback 7 days):
//
//	a: email and search at t0 (a tie), webinar at t0+7d converting (100),
//	   a direct touch at t0-1s dropped by the lookback, email at t0 kept
//	   at its edge: weights 2^-1, 2^-1, 1 -> shares 1/4, 1/4, 1/2
//	b: search at t0+7d, email at t0+14d converting (40): 2^-1, 1 -> 1/3, 2/3
//	c: search at t0, never converting: no credit
//
// email = 1/4 + 2/3 = 11/12 (value 25 + 80/3 = 155/3), search = 1/4 + 1/3
// = 7/12 (25 + 40/3 = 115/3), webinar = 1/2 (50), direct 0.
func TestDecayHand(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	rows := []touchRow{
		{lead: "a", at: t0.Add(-time.Second), channel: "direct"},
		{lead: "a", at: t0, channel: "email"},
		{lead: "a", at: t0, channel: "search"},
		{lead: "a", at: t0.Add(7 * day), channel: "webinar", converted: 1, value: 100, hasValue: true},
		{lead: "b", at: t0.Add(7 * day), channel: "search"},
		{lead: "b", at: t0.Add(14 * day), channel: "email", converted: 1, value: 40, hasValue: true},
		{lead: "c", at: t0, channel: "search"},
	}
	ctx := context.Background()
	db, bound, base := activitiesDB(t, ctx, rows)
	q, err := PathSQL(db.Dialect, bound, base, PathOptions{Lookback: 7 * 86400})
	if err != nil {
		t.Fatal(err)
	}
	q.WithDecay(0)
	j, err := db.Paths(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	res, err := attribution.Attribute(j, decayConfig(0))
	if err != nil {
		t.Fatal(err)
	}
	cr := res.Credits[0]
	want := map[string][2]float64{"email": {11.0 / 12, 155.0 / 3}, "search": {7.0 / 12, 115.0 / 3}, "webinar": {0.5, 50}, "direct": {0, 0}}
	for name, w := range want {
		k := j.Channel(name)
		if !close(cr.Conversions[k], w[0]) || !close(cr.Value[k], w[1]) {
			t.Errorf("%s: %.12g conversions, %.12g value; want %v, %v", name, cr.Conversions[k], cr.Value[k], w[0], w[1])
		}
	}
}

// TestB2BDecayEqualFiles: time_decay computed in PostgreSQL on the B2B
// fixture's journeys ending at opportunities (lead and account level,
// closed and created, with the 30-day lookback whose boundary the
// fixture plants, ties in time within an account) and into the stage mql
// equals attribution's on FromOpportunities and FromStages of the files,
// to 1e-9 relative; the broken queries differ.
func TestB2BDecayEqualFiles(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ds, db, s := b2bSetup(t, ctx)
	for _, opts := range []attribution.OpportunityOptions{
		{},
		{Lookback: 30 * 86400},
		{Level: attribution.LeadLevel, Lookback: 30 * 86400},
		{Milestone: attribution.MilestoneCreated, By: "campaign"},
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
		q.WithDecay(2 * 86400)
		got, err := db.OpportunityJourneys(ctx, q, s, level, opts)
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, q.DecaySQL(db.Dialect))
		}
		if d := decayDiffers(t, got, want, 2*86400); d != "" {
			t.Errorf("%s: %s", name, d)
		}
		for broken, sql := range brokenDecay(q.DecaySQL(db.Dialect), q.halfLife) {
			if err := db.readDecaySQL(ctx, q, sql, got); err != nil {
				t.Fatalf("%s, %s: %v", name, broken, err)
			}
			if decayDiffers(t, got, want, 2*86400) == "" {
				t.Errorf("%s: the query with the %s still equals the files", name, broken)
			}
		}
	}
	ladder := []string{"mql", "sql", "opportunity", "customer"}
	dbReached, dict := stagesReached(t, ctx, db, ladder)
	want, err := attribution.FromStages(ds, attribution.StageOptions{Level: attribution.LeadLevel, Lookback: 30 * 86400, Stage: "mql", Reached: reachedOf(t, ds, ladder)[0]})
	if err != nil {
		t.Fatal(err)
	}
	q, err := StagePathSQL(db.Dialect, s, "", 30*86400, attribution.LeadLevel)
	if err != nil {
		t.Fatal(err)
	}
	q.WithDecay(0)
	got, err := db.StageJourneys(ctx, q, dbReached[0], dict)
	if err != nil {
		t.Fatalf("mql: %v\n%s", err, q.DecaySQL(db.Dialect))
	}
	if d := decayDiffers(t, got, want, 0); d != "" {
		t.Errorf("mql: %s", d)
	}
}
