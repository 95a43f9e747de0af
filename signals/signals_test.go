package signals_test

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/signals"
)

// TestRateTest checks the exact conditional test against binomial sums
// worked out in exact rational arithmetic (Python fractions and
// math.comb: sum of C(n,i) p^i (1-p)^(n-i)), to 1e-12 relative.
func TestRateTest(t *testing.T) {
	cases := []struct {
		k, n0        int
		t1, t0       float64
		lower, upper float64
	}{
		{2, 30, 1, 3, 0.006707989762011178, 0.9988280550332593},
		{10, 3, 1, 3, 0.9999889433383942, 0.00012612342834472656},
		{1, 45, 31, 92, 2.6066869390848996e-05, 0.9999984201897338},
		{12, 2, 30, 92, 0.9999998701463707, 2.659352408800748e-06},
		{0, 10, 1, 3, 0.056313514709472656, 1},
		{5, 0, 1, 3, 1, 0.0009765625},
	}
	for _, c := range cases {
		lower, upper := signals.RateTest(c.k, c.n0, c.t1, c.t0)
		if !close(lower, c.lower, 1e-12) || !close(upper, c.upper, 1e-12) {
			t.Errorf("RateTest(%d, %d, %g, %g) = %.17g, %.17g, want %.17g, %.17g", c.k, c.n0, c.t1, c.t0, lower, upper, c.lower, c.upper)
		}
	}
}

func close(got, want, rel float64) bool {
	return math.Abs(got-want) <= rel*math.Abs(want)
}

// TestBasic runs the hand-made export of testdata/signals/basic as of
// 2026-05-01 (end of day): April is the latest month, January to March
// the baseline (t1 = 30 days, t0 = 90 days, p = 0.25). Expected values by
// hand (binomial sums by Python's math.comb), to 1e-12 relative.
func TestBasic(t *testing.T) {
	dir := filepath.Join("..", "testdata", "signals", "basic")
	files := map[funnel.TableKind]string{}
	for k, name := range map[funnel.TableKind]string{funnel.Touches: "touches", funnel.Leads: "leads", funnel.Accounts: "accounts", funnel.Opportunities: "opportunities", funnel.Stages: "stages"} {
		files[k] = filepath.Join(dir, name+".csv")
	}
	ds, err := ingest.LoadDataset(files, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	asOf := int64(1777680000) // 2026-05-02 00:00:00 UTC, the end of 2026-05-01
	r, err := signals.Analyze(ds, signals.Options{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	if r.Latest != "2026-04" || len(r.Baseline) != 3 || r.Baseline[0] != "2026-01" {
		t.Fatalf("latest %s, baseline %v", r.Latest, r.Baseline)
	}
	// A1: open opportunity, 30 visits in the baseline, 1 in April:
	// change (1/30)/(30/90) - 1 = -0.9, p = P(X <= 1 | n = 31, 0.25) =
	// 0.75^31 + 31 * 0.25 * 0.75^30. A2 (an SQL entered in April) falls
	// from 12 to 2, -50%, but p = 0.28111; A3 falls to 0 with no
	// conversation (its deal was lost on 2026-05-01).
	if len(r.Drops) != 1 {
		t.Fatalf("drops %+v, want A1 only", r.Drops)
	}
	d := r.Drops[0]
	if d.AccountID != "A1" || d.Visits != 1 || d.Baseline != 30 || !close(d.Expected, 10, 1e-12) || !close(d.Change, -0.9, 1e-12) || !close(d.PValue, 0.0015179477664451252, 1e-12) {
		t.Errorf("drop %+v", d)
	}
	// q: Benjamini-Hochberg over the two active accounts tested (A1, A2):
	// min(2 p_A1 / 1, 2 p_A2 / 2) = 2 p_A1.
	if !close(d.QValue, 2*0.0015179477664451252, 1e-12) {
		t.Errorf("drop q %.17g, want %.17g", d.QValue, 2*0.0015179477664451252)
	}
	if d.Contacts != "l1@a1.example (21); l2@a1.example (9)" || d.LastActivity != "2026-04-02 10:00:00 web_visit by l1@a1.example: Pricing" {
		t.Errorf("drop contacts %q, last %q", d.Contacts, d.LastActivity)
	}
	// A4: 2 visits in the baseline, 12 by 3 people in April: change
	// (12/30)/(2/90) - 1 = 17, p = P(X >= 12 | n = 14, 0.25); three
	// contacts within 30 days make it high-intensity by accounts' rule.
	if len(r.Surges) != 1 {
		t.Fatalf("surges %+v, want A4 only", r.Surges)
	}
	s := r.Surges[0]
	if s.AccountID != "A4" || s.People != 3 || !s.HighIntensity || !close(s.Change, 17, 1e-12) || !close(s.PValue, 3.21120023727417e-06, 1e-12) || s.QValue != s.PValue { // a family of one
		t.Errorf("surge %+v", s)
	}
	// Trials: A6 signed up 2026-04-10, last used 04-12: idle 20 days; A5
	// signed up 04-20, never used: idle 12 days; A7 used on 04-30.
	if len(r.Trials) != 2 || r.Trials[0].AccountID != "A6" || r.Trials[0].IdleDays != 20 || r.Trials[0].Uses != 2 || r.Trials[0].Stall != "usage stopped" ||
		r.Trials[1].AccountID != "A5" || r.Trials[1].IdleDays != 12 || r.Trials[1].DaysSince != 12 || r.Trials[1].Stall != "no usage" {
		t.Errorf("trials %+v", r.Trials)
	}
	// Traffic: January 25 visits (A1 10, A2 4, A3 10, A4 1) by 5 people,
	// targets A1 and A4: 11/25 of the visits, 3/5 of the visitors. April
	// 15 visits (1 + 2 + 12): 13/15 and 4/5.
	jan, apr := r.Traffic[0], r.Traffic[3]
	if jan.Visits != 25 || jan.Visitors != 5 || jan.Accounts != 4 || !close(jan.TargetVisits, 0.44, 1e-12) || !close(jan.TargetVisitor, 0.6, 1e-12) ||
		apr.Visits != 15 || !close(apr.TargetVisits, 13.0/15, 1e-12) || !close(apr.TargetVisitor, 0.8, 1e-12) || apr.TopContent != "Pricing (13); Blog (2)" {
		t.Errorf("traffic %+v", r.Traffic)
	}
	// Backtest, April: O1 (alerted, still open), O2 at A3 (alerted, lost),
	// O3 at A2 (not alerted, won). Risk ratio 1/1 against 0/1 with 0.5
	// added to every cell: (1.5/2)/(0.5/2) = 3, se = sqrt(1/1.5 - 1/2 +
	// 1/0.5 - 1/2), interval 3 exp(±1.959964 se) = 0.238905 .. 37.6719.
	b := r.Backtest
	if b == nil || len(b.Periods) != 1 || b.Periods[0].Open != 3 || b.Periods[0].Alerted != 2 || b.Periods[0].AlertedLost != 1 || b.Periods[0].OtherWon != 1 ||
		b.StillOpen != 1 || !b.Corrected || !close(b.Ratio, 3, 1e-12) || !close(b.Low, 0.2389047516619825, 1e-9) || !close(b.High, 37.671917102485125, 1e-9) {
		t.Errorf("backtest %+v", b)
	}
}
