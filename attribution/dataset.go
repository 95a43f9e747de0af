package attribution

import (
	"errors"
	"fmt"

	"github.com/funnel-analytics/funnel/funnel"
)

// SourceOptions tells AttributeDataset which input's journeys to read and
// how to read them.
type SourceOptions struct {
	// PathsFirst reads the path table even when touches are given too (the
	// path table was named explicitly, not found beside them).
	PathsFirst bool
	// By is what gets the credit: the touches' column (TouchOptions.By),
	// or, for a path table, the name of what its paths name (campaign);
	// default channel.
	By string
	// Sep separates the channels of a path table (PathOptions.Sep).
	Sep string
	// Level, Milestone and Lookback shape journeys read from touches (and
	// opportunities), as in OpportunityOptions and TouchOptions.
	Level     Level
	Milestone Milestone
	Lookback  int64
	// CostsFound says the costs table was found beside the inputs (a
	// --data folder), not named: one without the column the credit goes
	// by (costs by channel, credit by activity_type) is left out with a
	// warning instead of failing the run.
	CostsFound bool
}

// AttributeDataset reads the journeys of the first of these inputs of ds
// that is there, joins the costs unless cfg has them (ds.Costs, by what
// the journeys' channels are: Journeys.CostsFrom) and runs Attribute:
//
//  1. the path table, when PathsFirst is set (FromPaths);
//  2. touches with opportunities: B2B journeys (FromOpportunities);
//  3. touches: an event log whose converted flag ends each journey
//     (FromTouches);
//  4. the path table (FromPaths).
//
// Without any of them it returns ErrNoJourneyInput. ErrNoConversions and
// ErrNeedsNulls are wrapped with the input's name (its Source), and
// ErrNoConversions with what zero conversions look like in that input.
func AttributeDataset(ds *funnel.Dataset, src SourceOptions, cfg Config) (*Result, error) {
	j, in, err := readJourneys(ds, src)
	if err != nil {
		return nil, err
	}
	if cfg.Costs == nil {
		if cfg.Costs, err = j.CostsFrom(foundCosts(ds.Costs, j, src.CostsFound)); err != nil {
			return nil, err
		}
	}
	res, err := Attribute(j, cfg)
	switch {
	case errors.Is(err, ErrNoConversions):
		return nil, fmt.Errorf("%s: %w (%s)", in.name, err, in.noConversions(j))
	case errors.Is(err, ErrNeedsNulls):
		return nil, fmt.Errorf("%s: %w", in.name, err)
	}
	return res, err
}

// foundCosts returns the costs table t to join, or nil when it was found
// beside the inputs (found) and lacks the column the credit goes by: the
// costs of a folder do not fail an analysis by another column (a warning
// on j says they were left out). A costs table named explicitly is
// returned as it is, for CostsFrom's error.
func foundCosts(t *funnel.Table, j *Journeys, found bool) *funnel.Table {
	if t == nil || !found || t.Named(j.CreditedBy()) != nil {
		return t
	}
	j.warnf("%s: no column %q to join costs by (columns: %s): costs left out", t.Source, j.CreditedBy(), t.Headers())
	return nil
}

// journeyInput is the input whose conversions are attributed: its name
// and what zero conversions look like there.
type journeyInput struct{ name, none string }

// noConversions says why journeys j hold no conversion: conversions the
// lookback left without a touch, else what zero conversions look like.
func (in journeyInput) noConversions(j *Journeys) string {
	if j.Unattributed > 0 {
		return fmt.Sprintf("%d conversions have no touch before them within the lookback (%s)", j.Unattributed, FormatLookback(j.Lookback))
	}
	return in.none
}

// readJourneys reads the journeys of the input AttributeDataset picks.
func readJourneys(ds *funnel.Dataset, src SourceOptions) (*Journeys, journeyInput, error) {
	switch {
	case ds.Paths != nil && (src.PathsFirst || ds.Touches == nil):
		in := journeyInput{ds.Paths.Source, "total_conversions is 0 on every row"}
		j, err := FromPaths(ds.Paths, PathOptions{Sep: src.Sep})
		if err != nil {
			return nil, in, err
		}
		if src.By != "" {
			j.By = src.By // a path names what By says it names (campaigns)
		}
		return j, in, nil
	case ds.Touches != nil && ds.Opportunities != nil:
		in := journeyInput{ds.Opportunities.Source, "no won opportunity has a touch before it"}
		j, err := FromOpportunities(ds, OpportunityOptions{
			By: src.By, Level: src.Level, Milestone: src.Milestone, Lookback: src.Lookback})
		return j, in, err
	case ds.Touches != nil:
		in := journeyInput{ds.Touches.Source, "no row has converted set"}
		j, err := FromTouches(ds.Touches, TouchOptions{By: src.By, Lookback: src.Lookback})
		return j, in, err
	}
	return nil, journeyInput{}, ErrNoJourneyInput
}
