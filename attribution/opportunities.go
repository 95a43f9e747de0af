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
	tt := ds.Touches
	if tt == nil || ds.Opportunities == nil {
		return nil, fmt.Errorf("B2B journeys need touches and opportunities")
	}
	by, when, err := touchColumns(tt, opts.By, opts.Lookback)
	if err != nil {
		return nil, err
	}
	ents, err := b2bEntities(ds, opts.Level, when)
	if err != nil {
		return nil, err
	}
	r, err := newB2BReader(ds, opts, ents)
	if err != nil {
		return nil, err
	}
	r.when = when.Times
	r.j = NewJourneys(byName(by, opts.By))
	r.j.Lookback = opts.Lookback
	r.j.OutcomeSource = r.outcomes.Source()
	if r.amount != nil {
		r.j.Currency = r.amount.Currency
	}
	r.j.Warnings = append(r.j.Warnings, r.outcomes.Warnings()...)
	r.groupTouches(tt, by, ents.ofTouch)
	w := journeyWriter{j: r.j, lookback: opts.Lookback}
	if err := r.opportunityJourneys(&w); err != nil {
		return nil, err
	}
	if opts.From == 0 && opts.To == 0 { // not for a period's deals
		r.opportunityLessJourneys(&w)
	}
	if w.err != nil {
		return nil, w.err
	}
	r.warn(by.Name, ents)
	r.j.NoteUnattributed()
	return r.j, nil
}

// touchEntities is whose touches make the B2B journeys: the level, the
// entity code of each touch and the opportunities' entity column.
type touchEntities struct {
	level    Level
	ofTouch  []int32 // entity code of each touch, funnel.NA when unmapped
	ofOpp    *funnel.Column
	unmapped int // touches without an account (AccountLevel)
}

// b2bEntities settles the level (ResolveLevel) and maps each touch to
// its entity: its lead, or its account_id, else its lead's account. A
// touch without a time, or without a lead at LeadLevel, is an error
// naming its row.
func b2bEntities(ds *funnel.Dataset, level Level, when *funnel.Column) (*touchEntities, error) {
	level, ofOpp, err := ResolveLevel(ds, level)
	if err != nil {
		return nil, err
	}
	e := &touchEntities{level: level, ofOpp: ofOpp}
	return e, e.mapTouches(ds.Touches, when, leadAccounts(ds.Leads))
}

// ResolveLevel settles the level of B2B journeys from the columns of
// ds's touches, opportunities and leads (their rows are not read, so a
// table bound from a database's catalog serves): AutoLevel is
// AccountLevel when the opportunities carry account_id and the touches
// carry it or the leads map lead_id to account_id (both text columns),
// else LeadLevel. It returns the level and the opportunities' entity
// column, or an error when the tables cannot give that level.
func ResolveLevel(ds *funnel.Dataset, level Level) (Level, *funnel.Column, error) {
	tt, ot := ds.Touches, ds.Opportunities
	leadsMap := mapsLeads(ds.Leads)
	oppAcc, oppLead := ot.Role(funnel.RoleAccountID), ot.Role(funnel.RoleLeadID)
	tAcc, tLead := tt.Role(funnel.RoleAccountID), tt.Role(funnel.RoleLeadID)
	if level == AutoLevel {
		level = LeadLevel
		if oppAcc != nil && (tAcc != nil || (tLead != nil && leadsMap)) {
			level = AccountLevel
		}
	}
	switch level {
	case LeadLevel:
		if tLead == nil || oppLead == nil {
			return level, nil, fmt.Errorf("lead-level journeys need lead_id in %s and in %s", tt.Source, ot.Source)
		}
		return level, oppLead, nil
	case AccountLevel:
		if oppAcc == nil || (tAcc == nil && (tLead == nil || !leadsMap)) {
			return level, nil, fmt.Errorf("account-level journeys need account_id in %s, and account_id in %s or leads that map lead_id to account_id", ot.Source, tt.Source)
		}
		return level, oppAcc, nil
	}
	return level, nil, fmt.Errorf("unknown level %d", level)
}

// mapTouches sets e.ofTouch, the entity of each touch at e.level: its
// lead_id, or its account_id, else its lead's account (leadAccount), and
// counts the touches without an account. A touch without a time, or
// without a lead at LeadLevel, is an error naming its row.
func (e *touchEntities) mapTouches(tt *funnel.Table, when *funnel.Column, leadAccount map[int32]int32) error {
	tAcc, tLead := tt.Role(funnel.RoleAccountID), tt.Role(funnel.RoleLeadID)
	e.ofTouch = make([]int32, tt.Rows)
	if e.level == LeadLevel {
		copy(e.ofTouch, tLead.Codes)
	} else {
		for i := range e.ofTouch {
			a := funnel.NA
			if tAcc != nil {
				a = tAcc.Codes[i]
			}
			if a == funnel.NA && tLead != nil && tLead.Codes[i] != funnel.NA {
				if acc, ok := leadAccount[tLead.Codes[i]]; ok { // a lead the leads do not map is unmapped, not code 0
					a = acc
				}
			}
			e.ofTouch[i] = a
		}
	}
	for i, a := range e.ofTouch {
		if when.Times[i] == funnel.NoTime {
			return fmt.Errorf("%s: column %q: missing time: %w", tt.Where(i), when.Name, ErrBadInput)
		}
		if a == funnel.NA {
			if e.level == LeadLevel {
				return fmt.Errorf("%s: column %q: missing lead_id: %w", tt.Where(i), tLead.Name, ErrBadInput)
			}
			e.unmapped++
		}
	}
	return nil
}

// b2bReader builds the journeys of FromOpportunities: the opportunity
// columns that end, value and mark them, the touches grouped by entity,
// and counts of what was left out for the warnings.
type b2bReader struct {
	opts  OpportunityOptions
	j     *Journeys
	ot    *funnel.Table
	ofOpp *funnel.Column // entity of each opportunity

	milestoneRole string
	milestone     *funnel.Column // the journeys' end times
	outcomes      *funnel.Outcomes
	amount        *funnel.Column // nil when absent
	amountSum     funnel.Sum     // of the won amounts valued, to keep every sum of them finite
	oppCreated    *funnel.Column // nil when absent or not times
	leadTimes     map[int32]int64
	markers       bool // leads' and opportunities' created_at are there

	when      []int64 // time of each touch
	grouped   *groups // touches by entity, in time order
	touchChan []int32 // channel code of each touch in group order, -1 for none
	hasOpp    []bool  // per group: the entity has an opportunity

	noChannel, noEntity, noMilestone, open, noAmount, noLeadTime, noOppTime int
}

// newB2BReader reads the opportunity columns: the milestone time, the
// outcomes (funnel.OpportunityOutcomes), the amount, and the creation
// times of the markers.
func newB2BReader(ds *funnel.Dataset, opts OpportunityOptions, ents *touchEntities) (*b2bReader, error) {
	ot := ds.Opportunities
	r := &b2bReader{opts: opts, ot: ot, ofOpp: ents.ofOpp, milestoneRole: funnel.RoleClosedAt}
	if opts.Milestone == MilestoneCreated {
		r.milestoneRole = funnel.RoleCreatedAt
	}
	var err error
	if r.milestone, err = timeColumn(ot, r.milestoneRole); err != nil {
		return nil, err
	}
	if !ot.Has(funnel.RoleWon) && !ot.Has(funnel.RoleStatus) && !ot.Has(funnel.RoleStatusReason) && !ot.Has(funnel.RoleStage) {
		return nil, fmt.Errorf("%s: opportunities need a won column (yes/no), a status or stage names to tell won deals", ot.Source)
	}
	if r.outcomes, err = funnel.OpportunityOutcomes(ot, funnel.NoCut); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadInput, err)
	}
	r.amount = ot.Role(funnel.RoleAmount)
	if r.amount != nil && r.amount.Kind != funnel.KindNumber {
		return nil, fmt.Errorf("%s: column %q: amount must be numbers", ot.Source, r.amount.Name)
	}
	r.oppCreated = ot.Role(funnel.RoleCreatedAt)
	if r.oppCreated != nil && r.oppCreated.Kind != funnel.KindTime {
		r.oppCreated = nil
	}
	r.leadTimes = leadCreation(ds.Leads, ents.level)
	r.markers = r.leadTimes != nil && r.oppCreated != nil
	return r, nil
}

// groupTouches groups the touches by entity in time order and codes their
// channels in that order (so channels are numbered in order of first
// appearance in the groups).
func (r *b2bReader) groupTouches(tt *funnel.Table, by *funnel.Column, ents []int32) {
	chans := newChannelMap(tt, by, r.j)
	r.grouped = groupRows(ents, r.when)
	r.touchChan = make([]int32, len(r.grouped.order))
	for k, row := range r.grouped.order {
		r.touchChan[k] = chans.code(int(row))
		if r.touchChan[k] < 0 {
			r.noChannel++
		}
	}
	r.hasOpp = make([]bool, r.grouped.len())
}

// opportunityJourneys writes one journey per won or lost opportunity with
// a milestone time T (in [From, To) when set): its entity's touches at or
// before T, with the markers when known.
func (r *b2bReader) opportunityJourneys(w *journeyWriter) error {
	when, grouped, touchChan := r.when, r.grouped, r.touchChan
	ends, err := r.ends(func(e int32) {
		if g := grouped.of(e); g >= 0 {
			r.hasOpp[g] = true
		}
	})
	if err != nil {
		return err
	}
	for _, end := range ends {
		e, T := end.Entity, end.At
		if g := grouped.of(e); g >= 0 {
			lo := int(grouped.start[g])
			rows := grouped.rows(g)
			n := sort.Search(len(rows), func(k int) bool { return when[rows[k]] > T })
			for k := 0; k < n; k++ {
				if c := touchChan[lo+k]; c >= 0 {
					w.touch(c, when[rows[k]])
				}
			}
		}
		var mk *Markers
		if r.markers && len(w.seq) > 0 {
			m := r.markersOf(e, end.Row, w.times)
			mk = &m
		}
		w.end(T, end.Won, end.Value, mk)
	}
	return nil
}

// JourneyEnd is where one B2B journey ends: an opportunity (its row), its
// entity (a code of the Dataset's Dict), its milestone time, whether it
// was won, and its value.
type JourneyEnd struct {
	Row    int
	Entity int32
	At     int64
	Won    bool
	Value  float64
}

// ends returns the journey ends of the opportunities in row order: the
// won and lost ones with an entity and a milestone time (in [From, To)
// when set), valued (value); it calls claim with the entity of every
// opportunity that has one, and counts those left out.
func (r *b2bReader) ends(claim func(e int32)) ([]JourneyEnd, error) {
	ot, opts, outcomes := r.ot, r.opts, r.outcomes
	var ends []JourneyEnd
	for i := 0; i < ot.Rows; i++ {
		e := r.ofOpp.Codes[i]
		if e == funnel.NA {
			r.noEntity++
			continue
		}
		claim(e)
		T := r.milestone.Times[i]
		if T == funnel.NoTime {
			r.noMilestone++
			continue
		}
		if (opts.From != 0 && T < opts.From) || (opts.To != 0 && T >= opts.To) {
			continue
		}
		isWon := outcomes.Of[i] == funnel.OutcomeWon
		if !isWon && outcomes.Of[i] != funnel.OutcomeLost {
			r.open++
			continue
		}
		value, err := r.value(i, isWon)
		if err != nil {
			return nil, err
		}
		ends = append(ends, JourneyEnd{Row: i, Entity: e, At: T, Won: isWon, Value: value})
	}
	return ends, nil
}

// value is the conversion value of opportunity i: its amount when won
// (0 when missing, counted), else 0. An infinite amount is an error.
func (r *b2bReader) value(i int, isWon bool) (float64, error) {
	if !isWon || r.amount == nil {
		return 0, nil
	}
	v := r.amount.Nums[i]
	if math.IsNaN(v) {
		r.noAmount++
		return 0, nil
	}
	if math.IsInf(v, 0) {
		return 0, fmt.Errorf("%s: column %q: amount %v: %w", r.ot.Where(i), r.amount.Name, v, ErrBadInput)
	}
	if !r.amountSum.Add(v) {
		return 0, funnel.OverflowError(r.ot.Where(i), r.amount.Name)
	}
	return v, nil
}

// markersOf returns the milestone touches of the journey of opportunity i
// of entity e, whose touch times are times: the last touch at or before
// the lead's creation (else the first, counted), at or before the
// opportunity's creation (else the last, counted), and the last touch.
func (r *b2bReader) markersOf(e int32, i int, times []int64) Markers {
	last := len(times) - 1
	mk := Markers{Lead: 0, Opportunity: last, Won: last}
	if lt, ok := r.leadTimes[e]; ok {
		mk.Lead = lastAtOrBefore(times, lt)
	} else {
		r.noLeadTime++
	}
	if ct := r.oppCreated.Times[i]; ct != funnel.NoTime {
		mk.Opportunity = lastAtOrBefore(times, ct)
	} else {
		r.noOppTime++
	}
	return mk
}

// opportunityLessJourneys writes one null journey of all its touches for
// each entity with touches and no opportunity.
func (r *b2bReader) opportunityLessJourneys(w *journeyWriter) {
	when, grouped, touchChan := r.when, r.grouped, r.touchChan
	for g := 0; g < grouped.len(); g++ {
		if r.hasOpp[g] {
			continue
		}
		lo := int(grouped.start[g])
		for k, row := range grouped.rows(g) {
			if c := touchChan[lo+k]; c >= 0 {
				w.touch(c, when[row])
			}
		}
		if len(w.seq) > 0 {
			w.end(w.times[len(w.times)-1], false, 0, nil)
		}
	}
}

// warn adds a warning for each kind of touch or opportunity left out (or
// valued or marked by default); byName names the channel column.
func (r *b2bReader) warn(byName string, ents *touchEntities) {
	warn := func(n int, format string, args ...any) {
		if n > 0 {
			r.j.warnf("%d "+format, append([]any{n}, args...)...)
		}
	}
	touchWarnings(r.j, byName, r.noChannel, ents.unmapped)
	warn(r.noEntity, "opportunities without %s were left out", r.ofOpp.Role)
	if r.opts.From == 0 && r.opts.To == 0 {
		// A period's deals are those closed in it: open ones are not
		// left out of it, they belong to a later period.
		warn(r.noMilestone, "opportunities without %s were left out", r.milestoneRole)
		warn(r.open, "open opportunities (neither won nor lost) were left out")
	}
	warn(r.noAmount, "won opportunities without an amount were valued 0")
	warn(r.noLeadTime, "opportunities have no lead created_at: their lead-creation touch is the first touch")
	warn(r.noOppTime, "opportunities have no created_at: their opportunity-creation touch is the last touch")
}

// touchWarnings adds the warnings of the touches a milestone's journeys
// left out: noChannel without a value of the by column byName, unmapped
// without an account.
func touchWarnings(j *Journeys, byName string, noChannel, unmapped int) {
	if noChannel > 0 {
		j.warnf("%d touches without %s were left out", noChannel, byName)
	}
	if unmapped > 0 {
		j.warnf("%d touches could not be mapped to an account and were left out", unmapped)
	}
}

// lastAtOrBefore returns the index of the last time <= t in the sorted
// times, or 0 when t precedes them all.
func lastAtOrBefore(times []int64, t int64) int {
	k := sort.Search(len(times), func(i int) bool { return times[i] > t })
	return max(k-1, 0)
}

// mapsLeads reports whether the leads map lead_id to account_id: both
// columns are there and hold text.
func mapsLeads(leads *funnel.Table) bool {
	id, acc := leads.Role(funnel.RoleLeadID), leads.Role(funnel.RoleAccountID)
	return id != nil && acc != nil && id.Kind == funnel.KindText && acc.Kind == funnel.KindText
}

// leadAccounts maps lead_id codes to account_id codes (the last row of a
// lead_id with both wins), or nil when the leads do not map them
// (mapsLeads).
func leadAccounts(leads *funnel.Table) map[int32]int32 {
	if !mapsLeads(leads) {
		return nil
	}
	id, acc := leads.Role(funnel.RoleLeadID), leads.Role(funnel.RoleAccountID)
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
