package accounts

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// accountSet indexes a dataset by account: ids, contacts, the touches of
// each account in time order and its opportunities.
type accountSet struct {
	ds   *funnel.Dataset
	dict *funnel.Dict
	asOf int64

	ids    []string
	byCode []int32 // Dict code of an account_id -> account, -1
	// unnamed: accounts of the target list or the tiers that no input
	// names (no Dict code).
	unnamed map[string]int32
	people  []int32 // contacts per account
	target  []bool  // nil without a target list
	tier    []Tier  // nil without tiers
	// targetColumn: the target list is the accounts table's target column.
	targetColumn bool

	leadAccount []int32 // Dict code of a lead_id -> its account in the leads table, -1

	// Touches: the columns, and the rows of account k (used ones, time
	// order, ties in row order) at rows[start[k]:start[k+1]].
	times     []int64
	leadCodes []int32 // nil without lead_id
	typeCodes []int32 // nil without activity_type and channel
	start     []int32
	rows      []int32

	// Opportunities of account k at oppRows[oppStart[k]:oppStart[k+1]];
	// opps is nil without an opportunities table.
	opps     *funnel.Table
	oppStart []int32
	oppRows  []int32
	outcomes *funnel.Outcomes // of opps, as of asOf; see oppOutcomes

	att *attendance // the attendee report, read once; see attendees
}

// oppOutcomes returns the outcome of every opportunity as of the as-of
// time (inclusive: a close at it is known) by funnel.OpportunityOutcomes,
// the rule every command shares; an error when the opportunities have no
// column that tells outcomes.
func (s *accountSet) oppOutcomes() (*funnel.Outcomes, error) {
	if s.outcomes == nil {
		cut := funnel.NoCut
		if s.asOf < funnel.NoCut {
			cut = s.asOf + 1
		}
		o, err := funnel.OpportunityOutcomes(s.opps, cut)
		if err != nil {
			return nil, fmt.Errorf("accounts: %w", err)
		}
		s.outcomes = o
	}
	return s.outcomes, nil
}

// newAccountSet builds the index; it counts the touches it skips in a.
func newAccountSet(ds *funnel.Dataset, a *Analysis) (*accountSet, error) {
	s := &accountSet{ds: ds, dict: ds.Dict, asOf: a.AsOf}
	if t := ds.Accounts; t != nil && t.Role(funnel.RoleAccountID) == nil {
		a.warnf("%s has no account_id column (segments, not accounts?) and was not used", t.Source)
		s.ds = &funnel.Dataset{Dict: ds.Dict, Leads: ds.Leads, Touches: ds.Touches, Opportunities: ds.Opportunities, Costs: ds.Costs}
	}
	if err := s.indexAccounts(a.Options); err != nil {
		return nil, err
	}
	if err := s.indexContacts(a); err != nil {
		return nil, err
	}
	if err := s.indexTouches(a); err != nil {
		return nil, err
	}
	s.indexOpportunities(a)
	return s, nil
}

// add returns the account of the account_id of Dict code code, adding it
// when it is new; -1 for funnel.NA.
func (s *accountSet) add(code int32) int32 {
	if code == funnel.NA {
		return -1
	}
	if s.byCode[code] < 0 {
		s.byCode[code] = int32(len(s.ids))
		s.ids = append(s.ids, s.dict.String(code))
	}
	return s.byCode[code]
}

// indexAccounts lists the accounts in order of first appearance: in the
// accounts table (where an account_id may appear once), the leads, the
// touches, the opportunities and the target list.
func (s *accountSet) indexAccounts(cfg Options) error {
	ds := s.ds
	n := s.dict.Len()
	s.byCode = filled(n, -1)
	if t := ds.Accounts; t != nil {
		c := t.Role(funnel.RoleAccountID)
		first := filled(n, -1)
		for i, code := range c.Codes {
			if code == funnel.NA {
				continue
			}
			if j := first[code]; j >= 0 {
				return fmt.Errorf("accounts: account_id %q appears twice, at %s and %s", s.dict.String(code), t.Where(int(j)), t.Where(i))
			}
			first[code] = int32(i)
			s.add(code)
		}
	}
	if t := ds.Leads; t != nil {
		if c := t.Role(funnel.RoleAccountID); c != nil {
			for i, code := range c.Codes {
				if !s.leadAfterAsOf(i) {
					s.add(code)
				}
			}
		}
	}
	if c := ds.Touches.Role(funnel.RoleAccountID); c != nil {
		for _, code := range c.Codes {
			s.add(code)
		}
	}
	if t := ds.Opportunities; t != nil {
		oppAcct, oppLead := t.Role(funnel.RoleAccountID), t.Role(funnel.RoleLeadID)
		if oppAcct == nil && (oppLead == nil || ds.Leads == nil) {
			return fmt.Errorf("accounts: %s needs an account_id column (or a lead_id column and the leads) to match opportunities to accounts", t.Source)
		}
		if oppAcct != nil {
			for _, code := range oppAcct.Codes {
				s.add(code)
			}
		}
	}
	if err := s.targets(cfg); err != nil {
		return err
	}
	tiers, err := s.tiers(cfg)
	if err != nil {
		return err
	}
	s.tier = tiers
	if s.target == nil && tiers != nil { // the accounts in an ABM program
		s.target = make([]bool, len(s.ids))
		for k, t := range tiers {
			s.target[k] = t != NoTier
		}
	}
	return nil
}

// addID returns the account of id, adding it when it is new: by its Dict
// code when an input names it, else as an account no input mentions.
func (s *accountSet) addID(id string) int32 {
	if code, ok := s.dict.Lookup(id); ok {
		return s.add(code)
	}
	if k, ok := s.unnamed[id]; ok {
		return k
	}
	if s.unnamed == nil {
		s.unnamed = map[string]int32{}
	}
	s.ids = append(s.ids, id)
	s.unnamed[id] = int32(len(s.ids) - 1)
	return int32(len(s.ids) - 1)
}

// leadAfterAsOf reports whether leads row i was created (created_at)
// after the as-of time: the lead did not exist yet, and is no contact.
func (s *accountSet) leadAfterAsOf(i int) bool {
	c := s.ds.Leads.TimeRole(funnel.RoleCreatedAt)
	return c != nil && c.Times[i] != funnel.NoTime && c.Times[i] > s.asOf
}

// indexContacts counts the contacts (leads) of each account and maps each
// lead_id to its account; a lead_id may appear once. Leads created after
// the as-of time are left out (counted in a.LeadsAfterAsOf): their
// touches by then, if any, are of no known account.
func (s *accountSet) indexContacts(a *Analysis) error {
	n := s.dict.Len()
	s.people = make([]int32, len(s.ids))
	s.leadAccount = filled(n, -1)
	t := s.ds.Leads
	if t == nil {
		return nil
	}
	leadAcct := t.Role(funnel.RoleAccountID)
	if leadAcct == nil {
		return nil
	}
	lid := t.Role(funnel.RoleLeadID)
	var seen []int32
	if lid != nil {
		seen = filled(n, -1)
	}
	for i, code := range leadAcct.Codes {
		if s.leadAfterAsOf(i) {
			a.LeadsAfterAsOf++
			continue
		}
		if code == funnel.NA {
			continue
		}
		k := s.byCode[code]
		s.people[k]++
		if lid == nil || lid.Codes[i] == funnel.NA {
			continue
		}
		l := lid.Codes[i]
		if j := seen[l]; j >= 0 {
			return fmt.Errorf("accounts: lead_id %q appears twice, at %s and %s", s.dict.String(l), t.Where(int(j)), t.Where(i))
		}
		seen[l] = int32(i)
		s.leadAccount[l] = k
	}
	return nil
}

// indexTouches places the used touches of each account, in time order:
// it counts them per account, places them, then orders each account's by
// time. A touch belongs to its account_id, else to its lead's account.
func (s *accountSet) indexTouches(a *Analysis) error {
	tt := s.ds.Touches
	at := tt.Role(funnel.RoleOccurredAt)
	if at == nil || at.Kind != funnel.KindTime {
		return fmt.Errorf("accounts: %s has no occurred_at column", tt.Source)
	}
	s.times = at.Times
	if c := tt.Role(funnel.RoleLeadID); c != nil {
		s.leadCodes = c.Codes
	}
	if c := tt.Role(funnel.ActivityRole(tt.Has)); c != nil {
		s.typeCodes = c.Codes
	}
	var acctCodes []int32
	if c := tt.Role(funnel.RoleAccountID); c != nil {
		acctCodes = c.Codes
	}
	accountOf := func(i int) int32 {
		if acctCodes != nil && acctCodes[i] != funnel.NA {
			return s.byCode[acctCodes[i]]
		}
		if s.leadCodes != nil && s.leadCodes[i] != funnel.NA {
			return s.leadAccount[s.leadCodes[i]]
		}
		return -1
	}
	counts := make([]int32, len(s.ids)+1)
	for i := 0; i < tt.Rows; i++ {
		t := s.times[i]
		k := accountOf(i)
		switch {
		case t == funnel.NoTime:
			a.TouchesIncomplete++
		case t > s.asOf:
			a.TouchesAfterAsOf++
		case k < 0:
			a.TouchesUnmatched++
		default:
			counts[k+1]++
			a.TouchesUsed++
		}
	}
	s.start = counts
	for k := 1; k < len(s.start); k++ {
		s.start[k] += s.start[k-1]
	}
	s.rows = make([]int32, a.TouchesUsed)
	next := slices.Clone(s.start[:len(s.ids)])
	for i := 0; i < tt.Rows; i++ {
		t := s.times[i]
		if t == funnel.NoTime || t > s.asOf {
			continue
		}
		if k := accountOf(i); k >= 0 {
			s.rows[next[k]] = int32(i)
			next[k]++
		}
	}
	for k := range s.ids {
		rows := s.rows[s.start[k]:s.start[k+1]]
		slices.SortStableFunc(rows, func(x, y int32) int { return cmp.Compare(s.times[x], s.times[y]) })
	}
	return nil
}

// indexOpportunities places the opportunities of each account created by
// the as-of time (an opportunity belongs to its account_id, else to its
// lead's account) and warns of those of no known account.
func (s *accountSet) indexOpportunities(a *Analysis) {
	t := s.ds.Opportunities
	if t == nil {
		return
	}
	s.opps = t
	oppAcct, oppLead := t.Role(funnel.RoleAccountID), t.Role(funnel.RoleLeadID)
	oppAccount := func(i int) int32 {
		if oppAcct != nil && oppAcct.Codes[i] != funnel.NA {
			return s.byCode[oppAcct.Codes[i]]
		}
		if oppLead != nil && oppLead.Codes[i] != funnel.NA {
			return s.leadAccount[oppLead.Codes[i]]
		}
		return -1
	}
	created := t.Role(funnel.RoleCreatedAt)
	after := func(i int) bool {
		return created != nil && created.Kind == funnel.KindTime && created.Times[i] != funnel.NoTime && created.Times[i] > s.asOf
	}
	oc := make([]int32, len(s.ids)+1)
	unmatched := 0
	for i := 0; i < t.Rows; i++ {
		if after(i) {
			continue
		}
		if k := oppAccount(i); k >= 0 {
			oc[k+1]++
		} else {
			unmatched++
		}
	}
	for k := 1; k < len(oc); k++ {
		oc[k] += oc[k-1]
	}
	s.oppStart = oc
	s.oppRows = make([]int32, oc[len(oc)-1])
	next := slices.Clone(oc[:len(s.ids)])
	for i := 0; i < t.Rows; i++ {
		if after(i) {
			continue
		}
		if k := oppAccount(i); k >= 0 {
			s.oppRows[next[k]] = int32(i)
			next[k]++
		}
	}
	if unmatched > 0 {
		a.warnf("%d opportunities of no known account were ignored", unmatched)
	}
}

// targets marks the target accounts: cfg.Targets, else the accounts
// table's boolean target column.
func (s *accountSet) targets(cfg Options) error {
	if cfg.Targets != nil {
		var marked []int32
		for _, id := range cfg.Targets {
			id = strings.TrimSpace(id)
			if id == "" {
				continue
			}
			marked = append(marked, s.addID(id))
		}
		s.target = make([]bool, len(s.ids))
		for _, k := range marked {
			s.target[k] = true
		}
		return nil
	}
	t := s.ds.Accounts
	if t == nil {
		return nil
	}
	c := t.Named("target")
	if c == nil {
		return nil
	}
	if c.Kind != funnel.KindBool {
		return fmt.Errorf("accounts: the target column of %s holds %s values; it should be 1/0 or yes/no (or give --targets FILE)", t.Source, c.Kind)
	}
	ids := t.Role(funnel.RoleAccountID)
	s.targetColumn = true
	s.target = make([]bool, len(s.ids))
	for i, v := range c.Bools {
		if v == 1 && ids.Codes[i] != funnel.NA {
			s.target[s.byCode[ids.Codes[i]]] = true
		}
	}
	return nil
}

// touchRows returns the used touch rows of account k in time order.
func (s *accountSet) touchRows(k int) []int32 { return s.rows[s.start[k]:s.start[k+1]] }

// oppRowsOf returns the opportunity rows of account k.
func (s *accountSet) oppRowsOf(k int) []int32 {
	if s.opps == nil {
		return nil
	}
	return s.oppRows[s.oppStart[k]:s.oppStart[k+1]]
}

// outcomeMoments returns, per account, the moment of outcome o
// (funnel.NoTime when the account did not reach it by the as-of time).
func (s *accountSet) outcomeMoments(accts []Account, o Outcome) ([]int64, error) {
	m := make([]int64, len(accts))
	for k := range m {
		m[k] = funnel.NoTime
	}
	if o == OutcomeHighIntensity {
		for k := range accts {
			m[k] = accts[k].HighIntensitySince
		}
		return m, nil
	}
	t := s.opps
	if t == nil {
		return nil, fmt.Errorf("accounts: the outcome %s needs the opportunities (--opportunities)", o)
	}
	created, closed := t.TimeRole(funnel.RoleCreatedAt), t.TimeRole(funnel.RoleClosedAt)
	var outcomes *funnel.Outcomes
	if o == OutcomeWon {
		var err error
		if outcomes, err = s.oppOutcomes(); err != nil {
			return nil, fmt.Errorf("accounts: the outcome won needs to know which deals are won: %w", err)
		}
	}
	for k := range accts {
		for _, i := range s.oppRowsOf(k) {
			at := funnel.NoTime
			switch o {
			case OutcomeOpportunity:
				if created != nil {
					at = created.Times[i]
				}
				if at == funnel.NoTime {
					at = s.asOf // an opportunity of unknown date: reached by the as-of time
				}
			case OutcomeWon:
				if outcomes.Of[i] != funnel.OutcomeWon {
					continue
				}
				if closed != nil {
					at = closed.Times[i]
				}
				if at == funnel.NoTime && created != nil {
					at = created.Times[i]
				}
				if at == funnel.NoTime {
					at = s.asOf
				}
				if at > s.asOf {
					continue
				}
			}
			if m[k] == funnel.NoTime || at < m[k] {
				m[k] = at
			}
		}
	}
	return m, nil
}

// filled returns n copies of v.
func filled(n int, v int32) []int32 {
	s := make([]int32, n)
	for i := range s {
		s[i] = v
	}
	return s
}
