package attribution

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
)

// TestReportCurrencies: the currency the inputs' amounts named reaches
// the report's amount columns and meta (issue 18): value columns take the
// paths' value currency ("€300.00": EUR), cost columns the costs' ("$40":
// USD), ROI and conversions none; two currencies are a warning.
func TestReportCurrencies(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	dict := funnel.NewDict()
	paths, _, err := ingest.Load(write("paths.csv", "path,total_conversions,total_conversion_value\nemail > paid,2,€300.00\npaid,1,€50.00\n"), funnel.Paths, dict, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	costs, _, err := ingest.Load(write("costs.csv", "channel,cost\nemail,$40\npaid,$60\n"), funnel.Costs, dict, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	j, err := FromPaths(paths, PathOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := CostsFromTable(costs, "")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Attribute(j, Config{Models: []Model{FirstTouch}, Costs: c})
	if err != nil {
		t.Fatal(err)
	}
	rep := res.Report()
	want := map[string]map[string]string{
		TableAttribution: {"first_touch_value": "EUR", "cost": "USD", "first_touch_cost_per_conversion": "USD"},
		TableCampaignROI: {"first_touch_value": "EUR", "cost": "USD", "cost_per_lead": "USD"},
	}
	if !reflect.DeepEqual(rep.Currencies, want) {
		t.Errorf("currencies %v, want %v", rep.Currencies, want)
	}
	for key, cur := range map[string]string{"value_currency": "EUR", "cost_currency": "USD"} {
		if v, _ := rep.MetaValue(key); v != cur {
			t.Errorf("meta %s = %v, want %s", key, v, cur)
		}
	}
	if len(rep.Warnings) != 1 || rep.Warnings[0] != "the conversions' value is in EUR and the costs in USD: the _roi columns divide amounts in two currencies; convert them to one" {
		t.Errorf("warnings %q", rep.Warnings)
	}
}
