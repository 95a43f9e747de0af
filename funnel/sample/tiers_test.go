package sample_test

import (
	"strconv"
	"testing"

	"github.com/funnel-analytics/funnel/funnel/sample"
)

// TestTiers: account_tiers.csv lists every target account of
// accounts.csv once and no other, with a tier in the file's spellings,
// the counts per tier are truth.json's, and the big accounts are
// one-to-one more often (the rule: 0.3 at 5000 employees or more, else
// 0.02).
func TestTiers(t *testing.T) {
	t.Parallel()
	fs, truth, set := loadSmall(t)
	tt := truth.Tiers
	if tt == nil || tt.File != sample.TiersFile {
		t.Fatalf("truth.json tiers %+v", tt)
	}
	tiers := readTable(t, sample.TiersFile, fs[sample.TiersFile].Bytes())
	if len(tiers.rows) != truth.Summary.TargetAccounts || truth.Rows[sample.TiersFile] != len(tiers.rows) {
		t.Errorf("%d tier rows, %d target accounts, truth rows %d", len(tiers.rows), truth.Summary.TargetAccounts, truth.Rows[sample.TiersFile])
	}
	target, employees := map[string]bool{}, map[string]int{}
	for i := range set.accounts.rows {
		id := set.accounts.get(i, "account_id")
		target[id] = set.accounts.get(i, "target") == "1"
		employees[id], _ = strconv.Atoi(set.accounts.get(i, "employees"))
	}
	full := map[string]string{"1:1": "one-to-one", "1:few": "one-to-few", "1:many": "one-to-many"}
	count := map[string]int{}
	var big, bigOne, small, smallOne int
	seen := map[string]bool{}
	for i := range tiers.rows {
		id, tier := tiers.get(i, "account_id"), full[tiers.get(i, "tier")]
		if !target[id] || seen[id] || tier == "" {
			t.Fatalf("row %d: account %s (target %v, seen %v) tier %q", i+2, id, target[id], seen[id], tiers.get(i, "tier"))
		}
		seen[id] = true
		count[tier]++
		if employees[id] >= 5000 {
			big++
			if tier == "one-to-one" {
				bigOne++
			}
		} else {
			small++
			if tier == "one-to-one" {
				smallOne++
			}
		}
	}
	for tier, n := range tt.Accounts {
		if count[tier] != n {
			t.Errorf("%s: %d accounts in the file, truth %d", tier, count[tier], n)
		}
	}
	if big == 0 || small == 0 || float64(bigOne)/float64(big) <= 3*float64(smallOne)/float64(small) {
		t.Errorf("one-to-one: %d of %d big accounts, %d of %d small: the big ones should be far more often", bigOne, big, smallOne, small)
	}
}
