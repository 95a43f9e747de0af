package warehouse

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/attribution"
	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/internal/pgtest"
	"github.com/funnel-analytics/funnel/velocity"
)

// b2bFixture is the B2B equality fixture as CSV files: touches, leads,
// opportunities and a long stages table. Planted:
//
//   - 30 accounts of 1 to 4 contacts each, 6 contacts without an account
//     in the leads, and lead L999 touching without being in the leads
//     (unmapped at account level);
//   - touches on a 12-hour grid (ties within a lead and across an
//     account's contacts), 7 channels (one with the path separator, a
//     quote and a comma, one with a multi-byte letter), 5 campaigns, a
//     few without a channel; a fifth of the touches carry the account_id
//     themselves;
//   - per account 0 to 3 opportunities: won (with an amount, a few
//     without), lost (a close date, not won), open (no close date), one
//     of an account without any touch, created 0-40 days before closing;
//   - account A000's contact L0000 has touches exactly 30 days and 30
//     days plus one second before its won deal's close: the lookback's
//     boundary (the first kept, the second dropped);
//   - stages mql, sql, opportunity, customer entered in time order by
//     most contacts, some skipping mql (reached by their sql entry), and
//     mql and sql by two accounts in three (account-level entries in the
//     same table: the contacts' outnumber them).
type b2bFixture struct{ touches, leads, opps, stages string }

func newB2BFixture() b2bFixture {
	r := rand.New(rand.NewPCG(15, 4))
	channels := []string{"email", "paid search", "organic", `events > "trade", shows`, "Wébinar", "social", "direct"}
	campaigns := []string{"spring", "summer", "webinar-series", "abm", "retarget"}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ts := func(t time.Time) string { return t.Format("2006-01-02 15:04:05") }
	var touches, leads, opps, stages strings.Builder
	touches.WriteString("lead_id,account_id,occurred_at,channel,campaign\n")
	leads.WriteString("lead_id,account_id,created_at\n")
	opps.WriteString("opportunity_id,account_id,lead_id,created_at,closed_at,amount,won\n")
	stages.WriteString("entity_id,stage,entered_at\n")
	lead, opp := 0, 0
	quote := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	for a := 0; a < 30; a++ {
		acc := fmt.Sprintf("A%03d", a)
		var contacts []string
		for range 1 + r.IntN(4) {
			contacts = append(contacts, fmt.Sprintf("L%04d", lead))
			lead++
		}
		first := start.Add(time.Duration(r.IntN(60)) * 12 * time.Hour)
		for _, l := range contacts {
			fmt.Fprintf(&leads, "%s,%s,%s\n", l, acc, ts(first.Add(time.Duration(r.IntN(10))*12*time.Hour)))
			if a == 29 {
				continue // an account without a touch
			}
			at := first
			for range r.IntN(8) {
				at = at.Add(time.Duration(r.IntN(12)) * 12 * time.Hour)
				ch := quote(channels[r.IntN(len(channels))])
				if r.IntN(30) == 0 {
					ch = ""
				}
				own := ""
				if r.IntN(5) == 0 {
					own = acc
				}
				fmt.Fprintf(&touches, "%s,%s,%s,%s,%s\n", l, own, ts(at), ch, campaigns[r.IntN(len(campaigns))])
			}
			st := first.Add(time.Duration(r.IntN(20)) * 12 * time.Hour)
			for k, name := range []string{"mql", "sql", "opportunity", "customer"} {
				if r.IntN(3) == 0 {
					break
				}
				if k == 0 && r.IntN(4) == 0 {
					continue // straight to sql
				}
				fmt.Fprintf(&stages, "%s,%s,%s\n", l, name, ts(st))
				st = st.Add(time.Duration(r.IntN(20)) * 12 * time.Hour)
			}
		}
		if r.IntN(3) > 0 { // the account's own entries (account-level stages)
			fmt.Fprintf(&stages, "%s,mql,%s\n%[1]s,sql,%s\n", acc, ts(first.Add(time.Duration(r.IntN(30))*12*time.Hour)),
				ts(first.Add(time.Duration(30+r.IntN(30))*12*time.Hour)))
		}
		for range r.IntN(4) {
			closed := first.Add(time.Duration(10+r.IntN(80)) * 12 * time.Hour)
			created := closed.Add(-time.Duration(r.IntN(80)) * 12 * time.Hour)
			who := contacts[r.IntN(len(contacts))]
			closeAt, amount, won := ts(closed), fmt.Sprint(1000+250*r.IntN(40)), "no"
			switch u := r.IntN(10); {
			case u < 5:
				won = "yes"
				if u == 0 {
					amount = ""
				}
			case u < 8:
			default:
				closeAt = "" // open
			}
			fmt.Fprintf(&opps, "O%04d,%s,%s,%s,%s,%s,%s\n", opp, acc, who, ts(created), closeAt, amount, won)
			opp++
		}
	}
	for k := 0; k < 6; k++ { // contacts without an account
		l := fmt.Sprintf("L%04d", lead)
		lead++
		fmt.Fprintf(&leads, "%s,,%s\n", l, ts(start))
		fmt.Fprintf(&touches, "%s,,%s,email,spring\n", l, ts(start.Add(time.Duration(k)*12*time.Hour)))
		fmt.Fprintf(&stages, "%s,mql,%s\n", l, ts(start.Add(time.Duration(k+1)*12*time.Hour)))
	}
	fmt.Fprintf(&touches, "L999,,%s,social,abm\n", ts(start))
	// The lookback boundary: L0000 (account A000) closes a deal on 04-01;
	// its touches 30 days and 30 days and a second before it.
	closeAt := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	fmt.Fprintf(&touches, "L0000,,%s,organic,abm\n", ts(closeAt.Add(-30*24*time.Hour-time.Second)))
	fmt.Fprintf(&touches, "L0000,,%s,direct,abm\n", ts(closeAt.Add(-30*24*time.Hour)))
	fmt.Fprintf(&opps, "O%04d,A000,L0000,%s,%s,5000,yes\n", opp, ts(closeAt.Add(-24*time.Hour)), ts(closeAt))
	return b2bFixture{touches.String(), leads.String(), opps.String(), stages.String()}
}

// files writes the fixture into a folder and reads it as a Dataset.
func (f b2bFixture) files(t *testing.T) *funnel.Dataset {
	dir := t.TempDir()
	paths := map[funnel.TableKind]string{}
	for kind, text := range map[funnel.TableKind]string{funnel.Touches: f.touches, funnel.Leads: f.leads,
		funnel.Opportunities: f.opps, funnel.Stages: f.stages} {
		p := filepath.Join(dir, kind.String()+".csv")
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		paths[kind] = p
	}
	ds, err := ingest.LoadDataset(paths, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// load loads the fixture into the database at url: crm.touches (the
// lead_id an integer-free text, times with zone), crm.lead,
// crm.opportunity, crm.stage_history.
func (f b2bFixture) load(t *testing.T, url string) {
	dir := t.TempDir()
	for _, tc := range []struct {
		table, text string
		types       map[string]string
	}{
		{"crm.touches", f.touches, map[string]string{"occurred_at": "timestamptz"}},
		{"crm.lead", f.leads, map[string]string{"created_at": "timestamp"}},
		{"crm.opportunity", f.opps, map[string]string{"created_at": "timestamptz", "closed_at": "timestamptz", "amount": "numeric(12,2)", "won": "boolean"}},
		{"crm.stage_history", f.stages, map[string]string{"entered_at": "timestamptz"}},
	} {
		p := filepath.Join(dir, tc.table+".csv")
		if err := os.WriteFile(p, []byte(tc.text), 0o644); err != nil {
			t.Fatal(err)
		}
		pgtest.LoadCSV(t, url, tc.table, p, tc.types)
	}
}

// b2bDB is the fixture's tables bound from the database.
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
	fx := newB2BFixture()
	ds := fx.files(t)
	url := pgtest.NewDatabase(t)
	fx.load(t, url)
	ctx := context.Background()
	db, err := Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := b2bDB(t, ctx, db)
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
	fx := newB2BFixture()
	ds := fx.files(t)
	url := pgtest.NewDatabase(t)
	fx.load(t, url)
	ctx := context.Background()
	db, err := Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := b2bDB(t, ctx, db)
	ladder := []string{"mql", "sql", "opportunity", "customer"}
	fileReached := reachedOf(t, ds, ladder)
	cat, err := db.Catalog(ctx, TableName{"crm", "stage_history"})
	if err != nil {
		t.Fatal(err)
	}
	bound, _, err := Bind(cat, funnel.Stages, nil)
	if err != nil {
		t.Fatal(err)
	}
	dict := funnel.NewDict()
	loaded, err := db.Load(ctx, bound, cat.Base, dict)
	if err != nil {
		t.Fatal(err)
	}
	dbReached := reachedOf(t, &funnel.Dataset{Dict: dict, Stages: loaded}, ladder)
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
	models := []attribution.Model{attribution.FirstTouch, attribution.LastTouch, attribution.LinearTouch,
		attribution.PositionBased, attribution.Markov, attribution.Shapley}
	rg, err := attribution.Attribute(got, attribution.Config{Models: models})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	rw, err := attribution.Attribute(want, attribution.Config{Models: models})
	if err != nil {
		t.Fatal(err)
	}
	for m, cw := range rw.Credits {
		cg := rg.Credits[m]
		for c := range want.Channels() {
			if !close(cg.Conversions[c], cw.Conversions[c]) || !close(cg.Value[c], cw.Value[c]) {
				t.Errorf("%s, %s, %s: %.12g conversions, %.12g value; files %.12g, %.12g", name, cw.Model, want.ChannelName(int32(c)),
					cg.Conversions[c], cg.Value[c], cw.Conversions[c], cw.Value[c])
			}
		}
	}
	if c, _, n := want.Totals(); c < 5 || n < 5 {
		t.Errorf("%s: the fixture plants too little: %v conversions, %v nulls", name, c, n)
	}
}
