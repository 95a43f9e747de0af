package funnel

import (
	"fmt"
	"math"
)

// CostTotals holds the total cost of each channel (or campaign) of a costs
// table.
type CostTotals struct {
	By    string             // what the names are: channel, campaign, a header
	Names []string           // in order of first appearance
	Cost  map[string]float64 // total over every row (and period) of the name
	// Currency is the ISO 4217 code the cost column wrote its amounts in
	// (Column.Currency), "" when none is known.
	Currency string
}

// CostsFromTable reads a costs table: a by column (a role, else a header;
// default the one the table has, channel first) and cost. Rows of one name
// are summed (periods add up). A missing name or cost, or a cost that is
// negative or not finite, is an error naming file, line and column.
func CostsFromTable(t *Table, by string) (*CostTotals, error) {
	if by == "" {
		by = RoleChannel
		if !t.Has(RoleChannel) && t.Has(RoleCampaign) {
			by = RoleCampaign
		}
	}
	key := t.Role(by)
	if key == nil {
		key = t.Named(by)
	}
	if key == nil {
		return nil, fmt.Errorf("%s: no column %q to attribute by (columns: %s)", t.Source, by, t.Headers())
	}
	cost := t.Role(RoleCost)
	if cost == nil || cost.Kind != KindNumber {
		return nil, fmt.Errorf("%s: no cost column", t.Source)
	}
	c := &CostTotals{By: by, Cost: map[string]float64{}, Currency: cost.Currency}
	for i := 0; i < t.Rows; i++ {
		if key.IsNA(i) {
			return nil, fmt.Errorf("%s: column %q: missing %s", t.Where(i), key.Name, by)
		}
		v := cost.Nums[i]
		if math.IsNaN(v) || v < 0 || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%s: column %q: cost %q is not a non-negative number", t.Where(i), cost.Name, t.Text(cost, i))
		}
		name := t.Text(key, i)
		if _, ok := c.Cost[name]; !ok {
			c.Names = append(c.Names, name)
		}
		c.Cost[name] += v
	}
	return c, nil
}
