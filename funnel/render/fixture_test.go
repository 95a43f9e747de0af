package render

import (
	"math"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

// The payloads of the formula-injection tests (OWASP CSV injection).
const (
	payloadHyperlink = `=HYPERLINK("http://x","click")`
	payloadPlus      = "+1+1"
	payloadMinus     = "-2+3"
	payloadAt        = "@SUM(A1)"
	payloadTab       = "\t=1"
	payloadMeta      = "=cmd|' /C calc'!A0"
)

// richReport is the report every renderer test writes: a main table with
// string, int, float, bool, NA, negative and injection cells, a long
// second table, meta of every kind, two warnings, an alert, a long-layout
// line chart and a wide-layout bar chart.
func richReport() *funnel.Report {
	r := funnel.NewReport("attribute", "Channel attribution (test)")
	r.AddMeta("model", "markov")
	r.AddMeta("rows_used", 9103)
	r.AddMeta("log_likelihood", -4619.77123)
	r.AddMeta("converged", true)
	r.AddMeta("channels", []string{"email", "paid_search"})
	r.AddMeta("note", payloadMeta)

	nan := math.NaN()
	channels := dataframe.New(
		series.New([]string{"email", payloadHyperlink, payloadPlus, payloadMinus, payloadAt, payloadTab, "paid|search", "NaN"}, series.String, "channel"),
		series.New([]string{"120", "45", "0", "3", "NaN", "1", "88", "12"}, series.Int, "conversions"),
		series.Floats([]float64{52.5, -3.5, 0.125, nan, 1234.5678, 1e-7, 88, -0.25}),
		series.Floats([]float64{0.0375, 0.5, 0, nan, 1, 0.0001, 0.25, 0.125}),
		series.Floats([]float64{0.0312, 1.2e-8, 0.5, 1, nan, 0.00049, 0.2, 0.9}),
		series.Bools([]bool{true, false, true, false, true, false, true, false}),
	)
	channels.SetNames("channel", "conversions", "credit", "conversion_rate", "p_value", "won")
	r.AddTable("channels", channels)

	velocity := dataframe.New(
		series.New([]string{"2024-01", "2024-01", "2024-02", "2024-02", "2024-03", "2024-03"}, series.String, "period"),
		series.New([]string{"MQL>SQL", "SQL>Opp", "MQL>SQL", "SQL>Opp", "MQL>SQL", "SQL>Opp"}, series.String, "transition"),
		series.Floats([]float64{12.5, 30.25, 10, 28.75, 9.5, nan}),
		series.Ints([]int{40, 18, 52, 21, 61, 0}),
	)
	velocity.SetNames("period", "transition", "median_days", "count")
	r.AddTable("velocity", velocity)

	r.Warnf("3 touches after the conversion date were dropped")
	r.Warnf("channel %q has no cost", "organic")
	r.Alertf("MQL>SQL slower than 10 days in 2024-01")

	r.AddChart(funnel.Chart{Kind: funnel.LineChart, Title: "Median days by transition", Table: "velocity",
		X: "period", SeriesBy: "transition", Y: "median_days", XTitle: "period", YTitle: "days"})
	r.AddChart(funnel.Chart{Kind: funnel.BarChart, Title: "Conversions and credit", Table: "channels",
		X: "channel", Series: []string{"conversions", "credit"}})
	return r
}
