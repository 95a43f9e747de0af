// Package speed measures speed to lead: the time from a lead's start (its
// entry into a stage, MQL by default, or its first form fill or demo
// request) to its first sales touch, its distribution by month, owner and
// source, and the conversion to SQL and to opportunity by delay bin, with
// Wilson intervals: the core of `funnel speed`. It reads the stage ladder
// with velocity.Reached (a record that skipped a stage reached it when it
// entered a later one) and takes its statistics from velocity (Median,
// Quantile, the calendar of Month) and market (Wilson); it does no I/O.
package speed

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/velocity"
)

// ErrBadInput: the inputs cannot give speed to lead (wrapped with the file
// and what is missing).
var ErrBadInput = errors.New("bad input")

// Options configures Analyze.
type Options struct {
	// Start is the stage whose entry starts the clock (default "mql"),
	// unless StartTouch is set.
	Start string
	// StartTouch, when set, starts the clock at the lead's first touch
	// whose activity_type or channel is one of these (form_fill,
	// demo_request), compared by funnel.NameKey.
	StartTouch []string
	// SalesTouch are the activity types or channels of a sales touch
	// (required unless Sales is set): the clock stops at the first one at
	// or after the start.
	SalesTouch []string
	// Sales, when set, is a table of sales activities (lead_id,
	// occurred_at: a CRM Tasks export, read as touches into ds's Dict)
	// every row of which is a sales touch; ds.Touches is then not searched
	// for sales touches and SalesTouch is not read.
	Sales *funnel.Table
	// Ladder is the stage ladder (nil: inferred as velocity infers it).
	Ladder []string
	// SQL and Opportunity are the outcome stages (default "sql" and
	// "opportunity"); an outcome off the ladder is left out, with a warning.
	SQL, Opportunity string
	// Owner and Source name columns of the leads to break the delays down
	// by ("": owner or lead_owner, and lead_source or source, when the
	// leads have them).
	Owner, Source string
	// Location is the zone of the months (nil: UTC).
	Location *time.Location
	// AsOf (Unix seconds, 0: none): starts, touches and stage entries at
	// or after it are left out; the latest complete month is the one before
	// the month holding AsOf.
	AsOf int64
	// AlertMedian (seconds, 0: off): an alert when the median delay of the
	// leads started in the latest complete month exceeds it, a lead without
	// a sales touch by AsOf counting as slower than any.
	AlertMedian int64
	// Conf is the confidence level of the intervals (0: 0.95).
	Conf float64
}

// Bins are the delay bins: under 5 minutes, under 1 hour, under 1 day,
// under 1 week, more, and no sales touch by the as-of time.
var Bins = []string{"under 5m", "5m-1h", "1h-1d", "1d-1w", "over 1w", "no sales touch"}

// binEdges are the upper edges (seconds, exclusive) of the timed bins.
var binEdges = []int64{5 * 60, 3600, 86400, 7 * 86400}

// Bin returns the bin index of a delay in seconds (-1: no sales touch).
func Bin(delay int64) int {
	if delay < 0 {
		return len(Bins) - 1
	}
	for i, e := range binEdges {
		if delay < e {
			return i
		}
	}
	return len(binEdges)
}

// Lead is one started lead.
type Lead struct {
	ID    string
	Start int64 // Unix seconds
	// Delay is seconds from the start to the first sales touch at or after
	// it, -1 when none by the as-of time.
	Delay int64
	// SQL and Opportunity: 1 reached at or after the start, 0 not, -1
	// left out (reached before the start, or the stage is off the ladder).
	SQL, Opportunity int8
	Owner, Source    string
}

// Result is what Analyze found.
type Result struct {
	Opts      Options
	StartName string // "mql", or "first touch: demo_request"
	Leads     []Lead // in order of lead id code
	Month     []int  // month ordinal of each lead's start
	Latest    int    // ordinal of the latest complete month (velocity.Month), or math.MinInt when no as-of
	HasOwner  bool
	HasSource bool
	HasSQL    bool
	HasOpp    bool
	// SalesBefore counts the leads whose only sales touches came before
	// their start (they count as without a sales touch).
	SalesBefore int
	Warnings    []string
	Alerts      []string
}

// Analyze computes speed to lead from ds.Touches (lead_id, occurred_at,
// activity_type and/or channel) or opts.Sales, ds.Stages (entity_id =
// lead_id) and the leads' owner and source columns.
func Analyze(ds *funnel.Dataset, opts Options) (*Result, error) {
	if len(opts.SalesTouch) == 0 && opts.Sales == nil {
		panic("speed: no sales touch given")
	}
	if opts.Start == "" {
		opts.Start = "mql"
	}
	if opts.SQL == "" {
		opts.SQL = "sql"
	}
	if opts.Opportunity == "" {
		opts.Opportunity = "opportunity"
	}
	if opts.Conf == 0 {
		opts.Conf = 0.95
	}
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	r := &Result{Opts: opts, Latest: math.MinInt}
	reach, ladder, err := r.readStages(ds, opts)
	if err != nil {
		return nil, err
	}
	tch, err := readTouches(ds, opts)
	if err != nil {
		return nil, err
	}
	owner, source, err := r.leadColumns(ds)
	if err != nil {
		return nil, err
	}
	r.build(ds, reach, ladder, tch, owner, source)
	if opts.AsOf != 0 {
		r.Latest = velocity.Month.Ordinal(opts.AsOf, opts.Location) - 1
		r.alert()
	}
	return r, nil
}

// stageIndexes are the ladder positions of the start and outcome stages
// (-1: off the ladder or not asked for).
type stageIndexes struct{ start, sql, opp int }

// readStages reads when each lead first stood at each rung or above.
func (r *Result) readStages(ds *funnel.Dataset, opts Options) (map[int32][]int64, stageIndexes, error) {
	reach := map[int32][]int64{}
	rungs, warnings, err := velocity.Reached(ds, opts.Ladder, nil, func(_ *funnel.Dict, e int32, at []int64) {
		reach[e] = slices.Clone(at)
	})
	if err != nil {
		return nil, stageIndexes{}, err
	}
	r.Warnings = append(r.Warnings, warnings...)
	l, err := velocity.NewLadder(rungs, velocity.LadderExplicit)
	if err != nil {
		return nil, stageIndexes{}, err
	}
	ix := stageIndexes{start: -1, sql: l.Index(opts.SQL), opp: l.Index(opts.Opportunity)}
	r.StartName = "first touch: " + joinNames(opts.StartTouch)
	if len(opts.StartTouch) == 0 {
		if ix.start = l.Index(opts.Start); ix.start < 0 {
			return nil, ix, fmt.Errorf("%s: no stage %q on the ladder (%s) to start the clock: %w", ds.Stages.Source, opts.Start, joinNames(rungs), ErrBadInput)
		}
		r.StartName = rungs[ix.start]
	}
	r.HasSQL, r.HasOpp = ix.sql >= 0, ix.opp >= 0
	for _, o := range []struct {
		name string
		k    int
	}{{opts.SQL, ix.sql}, {opts.Opportunity, ix.opp}} {
		if o.k < 0 {
			r.Warnings = append(r.Warnings, fmt.Sprintf("no stage %q on the ladder (%s): its conversion is left out", o.name, joinNames(rungs)))
		}
	}
	return reach, ix, nil
}
