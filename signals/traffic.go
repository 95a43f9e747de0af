package signals

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// TrafficPeriod is one period of web traffic; the tagged fields are the
// columns of the traffic table.
type TrafficPeriod struct {
	Period        string  `table:"period"`
	Visits        int     `table:"visits"`   // web touches
	Visitors      int     `table:"visitors"` // distinct contacts among them
	Accounts      int     `table:"accounts"` // distinct accounts among them
	TargetVisits  float64 `table:"target_share_visits"`
	TargetVisitor float64 `table:"target_share_visitors"`
	TopContent    string  `table:"top_content"` // the most visited items, "name (visits)"
}

// traffic counts the web touches of each complete period; the target
// shares are NaN without a target list or without visits.
func (ix *index) traffic(r *Result) []TrafficPeriod {
	type tally struct {
		visits, targetVisits int
		visitors, targets    map[int32]bool // contacts, target contacts
		accounts             map[int32]bool
		content              map[int32]int
	}
	ts := make([]tally, ix.nPeriods)
	for p := range ts {
		ts[p] = tally{visitors: map[int32]bool{}, targets: map[int32]bool{}, accounts: map[int32]bool{}, content: map[int32]int{}}
	}
	for _, a := range ix.web {
		p := ix.period(a.t)
		if p < 0 {
			continue
		}
		t := &ts[p]
		t.visits++
		target := ix.isTarget(a.acct)
		if target {
			t.targetVisits++
		}
		if a.lead != funnel.NA {
			t.visitors[a.lead] = true
			if target {
				t.targets[a.lead] = true
			}
		}
		if a.acct >= 0 {
			t.accounts[a.acct] = true
		}
		if a.content != funnel.NA {
			t.content[a.content]++
		}
	}
	out := make([]TrafficPeriod, ix.nPeriods)
	for p, t := range ts {
		out[p] = TrafficPeriod{
			Period: ix.label(p), Visits: t.visits, Visitors: len(t.visitors), Accounts: len(t.accounts),
			TargetVisits: math.NaN(), TargetVisitor: math.NaN(), TopContent: ix.topContent(t.content),
		}
		if r.TargetsKnown && t.visits > 0 {
			out[p].TargetVisits = float64(t.targetVisits) / float64(t.visits)
		}
		if r.TargetsKnown && len(t.visitors) > 0 {
			out[p].TargetVisitor = float64(len(t.targets)) / float64(len(t.visitors))
		}
	}
	return out
}

// topContent names the DefaultTopContent items with the most visits (ties
// by name).
func (ix *index) topContent(n map[int32]int) string {
	type item struct {
		name string
		n    int
	}
	list := make([]item, 0, len(n))
	for c, v := range n {
		list = append(list, item{ix.dict.String(c), v})
	}
	slices.SortFunc(list, func(x, y item) int { return cmp.Or(cmp.Compare(y.n, x.n), cmp.Compare(x.name, y.name)) })
	var parts []string
	for i := 0; i < len(list) && i < DefaultTopContent; i++ {
		parts = append(parts, fmt.Sprintf("%s (%d)", list[i].name, list[i].n))
	}
	return strings.Join(parts, "; ")
}
