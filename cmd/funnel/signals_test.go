package main

import (
	"slices"
	"testing"

	"github.com/funnel-analytics/funnel/velocity"
)

func TestSignalsFlags(t *testing.T) {
	t.Parallel()
	testFlags(t, newSignalsCmd, []flagCase[*signalsOptions]{
		{name: "defaults", check: func(t *testing.T, o *signalsOptions) {
			c := o.opts
			if c.Period != velocity.Month || c.Baseline != 3 || c.MinBaseline != 10 || c.Drop != 0.5 || c.Surge != 1 || c.Alpha != 0.05 || c.Adjust != "bh" ||
				c.Active != 90*day || c.StallAfter != 7*day || c.TrialLength != 30*day ||
				!slices.Equal(c.WebTypes, []string{"web_visit", "page_view", "pricing_page_view"}) || !slices.Equal(c.TrialUsage, []string{"trial_usage", "trial_login"}) {
				t.Errorf("defaults %+v", c)
			}
		}},
		{name: "set", args: []string{"--period", "week", "--baseline", "4", "--min-baseline", "20", "--drop", "60%", "--surge", "150%", "--alpha", "0.01",
			"--active", "30d", "--stall-after", "5d", "--trial-length", "14d", "--web-types", "visit, page", "--trial-signup", "signup",
			"--trial-usage", "login", "--active-stages", "opportunity", "--content-by", "URL", "--web", "w.csv", "--p-adjust", "None"},
			check: func(t *testing.T, o *signalsOptions) {
				c := o.opts
				if c.Period != velocity.Week || c.Baseline != 4 || c.MinBaseline != 20 || c.Drop != 0.6 || c.Surge != 1.5 || c.Alpha != 0.01 ||
					c.Active != 30*day || c.StallAfter != 5*day || c.TrialLength != 14*day || !slices.Equal(c.WebTypes, []string{"visit", "page"}) ||
					!slices.Equal(c.TrialSignup, []string{"signup"}) || !slices.Equal(c.TrialUsage, []string{"login"}) ||
					!slices.Equal(c.ActiveStages, []string{"opportunity"}) || c.ContentBy != "URL" || o.Web != "w.csv" || c.Adjust != "none" {
					t.Errorf("set %+v", c)
				}
			}},
		{name: "quarter", args: []string{"--period", "quarter"}, code: ExitUsage},
		{name: "zero drop", args: []string{"--drop", "0%"}, code: ExitUsage},
		{name: "drop over 100%", args: []string{"--drop", "150%"}, code: ExitUsage},
		{name: "negative surge", args: []string{"--surge", "-1"}, code: ExitUsage},
		{name: "alpha 1", args: []string{"--alpha", "1"}, code: ExitUsage},
		{name: "baseline 0", args: []string{"--baseline", "0"}, code: ExitUsage},
		{name: "stall 0", args: []string{"--stall-after", "0d"}, code: ExitUsage},
		{name: "unknown adjustment", args: []string{"--p-adjust", "bonferroni"}, code: ExitUsage},
		{name: "no web types", args: []string{"--web-types", ""}, code: ExitUsage},
	})
}

// TestSignalsRun runs testdata/signals/basic as of 2026-05-01 (worked by
// hand in signals/signals_test.go): A1's visits fell from 30 in January
// to March to 1 in April (expected 10, change -0.9); A4 surged from 2 to
// 12 (change 17) by 3 people; A6 and A5 have stalled trials. The alerts
// make the run return errAlert (exit 3).
func TestSignalsRun(t *testing.T) {
	t.Parallel()
	g := &globalOptions{AsOf: "2026-05-01", DataDir: testdata("signals", "basic")}
	rep := runJSON(t, g, newSignalsCmd, signalsRun)
	wantNumbers(t, "A1", rep.row(t, "traffic_drop", "account_id", "A1"), map[string]float64{"visits": 1, "baseline_visits": 30, "expected": 10, "change": -0.9})
	wantNumbers(t, "A4", rep.row(t, "surge", "account_id", "A4"), map[string]float64{"visits": 12, "people": 3, "change": 17})
	wantNumbers(t, "A6", rep.row(t, "stalled_trial", "account_id", "A6"), map[string]float64{"uses": 2, "idle_days": 20, "days_since_signup": 22})
	wantNumbers(t, "2026-01", rep.row(t, "traffic", "period", "2026-01"), map[string]float64{"visits": 25, "visitors": 5, "target_share_visits": 0.44})
	_, _, code := runCommand(t, &globalOptions{AsOf: "2026-05-01", DataDir: testdata("signals", "basic"), Format: "json"}, newSignalsCmd, nil)
	if code != ExitAlert {
		t.Errorf("exit %d, want %d (alerts)", code, ExitAlert)
	}
}
