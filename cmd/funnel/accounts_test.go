package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/accounts"
	"github.com/funnel-analytics/funnel/funnel/sample"
)

func TestAccountsFlags(t *testing.T) {
	t.Parallel()
	testFlags(t, newAccountsCmd, []flagCase[*accountsOptions]{
		{name: "defaults", check: func(t *testing.T, o *accountsOptions) {
			c := o.cfg
			if c.MinPeople != 2 || c.MinTouches != 1 || c.Window != 30*86400 || c.Gap != 7*86400 ||
				c.PatternOutcome != accounts.OutcomeHighIntensity || c.MinTargetShare != 0.3 || c.LookalikeCutoff != 0.5 || c.Seed != 1 || c.Positives != 0 {
				t.Errorf("defaults %+v", c)
			}
		}},
		{name: "set", args: []string{"--min-people", "3", "--min-touches", "2", "--window", "2w", "--patterns", "--gap", "36h", "--outcome", "won",
			"--lookalike", "--lookalike-from", "high-intensity", "--lookalike-features", "industry, region", "--min-target-share", "25%", "--seed", "9"},
			check: func(t *testing.T, o *accountsOptions) {
				c := o.cfg
				if c.MinPeople != 3 || c.MinTouches != 2 || c.Window != 14*86400 || c.Gap != 36*3600 || !c.Patterns || c.PatternOutcome != accounts.OutcomeWon ||
					!c.Lookalike || c.Positives != accounts.OutcomeHighIntensity || strings.Join(c.LookalikeFeatures, "|") != "industry|region" ||
					c.MinTargetShare != 0.25 || c.Seed != 9 {
					t.Errorf("config %+v", c)
				}
			}},
		{name: "share as a fraction", args: []string{"--min-target-share", "0.4"}, check: func(t *testing.T, o *accountsOptions) {
			if o.cfg.MinTargetShare != 0.4 {
				t.Errorf("min target share %g", o.cfg.MinTargetShare)
			}
		}},
		{name: "bad outcome", args: []string{"--outcome", "mql"}, code: ExitUsage},
		{name: "bad window", args: []string{"--window", "soon"}, code: ExitUsage},
		{name: "zero people", args: []string{"--min-people", "0"}, code: ExitUsage},
		{name: "bad cutoff", args: []string{"--lookalike-cutoff", "0"}, code: ExitUsage},
		{name: "bad share", args: []string{"--min-target-share", "130%"}, code: ExitUsage},
	})
}

// TestAccountsRun runs the command on testdata/accounts/basic; the
// expected values are worked out in scoring's TestAccountsTable, TestABM
// and TestPatterns.
func TestAccountsRun(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("testdata", "accounts", "basic")
	file := func(name string) string { return filepath.Join(dir, name) }
	out, stderr, err := runParsed(t, &globalOptions{Format: "json"}, newAccountsCmd, accountsRun,
		"--leads", file("leads.csv"), "--touches", file("touches.csv"), "--opportunities", file("opportunities.csv"),
		"--costs", file("costs.csv"), "--targets", file("targets.txt"), "--patterns")
	if err != nil {
		t.Fatalf("%v: %s", err, stderr)
	}
	got := decodeReport(t, out)
	var ids, since []string
	for _, row := range got.Tables["accounts"] {
		ids = append(ids, row["account_id"].(string))
		s, _ := row["high_intensity_since"].(string)
		since = append(since, s)
	}
	// A8 is a target account in no input: no touches, last.
	if want := "A4 A2 A1 A7 A3 A5 A6 A8"; strings.Join(ids, " ") != want {
		t.Errorf("accounts %s, want %s", strings.Join(ids, " "), want)
	}
	if since[0] != "2026-03-01 08:00:00" || since[2] != "2026-01-31 10:00:00" {
		t.Errorf("high_intensity_since %q", since)
	}
	wantNumbers(t, "meta", got.Meta, map[string]float64{
		"high_intensity_accounts":         4,
		"engaged_accounts":                6,
		"high_intensity_opportunity_rate": 0.5,
		"other_opportunity_rate":          0.5,
		"opportunity_rate_ratio":          1,
		"opportunity_rate_ratio_ci_low":   0.1408634941,
		"opportunity_rate_ratio_ci_high":  7.0990713842,
		"excluded_censored":               1,
		"target_accounts":                 3,
		"unallocated_cost":                100,
		"min_target_share":                0.3,
	})
	var flagged []string
	for _, row := range got.Tables["campaign_targets"] {
		if row["below_min_target_share"] == true {
			flagged = append(flagged, row["campaign"].(string))
		}
	}
	if want := "Newsletter|Trade Show|Trial|Webinar Apr|Webinar May"; strings.Join(flagged, "|") != want {
		t.Errorf("flagged campaigns %q, want %s", flagged, want)
	}
	abm := got.Tables["abm"]
	if len(abm) != 2 || abm[0]["segment"] != "target" || abm[0]["penetration"].(float64) != 2.0/3 || abm[1]["win_rate"].(float64) != 0 {
		t.Errorf("abm %v", abm)
	}
	if p := got.Tables["patterns"]; len(p) != 2 || p[0]["first"] != "web_visit" || p[0]["then"] != "pricing" {
		t.Errorf("patterns %v", p)
	}
	if !strings.Contains(stderr, "1 touches of no known account") {
		t.Errorf("stderr lacks the unmatched-touch warning: %q", stderr)
	}
}

// TestAccountsLookalikeCommand runs --lookalike on a sample export folder
// (--data) and checks that the held-out recall is reported and beats the
// recall of a random ranking (the flagged share) by a clear margin.
func TestAccountsLookalikeCommand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if _, err := sample.WriteDir(dir, sample.Config{Leads: 6000, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runCommand(t, &globalOptions{Format: "json", DataDir: dir}, newAccountsCmd, nil, "--lookalike")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got := decodeReport(t, out)
	recall, _ := got.Meta["holdout_recall"].(float64)
	random, _ := got.Meta["holdout_random_recall"].(float64)
	t.Logf("held-out recall %.3f, random ranking %.3f, AUC %v", recall, random, got.Meta["holdout_auc"])
	if got.Meta["lookalike_positives"] != "won" || !(recall > 1.8*random) {
		t.Errorf("positives %v: held-out recall %v against random %v", got.Meta["lookalike_positives"], recall, random)
	}
	if len(got.Tables["lookalikes"]) == 0 || got.Tables["lookalikes"][0]["probability"] == nil {
		t.Error("no lookalikes table")
	}
	// The sample's accounts export has a target column: ABM metrics too.
	if _, ok := got.Tables["campaign_targets"]; !ok {
		t.Error("no campaign_targets from the accounts' target column")
	}
}

func TestAccountsTargetsErrors(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("testdata", "accounts", "basic")
	tmp := t.TempDir()
	twoCols := filepath.Join(tmp, "targets.csv")
	if err := os.WriteFile(twoCols, []byte("name,size\nAcme,10\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, targets, msg string
	}{
		{"missing file", filepath.Join(tmp, "nope.csv"), "nope.csv"},
		{"no id column", twoCols, "no account_id column"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, stderr, code := runCommand(t, &globalOptions{Format: "json"}, newAccountsCmd, nil,
				"--leads", filepath.Join(dir, "leads.csv"), "--touches", filepath.Join(dir, "touches.csv"), "--targets", tc.targets)
			if code != ExitFailure || !strings.Contains(stderr, tc.msg) {
				t.Errorf("exit %d, stderr %q; want 1 and %q", code, stderr, tc.msg)
			}
		})
	}
	if _, _, code := runCommand(t, &globalOptions{Format: "json"}, newAccountsCmd, nil, "--leads", filepath.Join(dir, "leads.csv")); code != ExitUsage {
		t.Errorf("without touches: exit %d, want 2", code)
	}
}
