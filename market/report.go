package market

import (
	"strings"

	"github.com/go-gota/gota/dataframe"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/velocity"
)

// Report builds the report of `funnel size`: table market (main; the
// segments by market size, then a totals row), table market_chart (the
// segments only, for the bar chart), and meta.
func (m *Result) Report() *funnel.Report {
	rep := funnel.NewReport("size", "Market size")
	rep.AddMeta("base", m.Base)
	rep.AddMeta("filter", m.Filter)
	rep.AddMeta("excluded_by_filter", m.Excluded)
	if m.UnitsColumn != "" {
		rep.AddMeta("units_column", m.UnitsColumn)
	} else {
		rep.AddMeta("units_per_account", m.Units)
	}
	total := m.Rows[len(m.Rows)-1]
	rep.AddMeta("target_accounts", total.Accounts)
	rep.AddMeta("market_size", total.MarketSize)
	if m.Stages != nil {
		rep.AddMeta("ladder", append([]string(nil), m.Stages...))
	}
	if m.WinRateSource != "" {
		rep.AddMeta("win_rate_source", m.WinRateSource)
		if m.OutcomeSource != "" {
			rep.AddMeta("outcome_source", m.OutcomeSource)
		}
		rep.AddMeta("expected_revenue", total.ExpectedRevenue)
	}
	if m.HasLeads {
		rep.AddMeta("min_leads", m.MinLeads)
		ready := 0
		for _, r := range m.Rows[:len(m.Rows)-1] {
			if r.Ready {
				ready++
			}
		}
		rep.AddMeta("ready_segments", ready)
	}
	rep.Warnings = append(rep.Warnings, m.Warnings...)

	segNames := m.segmentColumns()
	fixed := []string{"accounts", "units", "price", "market_size", "won", "lost", "win_rate", "win_rate_low", "win_rate_high", "expected_revenue", "leads", "ready"}
	reachedNames := make([]string, len(m.Stages))
	for k, s := range m.Stages {
		reachedNames[k] = "reached_" + funnel.SnakeCase(s, "stage")
	}
	segNames = velocity.ByNames(segNames, append(fixed, reachedNames...)...)
	rep.AddTable("market", m.frame(m.Rows, segNames, reachedNames))

	segs := m.Rows[:len(m.Rows)-1]
	n := len(segs)
	label, size, expected := make([]string, n), make([]float64, n), make([]float64, n)
	for i, r := range segs {
		label[i] = strings.Join(r.Segment, " / ")
		size[i], expected[i] = r.MarketSize, r.ExpectedRevenue
	}
	var f funnel.FrameBuilder
	f.Strings("segment", label)
	f.Floats("market_size", size)
	series := []string{"market_size"}
	if m.WinRateSource != "" {
		f.Floats("expected_revenue", expected)
		series = append(series, "expected_revenue")
	}
	rep.AddTable("market_chart", f.Frame())
	rep.AddChart(funnel.Chart{Kind: funnel.BarChart, Title: "Market size by segment", Table: "market_chart",
		X: "segment", Series: series, XTitle: "segment", YTitle: "market size"})
	return rep
}

// segmentColumns names the segment columns: the By names, or "segment".
func (m *Result) segmentColumns() []string {
	if len(m.By) == 0 {
		return []string{"segment"}
	}
	return append([]string(nil), m.By...)
}

func (m *Result) frame(rows []Row, segNames, reachedNames []string) dataframe.DataFrame {
	n := len(rows)
	var f funnel.FrameBuilder
	f.GroupColumns(segNames, n, func(i int) []string { return rows[i].Segment })
	ints := func(name string, get func(r Row) int) {
		v := make([]int, n)
		for i, r := range rows {
			v[i] = get(r)
		}
		f.Ints(name, v)
	}
	floats := func(name string, get func(r Row) float64) {
		v := make([]float64, n)
		for i, r := range rows {
			v[i] = get(r)
		}
		f.Floats(name, v)
	}
	ints("accounts", func(r Row) int { return r.Accounts })
	floats("units", func(r Row) float64 { return r.Units })
	floats("price", func(r Row) float64 { return r.Price })
	floats("market_size", func(r Row) float64 { return r.MarketSize })
	for k, name := range reachedNames {
		ints(name, func(r Row) int { return r.Reached[k] })
	}
	if m.WinRateSource != "" {
		ints("won", func(r Row) int { return r.Won })
		ints("lost", func(r Row) int { return r.Lost })
		floats("win_rate", func(r Row) float64 { return r.WinRate })
		floats("win_rate_low", func(r Row) float64 { return r.WinRateLow })
		floats("win_rate_high", func(r Row) float64 { return r.WinRateHigh })
		floats("expected_revenue", func(r Row) float64 { return r.ExpectedRevenue })
	}
	if m.HasLeads {
		ints("leads", func(r Row) int { return r.Leads })
		ready := make([]bool, n)
		for i, r := range rows {
			ready[i] = r.Ready
		}
		f.Bools("ready", ready)
	}
	return f.Frame()
}
