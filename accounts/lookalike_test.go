package accounts

import (
	"bytes"
	"cmp"
	"io"
	"slices"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/funnel/sample"
)

type acctMemFile struct{ *bytes.Buffer }

func (acctMemFile) Close() error { return nil }

// acctSampleDataset generates a sample export set in memory and reads it.
func acctSampleDataset(t testing.TB, cfg sample.Config) (*funnel.Dataset, *sample.Truth) {
	t.Helper()
	files := map[string]*bytes.Buffer{}
	truth, err := sample.Generate(cfg, func(name string) (io.WriteCloser, error) {
		files[name] = new(bytes.Buffer)
		return acctMemFile{files[name]}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ds := funnel.NewDataset()
	for _, k := range funnel.TableKinds {
		b, ok := files[k.String()+".csv"]
		if !ok {
			continue
		}
		r, err := ingest.NewReader(bytes.NewReader(b.Bytes()), k.String()+".csv", ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		tab, _, err := ingest.LoadFrom(r, k, ds.Dict, ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		ds.Set(tab)
	}
	return ds, truth
}

// idealAccounts returns the accounts of ds in the planted ideal profile.
func idealAccounts(ds *funnel.Dataset, p sample.IdealProfile) map[string]bool {
	t := ds.Accounts
	id, ind, reg, emp := t.Role(funnel.RoleAccountID), t.Role(funnel.RoleIndustry), t.Role(funnel.RoleRegion), t.Role(funnel.RoleEmployees)
	out := map[string]bool{}
	for i := 0; i < t.Rows; i++ {
		if slices.Contains(p.Industries, t.Text(ind, i)) && slices.Contains(p.Regions, t.Text(reg, i)) && emp.Nums[i] >= float64(p.MinEmployees) {
			out[t.Text(id, i)] = true
		}
	}
	return out
}

// lookalikeHeldOut returns the held-out accounts, ranked by score, and which of them
// are labeled positives.
func lookalikeHeldOut(l *LookalikeResult) ([]Lookalike, map[string]bool) {
	var held []Lookalike
	pos := map[string]bool{}
	for _, x := range l.Labeled {
		if x.Holdout {
			held = append(held, x)
			pos[x.ID] = true
		}
	}
	for _, x := range l.Lookalikes {
		if x.Holdout {
			held = append(held, x)
		}
	}
	slices.SortStableFunc(held, func(a, b Lookalike) int { return cmp.Compare(b.Score, a.Score) })
	return held, pos
}

// TestLookalikeSample fits lookalikes on `funnel sample` data (8000 leads,
// seed 1) whose won accounts concentrate in a planted ideal profile
// (truth.json lookalike: Software, Finance or Healthcare, in NA or EMEA,
// 200+ employees). The held-out fifth must show:
//
//   - recall at the 0.5 cut-off well above a random ranking flagging as
//     many held-out accounts (whose expected recall is the flagged share);
//   - at the number of held-out accounts the planted profile flags, a
//     recall above the planted profile's own (it also learns engagement);
//   - without engagement terms, unlabeled accounts at the top of the
//     lookalikes table lie in the planted profile far more often than the
//     unlabeled accounts as a whole.
//
// Measured (this generator, seed 1): recall 0.723 at flagged share 0.346
// (lift 2.09), AUC 0.817; at the profile's 170 of 662 held-out accounts
// 0.613 against its 0.401; firmographics only, 67.6% of the top decile in
// the profile against 21.4% of all unlabeled. Seeds 2, 3 and 7 give lifts
// 2.16, 2.08 and 2.41.
func TestLookalikeSample(t *testing.T) {
	t.Parallel()
	ds, truth := acctSampleDataset(t, sample.Config{Leads: 8000, Seed: 1})
	ideal := idealAccounts(ds, truth.Lookalike.IdealProfile)

	a := acctAnalyze(t, ds, Options{Lookalike: true})
	l := a.Lookalike
	if l.Positives != OutcomeWon || l.PositiveAccounts != truth.Lookalike.PositiveAccounts {
		t.Errorf("positives %s: %d accounts, truth.json has %d (%s)", l.Positives, l.PositiveAccounts, truth.Lookalike.PositiveAccounts, truth.Lookalike.Positive)
	}
	h := l.Holdout
	t.Logf("held out %d accounts, %d positives; c %.3f; recall %.3f at flagged share %.3f (lift %.2f); AUC %.3f",
		h.Accounts, h.Positives, l.LabelFrequency, h.Recall, h.FlaggedShare, h.Lift, h.AUC)
	if h.Recall < 1.8*h.FlaggedShare || h.Recall < 0.5 {
		t.Errorf("held-out recall %.3f does not clearly beat a random ranking (%.3f)", h.Recall, h.FlaggedShare)
	}
	if h.AUC < 0.75 {
		t.Errorf("held-out AUC %.3f, want at least 0.75", h.AUC)
	}
	// One stratified fold in five held out: a fifth of each class, give or take one.
	if n := l.PositiveAccounts + l.UnlabeledAccounts; acctAbs(h.Accounts*5-n) > 5 || acctAbs(h.Positives*5-l.PositiveAccounts) > 5 {
		t.Errorf("%d held-out accounts (%d positive) of %d (%d)", h.Accounts, h.Positives, n, l.PositiveAccounts)
	}

	held, pos := lookalikeHeldOut(l)
	ruleFlagged, ruleHits := 0, 0
	for _, x := range held {
		if ideal[x.ID] {
			ruleFlagged++
			if pos[x.ID] {
				ruleHits++
			}
		}
	}
	ourHits := 0
	for _, x := range held[:ruleFlagged] {
		if pos[x.ID] {
			ourHits++
		}
	}
	ruleRecall, ourRecall := float64(ruleHits)/float64(h.Positives), float64(ourHits)/float64(h.Positives)
	random := float64(ruleFlagged) / float64(len(held))
	t.Logf("top %d of %d held out: recall %.3f; planted profile %.3f; random %.3f", ruleFlagged, len(held), ourRecall, ruleRecall, random)
	if ourRecall < ruleRecall+0.1 || ruleRecall < 1.3*random {
		t.Errorf("at the planted profile's %d accounts: recall %.3f, profile %.3f, random %.3f", ruleFlagged, ourRecall, ruleRecall, random)
	}

	// Firmographics only: the top decile of lookalikes is the planted profile.
	l = acctAnalyze(t, ds, Options{Lookalike: true, NoEngagement: true}).Lookalike
	top := len(l.Lookalikes) / 10
	inTop, inAll := 0, 0
	for i, x := range l.Lookalikes {
		if ideal[x.ID] {
			inAll++
			if i < top {
				inTop++
			}
		}
	}
	shareTop, shareAll := float64(inTop)/float64(top), float64(inAll)/float64(len(l.Lookalikes))
	t.Logf("firmographics only: %.3f of the top decile in the planted profile, %.3f of all unlabeled", shareTop, shareAll)
	if shareTop < 2.5*shareAll {
		t.Errorf("top-decile share in the planted profile %.3f, all unlabeled %.3f: want 2.5 times", shareTop, shareAll)
	}
	for _, tm := range l.Regression.Terms {
		// Bigger accounts: bigger committees, more engagement (truth: +0.25 per log10).
		if tm.Name == "log10(1+employees)" && !(tm.Estimate > 0) {
			t.Errorf("employees coefficient %g, want positive", tm.Estimate)
		}
	}
}

// TestLookalikeDeterministic: the same seed gives the same split and
// probabilities; another seed another split.
func TestLookalikeDeterministic(t *testing.T) {
	t.Parallel()
	ds, _ := acctSampleDataset(t, sample.Config{Leads: 2000, Seed: 3})
	one := acctAnalyze(t, ds, Options{Lookalike: true, Seed: 5}).Lookalike
	two := acctAnalyze(t, ds, Options{Lookalike: true, Seed: 5}).Lookalike
	other := acctAnalyze(t, ds, Options{Lookalike: true, Seed: 6}).Lookalike
	if len(one.Lookalikes) != len(two.Lookalikes) || one.LabelFrequency != two.LabelFrequency {
		t.Fatal("two runs with one seed differ")
	}
	for i := range one.Lookalikes {
		if one.Lookalikes[i] != two.Lookalikes[i] {
			t.Fatalf("lookalike %d differs: %+v and %+v", i, one.Lookalikes[i], two.Lookalikes[i])
		}
	}
	if one.LabelFrequency == other.LabelFrequency {
		t.Error("another seed gave the same calibration")
	}
}

func acctAbs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
