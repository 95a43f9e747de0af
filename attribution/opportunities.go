package attribution

import (
	"fmt"
	"math"
	"sort"

	"github.com/funnel-analytics/funnel/funnel"
)

// Level is whose touches make a B2B journey.
type Level int

// Levels. AutoLevel picks AccountLevel when the opportunities carry
// account_id and the touches carry account_id (or the leads map lead_id to
// account_id), else LeadLevel.
const (
	AutoLevel Level = iota
	LeadLevel
	AccountLevel
)

// String returns "lead", "account" or "auto".
func (l Level) String() string {
	switch l {
	case LeadLevel:
		return "lead"
	case AccountLevel:
		return "account"
	}
	return "auto"
}

// Milestone is the opportunity time a B2B journey ends at.
type Milestone int

// Milestones; the zero value is MilestoneClosed.
const (
	MilestoneClosed Milestone = iota
	MilestoneCreated
)

// String returns "closed" or "created".
func (m Milestone) String() string {
	if m == MilestoneCreated {
		return "created"
	}
	return "closed"
}

// OpportunityOptions tells FromOpportunities how to build B2B journeys.
type OpportunityOptions struct {
	By        string    // as TouchOptions.By
	Level     Level     // lead or account journeys
	Milestone Milestone // journeys end at the opportunity's closed_at (default) or created_at
	Lookback  int64     // seconds; 0 keeps every touch
	// From and To, when either is set, keep only the opportunities whose
	// milestone time is in [From, To) (Unix seconds; 0 leaves that end
	// open), and leave out the entities without an opportunity: the
	// journeys of one period's deals (funnel report).
	From, To int64
}

// FromOpportunities builds B2B journeys from ds.Touches and
// ds.Opportunities (and ds.Leads to map contacts to accounts and to find
// lead creation times).
//
// Each opportunity with a milestone time T (closed_at or created_at) is one
// journey: the touches of its lead (LeadLevel) or of its account's contacts
// (AccountLevel) at or before T, and not before T - Lookback. Outcomes
// are funnel.OpportunityOutcomes' (no as-of cut), the rule every command
// shares: a won opportunity is a conversion with its amount as value, a
// lost one a null journey, an open one is left out (a past close date
// alone does not close it), as are opportunities without a milestone
// time. Touches may serve several
// opportunities of one account. An entity with touches and no opportunity
// is one null journey of all its touches.
//
// Milestone touches for w_shaped and full_path, when the leads have
// created_at and the opportunities created_at: the lead-creation touch is
// the last touch at or before the lead's created_at (at account level, the
// account's earliest lead), the opportunity-creation touch the last touch
// at or before the opportunity's created_at, the closed-won touch the
// journey's last touch. A milestone before the first touch (or cut by the
// lookback) falls on the first touch; a missing lead time too, a missing
// opportunity time on the last touch (both counted in a warning).
func FromOpportunities(ds *funnel.Dataset, opts OpportunityOptions) (*Journeys, error) {
	tt, ot := ds.Touches, ds.Opportunities
	if tt == nil || ot == nil {
		return nil, fmt.Errorf("B2B journeys need touches and opportunities")
	}
	by, err := byColumn(tt, opts.By)
	if err != nil {
		return nil, err
	}
	when, err := timeColumn(tt, funnel.RoleOccurredAt)
	if err != nil {
		return nil, err
	}
	if opts.Lookback < 0 {
		return nil, fmt.Errorf("negative lookback")
	}
	level := opts.Level
	leadAccount := leadAccounts(ds.Leads)
	oppAcc, oppLead := ot.Role(funnel.RoleAccountID), ot.Role(funnel.RoleLeadID)
	tAcc, tLead := tt.Role(funnel.RoleAccountID), tt.Role(funnel.RoleLeadID)
	if level == AutoLevel {
		level = LeadLevel
		if oppAcc != nil && (tAcc != nil || (tLead != nil && leadAccount != nil)) {
			level = AccountLevel
		}
	}
	// Entity of each touch and of each opportunity.
	var oppEnt *funnel.Column
	tEnt := make([]int32, tt.Rows)
	unmapped := 0
	switch level {
	case LeadLevel:
		if tLead == nil || oppLead == nil {
			return nil, fmt.Errorf("lead-level journeys need lead_id in %s and in %s", tt.Source, ot.Source)
		}
		oppEnt = oppLead
		copy(tEnt, tLead.Codes)
	case AccountLevel:
		if oppAcc == nil || (tAcc == nil && (tLead == nil || leadAccount == nil)) {
			return nil, fmt.Errorf("account-level journeys need account_id in %s, and account_id in %s or leads that map lead_id to account_id", ot.Source, tt.Source)
		}
		oppEnt = oppAcc
		for i := range tEnt {
			e := funnel.NA
			if tAcc != nil {
				e = tAcc.Codes[i]
			}
			if e == funnel.NA && tLead != nil && leadAccount != nil && tLead.Codes[i] != funnel.NA {
				e = leadAccount[tLead.Codes[i]]
			}
			tEnt[i] = e
		}
	default:
		return nil, fmt.Errorf("unknown level %d", level)
	}
	for i := range tEnt {
		if when.Times[i] == funnel.NoTime {
			return nil, fmt.Errorf("%s: column %q: missing time: %w", tt.Where(i), when.Name, ErrBadInput)
		}
		if tEnt[i] == funnel.NA {
			if level == LeadLevel {
				return nil, fmt.Errorf("%s: column %q: missing lead_id: %w", tt.Where(i), tLead.Name, ErrBadInput)
			}
			unmapped++
		}
	}
	milestoneRole := funnel.RoleClosedAt
	if opts.Milestone == MilestoneCreated {
		milestoneRole = funnel.RoleCreatedAt
	}
	mcol, err := timeColumn(ot, milestoneRole)
	if err != nil {
		return nil, err
	}
	if !ot.Has(funnel.RoleWon) && !ot.Has(funnel.RoleStatus) && !ot.Has(funnel.RoleStatusReason) && !ot.Has(funnel.RoleStage) {
		return nil, fmt.Errorf("%s: opportunities need a won column (yes/no), a status or stage names to tell won deals", ot.Source)
	}
	outcomes, err := funnel.OpportunityOutcomes(ot, funnel.NoCut)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadInput, err)
	}
	amount := ot.Role(funnel.RoleAmount)
	if amount != nil && amount.Kind != funnel.KindNumber {
		return nil, fmt.Errorf("%s: column %q: amount must be numbers", ot.Source, amount.Name)
	}
	oppCreated := ot.Role(funnel.RoleCreatedAt)
	if oppCreated != nil && oppCreated.Kind != funnel.KindTime {
		oppCreated = nil
	}
	leadTimes := leadCreation(ds.Leads, level)
	markers := leadTimes != nil && oppCreated != nil

	j := NewJourneys(byName(by, opts.By))
	j.Lookback = opts.Lookback
	j.OutcomeSource = outcomes.Source()
	j.Warnings = append(j.Warnings, outcomes.Warnings()...)
	chans := newChannelMap(tt, by, j)
	grouped := groupRows(tEnt, when.Times)
	// channel code and time of each touch, in group order
	touchChan := make([]int32, len(grouped.order))
	noChannel := 0
	for k, r := range grouped.order {
		touchChan[k] = chans.code(int(r))
		if touchChan[k] < 0 {
			noChannel++
		}
	}
	hasOpp := make([]bool, grouped.len())
	w := journeyWriter{j: j, lookback: opts.Lookback}
	var noEntity, noMilestone, open, noAmount, noLeadTime, noOppTime int
	for i := 0; i < ot.Rows; i++ {
		e := oppEnt.Codes[i]
		if e == funnel.NA {
			noEntity++
			continue
		}
		g := grouped.of(e)
		if g >= 0 {
			hasOpp[g] = true
		}
		T := mcol.Times[i]
		if T == funnel.NoTime {
			noMilestone++
			continue
		}
		if (opts.From != 0 && T < opts.From) || (opts.To != 0 && T >= opts.To) {
			continue
		}
		isWon := outcomes.Of[i] == funnel.OutcomeWon
		if !isWon && outcomes.Of[i] != funnel.OutcomeLost {
			open++
			continue
		}
		value := 0.0
		if isWon && amount != nil {
			value = amount.Nums[i]
			if math.IsNaN(value) {
				value = 0
				noAmount++
			} else if math.IsInf(value, 0) {
				return nil, fmt.Errorf("%s: column %q: amount %v: %w", ot.Where(i), amount.Name, value, ErrBadInput)
			}
		}
		if g >= 0 {
			lo := int(grouped.start[g])
			rows := grouped.rows(g)
			n := sort.Search(len(rows), func(k int) bool { return when.Times[rows[k]] > T })
			for k := 0; k < n; k++ {
				if c := touchChan[lo+k]; c >= 0 {
					w.touch(c, when.Times[rows[k]])
				}
			}
		}
		var mk *Markers
		if markers && len(w.seq) > 0 {
			last := len(w.seq) - 1
			lt, ok := leadTimes[e]
			if !ok {
				noLeadTime++
			}
			ct := oppCreated.Times[i]
			mk = &Markers{Lead: 0, Opportunity: last, Won: last}
			if ok {
				mk.Lead = lastAtOrBefore(w.times, lt)
			}
			if ct != funnel.NoTime {
				mk.Opportunity = lastAtOrBefore(w.times, ct)
			} else {
				noOppTime++
			}
		}
		w.end(T, isWon, value, mk)
	}
	// Entities with touches and no opportunity: one null journey each
	// (not for a period's deals).
	for g := 0; g < grouped.len(); g++ {
		if hasOpp[g] || opts.From != 0 || opts.To != 0 {
			continue
		}
		lo := int(grouped.start[g])
		for k, r := range grouped.rows(g) {
			if c := touchChan[lo+k]; c >= 0 {
				w.touch(c, when.Times[r])
			}
		}
		if len(w.seq) > 0 {
			w.end(w.times[len(w.times)-1], false, 0, nil)
		}
	}
	if w.err != nil {
		return nil, w.err
	}
	warn := func(n int, format string, args ...any) {
		if n > 0 {
			j.warnf("%d "+format, append([]any{n}, args...)...)
		}
	}
	warn(noChannel, "touches without %s were left out", by.Name)
	warn(unmapped, "touches could not be mapped to an account and were left out")
	warn(noEntity, "opportunities without %s were left out", oppEnt.Role)
	if opts.From == 0 && opts.To == 0 {
		// A period's deals are those closed in it: open ones are not
		// left out of it, they belong to a later period.
		warn(noMilestone, "opportunities without %s were left out", milestoneRole)
		warn(open, "open opportunities (neither won nor lost) were left out")
	}
	warn(noAmount, "won opportunities without an amount were valued 0")
	warn(noLeadTime, "opportunities have no lead created_at: their lead-creation touch is the first touch")
	warn(noOppTime, "opportunities have no created_at: their opportunity-creation touch is the last touch")
	j.noteUnattributed()
	return j, nil
}

// lastAtOrBefore returns the index of the last time <= t in the sorted
// times, or 0 when t precedes them all.
func lastAtOrBefore(times []int64, t int64) int {
	k := sort.Search(len(times), func(i int) bool { return times[i] > t })
	return max(k-1, 0)
}

// leadAccounts maps lead_id codes to account_id codes, or nil.
func leadAccounts(leads *funnel.Table) map[int32]int32 {
	if leads == nil {
		return nil
	}
	id, acc := leads.Role(funnel.RoleLeadID), leads.Role(funnel.RoleAccountID)
	if id == nil || acc == nil || id.Kind != funnel.KindText || acc.Kind != funnel.KindText {
		return nil
	}
	m := make(map[int32]int32, leads.Rows)
	for i := 0; i < leads.Rows; i++ {
		if id.Codes[i] != funnel.NA && acc.Codes[i] != funnel.NA {
			m[id.Codes[i]] = acc.Codes[i]
		}
	}
	return m
}

// leadCreation maps each entity (lead_id, or account_id at account level:
// the account's earliest lead) to its lead creation time, or returns nil
// when the leads have no created_at.
func leadCreation(leads *funnel.Table, level Level) map[int32]int64 {
	if leads == nil {
		return nil
	}
	created := leads.Role(funnel.RoleCreatedAt)
	key := leads.Role(funnel.RoleLeadID)
	if level == AccountLevel {
		key = leads.Role(funnel.RoleAccountID)
	}
	if created == nil || created.Kind != funnel.KindTime || key == nil || key.Kind != funnel.KindText {
		return nil
	}
	m := map[int32]int64{}
	for i := 0; i < leads.Rows; i++ {
		k, t := key.Codes[i], created.Times[i]
		if k == funnel.NA || t == funnel.NoTime {
			continue
		}
		if old, ok := m[k]; !ok || t < old {
			m[k] = t
		}
	}
	return m
}
