package main

import (
	"slices"
	"testing"
)

func TestNurtureFlags(t *testing.T) {
	t.Parallel()
	testFlags(t, newNurtureCmd, []flagCase[*nurtureOptions]{
		{name: "defaults", check: func(t *testing.T, o *nurtureOptions) {
			c := o.opts
			if c.Dormant != 90*86400 || c.Weeks != 13 || c.TargetTouches != 30 || c.TargetWeeks != 13 || c.Outcome != "sql" ||
				!slices.Equal(c.Strata, []string{"lead_source", "industry", "month"}) {
				t.Errorf("defaults %+v", c)
			}
		}},
		{name: "set", args: []string{"--dormant", "60d", "--weeks", "8", "--target-cadence", "12/8", "--program", "Welcome", "--outcome", "mql"},
			check: func(t *testing.T, o *nurtureOptions) {
				c := o.opts
				if c.Dormant != 60*86400 || c.Weeks != 8 || c.TargetTouches != 12 || c.TargetWeeks != 8 || !slices.Equal(c.Program, []string{"Welcome"}) || c.Outcome != "mql" {
					t.Errorf("set %+v", c)
				}
			}},
		{name: "bad cadence", args: []string{"--target-cadence", "30/0w"}, code: ExitUsage},
		{name: "both programs", args: []string{"--program", "A", "--program-column", "B"}, code: ExitUsage},
		{name: "dormant 0", args: []string{"--dormant", "0d"}, code: ExitUsage},
	})
}
