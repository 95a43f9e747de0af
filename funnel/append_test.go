package funnel_test

import (
	"math"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/internal/tabletest"
)

// TestAppend: two touch exports, a (2 rows: lead, time, channel, value)
// and b (1 row: lead, time, channel, campaign, an attribute url), as one
// table of 3 rows: channel from both, value missing on b's row, campaign
// and url missing on a's; Where names b's file and its own row for row 3
// (index 2). A value (a role) read as numbers in a and as text in c is an error
// naming both, and so are amounts in two currencies.
func TestAppend(t *testing.T) {
	t.Parallel()
	dict := funnel.NewDict()
	lead := tabletest.Col{Name: "lead_id", Role: funnel.RoleLeadID, Kind: funnel.KindText}
	when := tabletest.Col{Name: "occurred_at", Role: funnel.RoleOccurredAt, Kind: funnel.KindTime}
	ch := tabletest.Col{Name: "channel", Role: funnel.RoleChannel, Kind: funnel.KindText}
	a := tabletest.Build(t, funnel.Touches, "a.csv", dict, []tabletest.Col{lead, when, ch,
		{Name: "value", Role: funnel.RoleValue, Kind: funnel.KindNumber}},
		[][]string{{"L1", "2026-01-01", "email", "5"}, {"L2", "2026-01-02", "web", ""}})
	b := tabletest.Build(t, funnel.Touches, "b.csv", dict, []tabletest.Col{lead, when, ch,
		{Name: "Campaign Name", Role: funnel.RoleCampaign, Kind: funnel.KindText}, {Name: "url", Kind: funnel.KindText}},
		[][]string{{"L1", "2026-01-03", "paid_social", "LinkedIn", "/pricing"}})
	ab, err := funnel.Append(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if ab.Rows != 3 || len(ab.Columns) != 6 || ab.Source != "a.csv and b.csv" {
		t.Fatalf("%d rows, %d columns, source %q: want 3, 6, a.csv and b.csv", ab.Rows, len(ab.Columns), ab.Source)
	}
	var got []string
	for i := range 3 {
		row := []string{}
		for _, c := range []string{funnel.RoleChannel, funnel.RoleCampaign} {
			row = append(row, ab.Text(ab.Role(c), i))
		}
		row = append(row, ab.Text(ab.Named("url"), i))
		got = append(got, strings.Join(row, "|"))
	}
	if want := "email||,web||,paid_social|LinkedIn|/pricing"; strings.Join(got, ",") != want {
		t.Errorf("rows %q, want %q", strings.Join(got, ","), want)
	}
	v := ab.Role(funnel.RoleValue)
	if v.Nums[0] != 5 || !math.IsNaN(v.Nums[1]) || !math.IsNaN(v.Nums[2]) || v.Missing != 2 || ab.Role(funnel.RoleCampaign).Missing != 2 {
		t.Errorf("value %v (missing %d), campaign missing %d: want 5, NaN, NaN (2) and 2", v.Nums, v.Missing, ab.Role(funnel.RoleCampaign).Missing)
	}
	if n := ab.Role(funnel.RoleCampaign).Name; n != "Campaign Name" {
		t.Errorf("campaign column named %q, want b's header", n)
	}
	if w := ab.Where(2); w != "b.csv:2" {
		t.Errorf("Where(2) %q, want b.csv:2 (its line: the header is line 1)", w)
	}
	if w := ab.Where(1); w != "a.csv:3" {
		t.Errorf("Where(1) %q, want a.csv:3", w)
	}
	c := tabletest.Build(t, funnel.Touches, "c.csv", dict, []tabletest.Col{lead, when, {Name: "Amount", Role: funnel.RoleValue, Kind: funnel.KindText}},
		[][]string{{"L3", "2026-01-04", "n/a"}})
	_, err = funnel.Append(ab, c)
	if want := `a.csv and b.csv: column "value" is number, c.csv: column "Amount" is text: they cannot be read as one column`; err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
	c.Role(funnel.RoleValue).Kind, c.Role(funnel.RoleValue).Nums = funnel.KindNumber, []float64{1}
	if abc, err := funnel.Append(ab, c); err != nil || abc.Role(funnel.RoleValue).Name != funnel.RoleValue {
		t.Errorf("value and Amount: %v, named %q, want the role", err, abc.Role(funnel.RoleValue).Name)
	}
	// The currency of amounts is the one a file named ($5 and 1 are USD),
	// two of them an error.
	ab.Role(funnel.RoleValue).Currency = "USD"
	if abc, err := funnel.Append(ab, c); err != nil || abc.Role(funnel.RoleValue).Currency != "USD" {
		t.Errorf("USD and none: %v, currency %q, want USD", err, abc.Role(funnel.RoleValue).Currency)
	}
	if ca, err := funnel.Append(c, ab); err != nil || ca.Role(funnel.RoleValue).Currency != "USD" {
		t.Errorf("none and USD: %v, currency %q, want USD", err, ca.Role(funnel.RoleValue).Currency)
	}
	c.Role(funnel.RoleValue).Currency = "EUR"
	_, err = funnel.Append(ab, c)
	if want := `a.csv and b.csv: column "value" is in USD, c.csv: column "Amount" is in EUR: they cannot be read as one column`; err == nil || err.Error() != want {
		t.Errorf("USD and EUR: error %v, want %s", err, want)
	}
	ab.Role(funnel.RoleValue).Currency = ""
	// An attribute column of numbers in one file and text in the other is
	// text, each value as its file writes it.
	e := tabletest.Build(t, funnel.Touches, "e.csv", dict, []tabletest.Col{lead, when, {Name: "url", Kind: funnel.KindNumber}},
		[][]string{{"L5", "2026-01-06", "404"}})
	abe, err := funnel.Append(ab, e)
	if err != nil {
		t.Fatal(err)
	}
	if u := abe.Named("url"); u.Kind != funnel.KindText || abe.Text(u, 2) != "/pricing" || abe.Text(u, 3) != "404" || u.Missing != 2 {
		t.Errorf("url: %s, %q and %q, %d missing: want text, /pricing, 404, 2", u.Kind, abe.Text(u, 2), abe.Text(u, 3), u.Missing)
	}
	d := tabletest.Build(t, funnel.Touches, "d.csv", dict, []tabletest.Col{lead, when}, [][]string{{"L4", "2026-01-05"}})
	d.Lines = nil // lines not recorded: rows counted within each file
	abc, err := funnel.Append(ab, d)
	if err != nil || abc.Where(3) != "d.csv:row 1" || abc.Where(2) != "b.csv:row 1" {
		t.Errorf("three files: %v, Where(3) %q, Where(2) %q", err, abc.Where(3), abc.Where(2))
	}
}
