package velocity

import (
	"github.com/funnel-analytics/funnel/funnel"
)

// Transition is one matched transition of one entity (the detail table).
type Transition struct {
	Entity string
	Group  []string // the --by values of the later entry's row
	From   string
	To     string
	// Entry is the entry's label: the later stage and its entry number for
	// this entity, "sql-02" for the second entry into sql.
	Entry  string
	FromAt int64 // Unix seconds
	ToAt   int64
	Days   float64
	Period string
}

// transitionRec is a Transition kept compactly until the report is built.
type transitionRec struct {
	toRow      int32
	pair       int32
	entry      int32
	period     int32
	group      int32
	fromT, toT int64
	secs       int64
}

// aggregator walks the entities of a stageData once and accumulates, per
// cell (group, period, pair), the transition durations, recycles and skips,
// and per (group, period, stage) the conversion counts.
type aggregator struct {
	s        *stageData
	pairs    []pairIndex
	toPairs  [][]int32 // per stage: the pairs that end in it
	nStages  int
	nPairs   int
	nPeriods int // output periods
	nGroups  int
	cal      *calendar // Options.Location
	calUTC   *calendar // date-only stages
	outFirst int       // calendar index of output period 0
	group    []int32   // group of each row; nil: one group
	within   int64     // conversion window in seconds; 0: none
	detail   bool

	// per cell (group, period, pair)
	count    []int
	recycles []int
	skipped  []int
	secs     []durations
	// per (group, period, stage)
	entered  []int
	advanced []int
	inWindow []int
	open     []int
	// per (group, from stage + 1): lost exits; from stage -1 (slot 0) when
	// the record entered a lost stage before any rung
	exits []int

	dups     int
	entities int
	recs     []transitionRec

	// stats, when set (Plan), are the statistics of each cell computed
	// elsewhere, in place of secs; trend those of each (group, pair) over
	// the output periods.
	stats, trend []dayStat

	// per-entity scratch, one slot per stage
	last    []int64
	entryN  []int32
	pending []int32 // index of the stage's latest unresolved entry in evs, -1
	pendT   []int64
	pendC   []int32 // its conversion cell, -1 when outside the output periods
	periods []int32 // output period of each event of the entity, -1 outside
}

func newAggregator(s *stageData, pairs []pairIndex, cal, calUTC *calendar, outFirst, nPeriods, nGroups int, group []int32, within int64, detail bool) *aggregator {
	L := s.ladder.Len()
	a := &aggregator{s: s, pairs: pairs, nStages: L, nPairs: len(pairs), nPeriods: nPeriods, nGroups: nGroups,
		cal: cal, calUTC: calUTC, outFirst: outFirst, group: group, within: within, detail: detail}
	a.toPairs = make([][]int32, L)
	for i, p := range pairs {
		a.toPairs[p.to] = append(a.toPairs[p.to], int32(i))
	}
	cells := nGroups * nPeriods * len(pairs)
	a.count, a.recycles, a.skipped = make([]int, cells), make([]int, cells), make([]int, cells)
	a.secs = make([]durations, cells)
	conv := nGroups * nPeriods * L
	a.entered, a.advanced, a.inWindow, a.open = make([]int, conv), make([]int, conv), make([]int, conv), make([]int, conv)
	a.exits = make([]int, nGroups*(L+1))
	a.last, a.entryN = make([]int64, L), make([]int32, L)
	a.pending, a.pendT, a.pendC = make([]int32, L), make([]int64, L), make([]int32, L)
	return a
}

func (a *aggregator) cell(g, p, pair int) int { return (g*a.nPeriods+p)*a.nPairs + pair }

func (a *aggregator) convCell(g, p, stage int) int { return (g*a.nPeriods+p)*a.nStages + stage }

// exitCell is the exits cell of group g and from stage (-1: none).
func (a *aggregator) exitCell(g, from int) int { return g*(a.nStages+1) + from + 1 }

// denseFrom returns the first output period p such that every period
// from p through last (an output period index, clamped to the last one)
// has at least minN transitions on some pair, the groups summed
// (Options.MinTransitions); 0 when no period qualifies, or last is
// before the first period.
func (a *aggregator) denseFrom(last, minN int) int {
	last = min(last, a.nPeriods-1)
	k := last + 1
	for p := last; p >= 0 && a.densest(p) >= minN; p-- {
		k = p
	}
	if k > last {
		return 0
	}
	return k
}

// densest returns the largest transition count of output period p over
// the pairs, the groups summed.
func (a *aggregator) densest(p int) int {
	most := 0
	for pi := range a.pairs {
		n := 0
		for g := 0; g < a.nGroups; g++ {
			n += a.count[a.cell(g, p, pi)]
		}
		most = max(most, n)
	}
	return most
}

func (a *aggregator) run() {
	a.dups = a.s.walk(a.entity)
}

// entity applies the definitions of the package documentation to the
// sorted entries of one entity.
func (a *aggregator) entity(evs []event) {
	a.entities++
	for k := range a.last {
		a.last[k] = funnel.NoTime
		a.entryN[k] = 0
		a.pending[k] = -1
	}
	if cap(a.periods) < len(evs) {
		a.periods = make([]int32, len(evs), 2*len(evs))
	}
	a.periods = a.periods[:len(evs)]
	for i, e := range evs {
		cal := a.cal
		if a.s.dateOnly[e.stage] {
			cal = a.calUTC
		}
		p := cal.index(e.t) - a.outFirst
		if p < 0 || p >= a.nPeriods {
			p = -1
		}
		a.periods[i] = int32(p)
	}
	last := len(evs) - 1
	prev, out := -1, false // the latest rung entered; whether the latest entry was a lost exit
	for i, e := range evs {
		j := int(e.stage)
		p := int(a.periods[i])
		g := 0
		if a.group != nil {
			g = int(a.group[e.row])
		}
		if j >= a.nStages {
			// A lost stage: an exit from the rung the record was in (none
			// when it entered no rung before). A second lost entry in a
			// row is not a second exit. The pending entries did not
			// advance and are no longer open.
			if !out && p >= 0 {
				a.exits[a.exitCell(g, prev)]++
			}
			out = true
			for k := range a.pending {
				a.pending[k] = -1
			}
			continue
		}
		a.entryN[j]++
		if p >= 0 {
			if prev >= 0 {
				if j < prev { // recycle: the step j -> j+1 is to be made again
					a.recycles[a.cell(g, p, j)]++
				}
				for m := prev + 1; m < j; m++ { // skipped stage m: the step m-1 -> m did not happen
					a.skipped[a.cell(g, p, m-1)]++
				}
			}
			for _, pi := range a.toPairs[j] {
				from := a.pairs[pi].from
				ft := a.last[from]
				if ft == funnel.NoTime {
					continue
				}
				d := e.t - ft
				if a.s.dateOnly[from] && a.s.dateOnly[j] {
					d = roundDays(d)
				}
				c := a.cell(g, p, int(pi))
				a.count[c]++
				a.secs[c].add(d)
				if a.detail {
					a.recs = append(a.recs, transitionRec{toRow: e.row, pair: pi,
						entry: a.entryN[j], period: int32(p), group: int32(g), fromT: ft, toT: e.t, secs: d})
				}
			}
		}
		// Conversion: the pending entries of lower stages advanced; a
		// pending entry of this stage was superseded (not advanced).
		for k := 0; k < j; k++ {
			if a.pending[k] >= 0 {
				if c := a.pendC[k]; c >= 0 {
					a.advanced[c]++
					if a.within == 0 || e.t-a.pendT[k] <= a.within {
						a.inWindow[c]++
					}
				}
				a.pending[k] = -1
			}
		}
		if j < a.nStages-1 {
			a.pending[j], a.pendT[j], a.pendC[j] = int32(i), e.t, -1
			if p >= 0 {
				c := a.convCell(g, p, j)
				a.entered[c]++
				a.pendC[j] = int32(c)
			}
		}
		a.last[j] = e.t
		prev, out = j, false
	}
	for k := range a.pending {
		if a.pending[k] == int32(last) && a.pendC[k] >= 0 {
			a.open[a.pendC[k]]++
		}
	}
}

// roundDays rounds seconds to whole days: two dates read as local
// midnights can be 23 or 25 hours apart across a DST change.
func roundDays(d int64) int64 {
	if d >= 0 {
		return (d + funnel.SecondsPerDay/2) / funnel.SecondsPerDay * funnel.SecondsPerDay
	}
	return -((-d + funnel.SecondsPerDay/2) / funnel.SecondsPerDay * funnel.SecondsPerDay)
}
