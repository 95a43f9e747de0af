package main

import (
	"math"
	"strings"
	"testing"
)

// checkDemoNurture reads the demo's planted_nurture row and
// its nurture_findings (a line each on dormancy and cadence): the planted common odds ratio (2, truth.json's
// nurture.odds_ratio) lies inside the recovered Mantel-Haenszel interval.
// The reference values come from R on the same sample (`funnel sample`,
// seed 1, 20,000 leads, as of 2026-11-01 00:00 UTC): a lead reached sql
// when stages.csv has it at sql, opportunity or customer before then; a
// member when nurture.csv enrolls it before then; the strata lead_source
// x industry x month of created_at, those with members and non-members
// kept (1344 strata, 4997 members);
// mantelhaen.test(table(member, reached, stratum), correct = FALSE) gives
// 1.9812867988 (1.8414123143 .. 2.1317862103). The cost per lead reaching
// sql: each lead priced at its lead_source channel's total in costs.csv
// over the leads of that source (no cost row: 0), summed over the
// matched members, 904875.28420794 / 2496 = 362.53016194, and non-members,
// 2515752.91489818 / 4838 = 519.99853553. Dormancy: 12833 of the 20000
// leads had no touch (nor creation) in the 90 days before 2026-11-01;
// cadence: 118 of the 16754 leads created 13 weeks or more before had 30
// touches or more in their first 13 weeks, 83.9% of them reached sql, and
// 42.8% of the 15086 with under 15.
// TestDemoRun calls it on its run of the demo (one run of 20,000 leads
// for both).
func checkDemoNurture(t *testing.T, rep reportJSON) {
	t.Helper()
	rows := rep.Tables["planted_nurture"]
	if len(rows) != 1 {
		t.Fatalf("planted_nurture %v", rows)
	}
	row := rows[0]
	if row["planted_within"] != true || row["outcome"] != "sql" {
		t.Errorf("planted_nurture %v: want the planted odds ratio within the interval, outcome sql", row)
	}
	for key, want := range map[string]float64{"planted_odds_ratio": 2, "odds_ratio": 1.9812867988, "odds_low": 1.8414123143,
		"odds_high": 2.1317862103, "matched_members": 4997, "member_cost_per_reached": 362.53016194, "other_cost_per_reached": 519.99853553} {
		if v, ok := row[key].(float64); !ok || math.Abs(v-want) > 1e-6*want {
			t.Errorf("planted_nurture %s = %v, want %.10g", key, row[key], want)
		}
	}
	if low, high := row["odds_low"].(float64), row["odds_high"].(float64); !(low <= 2 && 2 <= high) {
		t.Errorf("planted odds ratio 2 outside %g .. %g", low, high)
	}
	want := map[string]string{
		"dormancy": "2026-10: 64.2% of 20000 leads dormant (no touch for 90d)",
		"cadence":  "118 of 16754 leads had the target cadence (30 touches in 13 weeks) or more in their first 13 weeks: 83.9% of them reached sql, against 42.8% of the 15086 under half of it",
	}
	findings := rep.Tables["nurture_findings"]
	if len(findings) != len(want) {
		t.Errorf("nurture_findings %v", findings)
	}
	for _, f := range findings {
		if s, _ := f["finding"].(string); !strings.HasPrefix(s, want[f["measure"].(string)]) {
			t.Errorf("nurture_findings %s = %q, want it to begin %q", f["measure"], s, want[f["measure"].(string)])
		}
	}
}
