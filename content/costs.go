package content

import (
	"fmt"

	"github.com/funnel-analytics/funnel/funnel"
)

// StageCosts sums a costs table by content stage through the inventory:
// a costs row's campaign is the inventory item's campaign (compared as
// the join compares them), and its cost goes to the item's stage. Rows of
// campaigns not in the inventory are left out, counted in the returned
// warning. It returns nil (no costs) without a costs table, an inventory
// or a campaign column in both; a bad cost is an error as
// funnel.CostsFromTable says.
func StageCosts(costs, contentTable *funnel.Table) (*funnel.CostTotals, []string, error) {
	if costs == nil || contentTable == nil || !costs.Has(funnel.RoleCampaign) || !contentTable.Has(funnel.RoleCampaign) {
		return nil, nil, nil
	}
	inv, err := readInventory(contentTable)
	if err != nil {
		return nil, nil, err
	}
	byCampaign, err := funnel.CostsFromTable(costs, funnel.RoleCampaign)
	if err != nil {
		return nil, nil, err
	}
	out := &funnel.CostTotals{By: ColumnName, Cost: map[string]float64{}}
	for _, s := range Stages {
		out.Names = append(out.Names, s.String())
	}
	var left []string
	for _, name := range byCampaign.Names {
		it, ok := inv.campaign[normText(name)]
		if !ok {
			left = append(left, name)
			continue
		}
		out.Cost[inv.items[it].Stage.String()] += byCampaign.Cost[name]
	}
	var warnings []string
	if len(left) > 0 {
		warnings = append(warnings, fmt.Sprintf("the costs of %d campaigns not in the content inventory are left out of the content stages' costs (first: %q)", len(left), left[0]))
	}
	return out, warnings, nil
}
