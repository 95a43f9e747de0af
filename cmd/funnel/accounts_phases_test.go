package main

import (
	"slices"
	"testing"
)

func TestAccountsPhaseFlags(t *testing.T) {
	t.Parallel()
	testFlags(t, newAccountsCmd, []flagCase[*accountsOptions]{
		{name: "by and phases", args: []string{"--patterns", "--by", "industry, region", "--phases", "--phase", "convert=event_visit, Meeting", "--phase", "engage=podcast"},
			check: func(t *testing.T, o *accountsOptions) {
				c := o.cfg
				if !slices.Equal(c.PatternBy, []string{"industry", "region"}) || !c.Phases || len(c.PhaseOf) != 3 ||
					c.PhaseOf["eventvisit"] != "convert" || c.PhaseOf["meeting"] != "convert" || c.PhaseOf["podcast"] != "engage" {
					t.Errorf("options %+v", c)
				}
			}},
		{name: "by without patterns", args: []string{"--by", "industry"}, code: ExitUsage},
		{name: "phase without phases", args: []string{"--phase", "convert=demo_request"}, code: ExitUsage},
		{name: "phase without types", args: []string{"--phases", "--phase", "convert="}, code: ExitUsage},
		{name: "unknown phase", args: []string{"--phases", "--phase", "close=demo_request"}, code: ExitUsage},
	})
}

// TestAccountsPhasesRun: testdata/accounts/phases (worked by hand in
// accounts/phases_test.go): web_visit engage, 3 touches, mean position
// 1/6; convert demo_request at 0.8.
func TestAccountsPhasesRun(t *testing.T) {
	t.Parallel()
	rep := runJSON(t, &globalOptions{}, newAccountsCmd, accountsRun, "--touches", testdata("accounts", "phases", "touches.csv"), "--phases")
	wantNumbers(t, "engage", rep.row(t, "phases", "phase", "engage"), map[string]float64{"touches": 3, "accounts": 2, "mean_position": 1.0 / 6, "early_share": 2.0 / 3})
	wantNumbers(t, "demo_request", rep.row(t, "phase_mix", "activity_type", "demo_request"), map[string]float64{"touches": 1, "mean_position": 0.8, "share_of_touches": 0.125})
}
