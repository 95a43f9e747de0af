package signals

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/funnel-analytics/funnel/accounts"
	"github.com/funnel-analytics/funnel/funnel"
)

// maxContacts bounds the contacts a row names.
const maxContacts = 5

// Drop is an account in an active sales conversation whose web activity
// fell; the tagged fields are the columns of the traffic_drop table.
type Drop struct {
	AccountID    string  `table:"account_id"`
	AccountName  string  `table:"account_name"`
	Conversation string  `table:"conversation"` // why the account is active
	Visits       int     `table:"visits"`       // web touches in the latest period
	Baseline     int     `table:"baseline_visits"`
	Expected     float64 `table:"expected"` // Baseline scaled to the latest period's length
	Change       float64 `table:"change"`
	PValue       float64 `table:"p_value"`
	QValue       float64 `table:"q_value"`  // PValue adjusted over the accounts tested (Options.Adjust)
	Contacts     string  `table:"contacts"` // the baseline's visitors, most active first
	LastActivity string  `table:"last_activity"`
}

// Surge is an account whose web activity jumped; the tagged fields are the
// columns of the surge table.
type Surge struct {
	AccountID     string  `table:"account_id"`
	AccountName   string  `table:"account_name"`
	Visits        int     `table:"visits"`
	Baseline      int     `table:"baseline_visits"`
	Expected      float64 `table:"expected"`
	Change        float64 `table:"change"` // NA when the baseline is empty
	PValue        float64 `table:"p_value"`
	QValue        float64 `table:"q_value"` // PValue adjusted over the accounts tested (Options.Adjust)
	People        int     `table:"people"`  // distinct contacts in the latest period
	HighIntensity bool    `table:"high_intensity"`
	Contacts      string  `table:"contacts"`
}

// activeNow returns the accounts in an active sales conversation at AsOf,
// with the reason: an open opportunity, else an ActiveStages entry within
// Active before AsOf.
func (ix *index) activeNow() map[int32]string {
	active := map[int32]string{}
	if ix.opps != nil {
		acct, id, created := ix.opps.Role(funnel.RoleAccountID), ix.opps.Role(funnel.RoleOpportunityID), ix.opps.TimeRole(funnel.RoleCreatedAt)
		for i := 0; i < ix.opps.Rows; i++ {
			k := ix.account(code(ix.opps, acct, i))
			if k < 0 || ix.outcomes.Of[i] != funnel.OutcomeOpen || active[k] != "" {
				continue
			}
			s := "open opportunity " + ix.opps.Text(id, i)
			if created != nil && created.Times[i] != funnel.NoTime {
				s += " (created " + funnel.FormatTime(created.Times[i], true) + ")"
			}
			active[k] = s
		}
	}
	st := ix.stages
	if st == nil {
		return active
	}
	entity, stage, at := st.Role(funnel.RoleEntityID), st.Role(funnel.RoleStage), st.TimeRole(funnel.RoleEnteredAt)
	if entity == nil || stage == nil || at == nil {
		return active
	}
	stages := newTypeSet(ix.opts.ActiveStages).codes(ix.dict)
	latest := map[int32]int64{} // the latest entry named so far
	for i := 0; i < st.Rows; i++ {
		t, s := at.Times[i], code(st, stage, i)
		if t == funnel.NoTime || t >= ix.opts.AsOf || t < ix.opts.AsOf-ix.opts.Active || s == funnel.NA || int(s) >= len(stages) || !stages[s] {
			continue
		}
		e := code(st, entity, i)
		k, ok := ix.leadAcct[e]
		if !ok {
			if k, ok = ix.acctOf[e]; !ok {
				continue
			}
		}
		if prev, named := latest[k]; (active[k] == "" || named) && (!named || t > prev) {
			active[k] = fmt.Sprintf("%s entered %s", st.Text(stage, i), funnel.FormatTime(t, true))
			latest[k] = t
		}
	}
	return active
}

// drops judges the active accounts' latest period, the p-values adjusted
// over the active accounts tested.
func (ix *index) drops(latest int, active map[int32]string) []Drop {
	var out []Drop
	tested, js := ix.dropFamily(slices.Sorted(maps.Keys(active)), latest)
	for i, k := range tested {
		j := js[i]
		if !ix.dropped(j) {
			continue
		}
		out = append(out, Drop{
			AccountID: ix.ids[k], AccountName: ix.names[k], Conversation: active[k],
			Visits: j.k, Baseline: j.n0, Expected: j.expected, Change: j.change, PValue: j.lower, QValue: j.q,
			Contacts:     ix.visitors(k, ix.starts[latest-ix.opts.Baseline], ix.starts[latest]),
			LastActivity: ix.lastActivity(k),
		})
	}
	slices.SortFunc(out, func(x, y Drop) int {
		return cmp.Or(cmp.Compare(x.PValue, y.PValue), cmp.Compare(x.AccountID, y.AccountID))
	})
	return out
}

// dropFamily judges period p of the accounts keys and returns those
// tested for a drop (dropTested) with their judgements, q adjusted over
// them: the period's family of drop tests.
func (ix *index) dropFamily(keys []int32, p int) ([]int32, []judgement) {
	var tested []int32
	var js []judgement
	for _, k := range keys {
		if j := ix.judge(k, p); ix.dropTested(j) {
			tested, js = append(tested, k), append(js, j)
		}
	}
	ix.adjust(js, true)
	return tested, js
}

// surges judges every account's latest period, the p-values adjusted over
// the accounts tested; high intensity is accounts' rule on the touches
// (accounts.Analyze) as of the same time.
func (ix *index) surges(ds *funnel.Dataset, latest int) ([]Surge, error) {
	var out []Surge
	var tested []int
	var js []judgement
	for k := range ix.ids {
		if j := ix.judge(int32(k), latest); ix.surgeTested(j) {
			tested, js = append(tested, k), append(js, j)
		}
	}
	ix.adjust(js, false)
	for i, k := range tested {
		j := js[i]
		if !ix.surged(j) {
			continue
		}
		from, to := ix.starts[latest], ix.starts[latest+1]
		people := 0
		seen := map[int32]bool{}
		for _, a := range ix.webOf(int32(k)) {
			if a.t >= from && a.t < to && a.lead != funnel.NA && !seen[a.lead] {
				seen[a.lead] = true
				people++
			}
		}
		out = append(out, Surge{
			AccountID: ix.ids[k], AccountName: ix.names[k], Visits: j.k, Baseline: j.n0, Expected: j.expected,
			Change: j.change, PValue: j.upper, QValue: j.q, People: people, Contacts: ix.visitors(int32(k), from, to),
		})
	}
	if len(out) > 0 && ds.Touches != nil {
		an, err := accounts.Analyze(ds, accounts.Options{AsOf: ix.opts.AsOf - 1}) // accounts' as-of is inclusive
		if err != nil {
			return nil, fmt.Errorf("signals: high intensity: %w", err)
		}
		high := map[string]bool{}
		for _, a := range an.Accounts {
			high[a.ID] = a.HighIntensity
		}
		for i := range out {
			out[i].HighIntensity = high[out[i].AccountID]
		}
	}
	slices.SortFunc(out, func(x, y Surge) int {
		return cmp.Or(cmp.Compare(x.PValue, y.PValue), cmp.Compare(x.AccountID, y.AccountID))
	})
	return out, nil
}

// visitors names account k's contacts with web touches in [from, to),
// most touches first (then by name), at most maxContacts, with "+N more".
func (ix *index) visitors(k int32, from, to int64) string {
	n := map[int32]int{}
	for _, a := range ix.webOf(k) {
		if a.t >= from && a.t < to && a.lead != funnel.NA {
			n[a.lead]++
		}
	}
	type contact struct {
		name string
		n    int
	}
	list := make([]contact, 0, len(n))
	for lead, c := range n {
		list = append(list, contact{ix.contactName(lead), c})
	}
	slices.SortFunc(list, func(x, y contact) int { return cmp.Or(cmp.Compare(y.n, x.n), cmp.Compare(x.name, y.name)) })
	var parts []string
	for i, c := range list {
		if i == maxContacts {
			parts = append(parts, fmt.Sprintf("+%d more", len(list)-maxContacts))
			break
		}
		parts = append(parts, fmt.Sprintf("%s (%d)", c.name, c.n))
	}
	return strings.Join(parts, "; ")
}

// lastActivity describes account k's latest web touch before AsOf.
func (ix *index) lastActivity(k int32) string {
	w := ix.webOf(k)
	if len(w) == 0 {
		return ""
	}
	a := w[len(w)-1]
	s := funnel.FormatTime(a.t, false) + " " + ix.dict.String(a.act)
	if a.lead != funnel.NA {
		s += " by " + ix.contactName(a.lead)
	}
	if a.content != funnel.NA {
		s += ": " + ix.dict.String(a.content)
	}
	return s
}
