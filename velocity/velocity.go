package velocity

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
)

// DefaultAlertMin is the number of transitions each period needs before an
// alert judges it, when Options.AlertMin is 0.
const DefaultAlertMin = 20

// DefaultMinTransitions is the --min-transitions default: the command
// line's Options.MinTransitions (the zero Options keeps every period).
const DefaultMinTransitions = 20

// Options controls Analyze. The zero value analyses monthly velocity in
// UTC over the whole data, with the ladder inferred.
type Options struct {
	// Order is an explicit ladder (--stage-order a,b,c); nil infers it: the
	// lifecycle when every stage falls in it, else the wide columns' order,
	// else the order entities most often follow.
	Order []string
	// Wide maps stages to the columns of a wide stages table (--wide);
	// nil reads the long layout when the table has stage and entered_at,
	// else detects HubSpot stage-date headers, else takes every time column
	// without a role.
	Wide []WideColumn
	// Pairs adds non-adjacent transitions (--pairs mql:customer).
	Pairs []Pair
	// StageField is the field whose changes are the stage entries of a
	// field history stages table (--stage-field); "" takes the first of
	// StageFields present. See history.go.
	StageField string
	// Period of the time series; 0 means Month.
	Period Period
	// Location buckets timestamps into periods (--tz); nil means UTC.
	// Date-only columns are bucketed by their date whatever the location.
	Location *time.Location
	// From and To limit the series to the periods holding them, both
	// included; zero values leave the series open. Entries before From
	// still serve as the earlier entry of a transition.
	From, To time.Time
	// By groups every table by these columns (--by region), taken from the
	// stages table, or from leads (entity = lead_id), or from accounts
	// (entity = account_id, or the lead's account_id).
	By []string
	// Within is the window of the conversion table's advanced_within, in
	// seconds (--within 90d); 0 means no window (advanced_within = advanced).
	Within int64
	// AsOf is the time the data is complete to (--as-of); zero means the
	// latest entry, or the end of its day when every stage column holds
	// dates. A period is complete when its end is at or before AsOf.
	// Entries at or after a nonzero AsOf have not happened yet as of it:
	// they are left out of every table (with a warning that counts them),
	// so the series ends by the period of AsOf.
	AsOf time.Time
	// AlertSlower raises an alert for a series whose latest complete
	// period's mean is at least this fraction slower than the mean of the
	// three periods' means before it (0.25 = 25%); 0 means no alerts.
	AlertSlower float64
	// AlertMin is the number of transitions each of those four periods
	// needs (--alert-min); 0 means DefaultAlertMin.
	AlertMin int
	// MinTransitions, when From is zero, starts the output periods at the
	// first period from which every period through the latest complete
	// one has at least this many transitions on some pair (summed over
	// the --by groups; --min-transitions): a sparse early history is left
	// out, counted in Result.LeftOut. Periods after the latest complete
	// one need not qualify; when the latest complete period itself falls
	// short, or lies outside the periods, every period is kept. 0 keeps
	// every period.
	MinTransitions int
	// Detail keeps every matched transition (the transitions table).
	Detail bool
	// Stream, when set, holds the entries of a long stages file read as
	// a StageStream; Analyze uses it instead of the dataset's stages
	// table. By and Wide need the table: with Stream they panic.
	Stream *StageStream
}

// Result is what Analyze computed; Report renders it.
type Result struct {
	Layout   Layout
	Ladder   Ladder
	Pairs    []Pair // the adjacent pairs, then the extra ones
	Period   Period
	Location *time.Location
	By       []string
	Periods  []string // output period labels, in order
	Within   int64
	AsOf     time.Time
	// LatestComplete is the label of the latest complete period ("" when
	// it lies outside the output periods).
	LatestComplete string
	// AlertSlower and AlertMin are the alert threshold in force
	// (Options.AlertSlower, and AlertMin or its default); 0 when alerts
	// are off.
	AlertSlower float64
	AlertMin    int
	// LeftOut is the first and last label of the periods left out at the
	// start for fewer than MinTransitions transitions (Options.MinTransitions);
	// empty when none was.
	LeftOut        [2]string
	MinTransitions int

	Entities    int // entities with at least one entry on the ladder
	Entries     int // usable stage entries
	Duplicates  int // exact duplicate entries dropped
	Transitions int // in the output periods, all pairs
	Recycles    int
	Skipped     int

	// LostStages are the terminal lost stages of the data, kept off the
	// ladder (see IsLost); LostExits counts the exits into them in
	// the output periods, and Exits breaks them down by the stage left.
	LostStages []string
	LostExits  int
	Exits      []ExitRow

	Velocity   []VelocityRow
	Conversion []ConversionRow
	Trend      []TrendRow
	Detail     []Transition // when Options.Detail
	Alerts     []Alert
	Pipeline   *PipelineResult // when the dataset has opportunities
	Warnings   []string

	dateOnly []bool // per ladder stage
}

// Analyze computes stage velocity, conversion, trends and alerts from the
// dataset's stages table (and pipeline velocity from its opportunities).
func Analyze(ds *funnel.Dataset, opts Options) (*Result, error) {
	opts.check()
	s, err := loadEntries(ds, opts)
	if err != nil {
		return nil, err
	}
	st, err := begin(s, opts)
	if err != nil {
		return nil, err
	}
	group, labels, err := entryGroups(s, ds, opts.By)
	if err != nil {
		return nil, err
	}
	aggregate := func() *aggregator {
		a := newAggregator(s, st.pairs, st.cal, st.calUTC, st.sp.outLo-st.first, st.sp.outHi-st.sp.outLo+1, len(labels), group, opts.Within, opts.Detail)
		a.run()
		return a
	}
	a := aggregate()
	if st.leaveOut(a) > 0 {
		a = aggregate() // the exits and the detail count the output periods only
	}
	st.finish(a, labels)
	if ds != nil && ds.Opportunities != nil {
		pr, err := Pipeline(ds.Opportunities, opts.AsOf)
		if err != nil {
			return nil, err
		}
		st.res.Pipeline = pr
		st.res.Warnings = append(st.res.Warnings, pr.Warnings...)
	}
	return st.res, nil
}

// run is an analysis between its entries and its tables: the result
// being built, the pairs, the period span and calendars, and the ordinal
// of the latest complete period.
type run struct {
	s           *stageData
	opts        Options
	res         *Result
	pairs       []pairIndex
	sp          span
	first       int // the calendars' first ordinal
	cal, calUTC *calendar
	complete    int
	unit        Period
	loc         *time.Location
}

// begin starts the analysis of the entries s: the ladder's pairs, the
// result's settings, the periods and the as-of time.
func begin(s *stageData, opts Options) (*run, error) {
	pairs, err := ladderPairs(s.ladder, opts.Pairs)
	if err != nil {
		return nil, err
	}
	unit := opts.Period
	if unit == 0 {
		unit = Month
	}
	loc := opts.Location
	if loc == nil {
		loc = time.UTC
	}
	res := &Result{Layout: s.layout, Ladder: s.ladder, LostStages: s.lost, Period: unit, Location: loc, By: opts.By, Within: opts.Within,
		Entries: s.entries, Warnings: append([]string(nil), s.warnings...), dateOnly: s.dateOnly}
	for _, p := range pairs {
		res.Pairs = append(res.Pairs, Pair{From: s.ladder.Stages[p.from], To: s.ladder.Stages[p.to]})
	}
	if len(pairs) == 0 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("the ladder has a single stage (%s): no transitions to measure", s.ladder.Stages[0]))
	}
	sp, err := periodSpan(s, opts, unit, loc)
	if err != nil {
		return nil, err
	}
	first, last := min(sp.dataLo, sp.outLo), max(sp.dataHi, sp.outHi)
	r := &run{s: s, opts: opts, res: res, pairs: pairs, sp: sp, first: first, unit: unit, loc: loc,
		cal: newCalendar(unit, loc, first, last), calUTC: newCalendar(unit, time.UTC, first, last)}
	r.complete = res.setAsOf(opts.AsOf, s.maxT, sp)
	return r, nil
}

// leaveOut moves the start of the output periods past the sparse early
// periods (Options.MinTransitions, when From is zero), judged on a's
// counts, and returns how many it left out.
func (r *run) leaveOut(a *aggregator) int {
	if !r.opts.From.IsZero() || r.opts.MinTransitions <= 0 {
		return 0
	}
	k := a.denseFrom(r.complete-r.sp.outLo, r.opts.MinTransitions)
	if k > 0 {
		r.res.LeftOut = [2]string{periodLabel(r.unit, r.sp.outLo), periodLabel(r.unit, r.sp.outLo+k-1)}
		r.res.MinTransitions = r.opts.MinTransitions
		r.sp.outLo += k
	}
	return k
}

// finish builds the tables from a, the aggregator of the output periods,
// and raises the alerts.
func (r *run) finish(a *aggregator, labels [][]string) {
	res := r.res
	for o := r.sp.outLo; o <= r.sp.outHi; o++ {
		res.Periods = append(res.Periods, periodLabel(r.unit, o))
	}
	res.Entities, res.Duplicates = a.entities, a.dups
	if a.dups > 0 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("%s: %d duplicate entries (same entity, stage and time) counted once", r.s.source, a.dups))
	}
	res.build(a, labels)
	if r.opts.AlertSlower > 0 {
		res.raiseAlerts(a, labels, r.complete, r.sp.outLo, r.opts)
	}
}

// check panics on options no caller may pass: they are programming
// errors, the command line checks what a user gives.
func (opts Options) check() {
	switch {
	case opts.AlertSlower < 0 || math.IsNaN(opts.AlertSlower):
		panic("velocity: negative AlertSlower")
	case opts.MinTransitions < 0:
		panic("velocity: negative MinTransitions")
	case opts.Within < 0:
		panic("velocity: negative Within")
	case opts.Period != 0 && opts.Period != Week && opts.Period != Month && opts.Period != Quarter:
		panic("velocity: unknown Period")
	case opts.Stream != nil && (len(opts.By) > 0 || len(opts.Wide) > 0):
		panic("velocity: By or Wide with a Stream")
	}
}

// loadEntries reads the stage entries of Options.Stream, else of the
// dataset's stages table, up to the as-of time. It is an error when no
// entry is on the ladder; the entries left out for the as-of time are
// counted in a warning.
func loadEntries(ds *funnel.Dataset, opts Options) (*stageData, error) {
	cut := asOfCut(opts.AsOf)
	var s *stageData
	var err error
	switch {
	case opts.Stream != nil:
		s, err = loadStream(opts.Stream, opts.Order, cut)
	case ds == nil || ds.Stages == nil:
		return nil, fmt.Errorf("%w: no stages table (--stages)", ErrNoStages)
	default:
		s, err = loadStages(ds.Stages, ds, opts.Order, opts.Wide, opts.StageField, cut)
	}
	if err != nil {
		return nil, err
	}
	return s, s.usable()
}

// usable returns the error of entries of which none is on the ladder
// before the cut, and warns about those left out at the cut.
func (s *stageData) usable() error {
	if s.entries == 0 && s.after > 0 {
		return fmt.Errorf("%w: %s: all %d stage entries on the ladder are dated at or after the as-of time (%s): give a later --as-of",
			ErrNoStages, s.source, s.after, s.afterSpan())
	}
	if s.entries == 0 {
		found := ""
		if len(s.off) > 0 {
			found = "; found " + strings.Join(s.off, ", ") + ": check the ladder (--stage-order)"
		}
		return fmt.Errorf("%w: %s: no stage entry on the ladder (%s)%s", ErrNoStages, s.source, strings.Join(s.ladder.Stages, ", "), found)
	}
	if s.after > 0 {
		s.warnings = append(s.warnings, fmt.Sprintf("%s: %d stage %s left out, dated at or after the as-of time (%s): a typo in the year, or give a later --as-of",
			s.source, s.after, plural(s.after, "entry", "entries"), s.afterSpan()))
	}
	return nil
}

// span is the period range of an analysis, as period ordinals: the
// periods of the entries (dataLo to dataHi) and the output periods (outLo
// to outHi: From to To, else the data's). anyDate and anyTime tell whether
// any stage column in use holds dates only, times.
type span struct {
	dataLo, dataHi, outLo, outHi int
	anyDate, anyTime             bool
}

// periodSpan returns the period range of the entries s in periods of unit:
// a timed entry falls in the period of its time in loc, a date-only one
// in the period of its date. It is an error when To's period is before
// From's (or the first entry's), or the range is over 100,000 periods.
func periodSpan(s *stageData, opts Options, unit Period, loc *time.Location) (span, error) {
	var sp span
	for k, d := range s.dateOnly {
		if s.layout == Wide && s.wide[k] == nil {
			continue
		}
		sp.anyDate, sp.anyTime = sp.anyDate || d, sp.anyTime || !d
	}
	sp.dataLo, sp.dataHi = math.MaxInt, math.MinInt
	for _, use := range []struct {
		on  bool
		loc *time.Location
	}{{sp.anyTime, loc}, {sp.anyDate, time.UTC}} {
		if use.on {
			sp.dataLo = min(sp.dataLo, ordinalOf(unit, s.minT, use.loc))
			sp.dataHi = max(sp.dataHi, ordinalOf(unit, s.maxT, use.loc))
		}
	}
	sp.outLo, sp.outHi = sp.dataLo, sp.dataHi
	if !opts.From.IsZero() {
		sp.outLo = ordinal(unit, opts.From.In(loc))
	}
	if !opts.To.IsZero() {
		sp.outHi = ordinal(unit, opts.To.In(loc))
	}
	if sp.outHi < sp.outLo {
		from := "From"
		if opts.From.IsZero() {
			from = "the first entry"
		}
		return sp, fmt.Errorf("velocity: the period of To (%s) is before the period of %s (%s)", periodLabel(unit, sp.outHi), from, periodLabel(unit, sp.outLo))
	}
	if sp.outHi-sp.outLo > 100000 {
		return sp, fmt.Errorf("velocity: %d periods from %s to %s; narrow From and To", sp.outHi-sp.outLo+1, periodLabel(unit, sp.outLo), periodLabel(unit, sp.outHi))
	}
	return sp, nil
}

// entryGroups returns the --by group of each row of the stages table and
// the groups' labels (GroupRows); without By, no groups and one label,
// nil.
func entryGroups(s *stageData, ds *funnel.Dataset, by []string) (group []int32, labels [][]string, err error) {
	if len(by) > MaxBy {
		return nil, nil, fmt.Errorf("velocity: %d --by columns, at most %d", len(by), MaxBy)
	}
	if len(by) == 0 {
		return nil, [][]string{nil}, nil
	}
	var cols []*ByColumn
	for _, name := range by {
		bc, err := resolveBy(s.table, s.entity, ds, name, s.entity, s.stageCol, s.timeCol)
		if err != nil {
			return nil, nil, err
		}
		cols = append(cols, bc)
	}
	group, labels = GroupRows(s.table.Rows, cols)
	return group, labels, nil
}

// setAsOf sets AsOf: asOf, else the latest entry maxT (the end of its day
// when every stage column in use holds dates), and LatestComplete. It
// returns the ordinal of the latest complete period: the one before the
// period of AsOf, in UTC when the stages hold dates only.
func (r *Result) setAsOf(asOf time.Time, maxT int64, sp span) (complete int) {
	r.AsOf = asOf
	loc := r.Location
	if sp.anyDate && !sp.anyTime {
		loc = time.UTC
	}
	if r.AsOf.IsZero() {
		latest := maxT
		if sp.anyDate && !sp.anyTime {
			latest += funnel.SecondsPerDay
		}
		r.AsOf = time.Unix(latest, 0).In(loc)
	}
	complete = ordinal(r.Period, r.AsOf.In(loc)) - 1
	if complete >= sp.outLo && complete <= sp.outHi {
		r.LatestComplete = periodLabel(r.Period, complete)
	}
	return complete
}

// raiseAlerts sets Alerts (Options.AlertSlower, AlertMin) judging the
// latest complete period (ordinal complete; the output periods start at
// ordinal outLo), with a warning when the series lacks the four periods a
// judgement needs.
func (r *Result) raiseAlerts(a *aggregator, labels [][]string, complete, outLo int, opts Options) {
	latest := complete - outLo
	minN := opts.AlertMin
	if minN <= 0 {
		minN = DefaultAlertMin
	}
	r.AlertSlower, r.AlertMin = opts.AlertSlower, minN
	r.Alerts = r.alerts(a, labels, latest, opts.AlertSlower, minN)
	switch n := len(r.Periods); {
	case latest >= n:
		r.Warnings = append(r.Warnings, fmt.Sprintf("alerts: the latest complete period, %s, is after the last period shown, %s: no transition judged",
			periodLabel(r.Period, complete), r.Periods[n-1]))
	case latest < 3:
		done := "no complete period"
		switch {
		case latest == 0:
			done = fmt.Sprintf("1 complete period (%s)", r.Periods[0])
		case latest > 0:
			done = fmt.Sprintf("%d complete periods (%s to %s)", latest+1, r.Periods[0], r.Periods[latest])
		}
		r.Warnings = append(r.Warnings, fmt.Sprintf("alerts: the series has %s; a judgement needs 4 (the latest complete period and the 3 before it): no transition judged", done))
	}
}

// build turns the aggregator's cells into rows.
func (r *Result) build(a *aggregator, labels [][]string) {
	L := a.nStages
	// Scratch space: the largest cell, and the largest pair over all periods.
	maxCell, maxPair := 0, 0
	for g := range labels {
		for pi := range a.pairs {
			n := 0
			for p := 0; p < a.nPeriods; p++ {
				c := a.cell(g, p, pi)
				maxCell = max(maxCell, a.secs[c].n)
				n += a.secs[c].n
			}
			maxPair = max(maxPair, n)
		}
	}
	buf, all, tmp := make([]int64, 0, maxCell), make([]int64, 0, maxPair), make([]int64, 0, maxPair)
	for p := 0; p < a.nPeriods; p++ {
		for g := range labels {
			for pi, pair := range a.pairs {
				c := a.cell(g, p, pi)
				row := VelocityRow{Period: r.Periods[p], Group: labels[g], From: r.Ladder.Stages[pair.from], To: r.Ladder.Stages[pair.to],
					Transitions: a.count[c], Recycles: a.recycles[c], Skipped: a.skipped[c]}
				buf = a.secs[c].appendTo(buf[:0])
				row.MeanDays, row.MedianDays, row.P90Days, tmp = dayStats(buf, tmp)
				if a.stats != nil {
					row.MeanDays, row.MedianDays, row.P90Days = a.stats[c].mean, a.stats[c].median, a.stats[c].p90
				}
				r.Transitions += row.Transitions
				r.Recycles += row.Recycles
				r.Skipped += row.Skipped
				r.Velocity = append(r.Velocity, row)
			}
			for k := 0; k+1 < L; k++ {
				c := a.convCell(g, p, k)
				row := ConversionRow{Period: r.Periods[p], Group: labels[g], Stage: r.Ladder.Stages[k],
					Entered: a.entered[c], Advanced: a.advanced[c], AdvancedWithin: a.inWindow[c], StillOpen: a.open[c], Rate: math.NaN()}
				if row.Entered > 0 {
					row.Rate = float64(row.Advanced) / float64(row.Entered)
				}
				r.Conversion = append(r.Conversion, row)
			}
		}
	}
	if len(r.LostStages) > 0 {
		for g := range labels {
			total := 0
			for k := -1; k < L; k++ {
				total += a.exits[a.exitCell(g, k)]
			}
			r.LostExits += total
			for k := -1; k < L; k++ {
				n := a.exits[a.exitCell(g, k)]
				if k < 0 && n == 0 {
					continue
				}
				row := ExitRow{Group: labels[g], From: NoStage, Lost: n, Share: math.NaN()}
				if k >= 0 {
					row.From = r.Ladder.Stages[k]
				}
				if total > 0 {
					row.Share = float64(n) / float64(total)
				}
				r.Exits = append(r.Exits, row)
			}
		}
	}
	means := make([]float64, a.nPeriods)
	for g := range labels {
		for pi, pair := range a.pairs {
			t := TrendRow{Group: labels[g], From: r.Ladder.Stages[pair.from], To: r.Ladder.Stages[pair.to]}
			all = all[:0]
			for p := 0; p < a.nPeriods; p++ {
				c := a.cell(g, p, pi)
				all = a.secs[c].appendTo(all)
				t.Transitions += a.count[c]
				t.Recycles += a.recycles[c]
				t.Skipped += a.skipped[c]
				means[p] = r.Velocity[(p*len(labels)+g)*len(a.pairs)+pi].MeanDays
			}
			t.MeanDays, t.MedianDays, t.P90Days, tmp = dayStats(all, tmp)
			if a.trend != nil {
				st := a.trend[g*len(a.pairs)+pi]
				t.MeanDays, t.MedianDays, t.P90Days = st.mean, st.median, st.p90
			}
			t.Sparkline = Sparkline(means)
			r.Trend = append(r.Trend, t)
		}
	}
	if a.detail {
		s := a.s
		for _, rec := range a.recs {
			pair := a.pairs[rec.pair]
			to := r.Ladder.Stages[pair.to]
			r.Detail = append(r.Detail, Transition{
				Entity: s.entityName(int(rec.toRow)), Group: labels[rec.group],
				From: r.Ladder.Stages[pair.from], To: to, Entry: fmt.Sprintf("%s-%02d", to, rec.entry),
				FromAt: rec.fromT, ToAt: rec.toT, Days: float64(rec.secs) / funnel.SecondsPerDay, Period: r.Periods[rec.period],
			})
		}
	}
}

// asOfCut returns the first whole second after the as-of time asOf (zero:
// none): what happens at or after it is not known yet, the exclusive
// cut-off of every input (funnel.Dataset.DefaultAsOf), for stage entries
// and opportunities alike.
func asOfCut(asOf time.Time) int64 {
	if asOf.IsZero() {
		return math.MaxInt64
	}
	cut := asOf.Unix()
	if asOf.Nanosecond() > 0 {
		cut++
	}
	return cut
}
