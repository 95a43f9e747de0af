package scoring

import (
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

// TestAmountTargetFromOpportunities: L1 has two deals (100 on day 20 and
// 50 on day 30: 150, cutoff day 20); L2 one of 0 (left out, named); L3 one
// created after the as-of (left out); L4 none.
func TestAmountTargetFromOpportunities(t *testing.T) {
	t.Parallel()
	ds := funnel.NewDataset()
	newTable(ds, funnel.Leads, 4).text("lead_id", funnel.RoleLeadID, []string{"L1", "L2", "L3", "L4"})
	newTable(ds, funnel.Opportunities, 4).
		text("lead_id", funnel.RoleLeadID, []string{"L1", "L2", "L1", "L3"}).
		num("amount", funnel.RoleAmount, []float64{100, 0, 50, 70}).
		times("created_at", funnel.RoleCreatedAt, []int64{day(20, 0), day(25, 0), day(30, 0), day(200, 0)})
	cfg := FeatureConfig{Target: "amount", Family: FamilyGamma}
	f := &Features{AsOf: day(100, 0)}
	y, cutoff, err := targets(ds, cfg, f)
	if err != nil {
		t.Fatal(err)
	}
	wantY := []float64{150, -1, -1, -1}
	for i := range wantY {
		if y[i] != wantY[i] {
			t.Errorf("y = %v, want %v", y, wantY)
			break
		}
	}
	if cutoff[0] != day(20, 0) || cutoff[3] != day(100, 0) {
		t.Errorf("cutoffs %v, want day 20 for L1 and the as-of for L4", cutoff)
	}
	w := strings.Join(f.Warnings, "\n")
	for _, phrase := range []string{
		"1 amounts of 0 or less were left out (a deal size is positive): opportunities.csv:row 2 (L2) 0",
		"1 opportunities created at or after the as-of time",
		"1 leads have more than one opportunity: their amounts are summed",
	} {
		if !strings.Contains(w, phrase) {
			t.Errorf("warnings %q lack %q", f.Warnings, phrase)
		}
	}
}

// TestAmountTargetErrors: a text amount names its row and column; a
// missing column names both inputs; only non-positive amounts leave no
// lead, and Fit says so.
func TestAmountTargetErrors(t *testing.T) {
	t.Parallel()
	ds := funnel.NewDataset()
	newTable(ds, funnel.Leads, 3).
		text("lead_id", funnel.RoleLeadID, []string{"L1", "L2", "L3"}).
		text("deal", "", []string{"100", "", "ten"})
	_, _, err := targets(ds, FeatureConfig{Target: "deal", Family: FamilyLogNormal}, &Features{AsOf: 1})
	if err == nil || err.Error() != `leads.csv:3: column "deal": cannot parse "ten" as a number (--family lognormal takes an amount as --target)` {
		t.Errorf("text amount: %v", err)
	}
	_, _, err = targets(ds, FeatureConfig{Target: "amount", Family: FamilyGamma}, &Features{AsOf: 1})
	if err == nil || !strings.Contains(err.Error(), `has no amount column "amount"`) || !strings.Contains(err.Error(), "no opportunities were given") {
		t.Errorf("missing amount: %v", err)
	}
	ds = funnel.NewDataset()
	newTable(ds, funnel.Leads, 2).
		text("lead_id", funnel.RoleLeadID, []string{"L1", "L2"}).
		num("amount", "", []float64{0, -5})
	_, err = Fit(ds, Config{Features: FeatureConfig{Target: "amount", Family: FamilyGamma}})
	if err == nil || !strings.Contains(err.Error(), `no lead of leads.csv has a positive amount "amount" to fit (2 rows): 2 amounts of 0 or less were left out`) {
		t.Errorf("non-positive amounts: %v", err)
	}
	_, err = Fit(ds, Config{Features: FeatureConfig{Target: "amount", Family: FamilyGamma}, CVFolds: 3})
	if err == nil || !strings.Contains(err.Error(), "--cv") {
		t.Errorf("--cv with gamma: %v", err)
	}
}

// TestFitAmountModelFileRoundTrip: a deal-size fit's model file records
// the family and the smearing, decodes, and scores each training lead at
// its fitted amount.
func TestFitAmountModelFileRoundTrip(t *testing.T) {
	t.Parallel()
	ds := funnel.NewDataset()
	amounts := []float64{100, 220, 150, 400, 90, 310, 260, 120}
	seg := []string{"a", "b", "a", "b", "a", "b", "b", "a"}
	ids := []string{"1", "2", "3", "4", "5", "6", "7", "8"}
	newTable(ds, funnel.Leads, 8).text("lead_id", funnel.RoleLeadID, ids).text("seg", "", seg).num("amount", "", amounts)
	for _, fam := range []Family{FamilyGamma, FamilyLogNormal} {
		m, err := Fit(ds, Config{Features: FeatureConfig{Target: "amount", Family: fam, Features: []string{"seg"}}})
		if err != nil {
			t.Fatal(err)
		}
		data, err := m.File().Encode()
		if err != nil {
			t.Fatal(err)
		}
		mf, err := DecodeModel(data, "size.json")
		if err != nil {
			t.Fatal(err)
		}
		if mf.Family != fam.String() || !mf.IsAmount() {
			t.Fatalf("family %q", mf.Family)
		}
		s, err := Score(ds, mf, ScoreOptions{AsOf: 1})
		if err != nil {
			t.Fatal(err)
		}
		// With one indicator the Gamma's fit is each segment's mean (a
		// 115, b 297.5); the log-normal's, its geometric mean times the
		// smearing.
		for _, l := range s.Leads {
			k := int(l.Row)
			if !near(l.ExpectedAmount, m.Amount.Fitted[k], 1e-12) {
				t.Errorf("%s lead %s: %v, want the fitted %v", fam, l.LeadID, l.ExpectedAmount, m.Amount.Fitted[k])
			}
			if fam == FamilyGamma {
				want := map[string]float64{"a": 115, "b": 297.5}[seg[k]]
				if !near(l.ExpectedAmount, want, 1e-9) {
					t.Errorf("gamma lead %s: %v, want the segment mean %v", l.LeadID, l.ExpectedAmount, want)
				}
			}
		}
		if fam == FamilyLogNormal && !(mf.Amount.Smearing > 1) { // Jensen: mean(exp(e)) > exp(mean(e)) = 1
			t.Errorf("%s smearing %v", fam, mf.Amount.Smearing)
		}
	}
}
