package market

import (
	"errors"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

// marketDataset is the market fixture.
//
//	accounts  industry region employees   filter employees>=200
//	a1        SaaS     EMEA     500        in
//	a2        SaaS     EMEA     250        in
//	a3        SaaS     NA      1000        in
//	a4        Retail   EMEA     150        out
//	a5        Retail   NA       300        in
//	a6        Retail   NA        NA        out (a missing value never matches)
//	a7        SaaS     NA       200        in (boundary)
//
// Leads l1, l2 (a1), l3 (a2), l4 (a3), l5 (a4), l6 (a5), l7 (no account).
// Stages: l1 mql, sql; l3 mql; a3 mql, sql, opportunity (an account
// entity); l6 mql; l5 to customer (a4, filtered out); x9 (unknown).
// Opportunities (closed): a1 2 won 4 lost; a2 1 won 3 lost; a3 1 won;
// a5 1 lost; a4 1 won (filtered out); zzz 1 won (no such account); a1 1 open.
func marketDataset(t *testing.T) *funnel.Dataset {
	ds := funnel.NewDataset()
	ds.Accounts = buildTable(t, funnel.Accounts, "accounts.csv", ds.Dict, []col{
		{"Account ID", funnel.RoleAccountID, funnel.KindText}, {"Industry", funnel.RoleIndustry, funnel.KindText},
		{"Region", funnel.RoleRegion, funnel.KindText}, {"Employees", funnel.RoleEmployees, funnel.KindNumber}},
		[][]string{{"a1", "SaaS", "EMEA", "500"}, {"a2", "SaaS", "EMEA", "250"}, {"a3", "SaaS", "NA", "1000"}, {"a4", "Retail", "EMEA", "150"},
			{"a5", "Retail", "NA", "300"}, {"a6", "Retail", "NA", ""}, {"a7", "SaaS", "NA", "200"}})
	ds.Leads = buildTable(t, funnel.Leads, "leads.csv", ds.Dict, []col{
		{"Lead ID", funnel.RoleLeadID, funnel.KindText}, {"Account ID", funnel.RoleAccountID, funnel.KindText}},
		[][]string{{"l1", "a1"}, {"l2", "a1"}, {"l3", "a2"}, {"l4", "a3"}, {"l5", "a4"}, {"l6", "a5"}, {"l7", ""}})
	ds.Stages = buildTable(t, funnel.Stages, "stages.csv", ds.Dict, longCols, [][]string{
		{"l1", "mql", "2026-01-01"}, {"l1", "sql", "2026-01-05"}, {"l3", "mql", "2026-01-02"},
		{"a3", "mql", "2026-01-01"}, {"a3", "sql", "2026-01-03"}, {"a3", "opportunity", "2026-01-09"},
		{"l6", "mql", "2026-02-01"}, {"l5", "mql", "2026-01-01"}, {"l5", "sql", "2026-01-02"}, {"l5", "opportunity", "2026-01-03"},
		{"l5", "customer", "2026-01-04"}, {"x9", "mql", "2026-01-01"}})
	var opps [][]string
	add := func(acc string, won, lost int) {
		for i := 0; i < won; i++ {
			opps = append(opps, []string{acc, "true", "2026-02-01"})
		}
		for i := 0; i < lost; i++ {
			opps = append(opps, []string{acc, "false", "2026-02-01"})
		}
	}
	add("a1", 2, 4)
	add("a2", 1, 3)
	add("a3", 1, 0)
	add("a5", 0, 1)
	add("a4", 1, 0)
	add("zzz", 1, 0)
	opps = append(opps, []string{"a1", "false", ""})
	ds.Opportunities = buildTable(t, funnel.Opportunities, "opps.csv", ds.Dict, []col{
		{"Account", funnel.RoleAccountID, funnel.KindText}, {"Won", funnel.RoleWon, funnel.KindBool}, {"Closed", funnel.RoleClosedAt, funnel.KindTime}}, opps)
	return ds
}

func TestSize(t *testing.T) {
	t.Parallel()
	ds := marketDataset(t)
	prices := buildTable(t, funnel.Costs, "prices.csv", ds.Dict, []col{
		{"industry", "", funnel.KindText}, {"REGION", "", funnel.KindText}, {"Unit Price", "", funnel.KindNumber}},
		[][]string{{"saas", "emea", "10"}, {"SaaS", "NA", "12"}})
	res, err := Size(ds, Options{By: []string{"industry", "region"}, Filter: "employees>=200", UnitsColumn: "employees",
		Price: 5, Prices: prices, MinLeads: 2})
	if err != nil {
		t.Fatal(err)
	}
	// Segments by market size (units = sum of employees, price from prices.csv, Retail/NA falls back to 5):
	//   SaaS/NA    a3, a7: units 1200, x 12 = 14400; reached mql 1, sql 1, opp 1 (a3);
	//              won 1 of 1: win rate 1, Wilson [0.2065493143772374, 1]; expected 14400; leads 1 (l4)
	//   SaaS/EMEA  a1, a2: units 750, x 10 = 7500; reached mql 2 (a1 via l1, a2 via l3), sql 1 (l1);
	//              won 3 lost 7: 0.3, Wilson [0.10779126740630104, 0.6032218525388546]; expected 2250; leads 3
	//   Retail/NA  a5: units 300, x 5 = 1500; reached mql 1 (l6); won 0 lost 1: 0, Wilson [0, 0.7934506856227627];
	//              expected 0; leads 1
	//   total      5 accounts, 2250 units, 23400, price 23400/2250 = 10.4; won 4 lost 8: 1/3,
	//              Wilson [0.1381200910912131, 0.6093779111272004]; expected 14400 + 2250 + 0 = 16650; leads 5
	// Wilson bounds: statsmodels 0.13.5 proportion_confint(k, n, alpha=0.05, method="wilson").
	want := []Row{
		{Segment: []string{"SaaS", "NA"}, Accounts: 2, Units: 1200, Price: 12, MarketSize: 14400, Reached: []int{1, 1, 1, 0},
			Won: 1, Lost: 0, WinRate: 1, WinRateLow: 0.2065493143772374, WinRateHigh: 1, ExpectedRevenue: 14400, Leads: 1, Ready: false},
		{Segment: []string{"SaaS", "EMEA"}, Accounts: 2, Units: 750, Price: 10, MarketSize: 7500, Reached: []int{2, 1, 0, 0},
			Won: 3, Lost: 7, WinRate: 0.3, WinRateLow: 0.10779126740630104, WinRateHigh: 0.6032218525388546, ExpectedRevenue: 2250, Leads: 3, Ready: true},
		{Segment: []string{"Retail", "NA"}, Accounts: 1, Units: 300, Price: 5, MarketSize: 1500, Reached: []int{1, 0, 0, 0},
			Won: 0, Lost: 1, WinRate: 0, WinRateLow: 0, WinRateHigh: 0.7934506856227627, ExpectedRevenue: 0, Leads: 1, Ready: false},
		{Segment: []string{"total", ""}, Accounts: 5, Units: 2250, Price: 10.4, MarketSize: 23400, Reached: []int{4, 2, 1, 0},
			Won: 4, Lost: 8, WinRate: 1.0 / 3, WinRateLow: 0.1381200910912131, WinRateHigh: 0.6093779111272004, ExpectedRevenue: 16650, Leads: 5, Ready: true, Total: true},
	}
	if len(res.Rows) != len(want) {
		t.Fatalf("%d rows, want %d: %+v", len(res.Rows), len(want), res.Rows)
	}
	for i, w := range want {
		g := res.Rows[i]
		floatsOK := near(g.Units, w.Units, 1e-12) && near(g.Price, w.Price, 1e-12) && near(g.MarketSize, w.MarketSize, 1e-12) &&
			near(g.WinRate, w.WinRate, 1e-12) && near(g.WinRateLow, w.WinRateLow, 1e-14) && near(g.WinRateHigh, w.WinRateHigh, 1e-14) &&
			near(g.ExpectedRevenue, w.ExpectedRevenue, 1e-12)
		if !floatsOK || !reflect.DeepEqual(g.Segment, w.Segment) || g.Accounts != w.Accounts || !reflect.DeepEqual(g.Reached, w.Reached) ||
			g.Won != w.Won || g.Lost != w.Lost || g.Leads != w.Leads || g.Ready != w.Ready || g.Total != w.Total {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
	if res.Excluded != 2 || res.WinRateSource != "opportunities" {
		t.Errorf("excluded %d source %q", res.Excluded, res.WinRateSource)
	}
	wantWarn := []string{
		"stages.csv: 1 entities match no account or lead of accounts.csv: left out of reached",
		"opps.csv: 1 closed opportunities match no account of accounts.csv: left out of win rates",
	}
	if !reflect.DeepEqual(res.Warnings, wantWarn) {
		t.Errorf("warnings %q", res.Warnings)
	}

	rep := res.Report()
	df, _ := rep.Table("market")
	wantCols := []string{"industry", "region", "accounts", "units", "price", "market_size", "reached_mql", "reached_sql", "reached_opportunity",
		"reached_customer", "won", "lost", "win_rate", "win_rate_low", "win_rate_high", "expected_revenue", "leads", "ready", "note"}
	if !reflect.DeepEqual(df.Names(), wantCols) || df.Nrow() != 4 {
		t.Errorf("market columns %v rows %d", df.Names(), df.Nrow())
	}
	chart, _ := rep.Table("market_chart")
	if chart.Nrow() != 3 || chart.Col("segment").Records()[0] != "SaaS / NA" || len(rep.Charts) != 1 || rep.Charts[0].Kind != funnel.BarChart {
		t.Errorf("chart table %v charts %+v", chart, rep.Charts)
	}
	if v, _ := rep.MetaValue("ready_segments"); v != 1 {
		t.Errorf("ready_segments %v", v)
	}
}

// TestSizeTotalsNote: the totals row adds up the segments that have a
// market size and an expected revenue, and its note says which it left
// out and why; each such segment's note says why its figure is NA
// (issue 18: segments without closed deals added 0, silently).
func TestSizeTotalsNote(t *testing.T) {
	t.Parallel()
	ds := marketDataset(t)
	// Closed deals of a1 only (SaaS/EMEA): 1 won, 1 lost, and 1 open.
	ds.Opportunities = buildTable(t, funnel.Opportunities, "opps.csv", ds.Dict, []col{
		{"Account", funnel.RoleAccountID, funnel.KindText}, {"Won", funnel.RoleWon, funnel.KindBool}, {"Closed", funnel.RoleClosedAt, funnel.KindTime}},
		[][]string{{"a1", "true", "2026-02-01"}, {"a1", "false", "2026-02-01"}, {"a1", "false", ""}}) // an open deal: close dates are actual closes
	// A price for SaaS/EMEA only, no fallback price.
	prices := buildTable(t, funnel.Costs, "prices.csv", ds.Dict, []col{
		{"industry", "", funnel.KindText}, {"region", "", funnel.KindText}, {"price", "", funnel.KindNumber}},
		[][]string{{"SaaS", "EMEA", "10"}})
	res, err := Size(ds, Options{By: []string{"industry", "region"}, Filter: "employees>=200", UnitsColumn: "employees", Prices: prices})
	if err != nil {
		t.Fatal(err)
	}
	// SaaS/EMEA: 750 units x 10 = 7500, win rate 1/2, expected 3750.
	// SaaS/NA (a3, a7) and Retail/NA (a5): no price, no closed deal; NaN
	// sizes sort last, Retail before SaaS.
	// total: market_size 7500 and expected_revenue 3750, 1 segment of 3 each.
	const both = "no price: market size NA; no closed deals: win rate and expected revenue NA"
	want := []struct {
		seg            string
		size, expected float64
		note           string
	}{
		{"SaaS/EMEA", 7500, 3750, ""},
		{"Retail/NA", math.NaN(), math.NaN(), both},
		{"SaaS/NA", math.NaN(), math.NaN(), both},
		{"total/", 7500, 3750, "market_size adds up 1 of 3 segments: industry=Retail / region=NA, industry=SaaS / region=NA have no price; " +
			"expected_revenue adds up 1 of 3 segments: industry=Retail / region=NA, industry=SaaS / region=NA have no closed deals"},
	}
	if len(res.Rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(res.Rows), len(want))
	}
	for i, w := range want {
		g := res.Rows[i]
		if seg := strings.Join(g.Segment, "/"); seg != w.seg || !near(g.MarketSize, w.size, 1e-12) || !near(g.ExpectedRevenue, w.expected, 1e-12) || g.Note != w.note {
			t.Errorf("row %d: %s size %v expected %v (won %d lost %d) note %q\nwant %s %v %v %q", i, seg, g.MarketSize, g.ExpectedRevenue, g.Won, g.Lost, g.Note, w.seg, w.size, w.expected, w.note)
		}
	}
	// Every segment without closed deals: the total is NA, and says so.
	ds.Opportunities = buildTable(t, funnel.Opportunities, "opps.csv", ds.Dict, []col{
		{"Account", funnel.RoleAccountID, funnel.KindText}, {"Won", funnel.RoleWon, funnel.KindBool}, {"Closed", funnel.RoleClosedAt, funnel.KindTime}},
		[][]string{{"a4", "true", "2026-02-01"}, {"a1", "false", ""}}) // a4 is filtered out, a1's deal is open
	res, err = Size(ds, Options{By: []string{"region"}, Filter: "employees>=200", Price: 10})
	if err != nil {
		t.Fatal(err)
	}
	total := res.Rows[len(res.Rows)-1]
	if want := "expected_revenue NA: no segment has closed deals"; !math.IsNaN(total.ExpectedRevenue) || total.Note != want {
		t.Errorf("total expected %v note %q, want NA, %q", total.ExpectedRevenue, total.Note, want)
	}
	// Without a win rate and with every price: no note column.
	ds.Opportunities, ds.Stages = nil, nil
	res, err = Size(ds, Options{By: []string{"region"}, Price: 10})
	if err != nil {
		t.Fatal(err)
	}
	df, _ := res.Report().Table("market")
	if names := df.Names(); slices.Contains(names, "note") {
		t.Errorf("columns %v: a note column with nothing to say", names)
	}
}

func TestSizeFixedUnitsAndErrors(t *testing.T) {
	t.Parallel()
	ds := marketDataset(t)
	ds.Stages, ds.Opportunities = nil, nil
	// No --by: one segment. Filter region = NA and industry != retail:
	// a3, a7 -> 2 accounts x 3 units x 100 = 600.
	res, err := Size(ds, Options{Filter: "region = 'na' and industry != Retail", Units: 3, Price: 100})
	if err != nil {
		t.Fatal(err)
	}
	if r := res.Rows[0]; r.Accounts != 2 || r.Units != 6 || r.MarketSize != 600 || r.Leads != 1 || !r.Ready || res.WinRateSource != "" {
		t.Errorf("fixed units: %+v", r)
	}
	if r := res.Rows[1]; !r.Total || r.MarketSize != 600 || r.Segment[0] != "total" {
		t.Errorf("total: %+v", r)
	}
	cases := []struct {
		opts Options
		want string
		is   error
	}{
		{Options{Filter: "employees>=lots", Price: 1}, `bad filter: "employees>=lots": "lots" is not a number (column "Employees" holds numbers)`, ErrBadFilter},
		{Options{Filter: "headcount>=5", Price: 1}, `bad filter: "headcount>=5": accounts.csv has no column "headcount"`, ErrBadFilter},
		{Options{Filter: "region>EMEA", Price: 1}, `column "Region" holds text: use = or !=, not >`, ErrBadFilter},
		{Options{Filter: "employees 200", Price: 1}, `has no operator`, ErrBadFilter},
		{Options{By: []string{"country"}, Price: 1}, `accounts.csv has no column "country" to segment by`, ErrBadInput},
		{Options{UnitsColumn: "industry", Price: 1}, `units column "Industry" holds text values`, ErrBadInput},
	}
	for _, c := range cases {
		_, err := Size(ds, c.opts)
		if !errors.Is(err, c.is) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.opts, err, c.want)
		}
	}
	// A negative unit count names the line.
	ds.Accounts = buildTable(t, funnel.Accounts, "accounts.csv", ds.Dict, []col{{"Account ID", funnel.RoleAccountID, funnel.KindText}, {"seats", "", funnel.KindNumber}},
		[][]string{{"a1", "3"}, {"a2", "-4"}})
	if _, err := Size(ds, Options{UnitsColumn: "seats", Price: 1}); err == nil || err.Error() != `bad input: accounts.csv:3: column "seats": negative units -4` {
		t.Errorf("negative units: %v", err)
	}
	// Without a price the market size is NA, with a warning.
	res, err = Size(ds, Options{UnitsColumn: "seats", Filter: "seats>0"})
	if err != nil || !math.IsNaN(res.Rows[0].MarketSize) || len(res.Warnings) == 0 {
		t.Errorf("no price: %+v %v", res, err)
	}
}

func TestWilson(t *testing.T) {
	t.Parallel()
	// statsmodels 0.13.5 proportion_confint(k, n, alpha=0.05, method="wilson").
	cases := []struct {
		k, n   int
		lo, hi float64
	}{
		{3, 10, 0.10779126740630104, 0.6032218525388546},
		{1, 1, 0.2065493143772374, 1.0},
		{0, 1, 0.0, 0.7934506856227627},
		{4, 12, 0.1381200910912131, 0.6093779111272004},
	}
	for _, c := range cases {
		lo, hi := Wilson(c.k, c.n, 0.95)
		if !near(lo, c.lo, 1e-14) || !near(hi, c.hi, 1e-14) {
			t.Errorf("Wilson(%d, %d) = %v, %v; want %v, %v", c.k, c.n, lo, hi, c.lo, c.hi)
		}
	}
	if lo, hi := Wilson(0, 0, 0.95); !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Errorf("Wilson(0, 0) = %v, %v", lo, hi)
	}
	// No successes: the lower bound is exactly 0; all: the upper exactly 1
	// (fused multiply-adds on arm64 left 8.4e-18 at 0 of 2).
	for n := 1; n <= 200; n++ {
		if lo, _ := Wilson(0, n, 0.95); lo != 0 {
			t.Errorf("Wilson(0, %d) lower = %v, want 0", n, lo)
		}
		if _, hi := Wilson(n, n, 0.95); hi != 1 {
			t.Errorf("Wilson(%d, %d) upper = %v, want 1", n, n, hi)
		}
	}
}

// TestSizeSplitValues segments by a multi-value column. Worked by hand:
//
//	account product            region employees  leads  closed opportunities
//	a1      API;Forecasting    EMEA   100        l1     1 won
//	a2      API                NA      50        l3
//	a3      Forecasting        EMEA    10               1 lost
//	a4      Billing;API;API    NA      20        l2     1 lost
//
// With ";" (price 2): API holds a1, a2, a4: 170 units, 340, won 1 lost 1,
// expected 170, leads 3; Forecasting a1, a3: 110 units, 220, won 1 lost 1,
// expected 110, leads 1; Billing a4: 20 units, 40, lost 1, expected 0,
// leads 1. The totals row adds the segments: 6 accounts, 300 units, 600,
// won 2 lost 3, expected 280, leads 5.
func TestSizeSplitValues(t *testing.T) {
	t.Parallel()
	ds := funnel.NewDataset()
	ds.Accounts = buildTable(t, funnel.Accounts, "accounts.csv", ds.Dict, []col{
		{"Account ID", funnel.RoleAccountID, funnel.KindText}, {"product", "", funnel.KindText},
		{"Region", funnel.RoleRegion, funnel.KindText}, {"Employees", funnel.RoleEmployees, funnel.KindNumber}},
		[][]string{{"a1", "API;Forecasting", "EMEA", "100"}, {"a2", "API", "NA", "50"}, {"a3", "Forecasting", "EMEA", "10"},
			{"a4", "Billing;API;API", "NA", "20"}})
	ds.Leads = buildTable(t, funnel.Leads, "leads.csv", ds.Dict, []col{
		{"Lead ID", funnel.RoleLeadID, funnel.KindText}, {"Account ID", funnel.RoleAccountID, funnel.KindText}},
		[][]string{{"l1", "a1"}, {"l2", "a4"}, {"l3", "a2"}})
	ds.Opportunities = buildTable(t, funnel.Opportunities, "opps.csv", ds.Dict, []col{
		{"Account", funnel.RoleAccountID, funnel.KindText}, {"Won", funnel.RoleWon, funnel.KindBool}, {"Is Closed", funnel.RoleClosed, funnel.KindBool},
		{"Closed", funnel.RoleClosedAt, funnel.KindTime}},
		[][]string{{"a1", "true", "true", "2026-02-01"}, {"a3", "false", "true", "2026-02-01"}, {"a4", "false", "true", "2026-02-01"}})
	type row struct {
		segment               []string
		accounts              int
		units, size, expected float64
		won, lost, leads      int
	}
	cases := []struct {
		name  string
		by    []string
		split string
		want  []row
		warn  []string
	}{
		{"split", []string{"product"}, ";", []row{
			{[]string{"API"}, 3, 170, 340, 170, 1, 1, 3},
			{[]string{"Forecasting"}, 2, 110, 220, 110, 1, 1, 1},
			{[]string{"Billing"}, 1, 20, 40, 0, 0, 1, 1},
			{[]string{"total"}, 6, 300, 600, 280, 2, 3, 5}},
			[]string{`accounts.csv: 2 targets are in several segments (--split-values ";"): each segment counts them, and the totals row counts them once per segment`}},
		// By product and region, each value with the region: API/EMEA a1
		// (100); API/NA a2, a4 (70); Forecasting/EMEA a1, a3 (110);
		// Billing/NA a4 (20).
		{"split by two", []string{"product", "region"}, ";", []row{
			{[]string{"Forecasting", "EMEA"}, 2, 110, 220, 110, 1, 1, 1},
			{[]string{"API", "EMEA"}, 1, 100, 200, 200, 1, 0, 1},
			{[]string{"API", "NA"}, 2, 70, 140, 0, 0, 1, 2},
			{[]string{"Billing", "NA"}, 1, 20, 40, 0, 0, 1, 1},
			{[]string{"total", ""}, 6, 300, 600, 310, 2, 3, 5}},
			[]string{`accounts.csv: 2 targets are in several segments (--split-values ";"): each segment counts them, and the totals row counts them once per segment`}},
		// Without a separator each text is its own segment (sizes 200,
		// 100, 40, 20).
		{"no split", []string{"product"}, "", []row{
			{[]string{"API;Forecasting"}, 1, 100, 200, 200, 1, 0, 1},
			{[]string{"API"}, 1, 50, 100, math.NaN(), 0, 0, 1},
			{[]string{"Billing;API;API"}, 1, 20, 40, 0, 0, 1, 1},
			{[]string{"Forecasting"}, 1, 10, 20, 0, 0, 1, 0},
			{[]string{"total"}, 4, 180, 360, 200, 1, 2, 3}}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := Size(ds, Options{By: c.by, UnitsColumn: "employees", Price: 2, SplitValues: c.split})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Rows) != len(c.want) {
				t.Fatalf("%d rows, want %d: %+v", len(res.Rows), len(c.want), res.Rows)
			}
			for i, w := range c.want {
				g := res.Rows[i]
				if !reflect.DeepEqual(g.Segment, w.segment) || g.Accounts != w.accounts || !near(g.Units, w.units, 1e-12) ||
					!near(g.MarketSize, w.size, 1e-12) || !near(g.ExpectedRevenue, w.expected, 1e-12) ||
					g.Won != w.won || g.Lost != w.lost || g.Leads != w.leads {
					t.Errorf("row %d:\n got %+v\nwant %+v", i, g, w)
				}
			}
			if !reflect.DeepEqual(res.Warnings, c.warn) {
				t.Errorf("warnings %q, want %q", res.Warnings, c.warn)
			}
		})
	}
}

// TestMarketEdges: a filter that leaves no account, and segments without
// a closed opportunity.
func TestMarketEdges(t *testing.T) {
	ds := marketDataset(t)
	// No account has 10,000 employees: no segment, a totals row of 0
	// accounts and market size 0 (an empty sum), with a warning.
	res, err := Size(ds, Options{By: []string{"region"}, Filter: "employees>=10000", Price: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 1 || !res.Rows[0].Total || res.Rows[0].Accounts != 0 || res.Rows[0].MarketSize != 0 || !math.IsNaN(res.Rows[0].Price) {
		t.Errorf("no account: %+v", res.Rows)
	}
	if len(res.Warnings) == 0 || res.Warnings[0] != `accounts.csv: no target account passes the filter "employees>=10000"` {
		t.Errorf("no account: warnings %q", res.Warnings)
	}
	// By region: a7 (SaaS, NA, 200 employees) has no opportunity; with
	// the filter industry=SaaS and region=NA, a3 (1 won) and a7: segment
	// NA has 1 trial. Segment by account id instead: a7 alone has none.
	res, err = Size(ds, Options{By: []string{"Account ID"}, Filter: "industry=SaaS", Price: 10})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range res.Rows {
		if r.Segment[0] != "a7" {
			continue
		}
		found = true
		// No trial: win rate NA, Wilson interval [0, 1], expected revenue NA.
		if r.Won+r.Lost != 0 || !math.IsNaN(r.WinRate) || r.WinRateLow != 0 || r.WinRateHigh != 1 || !math.IsNaN(r.ExpectedRevenue) || r.MarketSize != 10 {
			t.Errorf("a7: %+v", r)
		}
	}
	if !found {
		t.Errorf("no segment a7 in %+v", res.Rows)
	}
	// Prices must be finite.
	for _, p := range []float64{math.Inf(1), math.NaN(), -1} {
		if _, err := Size(ds, Options{Price: p}); !errors.Is(err, ErrBadInput) {
			t.Errorf("price %v: %v", p, err)
		}
	}
	ds.Accounts = buildTable(t, funnel.Accounts, "accounts.csv", ds.Dict, []col{{"Account ID", funnel.RoleAccountID, funnel.KindText}, {"seats", "", funnel.KindNumber}},
		[][]string{{"a1", "3"}, {"a2", "+Inf"}})
	if _, err := Size(ds, Options{UnitsColumn: "seats", Price: 1}); err == nil || err.Error() != `bad input: accounts.csv:3: column "seats": infinite units` {
		t.Errorf("infinite units: %v", err)
	}
}
