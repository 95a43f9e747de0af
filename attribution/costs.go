package attribution

import (
	"fmt"
	"math"

	"github.com/funnel-analytics/funnel/funnel"
)

// Costs holds the total cost of each channel (or campaign).
type Costs = funnel.CostTotals

// CostsFromTable reads a costs table (funnel.CostsFromTable); its errors
// wrap ErrBadInput.
func CostsFromTable(t *funnel.Table, by string) (*Costs, error) {
	c, err := funnel.CostsFromTable(t, by)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", err, ErrBadInput)
	}
	return c, nil
}

// CostsFrom reads the costs table t (CostsFromTable) by what the
// journeys' channels are (By; channel when unset). A nil table is no
// costs: nil and no error.
func (j *Journeys) CostsFrom(t *funnel.Table) (*Costs, error) {
	if t == nil {
		return nil, nil
	}
	return CostsFromTable(t, j.CreditedBy())
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
