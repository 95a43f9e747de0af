package market

import (
	"fmt"
	"slices"

	"github.com/funnel-analytics/funnel/funnel"
)

// Counts are one segment's counts as Size makes them from the rows: the
// target accounts, their units, how many reached each stage, their closed
// opportunities won and lost, and their leads (Row's fields of the same
// names).
type Counts struct {
	Segment  []string // the By values ("" missing); nil without By
	Accounts int
	Units    float64
	Reached  []int // one per Tally.Stages
	Won      int
	Lost     int
	Leads    int
}

// Tally is what Size counts from the rows, computed elsewhere: package
// warehouse computes it in a database (size --db). FromTally makes of it
// the Result Size makes of the rows.
type Tally struct {
	Base     string // the base table's name
	BaseKind funnel.TableKind
	// Rows counts the base rows, Targets those that pass the filter.
	Rows, Targets int
	// Segments are the targets' counts by segment, in any order; counts
	// of equal Segment values are added up (an engine may group finer:
	// by a number, which the segment writes as text).
	Segments []Counts
	// MissingUnits counts the targets without a units value (counted 0).
	MissingUnits int
	// UnitsColumn is the units column's name as the base table has it.
	UnitsColumn string
	// Stages is the ladder when a stages table was read.
	Stages []string
	// Opportunities says the won and lost counts are the opportunities'
	// (OutcomeSource: funnel.Outcomes.Source); else, with a ladder of two
	// stages or more, they come from the ladder as Size's.
	Opportunities bool
	OutcomeSource string
	// HasLeads says Leads is counted (a leads table was read, or the
	// base is the leads).
	HasLeads bool
	// Warnings are the inputs' (stages, opportunities, leads), after
	// the segments', the units' and the prices'.
	Warnings []string
}

// FromTally returns the Result of the counts of t under opts (its By,
// Filter, Units, UnitsColumn, Price, Prices, PriceColumn and MinLeads;
// the rest made the counts): the prices, win rates, expected revenue,
// order and totals row by Size's rules.
func FromTally(t Tally, opts Options) (*Result, error) {
	if opts.SplitValues != "" && len(opts.By) > 0 {
		return nil, fmt.Errorf("market: a tally has no multi-value segments (SplitValues)")
	}
	res, err := newResult(t.Base, t.BaseKind, opts)
	if err != nil {
		return nil, err
	}
	res.Excluded = t.Rows - t.Targets
	res.Stages, res.HasLeads = t.Stages, t.HasLeads
	rows := mergeCounts(t.Segments, len(opts.By), len(t.Stages))
	if t.Targets == 0 {
		rows = nil
		res.Warnings = append(res.Warnings, noTargetWarning(t.Base, opts.Filter))
	}
	if t.MissingUnits > 0 {
		res.Warnings = append(res.Warnings, missingUnitsWarning(t.Base, t.MissingUnits, t.UnitsColumn))
	}
	if err := res.applyPrices(rows, opts); err != nil {
		return nil, err
	}
	res.Warnings = append(res.Warnings, t.Warnings...)
	if t.Opportunities {
		res.WinRateSource, res.OutcomeSource = "opportunities", t.OutcomeSource
	} else {
		res.stageWins(rows)
	}
	return res.complete(rows)
}

// mergeCounts adds up the counts of equal segments into rows in the
// order of their values (GroupRows'); without By, one segment "all".
func mergeCounts(counts []Counts, by, stages int) []Row {
	index := map[string]int{}
	var rows []Row
	for _, c := range counts {
		seg := c.Segment
		if by == 0 {
			seg = []string{"all"}
		}
		k := fmt.Sprintf("%q", seg)
		i, ok := index[k]
		if !ok {
			i = len(rows)
			index[k] = i
			rows = append(rows, Row{Segment: seg, Reached: make([]int, stages)})
		}
		r := &rows[i]
		r.Accounts += c.Accounts
		r.Units += c.Units
		for s := range r.Reached {
			r.Reached[s] += c.Reached[s]
		}
		r.Won += c.Won
		r.Lost += c.Lost
		r.Leads += c.Leads
	}
	slices.SortFunc(rows, func(a, b Row) int { return slices.Compare(a.Segment, b.Segment) })
	return rows
}
