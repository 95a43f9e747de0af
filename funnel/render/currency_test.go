package render

import (
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

// TestValueAxisTitle: a value axis says what it measures, with the unit
// every value column shares (issue 18).
func TestValueAxisTitle(t *testing.T) {
	t.Parallel()
	eur := column{name: "expected_revenue", kind: kindFloat, floats: []float64{1200.5, 80}, na: make([]bool, 2), currency: "EUR"}
	eur2 := eur
	eur2.name = "market_size"
	plain := column{name: "revenue", kind: kindFloat, floats: []float64{3, 4}, na: make([]bool, 2)}
	share := column{name: "credit_share", kind: kindFloat, floats: []float64{0.25, 0.5}, na: make([]bool, 2)}
	points := column{name: "change_pct", kind: kindFloat, floats: []float64{-12.5, 40}, na: make([]bool, 2)}
	wideShare := column{name: "lift_share", kind: kindFloat, floats: []float64{1.5, 2}, na: make([]bool, 2)} // not in [-1, 1]: not shown as %
	cases := []struct {
		title   string
		cols    []*column
		want    string
		percent bool
	}{
		{"expected revenue", []*column{&eur, &eur2}, "Expected revenue (EUR)", false},
		{"revenue", []*column{&eur, &plain}, "Revenue", false}, // no shared currency: none said
		{"revenue", []*column{&plain}, "Revenue", false},       // none known: none guessed
		{"share of credit", []*column{&share}, "Share of credit (%)", true},
		{"change", []*column{&points}, "Change (%)", false},
		{"lift_share", []*column{&wideShare}, "Lift share", false},
		{"mean_days", nil, "mean_days", false}, // columns unknown: left as given
		{"", []*column{&eur}, "", false},
		{"revenue (EUR)", []*column{&eur}, "Revenue (EUR)", false},
	}
	for _, c := range cases {
		got, percent := valueAxisTitle(c.title, c.cols)
		if got != c.want || percent != c.percent {
			t.Errorf("valueAxisTitle(%q) = %q, %v; want %q, %v", c.title, got, percent, c.want, c.percent)
		}
	}
	var labels []string
	for _, tk := range (valueTicks{step: 0.05, scale: 100}).Ticks(0, 0.2) {
		labels = append(labels, tk.Label)
	}
	if got := strings.Join(labels, " "); got != "0 5 10 15 20" {
		t.Errorf("percent ticks %q, want 0 5 10 15 20", got)
	}
}

// TestXLSXCurrency: amounts in a known currency are written in a format
// that names it, and their chart's value axis says it; the money rows of
// RowUnits take the table's currency too.
func TestXLSXCurrency(t *testing.T) {
	t.Parallel()
	r := funnel.NewReport("size", "Market size")
	r.AddTable("market", dataframe.New(
		series.New([]string{"EMEA", "NA"}, series.String, "segment"),
		series.New([]float64{1200.5, 80.25}, series.Float, "expected_revenue"),
		series.New([]int{3, 4}, series.Int, "accounts"),
	))
	r.AddTable("figures", dataframe.New(
		series.New([]string{"won_amount", "deals"}, series.String, "figure"),
		series.New([]float64{5000, 7}, series.Float, "month"),
	))
	r.RowUnits = map[string][]funnel.Unit{"figures": {funnel.UnitMoney, funnel.UnitCount}}
	r.SetCurrency("market", "EUR", "expected_revenue")
	r.SetCurrency("figures", "USD", "")
	r.AddChart(funnel.Chart{Kind: funnel.BarChart, Title: "Revenue", Table: "market", X: "segment", Series: []string{"expected_revenue"}, YTitle: "expected revenue"})
	data := renderXLSX(t, r)
	f := openXLSX(t, data)
	for _, c := range []struct{ sheet, cell, want string }{
		{"Market", "B2", "[$EUR] #,##0.00"},
		{"Market", "C2", "#,##0"},
		{"Figures", "B2", "[$USD] #,##0"},
		{"Figures", "B3", "#,##0"},
	} {
		id, err := f.GetCellStyle(c.sheet, c.cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if st.CustomNumFmt == nil || *st.CustomNumFmt != c.want {
			t.Errorf("%s!%s number format %v, want %s", c.sheet, c.cell, st.CustomNumFmt, c.want)
		}
	}
	if v, _ := f.GetCellValue("Market", "B2"); v != "EUR 1,200.50" {
		t.Errorf("Market!B2 shows %q, want EUR 1,200.50", v)
	}
	chart := string(zipParts(t, data)["xl/charts/chart1.xml"])
	if !strings.Contains(chart, "<a:t>Expected revenue (EUR)</a:t>") {
		t.Error("the chart's value axis does not say the currency")
	}
}
