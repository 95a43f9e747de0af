package attribution

import (
	"fmt"

	"github.com/funnel-analytics/funnel/funnel"
)

// OpportunityEnds are the ends of the B2B journeys FromOpportunities
// cuts, read from the opportunities alone, for a reader that holds the
// touches elsewhere (a database, package warehouse): it cuts each end's
// journey from the touches of its entity by FromOpportunities' rules and
// calls Finish.
type OpportunityEnds struct {
	Level Level
	// Entity is the opportunities' column whose values are the entities
	// (lead_id, or account_id at AccountLevel).
	Entity *funnel.Column
	// Ends are the won and lost opportunities with an entity and a
	// milestone time, in row order: one journey each.
	Ends []JourneyEnd
	// Claimed are the entities with an opportunity (whatever its
	// outcome), in order of their first row: an entity with touches and
	// none of these is one null journey of all its touches.
	Claimed []int32
	r       *b2bReader
}

// ReadOpportunityEnds reads the journey ends of ds.Opportunities (all its
// rows) by FromOpportunities' rules: the level (ResolveLevel, from the
// columns of ds.Touches and ds.Leads, whose rows are not read), the
// milestone, the outcomes, the values. opts.From and opts.To are not
// read (a period's deals are the report's, not pushed down).
func ReadOpportunityEnds(ds *funnel.Dataset, opts OpportunityOptions) (*OpportunityEnds, error) {
	if ds.Touches == nil || ds.Opportunities == nil {
		return nil, fmt.Errorf("B2B journeys need touches and opportunities")
	}
	if opts.Lookback < 0 {
		return nil, fmt.Errorf("negative lookback")
	}
	opts.From, opts.To = 0, 0
	level, ofOpp, err := ResolveLevel(ds, opts.Level)
	if err != nil {
		return nil, err
	}
	r, err := newB2BReader(ds, opts, &touchEntities{level: level, ofOpp: ofOpp})
	if err != nil {
		return nil, err
	}
	o := &OpportunityEnds{Level: level, Entity: ofOpp, r: r}
	claimed := map[int32]bool{}
	o.Ends, err = r.ends(func(e int32) {
		if !claimed[e] {
			claimed[e] = true
			o.Claimed = append(o.Claimed, e)
		}
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// Journeys returns empty journeys by by (the name the credit goes by)
// with what the opportunities say of them: the lookback, the outcomes'
// source, the amounts' currency and the outcomes' warnings, for the
// reader to add the paths to.
func (o *OpportunityEnds) Journeys(by string, lookback int64) *Journeys {
	j := NewJourneys(by)
	j.Lookback = lookback
	j.OutcomeSource = o.r.outcomes.Source()
	if o.r.amount != nil {
		j.Currency = o.r.amount.Currency
	}
	j.Warnings = append(j.Warnings, o.r.outcomes.Warnings()...)
	return j
}

// Finish adds to j the warnings FromOpportunities gives after the
// journeys, with the touches the reader left out: noChannel without a
// value of the by column byColumn, unmapped without an account; then the
// note of the unattributed conversions.
func (o *OpportunityEnds) Finish(j *Journeys, byColumn string, noChannel, unmapped int) {
	r := o.r
	r.j, r.noChannel = j, noChannel
	r.warn(byColumn, &touchEntities{level: o.Level, ofOpp: o.Entity, unmapped: unmapped})
	j.NoteUnattributed()
}

// Markers reports whether FromOpportunities would find the milestone
// touches of w_shaped and full_path on these opportunities: the leads
// carry created_at (a time) and the opportunities too.
func (o *OpportunityEnds) Markers() bool { return o.r.markers }

// MarkerCounts sets what Finish warns of the milestone touches found
// elsewhere: noLeadTime journeys (with a touch) whose entity has no lead
// created_at, noOppTime whose opportunity has no created_at.
func (o *OpportunityEnds) MarkerCounts(noLeadTime, noOppTime int) {
	o.r.noLeadTime, o.r.noOppTime = noLeadTime, noOppTime
}

// OpportunityCreated is the created_at (Unix seconds) of opportunity
// row i, funnel.NoTime when unknown or without markers (Markers).
func (o *OpportunityEnds) OpportunityCreated(i int) int64 {
	if o.r.oppCreated == nil {
		return funnel.NoTime
	}
	return o.r.oppCreated.Times[i]
}

// NewStageJourneys returns an empty store of journeys that end at a
// lifecycle stage (FromStages): their conversions carry no value to split.
func NewStageJourneys(by string) *Journeys {
	j := NewJourneys(by)
	j.valueless = true
	return j
}

// FinishStages adds to j the warnings FromStages gives after the
// journeys (the touches left out: noChannel without a value of the by
// column byColumn, unmapped without an account) and the note of the
// stage entries left without a touch.
func FinishStages(j *Journeys, byColumn string, noChannel, unmapped int) {
	touchWarnings(j, byColumn, noChannel, unmapped)
	j.NoteUnattributed()
}
