package attribution

import (
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// addCurrencies records the currencies of the report's amounts
// (funnel.Report.Currencies), as the inputs wrote them: the conversions'
// value (Journeys.Currency) for the _value columns, the costs'
// (CostTotals.Currency) for cost, cost_per_lead and the
// _cost_per_conversion columns; each known one is in the meta
// (value_currency, cost_currency). Value and costs in two currencies make
// every ROI a ratio of unlike amounts: a warning says so.
func (r *Result) addCurrencies(rep *funnel.Report) {
	value, cost := r.Journeys.Currency, ""
	if r.Costs != nil {
		cost = r.Costs.Currency
	}
	if value != "" {
		rep.AddMeta("value_currency", value)
	}
	if cost != "" {
		rep.AddMeta("cost_currency", cost)
	}
	if value != "" && cost != "" && value != cost {
		rep.Warnf("the conversions' value is in %s and the costs in %s: the _roi columns divide amounts in two currencies; convert them to one", value, cost)
	}
	for _, t := range []string{TableAttribution, TableCampaignROI} {
		df, ok := rep.Table(t)
		if !ok {
			continue
		}
		for _, c := range df.Names() {
			switch {
			case strings.HasSuffix(c, "_value"):
				rep.SetCurrency(t, value, c)
			case c == "cost" || c == "cost_per_lead" || strings.HasSuffix(c, "_cost_per_conversion"):
				rep.SetCurrency(t, cost, c)
			}
		}
	}
}
