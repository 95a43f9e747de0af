package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/accounts"
)

func TestAccountsABMFlags(t *testing.T) {
	t.Parallel()
	testFlags(t, newAccountsCmd, []flagCase[*accountsOptions]{
		{name: "defaults", check: func(t *testing.T, o *accountsOptions) {
			c := o.cfg
			if c.ShareMonths != 12 || c.Horizon != 180*86400 || c.Top != 0 || c.Responses != nil || c.BacktestAsOf != 0 || o.Tiers != "" {
				t.Errorf("defaults %+v", c)
			}
		}},
		{name: "set", args: []string{"--share-months", "6", "--horizon", "90d", "--top", "50", "--responses", "form_fill, demo_request",
			"--tiers", "tiers.csv", "--backtest-as-of", "2026-04-30"},
			check: func(t *testing.T, o *accountsOptions) {
				c := o.cfg
				if c.ShareMonths != 6 || c.Horizon != 90*86400 || c.Top != 50 || strings.Join(c.Responses, "|") != "form_fill|demo_request" ||
					o.Tiers != "tiers.csv" || o.BacktestAsOf != "2026-04-30" {
					t.Errorf("config %+v, tiers %q, backtest %q", c, o.Tiers, o.BacktestAsOf)
				}
			}},
		{name: "zero months", args: []string{"--share-months", "0"}, code: ExitUsage},
		{name: "bad horizon", args: []string{"--horizon", "later"}, code: ExitUsage},
		{name: "negative top", args: []string{"--top", "-1"}, code: ExitUsage},
	})
}

// TestAccountsABMRun runs the command on testdata/accounts/abm (values
// worked out in accounts' TestTargetShare, TestEventTargets and
// TestTiers) with --tiers replacing the accounts' tier column, and a
// backtest date that is bad.
func TestAccountsABMRun(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("testdata", "accounts", "abm")
	out, stderr, code := runCommand(t, &globalOptions{Format: "json", DataDir: dir}, newAccountsCmd, nil,
		"--share-months", "2", "--tiers", filepath.Join(dir, "tiers.csv"))
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got := decodeReport(t, out)
	// tiers.csv: A1 one-to-few, A3 one-to-many; A2 none.
	var segs []string
	for _, row := range got.Tables["abm"] {
		segs = append(segs, row["segment"].(string))
	}
	if strings.Join(segs, "|") != "target|other|one-to-few|one-to-many|no tier" {
		t.Errorf("abm segments %q", segs)
	}
	share := got.Tables["target_share"]
	// 2026-02, target (A1, A2 by the target column): 2 of 6 touches;
	// one-to-many is A3 now: 4 of 6 (L4's 4 touches in February).
	if len(share) != 6 || share[3]["segment"] != "target" || share[5]["segment"] != "one-to-many" {
		t.Fatalf("target_share %v", share)
	}
	wantNumbers(t, "2026-02 target", share[3], map[string]float64{"touches": 6, "segment_touches": 2, "touch_share": 1.0 / 3})
	wantNumbers(t, "2026-02 one-to-many", share[5], map[string]float64{"segment_touches": 4, "touch_share": 4.0 / 6, "segment_pipeline": 1000})
	if got.Meta["tiers"] != filepath.Join(dir, "tiers.csv") || got.Meta["target_share_window"] != "2026-01 to 2026-02" || got.Meta["response_rule"] != accounts.ResponseRule {
		t.Errorf("meta %v", got.Meta)
	}
	if !strings.Contains(stderr, "touches rose from 5 in 2026-01 to 6 in 2026-02, but the target accounts' share fell from 60.0% to 33.3%") {
		t.Errorf("stderr lacks the falling share: %q", stderr)
	}
	if ev := got.Tables["event_accounts"]; len(ev) != 1 || ev[0]["account_id"] != "A1" || ev[0]["tier"] != "one-to-few" {
		t.Errorf("event_accounts %v", ev)
	}
	_, stderr, code = runCommand(t, &globalOptions{Format: "json", DataDir: dir}, newAccountsCmd, nil, "--backtest-as-of", "someday")
	if code != ExitUsage || !strings.Contains(stderr, `--backtest-as-of "someday"`) {
		t.Errorf("bad backtest date: exit %d, %q", code, stderr)
	}
}
