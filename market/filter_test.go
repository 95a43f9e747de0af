package market

import (
	"errors"
	"reflect"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

func TestParseFilter(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want []Clause
	}{
		{"employees>=200", []Clause{{"employees", ">=", "200"}}},
		{" employees >= 200 AND region = 'EMEA' ", []Clause{{"employees", ">=", "200"}, {"region", "=", "EMEA"}}},
		{"a!=1 && b<2, c>3", []Clause{{"a", "!=", "1"}, {"b", "<", "2"}, {"c", ">", "3"}}},
		{`Number of Employees==50`, []Clause{{"Number of Employees", "=", "50"}}},
		{`name = "Smith and Sons, Ltd"`, []Clause{{"name", "=", "Smith and Sons, Ltd"}}},
		{"brand = android", []Clause{{"brand", "=", "android"}}},
		{"created_at<=2026-01-31", []Clause{{"created_at", "<=", "2026-01-31"}}},
	}
	for _, c := range cases {
		f, err := ParseFilter(c.in)
		if err != nil || !reflect.DeepEqual(f.Clauses, c.want) {
			t.Errorf("ParseFilter(%q) = %+v, %v; want %+v", c.in, f, err, c.want)
		}
	}
	for _, bad := range []string{"employees", ">=5", "a>=", "a=>5", "a = 'x", "a>=1 and", "a>=1,,b=2"} {
		if _, err := ParseFilter(bad); !errors.Is(err, ErrBadFilter) {
			t.Errorf("ParseFilter(%q): %v, want ErrBadFilter", bad, err)
		}
	}
	if f, err := ParseFilter("  "); f != nil || err != nil {
		t.Errorf("empty filter: %v %v", f, err)
	}
}

func TestFilterCompile(t *testing.T) {
	t.Parallel()
	d := funnel.NewDict()
	tab := buildTable(t, funnel.Accounts, "accounts.csv", d, []col{
		{"Employees", funnel.RoleEmployees, funnel.KindNumber}, {"Region", funnel.RoleRegion, funnel.KindText},
		{"Customer", "", funnel.KindBool}, {"created_at", funnel.RoleCreatedAt, funnel.KindTime}},
		[][]string{
			{"200", "EMEA", "true", "2026-01-01"},
			{"199", "emea ", "false", "2026-02-01"},
			{"", "NA", "", ""},
			{"1000", "", "true", "2025-12-31"},
		})
	cases := []struct {
		expr string
		want []bool
	}{
		{"employees>=200", []bool{true, false, false, true}},
		{"employees<200", []bool{false, true, false, false}},
		{"employees!=200", []bool{false, true, false, true}}, // NA never matches, not even !=
		{"region=EMEA", []bool{true, true, false, false}},    // case and surrounding spaces ignored
		{"region!=emea", []bool{false, false, true, false}},
		{"customer=yes", []bool{true, false, false, true}},
		{"created_at>=2026-01-01", []bool{true, true, false, false}},
		{"employees>100 and customer=true", []bool{true, false, false, true}},
	}
	for _, c := range cases {
		f, err := ParseFilter(c.expr)
		if err != nil {
			t.Fatal(err)
		}
		pass, err := f.Compile(tab)
		if err != nil {
			t.Fatalf("%s: %v", c.expr, err)
		}
		for r, w := range c.want {
			if pass(r) != w {
				t.Errorf("%s: row %d = %v, want %v", c.expr, r, pass(r), w)
			}
		}
	}
	for _, bad := range []string{"customer>true", "created_at>=yesterday", "customer=maybe", "employees>=1e999"} {
		f, err := ParseFilter(bad)
		if err == nil {
			_, err = f.Compile(tab)
		}
		if !errors.Is(err, ErrBadFilter) {
			t.Errorf("%s: %v, want ErrBadFilter", bad, err)
		}
	}
}
