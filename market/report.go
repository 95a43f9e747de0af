package market

import (
	"slices"
	"strings"

	"github.com/go-gota/gota/dataframe"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/velocity"
)

// Report builds the report of `funnel size`: table market (main; the
// segments by market size, then a totals row), table market_chart (the
// segments only, for the bar chart), and meta. With a currency (Result.
// Currency) the meta says it and the amounts (price, market_size,
// expected_revenue) carry it (funnel.Report.Currencies).
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
	if m.Currency != "" {
		rep.AddMeta("currency", m.Currency)
	}
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

	rep.AddTable("market", m.frame())
	chart := m.chartFrame()
	rep.AddTable("market_chart", chart)
	rep.SetCurrency("market", m.Currency, "price", "market_size", "expected_revenue")
	rep.SetCurrency("market_chart", m.Currency, "market_size", "expected_revenue")
	rep.AddChart(funnel.Chart{Kind: funnel.BarChart, Title: "Market size by segment", Table: "market_chart",
		X: "segment", Series: chart.Names()[1:], XTitle: "segment", YTitle: "market size"})
	return rep
}

// segmentColumns names the segment columns: the By names, or "segment".
func (m *Result) segmentColumns() []string {
	if len(m.By) == 0 {
		return []string{"segment"}
	}
	return append([]string(nil), m.By...)
}

// frame is table market: a row per segment and the totals row, the
// segment columns, then the rows' tagged fields (funnel.FrameOf) with a
// reached column per ladder stage after market_size; won to
// expected_revenue only with a win rate, leads and ready only with leads.
func (m *Result) frame() dataframe.DataFrame {
	rows := m.Rows
	var reached funnel.FrameBuilder
	for k, s := range m.Stages {
		v := make([]int, len(rows))
		for i, r := range rows {
			v[i] = r.Reached[k]
		}
		reached.Ints("reached_"+funnel.SnakeCase(s, "stage"), v)
	}
	reachedCols := reached.Frame()
	var omit []string
	if m.WinRateSource == "" {
		omit = append(omit, "won", "lost", "win_rate", "win_rate_low", "win_rate_high", "expected_revenue")
	}
	if !m.hasNotes() {
		omit = append(omit, "note")
	}
	if !m.HasLeads {
		omit = append(omit, "leads", "ready")
	}
	df := funnel.FrameOf(rows, omit...)
	df = funnel.InsertColumns(df, slices.Index(df.Names(), "market_size")+1, reachedCols)
	// The segment columns are named apart from every column a Row can
	// have, shown or not.
	taken := append(funnel.FrameOf([]Row(nil)).Names(), reachedCols.Names()...)
	var seg funnel.FrameBuilder
	seg.GroupColumns(velocity.ByNames(m.segmentColumns(), taken...), len(rows), func(i int) []string { return rows[i].Segment })
	return funnel.InsertColumns(df, 0, seg.Frame())
}

// hasNotes reports whether table market has its note column: with the
// win rate columns (a segment without closed deals has no expected
// revenue, and the totals row leaves it out of its sum), and when a
// segment has no price.
func (m *Result) hasNotes() bool {
	if m.WinRateSource != "" {
		return true
	}
	for _, r := range m.Rows {
		if r.Note != "" {
			return true
		}
	}
	return false
}

// chartRow is a row of table market_chart.
type chartRow struct {
	Segment         string  `table:"segment"` // the By values joined by " / "
	MarketSize      float64 `table:"market_size"`
	ExpectedRevenue float64 `table:"expected_revenue"` // with a win rate only
}

// chartFrame is table market_chart: the segments without the totals row;
// its columns after segment are the chart's series.
func (m *Result) chartFrame() dataframe.DataFrame {
	segs := m.Rows[:len(m.Rows)-1]
	rows := make([]chartRow, len(segs))
	for i, r := range segs {
		rows[i] = chartRow{Segment: strings.Join(r.Segment, " / "), MarketSize: r.MarketSize, ExpectedRevenue: r.ExpectedRevenue}
	}
	if m.WinRateSource == "" {
		return funnel.FrameOf(rows, "expected_revenue")
	}
	return funnel.FrameOf(rows)
}
