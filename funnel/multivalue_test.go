package funnel

import (
	"slices"
	"testing"
)

func TestSplitValues(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in, sep string
		want    []string
	}{
		{"API;Forecasting", ";", []string{"API", "Forecasting"}},
		{" API ; Forecasting ;", ";", []string{"API", "Forecasting"}},
		{"API;API;Billing", ";", []string{"API", "Billing"}},
		{"API", ";", []string{"API"}},
		{"; ;", ";", nil},
		{"", ";", nil},
		{"a || b", "||", []string{"a", "b"}},
	}
	for _, c := range cases {
		if got := SplitValues(nil, c.in, c.sep); !slices.Equal(got, c.want) {
			t.Errorf("SplitValues(%q, %q) = %q, want %q", c.in, c.sep, got, c.want)
		}
	}
}
