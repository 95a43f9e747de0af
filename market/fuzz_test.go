package market

import (
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

func FuzzParseFilter(f *testing.F) {
	for _, s := range []string{"employees>=200", "region = 'EMEA' and customer=true", "a!=1 && b<2, c>3", `x="a,b"`, "created_at<=2026-01-01", "and", "'"} {
		f.Add(s)
	}
	d := funnel.NewDict()
	tab := buildTable(f, funnel.Accounts, "a.csv", d, []col{
		{"employees", "", funnel.KindNumber}, {"region", "", funnel.KindText}, {"customer", "", funnel.KindBool}, {"created_at", "", funnel.KindTime}},
		[][]string{{"200", "EMEA", "true", "2026-01-01"}, {"", "", "", ""}})
	f.Fuzz(func(t *testing.T, s string) {
		flt, err := ParseFilter(s)
		if err != nil || flt == nil {
			return
		}
		pass, err := flt.Compile(tab)
		if err != nil {
			return
		}
		if pass(1) {
			t.Errorf("%q matches a row of missing values", s)
		}
		_ = pass(0)
	})
}
