// The analysis of stage entries that stay in an engine (a database:
// package warehouse computes the cells in SQL): Plan is Analyze less the
// walk over the entries. The engine reports the distinct stage names
// (Summary); the Plan binds them to the ladder and fixes the periods; the
// engine computes the cells of those periods (Cells), then the trend
// statistics of the output periods; the Plan builds the same Result.

package velocity

import (
	"fmt"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
)

// StageName is one distinct value of the stage column of a long stages
// table, over its rows with an entity, a stage and a time: those before
// the cut (Plan.Cut) with their earliest and latest time, and those at
// or after it with theirs (Unix seconds).
type StageName struct {
	Name               string
	Before             int
	MinT, MaxT         int64
	After              int
	AfterMin, AfterMax int64
}

// Summary is what an engine reports of a long stages table before its
// cells are computed.
type Summary struct {
	Source string      // the table's name, for messages
	Names  []StageName // in order of first appearance
	// DateOnly is true when the time column holds dates (no time of day).
	DateOnly bool
	// The rows without an entity, without a stage, without a time (in
	// that order of precedence), and the three columns' names.
	NoEntity, NoStage, NoTime int
	Entity, Stage, Time       string
}

// Plan is an analysis whose entries stay in an engine: the ladder, the
// code of each stage name, the pairs and the periods the engine
// aggregates over.
type Plan struct {
	// Stages is the ladder's length L; Codes the code of each
	// Summary.Names: its ladder index, L+i for lost stage i (an exit),
	// -1 off the ladder.
	Stages int
	Codes  []int
	// Pairs are the pairs measured (ladder indexes from, to): the adjacent
	// ones first, pair k being k -> k+1, then the extra ones.
	Pairs [][2]int
	// Bounds are the first instants (Unix seconds) of the periods, and the
	// end of the last: an entry at t is in period p when Bounds[p] <= t <
	// Bounds[p+1]. Entries outside every period still serve as the
	// earlier entry of a transition, a recycle, a skip or an exit.
	Bounds []int64
	// Cut is the as-of cut: entries at or after it are left out.
	Cut int64

	r *run
	a *aggregator
}

// NewPlan binds the stage names of sum to the ladder (Options.Order, or
// the lifecycle; the observed order needs the entries) and fixes the
// periods, as Analyze does for a long stages table. Options.By, Wide,
// StageField, Detail and Stream need the rows: with any of them NewPlan
// panics.
func NewPlan(sum Summary, opts Options) (*Plan, error) {
	opts.check()
	if len(opts.By) > 0 || len(opts.Wide) > 0 || opts.StageField != "" || opts.Detail || opts.Stream != nil {
		panic("velocity: By, Wide, StageField, Detail or Stream with a Plan")
	}
	s := &stageData{source: sum.Source, layout: Long, cut: asOfCut(opts.AsOf), minT: funnel.NoTime, maxT: funnel.NoTime}
	s.warnUnusable(sum.NoEntity, sum.NoStage, sum.NoTime, sum.Entity, sum.Stage, sum.Time, "")
	if len(sum.Names) == 0 {
		return nil, fmt.Errorf("%w: %s: no row with an entity, a stage and a time", ErrNoStages, sum.Source)
	}
	codes, names := make([]int32, len(sum.Names)), make([]string, len(sum.Names))
	for i, n := range sum.Names {
		codes[i], names[i] = int32(i), n.Name
	}
	rows := func(i int) int { return sum.Names[i].Before + sum.Names[i].After }
	if err := s.bindLong(opts.Order, len(codes), codes, names, rows, sum.DateOnly); err != nil {
		return nil, err
	}
	p := &Plan{Stages: s.ladder.Len(), Codes: make([]int, len(codes)), Cut: s.cut}
	for i, n := range sum.Names {
		p.Codes[i] = int(s.stageOf[i])
		if p.Codes[i] < 0 {
			continue
		}
		if n.Before > 0 {
			if s.entries == 0 || n.MinT < s.minT {
				s.minT = n.MinT
			}
			if s.entries == 0 || n.MaxT > s.maxT {
				s.maxT = n.MaxT
			}
			s.entries += n.Before
		}
		if n.After > 0 {
			if s.after == 0 || n.AfterMin < s.afterMin {
				s.afterMin = n.AfterMin
			}
			if s.after == 0 || n.AfterMax > s.afterMax {
				s.afterMax = n.AfterMax
			}
			s.after += n.After
		}
	}
	if err := s.usable(); err != nil {
		return nil, err
	}
	r, err := begin(s, opts)
	if err != nil {
		return nil, err
	}
	p.r = r
	if p.Pairs, err = s.ladder.PairIndexes(opts.Pairs); err != nil {
		return nil, err
	}
	loc := r.loc
	if sum.DateOnly {
		loc = time.UTC // dates are bucketed by their date
	}
	for o := r.sp.outLo; o <= r.sp.outHi+1; o++ {
		p.Bounds = append(p.Bounds, periodStart(r.unit, o, loc).Unix())
	}
	return p, nil
}

// Cells are the aggregates an engine computed over a Plan's periods
// (Period indexes Plan.Bounds), following the definitions of the package
// documentation; entries outside the periods are in none of them.
type Cells struct {
	// Entities have an entry on the ladder (or an exit) before the cut;
	// Duplicates are the exact duplicates dropped.
	Entities, Duplicates int
	Transitions          []TransitionCell
	// Recycles: entries into Stage right after an entry into a higher
	// rung. Skips: entries into To right after an entry into From, From+1
	// < To (each stage between counts once).
	Recycles   []Count
	Skips      []Skip
	Conversion []ConversionCell
	// Exits: entries into a lost stage not right after another, by the
	// rung entered before (Stage -1: none).
	Exits []Count
}

// TransitionCell is the transitions of one pair (index into Plan.Pairs)
// whose later entry is in one period: their number, the sum of their
// durations in seconds, and the median and 90th percentile in days
// (R's type 7 on seconds/86400).
type TransitionCell struct {
	Period, Pair, N int
	Seconds         int64
	Median, P90     float64
}

// Count is a number of entries of a period and a stage.
type Count struct{ Period, Stage, N int }

// Skip is a number of entries into To right after an entry into From.
type Skip struct{ Period, From, To, N int }

// ConversionCell is the entries into a rung (not the last) of a period:
// how many advanced (their first later entry into this rung, a higher
// one or a lost stage is into a higher rung), within Options.Within of
// it, and are still open (the entity's last entry).
type ConversionCell struct{ Period, Stage, Entered, Advanced, Within, Open int }

// Aggregate takes the engine's cells and leaves out the sparse early
// periods (Options.MinTransitions). It returns the first period index of
// the output periods, from which the engine computes the trend.
func (p *Plan) Aggregate(c *Cells) (first int) {
	a := p.aggregator(c, 0)
	if k := p.r.leaveOut(a); k > 0 {
		a, first = p.aggregator(c, k), k
	}
	p.a = a
	return first
}

// aggregator returns the aggregator of the cells of the periods from k on.
func (p *Plan) aggregator(c *Cells, k int) *aggregator {
	a := newAggregator(p.r.s, p.r.pairs, nil, nil, 0, len(p.Bounds)-1-k, 1, nil, p.r.opts.Within, false)
	a.entities, a.dups = c.Entities, c.Duplicates
	a.stats = make([]dayStat, len(a.count))
	for i := range a.stats {
		a.stats[i] = noStat
	}
	in := func(period int) bool { return period >= k && period < len(p.Bounds)-1 }
	for _, t := range c.Transitions {
		if in(t.Period) {
			cell := a.cell(0, t.Period-k, t.Pair)
			a.count[cell] = t.N
			a.stats[cell] = statOf(t.N, t.Seconds, t.Median, t.P90)
		}
	}
	for _, r := range c.Recycles {
		if in(r.Period) {
			a.recycles[a.cell(0, r.Period-k, r.Stage)] += r.N
		}
	}
	for _, s := range c.Skips {
		for m := s.From + 1; in(s.Period) && m < s.To; m++ {
			a.skipped[a.cell(0, s.Period-k, m-1)] += s.N
		}
	}
	for _, v := range c.Conversion {
		if in(v.Period) {
			cc := a.convCell(0, v.Period-k, v.Stage)
			a.entered[cc], a.advanced[cc], a.inWindow[cc], a.open[cc] = v.Entered, v.Advanced, v.Within, v.Open
		}
	}
	for _, e := range c.Exits {
		if in(e.Period) {
			a.exits[a.exitCell(0, e.Stage)] += e.N
		}
	}
	return a
}

// Result builds the tables from the cells Aggregate took and the trend
// cells of the output periods (Period unused; one per pair with
// transitions), as Analyze builds them.
func (p *Plan) Result(trend []TransitionCell) *Result {
	if p.a == nil {
		panic("velocity: Plan.Result before Aggregate")
	}
	p.a.trend = make([]dayStat, len(p.r.pairs))
	for i := range p.a.trend {
		p.a.trend[i] = noStat
	}
	for _, t := range trend {
		p.a.trend[t.Pair] = statOf(t.N, t.Seconds, t.Median, t.P90)
	}
	p.r.finish(p.a, [][]string{nil})
	return p.r.res
}

// NotLong returns the column that makes stages table t (bound, its
// columns typed) more than a long table of entries to Analyze: a field
// history's field column, or a stage history's from-stage column, which
// Analyze reads row by row; nil for a plain long table.
func NotLong(t *funnel.Table) *funnel.Column {
	if field, _ := historyColumns(t); field != nil {
		return field
	}
	return fromColumn(t)
}
