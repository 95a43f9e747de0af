package accounts

import (
	"math"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

// TestPatternsBySegment: testdata/accounts/patterns (TestPatterns) by
// industry (testdata/accounts/patterns/accounts.csv), outcome opportunity,
// gap 7 days, worked by hand:
//
//	Finance P4 P5 P6: trial -> report P5 (not reached); trial without it
//	  P4 (reached): rate 0 against 1, lift 0. P6's trial comes after its
//	  outcome: no report -> trial.
//	Software P1 P2 P3 P7: trial -> report P1 P2 (both reached); trial
//	  without it P3 P7 (neither): lift +Inf. report -> trial P7 (not
//	  reached); report without it P1 P2 P3, 2 of 3: lift 0.
func TestPatternsBySegment(t *testing.T) {
	t.Parallel()
	ds := loadAccounts(t, "patterns", funnel.Touches, funnel.Opportunities, funnel.Accounts)
	a, err := Analyze(ds, Options{Patterns: true, PatternOutcome: OutcomeOpportunity, PatternBy: []string{"industry"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []SegmentPatterns{
		{Segment: []string{"Finance"}, Accounts: 3, Patterns: []Pattern{
			{First: "trial", Then: "report", Accounts: 1, Outcomes: 0, Rate: 0, FirstAlone: 1, RateFirstAlone: 1, Lift: 0}}},
		{Segment: []string{"Software"}, Accounts: 4, Patterns: []Pattern{
			{First: "trial", Then: "report", Accounts: 2, Outcomes: 2, Rate: 1, FirstAlone: 2, RateFirstAlone: 0, Lift: math.Inf(1)},
			{First: "report", Then: "trial", Accounts: 1, Outcomes: 0, Rate: 0, FirstAlone: 3, RateFirstAlone: 2.0 / 3, Lift: 0}}},
	}
	if len(a.SegmentPatterns) != len(want) {
		t.Fatalf("%d segments, want %d: %+v", len(a.SegmentPatterns), len(want), a.SegmentPatterns)
	}
	for i, w := range want {
		g := a.SegmentPatterns[i]
		if g.Segment[0] != w.Segment[0] || g.Accounts != w.Accounts || len(g.Patterns) != len(w.Patterns) {
			t.Errorf("segment %d: %+v, want %+v", i, g, w)
			continue
		}
		for j := range w.Patterns {
			if !samePattern(g.Patterns[j], w.Patterns[j]) {
				t.Errorf("%s pattern %d: %+v, want %+v", w.Segment[0], j, g.Patterns[j], w.Patterns[j])
			}
		}
	}
	if _, err := Analyze(ds, Options{Patterns: true, PatternBy: []string{"tier"}}); err == nil {
		t.Error("--by a column no table has: no error")
	}
}

func samePattern(x, y Pattern) bool {
	near := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) || math.Abs(a-b) < 1e-12 }
	return x.First == y.First && x.Then == y.Then && x.Accounts == y.Accounts && x.Outcomes == y.Outcomes &&
		x.FirstAlone == y.FirstAlone && near(x.Rate, y.Rate) && near(x.RateFirstAlone, y.RateFirstAlone) && near(x.Lift, y.Lift)
}

// TestPhaseMix: testdata/accounts/phases, worked by hand. A's touches
// span 10 days (positions web_visit 0, whitepaper_download 0.4,
// demo_request 0.8, event_visit 1), B's 2 days (web_visit 0 and 0.5,
// event_visit 1), C has one touch (no span: no position).
//
//	engage   web_visit 3 touches, 2 accounts, mean (0+0+0.5)/3, early 2/3
//	interact whitepaper_download 1 (0.4, early), event_visit 2 (1, 1):
//	         mean 2.4/3 = 0.8, early 1/3
//	convert  demo_request 1 (0.8)
//	other    podcast 1, no position
//
// With event_visit named convert (--phase convert=event_visit): convert
// holds 3 touches, mean (0.8+1+1)/3.
func TestPhaseMix(t *testing.T) {
	t.Parallel()
	ds := loadAccounts(t, "phases", funnel.Touches)
	a, err := Analyze(ds, Options{Phases: true})
	if err != nil {
		t.Fatal(err)
	}
	nan := math.NaN()
	wantPhases := []PhaseRow{
		{"engage", 1, 3, 3.0 / 8, 2, 1.0 / 6, 2.0 / 3},
		{"interact", 2, 3, 3.0 / 8, 2, 0.8, 1.0 / 3},
		{"convert", 1, 1, 1.0 / 8, 1, 0.8, 0},
		{"other", 1, 1, 1.0 / 8, 1, nan, nan},
	}
	wantMix := []PhaseTypeRow{
		{"engage", "web_visit", 3, 1, 3.0 / 8, 2, 1.0 / 6, 2.0 / 3},
		{"interact", "event_visit", 2, 2.0 / 3, 2.0 / 8, 2, 1, 0},
		{"interact", "whitepaper_download", 1, 1.0 / 3, 1.0 / 8, 1, 0.4, 1},
		{"convert", "demo_request", 1, 1, 1.0 / 8, 1, 0.8, 0},
		{"other", "podcast", 1, 1, 1.0 / 8, 1, nan, nan},
	}
	checkPhases(t, "default", a.Phases, wantPhases, wantMix)
	a, err = Analyze(ds, Options{Phases: true, PhaseOf: map[string]string{"eventvisit": "convert"}})
	if err != nil {
		t.Fatal(err)
	}
	if p := a.Phases.Phases[2]; p.Phase != "convert" || p.Touches != 3 || math.Abs(p.MeanPosition-2.8/3) > 1e-12 || p.EarlyShare != 0 {
		t.Errorf("convert with event_visit: %+v, want 3 touches, mean 2.8/3", p)
	}
	if _, err := Analyze(ds, Options{Phases: true, PhaseOf: map[string]string{"eventvisit": "close"}}); err == nil {
		t.Error("an unknown phase: no error")
	}
}

func checkPhases(t *testing.T, name string, m *PhaseMix, phases []PhaseRow, mix []PhaseTypeRow) {
	t.Helper()
	near := func(a, b float64) bool { return math.IsNaN(a) && math.IsNaN(b) || math.Abs(a-b) < 1e-12 }
	if len(m.Phases) != len(phases) || len(m.Mix) != len(mix) {
		t.Fatalf("%s: %+v, want %+v and %+v", name, m, phases, mix)
	}
	for i, w := range phases {
		g := m.Phases[i]
		if g.Phase != w.Phase || g.ActivityTypes != w.ActivityTypes || g.Touches != w.Touches || g.Accounts != w.Accounts ||
			!near(g.Share, w.Share) || !near(g.MeanPosition, w.MeanPosition) || !near(g.EarlyShare, w.EarlyShare) {
			t.Errorf("%s phase %d: %+v, want %+v", name, i, g, w)
		}
	}
	for i, w := range mix {
		g := m.Mix[i]
		if g.Phase != w.Phase || g.ActivityType != w.ActivityType || g.Touches != w.Touches || g.Accounts != w.Accounts ||
			!near(g.ShareOfPhase, w.ShareOfPhase) || !near(g.ShareOfTouches, w.ShareOfTouches) || !near(g.MeanPosition, w.MeanPosition) || !near(g.EarlyShare, w.EarlyShare) {
			t.Errorf("%s type %d: %+v, want %+v", name, i, g, w)
		}
	}
}

// TestDefaultPhase: the rule on the sample's activity types and a few
// others.
func TestDefaultPhase(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"web_visit": "engage", "pricing_page_view": "convert", "webinar_attended": "interact", "email_click": "interact",
		"research_report_download": "interact", "free_trial_signup": "convert", "trial_usage": "convert", "demo_request": "convert",
		"whitepaper_download": "interact", "event_visit": "interact", "Ad Click": "engage", "lead_gen_form": "interact", "podcast": "other",
	} {
		if got := DefaultPhase(in); got != want {
			t.Errorf("DefaultPhase(%q) = %s, want %s", in, got, want)
		}
	}
}
