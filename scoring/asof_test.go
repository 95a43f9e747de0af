package scoring

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

// asOfLeads plants n leads, one a day from day 0, each with up to four
// demo touches in its first days and a conversion (won_at) eight days
// after creation more often the more demos it had; keep selects the
// leads written. It returns the dataset.
func asOfLeads(n int, keep func(i int) bool) *funnel.Dataset {
	const day = int64(funnel.SecondsPerDay)
	rng := rand.New(rand.NewPCG(3, 5))
	ds := &funnel.Dataset{Dict: funnel.NewDict()}
	var ids, tids []string
	var created, won, at []int64
	var types []string
	for i := 0; i < n; i++ {
		c := int64(i) * day
		demos := rng.IntN(5)
		w := funnel.NoTime
		if rng.Float64() < float64(1+2*demos)/12 {
			w = c + 8*day
		}
		if !keep(i) {
			continue
		}
		id := fmt.Sprintf("L%04d", i)
		ids, created, won = append(ids, id), append(created, c), append(won, w)
		for k := 0; k < demos; k++ {
			tids, at, types = append(tids, id), append(at, c+int64(k+1)*3600), append(types, "demo")
		}
	}
	newTable(ds, funnel.Leads, len(ids)).text("lead_id", funnel.RoleLeadID, ids).
		times("created_at", funnel.RoleCreatedAt, created).times("won_at", "", won)
	newTable(ds, funnel.Touches, len(tids)).text("lead_id", funnel.RoleLeadID, tids).
		times("occurred_at", funnel.RoleOccurredAt, at).text("activity_type", funnel.RoleActivityType, types)
	return ds
}

// TestAsOfLeavesOutLeadsNotCreatedYet: 400 leads, one a day; as of day
// 300 (its first second, the cut) leads 300..399 did not exist yet. The
// fit as of then must equal, to 1e-9, the fit on a file holding only
// leads 0..299, and count the 100 in RowsAfterAsOf; scoring as of then
// scores the 300 and counts the 100.
func TestAsOfLeavesOutLeadsNotCreatedYet(t *testing.T) {
	t.Parallel()
	const n, cut = 400, 300
	asOf := int64(cut) * funnel.SecondsPerDay
	cfg := Config{Features: FeatureConfig{Target: "won_at", AsOf: asOf}}
	all, err := Fit(asOfLeads(n, func(int) bool { return true }), cfg)
	if err != nil {
		t.Fatal(err)
	}
	early, err := Fit(asOfLeads(n, func(i int) bool { return i < cut }), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if all.Features.RowsAfterAsOf != n-cut || early.Features.RowsAfterAsOf != 0 {
		t.Errorf("rows after the as-of %d and %d, want %d and 0", all.Features.RowsAfterAsOf, early.Features.RowsAfterAsOf, n-cut)
	}
	if all.Regression.Rows != cut || early.Regression.Rows != cut {
		t.Errorf("rows used %d and %d, want %d", all.Regression.Rows, early.Regression.Rows, cut)
	}
	for j, term := range all.Regression.Terms {
		want := early.Regression.Terms[j]
		if term.Name != want.Name || !near(term.Estimate, want.Estimate, 1e-9) || !near(term.StdError, want.StdError, 1e-9) {
			t.Errorf("%s = %.12g (se %.12g), fit on the earlier leads %s = %.12g (%.12g)", term.Name, term.Estimate, term.StdError, want.Name, want.Estimate, want.StdError)
		}
	}
	r := all.Report()
	if got := metaValue(r, "rows_after_as_of"); got != n-cut {
		t.Errorf("meta rows_after_as_of = %v, want %d", got, n-cut)
	}
	mf := all.File()
	sc, err := Score(asOfLeads(n, func(int) bool { return true }), mf, ScoreOptions{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Leads) != cut || sc.RowsAfterAsOf != n-cut {
		t.Errorf("scored %d leads, %d after the as-of; want %d and %d", len(sc.Leads), sc.RowsAfterAsOf, cut, n-cut)
	}
	for _, l := range sc.Leads {
		if l.Row >= cut {
			t.Errorf("lead %s (created after the as-of) was scored", l.LeadID)
		}
	}
}

// metaValue returns the meta value of key in r, or nil.
func metaValue(r *funnel.Report, key string) any {
	for _, m := range r.Meta {
		if m.Key == key {
			return m.Value
		}
	}
	return nil
}
