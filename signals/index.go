package signals

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/funnel-analytics/funnel/funnel"
)

// Kinds of the activity rows signals keeps.
const (
	rowWeb int8 = iota
	rowSignup
	rowUsage
)

// activity is one kept touch: a web touch, a trial signup or a trial use.
type activity struct {
	t       int64
	acct    int32 // account index, -1 for none
	lead    int32 // Dict code of the contact, funnel.NA for none
	act     int32 // Dict code of the activity type
	content int32 // Dict code of the content item, funnel.NA for none
	kind    int8
}

// index holds the accounts, the calendar and the kept touches, grouped
// by account in time order.
type index struct {
	opts Options
	dict *funnel.Dict

	// calendar: period i (0 .. nPeriods-1) is [starts[i], starts[i+1]),
	// ordinal first+i; the last one ends by AsOf.
	first    int
	starts   []int64
	nPeriods int

	ids      []string         // account ids
	acctOf   map[int32]int32  // Dict code of an account id -> index
	leadAcct map[int32]int32  // Dict code of a lead id -> account index
	contacts []map[int32]bool // per account: its contacts (leads and touches)
	names    []string         // account names, "" when unknown
	emails   map[int32]string // lead code -> email
	target   []bool           // nil without a target list

	web       []activity // web touches by account, then time
	start     []int      // web[start[a]:start[a+1]] are account a's
	trialRows []activity // signups and usage by account, then time
	counts    []int32    // web touches per account and period: [a*nPeriods + p]

	opps     *funnel.Table
	outcomes *funnel.Outcomes // as of AsOf
	stages   *funnel.Table
	res      *Result
}

// code returns the Dict code of row i of an id column (numbers written
// as text), funnel.NA when missing.
func code(t *funnel.Table, c *funnel.Column, i int) int32 {
	if c == nil || c.IsNA(i) {
		return funnel.NA
	}
	if c.Kind == funnel.KindText {
		return c.Codes[i]
	}
	return t.Dict.Code(t.Text(c, i))
}

func (ix *index) account(c int32) int32 {
	if c == funnel.NA {
		return -1
	}
	if k, ok := ix.acctOf[c]; ok {
		return k
	}
	k := int32(len(ix.ids))
	ix.acctOf[c] = k
	ix.ids = append(ix.ids, ix.dict.String(c))
	ix.names = append(ix.names, "")
	ix.contacts = append(ix.contacts, nil)
	return k
}

func (ix *index) addContact(k, lead int32) {
	if k < 0 || lead == funnel.NA {
		return
	}
	if ix.contacts[k] == nil {
		ix.contacts[k] = map[int32]bool{}
	}
	ix.contacts[k][lead] = true
}

func newIndex(ds *funnel.Dataset, opts Options, r *Result) (*index, error) {
	ix := &index{opts: opts, dict: ds.Dict, acctOf: map[int32]int32{}, leadAcct: map[int32]int32{}, emails: map[int32]string{}, res: r}
	if t := ds.Accounts; t != nil {
		id, name := t.Role(funnel.RoleAccountID), t.Role(funnel.RoleAccountName)
		for i := 0; i < t.Rows && id != nil; i++ {
			if k := ix.account(code(t, id, i)); k >= 0 && name != nil {
				ix.names[k] = t.Text(name, i)
			}
		}
	}
	if t := ds.Leads; t != nil {
		id, acct, email := t.Role(funnel.RoleLeadID), t.Role(funnel.RoleAccountID), t.Role(funnel.RoleEmail)
		for i := 0; i < t.Rows && id != nil; i++ {
			lead := code(t, id, i)
			if lead == funnel.NA {
				continue
			}
			if k := ix.account(code(t, acct, i)); k >= 0 {
				ix.leadAcct[lead] = k
				ix.addContact(k, lead)
			}
			if email != nil && !email.IsNA(i) {
				ix.emails[lead] = t.Text(email, i)
			}
		}
	}
	if err := ix.targets(ds); err != nil {
		return nil, err
	}
	for _, t := range []*funnel.Table{ds.Touches, opts.Web} {
		if t != nil {
			if err := ix.readTouches(t); err != nil {
				return nil, err
			}
		}
	}
	if t := ds.Opportunities; t != nil && t.Has(funnel.RoleAccountID) {
		oc, err := funnel.OpportunityOutcomes(t, ix.opts.AsOf)
		if err != nil {
			return nil, err
		}
		ix.opps, ix.outcomes = t, oc
		for i := 0; i < t.Rows; i++ {
			ix.account(code(t, t.Role(funnel.RoleAccountID), i))
		}
	}
	ix.stages = ds.Stages
	ix.calendar()
	ix.group() // the accounts are all known now
	return ix, nil
}

// targets marks the target accounts: opts.Targets, else the accounts
// table's boolean target column.
func (ix *index) targets(ds *funnel.Dataset) error {
	if ix.opts.Targets != nil {
		ix.res.TargetsKnown = true
		var marked []int32
		for _, id := range ix.opts.Targets {
			marked = append(marked, ix.account(ix.dict.Code(id)))
		}
		ix.target = make([]bool, len(ix.ids))
		for _, k := range marked {
			ix.target[k] = true
		}
		return nil
	}
	t := ds.Accounts
	if t == nil || t.Named("target") == nil {
		return nil
	}
	c, id := t.Named("target"), t.Role(funnel.RoleAccountID)
	if c.Kind != funnel.KindBool || id == nil {
		ix.res.warnf("%s: the column %q is not a yes/no column with account ids, so there is no target list", t.Source, c.Name)
		return nil
	}
	ix.res.TargetsKnown = true
	ix.target = make([]bool, len(ix.ids))
	for i := 0; i < t.Rows; i++ {
		if c.Bools[i] == 1 {
			ix.target[ix.account(code(t, id, i))] = true
		}
	}
	return nil
}

// isTarget reports whether account k is on the target list.
func (ix *index) isTarget(k int32) bool {
	return k >= 0 && int(k) < len(ix.target) && ix.target[k]
}

// contentColumn picks the touches column of the content item.
func (ix *index) contentColumn(t *funnel.Table) *funnel.Column {
	if ix.opts.ContentBy != "" {
		return t.Named(ix.opts.ContentBy)
	}
	for _, n := range DefaultContentColumns {
		if c := t.Named(n); c != nil {
			return c
		}
	}
	return t.Role(funnel.RoleCampaign)
}

// readTouches keeps the web, signup and usage touches of t before AsOf.
func (ix *index) readTouches(t *funnel.Table) error {
	at := t.TimeRole(funnel.RoleOccurredAt)
	if at == nil {
		return fmt.Errorf("%s: the occurred_at column holds no times", t.Source)
	}
	act := t.Role(funnel.ActivityRole(t.Has))
	lead, acct := t.Role(funnel.RoleLeadID), t.Role(funnel.RoleAccountID)
	content := ix.contentColumn(t)
	if content != nil && ix.res.ContentColumn == "" {
		ix.res.ContentColumn = content.Name
	}
	web, signup, usage := newTypeSet(ix.opts.WebTypes).codes(ix.dict), newTypeSet(ix.opts.TrialSignup).codes(ix.dict), newTypeSet(ix.opts.TrialUsage).codes(ix.dict)
	for i := 0; i < t.Rows; i++ {
		ts := at.Times[i]
		if ts == funnel.NoTime || ts >= ix.opts.AsOf || act == nil || act.IsNA(i) {
			continue
		}
		a := activity{t: ts, acct: -1, lead: code(t, lead, i), act: code(t, act, i), content: code(t, content, i)}
		if c := code(t, acct, i); c != funnel.NA {
			a.acct = ix.account(c)
		} else if k, ok := ix.leadAcct[a.lead]; ok {
			a.acct = k
		}
		ix.addContact(a.acct, a.lead)
		if int(a.act) >= len(web) {
			continue // a code added after the sets were made: a number read as text
		}
		switch {
		case web[a.act]:
			a.kind = rowWeb
			ix.web = append(ix.web, a)
			ix.res.WebTouches++
			if a.acct < 0 {
				ix.res.Unmatched++
			}
		case signup[a.act]:
			a.kind = rowSignup
			ix.trialRows = append(ix.trialRows, a)
		case usage[a.act]:
			a.kind = rowUsage
			ix.trialRows = append(ix.trialRows, a)
		}
	}
	return nil
}

// calendar sets the periods: from the one of the first web touch to the
// last one that ends by AsOf.
func (ix *index) calendar() {
	p, loc := ix.opts.Period, ix.opts.Location
	last := p.Ordinal(ix.opts.AsOf-1, loc)
	if p.Start(last+1, loc) > ix.opts.AsOf {
		last--
	}
	ix.first = last + 1
	for _, a := range ix.web {
		ix.first = min(ix.first, p.Ordinal(a.t, loc))
	}
	for o := ix.first; o <= last+1; o++ {
		ix.starts = append(ix.starts, p.Start(o, loc))
	}
	ix.nPeriods = max(0, last-ix.first+1)
}

// period returns the index of the period holding t, -1 outside.
func (ix *index) period(t int64) int {
	i, found := slices.BinarySearch(ix.starts, t)
	if !found {
		i--
	}
	if i < 0 || i >= ix.nPeriods {
		return -1
	}
	return i
}

func (ix *index) label(p int) string { return ix.opts.Period.Label(ix.first + p) }

// length returns the length of period p in seconds.
func (ix *index) length(p int) float64 { return float64(ix.starts[p+1] - ix.starts[p]) }

// group sorts the kept touches by account and time and counts the web
// touches per account and period.
func (ix *index) group() {
	byAcct := func(x, y activity) int {
		if c := cmp.Compare(x.acct, y.acct); c != 0 {
			return c
		}
		return cmp.Compare(x.t, y.t)
	}
	slices.SortStableFunc(ix.web, byAcct)
	slices.SortStableFunc(ix.trialRows, byAcct)
	n := len(ix.ids)
	ix.start = make([]int, n+1)
	ix.counts = make([]int32, n*ix.nPeriods)
	j := 0
	for _, a := range ix.web { // accounts -1 first
		if a.acct < 0 {
			j++
		}
	}
	for k := 0; k < n; k++ {
		ix.start[k] = j
		for j < len(ix.web) && ix.web[j].acct == int32(k) {
			if p := ix.period(ix.web[j].t); p >= 0 {
				ix.counts[k*ix.nPeriods+p]++
			}
			j++
		}
	}
	ix.start[n] = j
}

// webOf returns account k's web touches in time order.
func (ix *index) webOf(k int32) []activity { return ix.web[ix.start[k]:ix.start[k+1]] }

// count returns account k's web touches in period p.
func (ix *index) count(k int32, p int) int { return int(ix.counts[int(k)*ix.nPeriods+p]) }

// contactName is a contact's email, else its lead id.
func (ix *index) contactName(lead int32) string {
	if e, ok := ix.emails[lead]; ok && e != "" {
		return e
	}
	return ix.dict.String(lead)
}
