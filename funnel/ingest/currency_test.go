package ingest

import (
	"reflect"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

// TestColumnCurrency: the currency a number column's amounts named is kept
// on the column (issue 18: axes and formats say it), for role columns and
// attributes alike, and "" when no value named one: never a guess.
func TestColumnCurrency(t *testing.T) {
	t.Parallel()
	header := []string{"opportunity_id", "amount", "list_price"}
	cases := []struct {
		name            string
		rows            [][]string
		amount, attr    string
		amounts, prices []float64
	}{
		{"euro suffix, EU style", [][]string{{"O1", "1.200,50 €", "EUR 99"}, {"O2", "800 €", "10"}}, "EUR", "EUR", []float64{1200.5, 800}, []float64{99, 10}},
		{"dollar prefix", [][]string{{"O1", "$1,200", "US$5"}, {"O2", "950", "$7.5"}}, "USD", "USD", []float64{1200, 950}, []float64{5, 7.5}},
		{"ISO code", [][]string{{"O1", "GBP 3", "4"}, {"O2", "2", "5"}}, "GBP", "", []float64{3, 2}, []float64{4, 5}},
		{"none", [][]string{{"O1", "1200", "4"}, {"O2", "2", "5"}}, "", "", []float64{1200, 2}, []float64{4, 5}},
	}
	for _, c := range cases {
		tab, _, err := LoadFrom(newMemRecords("o.csv", header, c.rows...), funnel.Opportunities, funnel.NewDict(), Options{})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		amount, price := tab.Role("amount"), tab.Named("list_price")
		if amount.Currency != c.amount || !reflect.DeepEqual(amount.Nums, c.amounts) {
			t.Errorf("%s: amount %v in %q, want %v in %q", c.name, amount.Nums, amount.Currency, c.amounts, c.amount)
		}
		if price.Kind != funnel.KindNumber || price.Currency != c.attr || !reflect.DeepEqual(price.Nums, c.prices) {
			t.Errorf("%s: list_price %v in %q, want %v in %q", c.name, price.Nums, price.Currency, c.prices, c.attr)
		}
	}
}
