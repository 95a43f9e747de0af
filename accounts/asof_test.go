package accounts

import (
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/internal/tabletest"
)

// TestLeadsCreatedAfterAsOfAreNoContacts: as of 2026-02-28 (inclusive),
// L2 (A1, created 03-01) and L3 (A2, created 03-05) did not exist: A1 has
// one contact (L1), A2 is no account, and the two are counted in
// rows_after_as_of with a warning.
func TestLeadsCreatedAfterAsOfAreNoContacts(t *testing.T) {
	t.Parallel()
	ds := &funnel.Dataset{Dict: funnel.NewDict()}
	text, tm := funnel.KindText, funnel.KindTime
	ds.Set(tabletest.Build(t, funnel.Leads, "leads.csv", ds.Dict,
		[]tabletest.Col{{Name: "lead_id", Role: funnel.RoleLeadID, Kind: text}, {Name: "account_id", Role: funnel.RoleAccountID, Kind: text}, {Name: "created_at", Role: funnel.RoleCreatedAt, Kind: tm}},
		[][]string{{"L1", "A1", "2026-01-01 09:00:00"}, {"L2", "A1", "2026-03-01 09:00:00"}, {"L3", "A2", "2026-03-05 09:00:00"}}))
	ds.Set(tabletest.Build(t, funnel.Touches, "touches.csv", ds.Dict,
		[]tabletest.Col{{Name: "lead_id", Role: funnel.RoleLeadID, Kind: text}, {Name: "occurred_at", Role: funnel.RoleOccurredAt, Kind: tm}, {Name: "activity_type", Role: funnel.RoleActivityType, Kind: text}},
		[][]string{{"L1", "2026-01-10 10:00:00", "webinar"}, {"L2", "2026-03-02 10:00:00", "demo"}}))
	a := acctAnalyze(t, ds, Options{AsOf: acctTime(t, "2026-02-28 23:59:59")})
	if len(a.Accounts) != 1 || a.Accounts[0].ID != "A1" || a.Accounts[0].People != 1 || a.Accounts[0].Touches != 1 {
		t.Errorf("accounts %+v, want A1 alone with 1 contact and 1 touch", a.Accounts)
	}
	if a.LeadsAfterAsOf != 2 || a.TouchesAfterAsOf != 1 {
		t.Errorf("leads after the as-of %d, touches %d; want 2 and 1", a.LeadsAfterAsOf, a.TouchesAfterAsOf)
	}
	found := false
	for _, m := range a.Report().Meta {
		if m.Key == "rows_after_as_of" {
			found = m.Value == 2
		}
	}
	if !found {
		t.Error("meta rows_after_as_of is not 2")
	}
}
