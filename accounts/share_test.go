package accounts

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
)

// loadABM reads testdata/accounts/abm: accounts with target and tier
// columns, leads with emails, touches, opportunities and an attendee
// report (see testdata/accounts/README.md).
func loadABM(t testing.TB) *funnel.Dataset {
	t.Helper()
	dir := filepath.Join(accountsDir, "abm")
	ds, err := ingest.LoadDataset(map[funnel.TableKind]string{
		funnel.Accounts: filepath.Join(dir, "accounts.csv"), funnel.Leads: filepath.Join(dir, "leads.csv"),
		funnel.Touches: filepath.Join(dir, "touches.csv"), funnel.Opportunities: filepath.Join(dir, "opportunities.csv"),
		funnel.Attendees: filepath.Join(dir, "webinar_attendees.csv"),
	}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// TestTargetShare checks the target_share table of testdata/accounts/abm
// over its two months, worked out by hand. Targets A1 (one-to-one, leads
// L1 L2), A2 (one-to-many, L3); other A3 (no tier, L4). Responses by
// ResponseRule: form_fill, email_click, demo_request, webinar_attended,
// whitepaper_download (web_visit is not one).
//
//	2026-01 touches: L1 web, L2 form, L3 click, L4 web, L4 demo = 5;
//	  target L1 L2 L3 = 3 (0.6), one-to-one 2 (0.4), one-to-many 1 (0.2)
//	  responses: form, click, demo = 3; target form, click = 2;
//	  one-to-one 1 (form), one-to-many 1 (click)
//	  attendees W1: a, B (A1; the email's case aside), d (A3) = 3; c only
//	  registered; e@nobody matches no lead (unmatched) -> target 2,
//	  one-to-one 2, one-to-many 0
//	  pipeline created: O1 A1 1000, O2 A3 3000 = 4000; target 1000 (0.25)
//	2026-02 touches: L1 webinar, L4 web, click, download, L3 web, L4 web = 6;
//	  target L1 L3 = 2 (1/3): touches rose 5 -> 6, share fell 0.6 -> 1/3,
//	  so flagged; one-to-one 1, one-to-many 1
//	  responses: webinar, click, download = 3; target 1 (webinar);
//	  one-to-one 1, one-to-many 0
//	  attendees W2: a (A1), c (A2, two sessions: one person), d (A3) = 3;
//	  target 2, one-to-one 1, one-to-many 1
//	  pipeline: O3 A2 2000, O4 A3 1000 = 3000; target 2000
func TestTargetShare(t *testing.T) {
	t.Parallel()
	a := acctAnalyze(t, loadABM(t), Options{ShareMonths: 2})
	ts := a.TargetShare
	if ts == nil {
		t.Fatal("no target share")
	}
	if ts.From != "2026-01" || ts.To != "2026-02" || ts.UnmatchedAttendees != 1 {
		t.Errorf("window %s to %s, %d unmatched; want 2026-01 to 2026-02, 1", ts.From, ts.To, ts.UnmatchedAttendees)
	}
	want := []ShareRow{
		{"2026-01", "target", 5, 3, 0.6, 3, 2, 2.0 / 3, 3, 2, 2.0 / 3, 4000, 1000, 0.25, ""},
		{"2026-01", "one-to-one", 5, 2, 0.4, 3, 1, 1.0 / 3, 3, 2, 2.0 / 3, 4000, 1000, 0.25, ""},
		{"2026-01", "one-to-many", 5, 1, 0.2, 3, 1, 1.0 / 3, 3, 0, 0, 4000, 0, 0, ""},
		{"2026-02", "target", 6, 2, 1.0 / 3, 3, 1, 1.0 / 3, 3, 2, 2.0 / 3, 3000, 2000, 2.0 / 3, "touches"},
		{"2026-02", "one-to-one", 6, 1, 1.0 / 6, 3, 1, 1.0 / 3, 3, 1, 1.0 / 3, 3000, 0, 0, "touches"},
		{"2026-02", "one-to-many", 6, 1, 1.0 / 6, 3, 0, 0, 3, 1, 1.0 / 3, 3000, 2000, 2.0 / 3, "touches"},
	}
	if len(ts.Rows) != len(want) {
		t.Fatalf("%d rows, want %d: %+v", len(ts.Rows), len(want), ts.Rows)
	}
	for i, w := range want {
		g := ts.Rows[i]
		near := func(x, y float64) bool { return math.Abs(x-y) <= 1e-12 }
		if g.Month != w.Month || g.Segment != w.Segment || g.Touches != w.Touches || g.SegmentTouches != w.SegmentTouches ||
			g.Responses != w.Responses || g.SegmentResponses != w.SegmentResponses || g.Attendees != w.Attendees ||
			g.SegmentAttendees != w.SegmentAttendees || g.Pipeline != w.Pipeline || g.SegmentPipeline != w.SegmentPipeline ||
			!near(g.TouchShare, w.TouchShare) || !near(g.ResponseShare, w.ResponseShare) || !near(g.AttendeeShare, w.AttendeeShare) ||
			!near(g.PipelineShare, w.PipelineShare) || g.RoseButFell != w.RoseButFell {
			t.Errorf("row %d\n got  %+v\n want %+v", i, g, w)
		}
	}
	var warned bool
	for _, w := range a.Warnings {
		warned = warned || w == "touches rose from 5 in 2026-01 to 6 in 2026-02, but the target accounts' share fell from 60.0% to 33.3%: ask whether the campaigns reached the accounts they were for"
	}
	if !warned {
		t.Errorf("no warning of the falling share: %q", a.Warnings)
	}
}

// TestResponses checks the word rule and --responses.
func TestResponses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		activity string
		want     bool
	}{
		{"Form Fill", true}, {"whitepaper_download", true}, {"Webinar Attended", true}, {"email_click", true},
		{"Demo Request", true}, {"free_trial_signup", true}, {"event_visit", true}, {"Registered", true},
		{"web_visit", false}, {"pricing_page_view", false}, {"Email Open", false}, {"email_sent", false},
		{"trial_usage", false}, {"Call", false}, {"", false},
	} {
		if got := IsResponse(tc.activity); got != tc.want {
			t.Errorf("IsResponse(%q) = %v, want %v", tc.activity, got, tc.want)
		}
	}
	// --responses web_visit: 2026-01 has L1 and L4 web visits, one of them
	// a target's (L1): share 1/2.
	a := acctAnalyze(t, loadABM(t), Options{ShareMonths: 2, Responses: []string{"Web Visit"}})
	if r := a.TargetShare.Rows[0]; r.Responses != 2 || r.SegmentResponses != 1 {
		t.Errorf("--responses web_visit: %d responses, %d of targets; want 2, 1", r.Responses, r.SegmentResponses)
	}
}

// TestEventTargets checks the event_targets and event_accounts tables of
// testdata/accounts/abm, by hand:
//
//	W1: A1 2 attendees (a, B), A3 1 (d); c registered only; e unmatched.
//	  target (A1, A2): attendees 2, accounts 1, 2+ 1 -> 1 of 1, 1 of 2
//	  one-to-one (A1): 2, 1, 1 -> 1 of 1, 1 of 1
//	  one-to-many (A2): 0, 0, 0 -> NaN, 0 of 1
//	W2: A1 1 (a), A2 1 (c, two sessions), A3 1 (d).
//	  target: 2, 2, 0 -> 0 of 2, 0 of 2; each tier 1, 1, 0
//	event_accounts: W1 A1 (target, one-to-one, 2 attendees).
func TestEventTargets(t *testing.T) {
	t.Parallel()
	a := acctAnalyze(t, loadABM(t), Options{})
	ev := a.Events
	if ev == nil {
		t.Fatal("no events")
	}
	nan := math.NaN()
	w1, w2 := acctTime(t, "2026-01-12 10:00:00"), acctTime(t, "2026-02-09 15:00:00") // first joins
	want := []EventRow{
		{"W1", "target", 2, 1, 1, 1, 2, 0.5, w1},
		{"W1", "one-to-one", 2, 1, 1, 1, 1, 1, w1},
		{"W1", "one-to-many", 0, 0, 0, nan, 1, 0, w1},
		{"W2", "target", 2, 2, 0, 0, 2, 0, w2},
		{"W2", "one-to-one", 1, 1, 0, 0, 1, 0, w2},
		{"W2", "one-to-many", 1, 1, 0, 0, 1, 0, w2},
	}
	same := func(x, y float64) bool { return x == y || math.IsNaN(x) && math.IsNaN(y) }
	if len(ev.Rows) != len(want) {
		t.Fatalf("%d rows, want %d: %+v", len(ev.Rows), len(want), ev.Rows)
	}
	for i, w := range want {
		g := ev.Rows[i]
		if g.Event != w.Event || g.Segment != w.Segment || g.Attendees != w.Attendees || g.Accounts != w.Accounts ||
			g.TwoPlus != w.TwoPlus || g.SegmentAccounts != w.SegmentAccounts || !same(g.ShareOfAttending, w.ShareOfAttending) ||
			!same(g.ShareOfSegment, w.ShareOfSegment) || g.Start != w.Start {
			t.Errorf("row %d\n got  %+v\n want %+v", i, g, w)
		}
	}
	wantAcct := EventAccount{Event: "W1", Account: "A1", Target: true, Tier: OneToOne, Attendees: 2}
	if len(ev.Accounts) != 1 || ev.Accounts[0] != wantAcct {
		t.Errorf("event accounts %+v, want [%+v]", ev.Accounts, wantAcct)
	}
	if ev.UnmatchedAttendees != 1 {
		t.Errorf("%d unmatched attendees, want 1 (e@nobody.example)", ev.UnmatchedAttendees)
	}
	// 7 attendees: W1 a, B, d, e (c registered only); W2 a, c, d.
	if w := "1 of 7 attendees of "; len(ev.Warnings) != 1 || !strings.HasPrefix(ev.Warnings[0], w) {
		t.Errorf("warnings %q, want one starting %q", ev.Warnings, w)
	}
}

// TestParseTier checks the spellings of the tiers.
func TestParseTier(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want Tier
		ok   bool
	}{
		{"one-to-one", OneToOne, true}, {"One to One", OneToOne, true}, {"1:1", OneToOne, true}, {"1-to-1", OneToOne, true},
		{"one-to-few", OneToFew, true}, {"1:few", OneToFew, true}, {"1 to few", OneToFew, true},
		{"one-to-many", OneToMany, true}, {"1:Many", OneToMany, true}, {"ONE_TO_MANY", OneToMany, true},
		{"gold", NoTier, false}, {"1:2", NoTier, false}, {"one", NoTier, false},
	} {
		got, ok := ParseTier(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseTier(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// TestTiers checks the tiers from the accounts' tier column and from a
// tiers list, the ABM table's tier rows, and the errors naming file, line
// and column.
func TestTiers(t *testing.T) {
	t.Parallel()
	// The accounts' column: A1 1:1, A2 one-to-many, A3 none.
	a := acctAnalyze(t, loadABM(t), Options{})
	m := a.ABM
	if len(m.Tiers) != 3 || m.Tiers[0].Tier != OneToOne || m.Tiers[1].Tier != OneToMany || m.Tiers[2].Tier != NoTier {
		t.Fatalf("tier segments %+v, want one-to-one, one-to-many, no tier", m.Tiers)
	}
	// A1: L1 web, webinar; L2 form = 3 touches; A2: L3 click, web = 2;
	// A3: L4 6 touches; of 11. Pipeline A1 1000, A2 2000, A3 4000 of 7000.
	for i, w := range []struct {
		accounts, touches int
		share, pipeline   float64
	}{
		{1, 3, 3.0 / 11, 1000.0 / 7000}, {1, 2, 2.0 / 11, 2000.0 / 7000}, {1, 6, 6.0 / 11, 4000.0 / 7000},
	} {
		g := m.Tiers[i]
		if g.Accounts != w.accounts || g.Touches != w.touches || math.Abs(g.TouchShare-w.share) > 1e-12 || math.Abs(g.PipelineShare-w.pipeline) > 1e-12 {
			t.Errorf("tier %s: %d accounts, %d touches, share %g, pipeline share %g; want %+v", g.Tier, g.Accounts, g.Touches, g.TouchShare, g.PipelineShare, w)
		}
	}
	// A tiers list replaces the column: A1 one-to-few, A3 one-to-many.
	a = acctAnalyze(t, loadABM(t), Options{Tiers: []TierOf{{"A1", OneToFew}, {"A3", OneToMany}}})
	got := map[string]Tier{}
	for _, ac := range a.Accounts {
		got[ac.ID] = ac.Tier
	}
	if got["A1"] != OneToFew || got["A2"] != NoTier || got["A3"] != OneToMany {
		t.Errorf("tiers from the list %v", got)
	}

	dir := t.TempDir()
	for _, tc := range []struct{ name, body, want string }{
		{"unknown", "account_id,tier\nA1,1:1\nA2,gold\n", `tiers.csv:3: column "tier": unknown tier "gold" (want one-to-one, one-to-few or one-to-many; 1:1, 1:few, 1:many)`},
		{"no id", "account_id,tier\n,1:1\n", `tiers.csv:2: column "account_id": tier one-to-one without an account id`},
		{"no column", "account_id,segment\nA1,x\n", `tiers.csv: no tier column (columns: "account_id", "segment")`},
	} {
		path := filepath.Join(dir, "tiers.csv")
		if err := os.WriteFile(path, []byte(tc.body), 0o644); err != nil {
			t.Fatal(err)
		}
		tab, _, err := ingest.Load(path, funnel.Accounts, funnel.NewDict(), ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = TiersFromTable(tab)
		if err == nil || !strings.HasSuffix(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one ending %s", tc.name, err, tc.want)
		}
	}
}

// TestRegistrationsOnly: an attendee report without join times (a
// registration list) is left out with a warning, not an error: a --data
// folder may hold one.
func TestRegistrationsOnly(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "webinar_attendees.csv")
	if err := os.WriteFile(path, []byte("Webinar ID,Email,Registration Time\nW1,a@x.example,2026-01-02 10:00:00\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ds := loadABM(t)
	tab, _, err := ingest.Load(path, funnel.Attendees, ds.Dict, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ds.Attendees = tab
	a := acctAnalyze(t, ds, Options{ShareMonths: 2})
	if a.Events != nil || a.TargetShare.HasAttendees {
		t.Errorf("events %+v, attendees in the share %v: want neither", a.Events, a.TargetShare.HasAttendees)
	}
	want := path + " has no email or no join time column (Email, Join Time), so its attendees were left out"
	found := false
	for _, w := range a.Warnings {
		found = found || w == want
	}
	if !found {
		t.Errorf("warnings %q lack %q", a.Warnings, want)
	}
}
