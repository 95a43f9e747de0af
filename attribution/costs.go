package attribution

import (
	"fmt"
	"math"

	"github.com/funnel-analytics/funnel/funnel"
)

// Costs holds the total cost of each channel (or campaign).
type Costs struct {
	By    string             // what the names are: channel, campaign, a header
	Names []string           // in order of first appearance
	Cost  map[string]float64 // total over every row (and period) of the name
}

// CostsFromTable reads a costs table: a by column (channel, campaign or a
// header; default the one the table has, channel first) and cost. Rows of
// one name are summed (periods add up). A missing name or cost, or a
// negative cost, is an error naming file, line and column.
func CostsFromTable(t *funnel.Table, by string) (*Costs, error) {
	if by == "" {
		by = funnel.RoleChannel
		if !t.Has(funnel.RoleChannel) && t.Has(funnel.RoleCampaign) {
			by = funnel.RoleCampaign
		}
	}
	key, err := byColumn(t, by)
	if err != nil {
		return nil, err
	}
	cost := t.Role(funnel.RoleCost)
	if cost == nil || cost.Kind != funnel.KindNumber {
		return nil, fmt.Errorf("%s: no cost column", t.Source)
	}
	c := &Costs{By: by, Cost: map[string]float64{}}
	for i := 0; i < t.Rows; i++ {
		if key.IsNA(i) {
			return nil, fmt.Errorf("%s: column %q: missing %s: %w", t.Where(i), key.Name, by, ErrBadInput)
		}
		v := cost.Nums[i]
		if math.IsNaN(v) || v < 0 || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%s: column %q: cost %q is not a non-negative number: %w", t.Where(i), cost.Name, t.Text(cost, i), ErrBadInput)
		}
		name := t.Text(key, i)
		if _, ok := c.Cost[name]; !ok {
			c.Names = append(c.Names, name)
		}
		c.Cost[name] += v
	}
	return c, nil
}

// CostPerConversion returns cost / conversions (NaN when there are no
// conversions).
func CostPerConversion(cost, conversions float64) float64 {
	if conversions == 0 {
		return math.NaN()
	}
	return cost / conversions
}

// ROI returns value / cost, the return per unit spent (a $20k trade show
// credited with $100k has ROI 5); NaN when cost is 0.
func ROI(value, cost float64) float64 {
	if cost == 0 {
		return math.NaN()
	}
	return value / cost
}

// FirstTouchJourneys returns, per channel code, the journeys (converting
// and null) whose first touch is the channel: the "leads" a channel
// brought in the old single-source view.
func FirstTouchJourneys(j *Journeys) []float64 {
	out := make([]float64, j.NumChannels())
	for p := 0; p < j.NumPaths(); p++ {
		c, _, n := j.PathCounts(p)
		out[j.Path(p)[0]] += c + n
	}
	return out
}
