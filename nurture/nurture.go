package nurture

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/velocity"
)

// ErrBadInput: the inputs cannot give the nurture tables (wrapped with
// the file and what is missing).
var ErrBadInput = errors.New("bad input")

// Defaults of Options.
const (
	DefaultDormant       = 90 * 86400
	DefaultWeeks         = 13
	DefaultTargetTouches = 30
	DefaultTargetWeeks   = 13
	DefaultOutcome       = "sql"
)

// DefaultStrata are the leads' columns the nurtured-vs-not comparison
// matches on, MonthStratum standing for the entry month.
var DefaultStrata = []string{"lead_source", "industry", MonthStratum}

// MonthStratum in Options.Strata is the month of the lead's created_at.
const MonthStratum = "month"

// DefaultUnsubscribe are the activity types of an unsubscribe.
var DefaultUnsubscribe = []string{"unsubscribe", "unsubscribed", "email_unsubscribe", "opt_out", "opted_out"}

// Options configures Analyze.
type Options struct {
	// Dormant (seconds): a lead with no touch for this long is dormant.
	Dormant int64
	// Weeks: the cadence counts the touches of a lead's first Weeks weeks.
	Weeks int
	// TargetTouches in TargetWeeks weeks is the target cadence.
	TargetTouches, TargetWeeks int
	// Outcome is the stage whose reaching (velocity.Reached: at it or
	// above by AsOf) is the outcome of the cadence bins and of the
	// nurtured-vs-not comparison.
	Outcome string
	// Program names the nurture program: members are the leads with a
	// touch (in the touches or in Enrollments) whose campaign is one of
	// these (funnel.NameKey). ProgramColumn instead names a leads column
	// whose non-empty value (other than false, 0, no) makes a member.
	// Neither: every lead of Enrollments is a member; without Enrollments
	// the comparison is left out.
	Program       []string
	ProgramColumn string
	// Enrollments is a touches-shaped table of program memberships
	// (lead_id, campaign), read besides the touches; nil when none.
	Enrollments *funnel.Table
	// Strata are the leads' columns the comparison matches on exactly
	// (MonthStratum: the entry month); nil: DefaultStrata, those the leads
	// lack left out with a warning.
	Strata []string
	// Unsubscribe are the activity types of an unsubscribe (not a touch:
	// its lead drops out).
	Unsubscribe []string
	// Ladder is the stage ladder (nil: inferred as velocity infers it).
	Ladder []string
	// Location is the zone of the months (nil: UTC).
	Location *time.Location
	// AsOf (Unix seconds, required): touches, stage entries and leads at
	// or after it are left out.
	AsOf int64
	// Conf is the confidence level of the intervals (0: 0.95).
	Conf float64
	// OutcomeOptional: an Outcome not on the ladder leaves the outcome
	// rates out with a warning, as without stages, instead of an error
	// (the monthly report, which shows no outcome without a program).
	OutcomeOptional bool
}

// lead is one lead of the analysis.
type lead struct {
	code    int32   // Dict code of the lead id
	row     int32   // row in the leads table, -1 without one
	created int64   // created_at, else the first touch
	touches []int32 // rows of its touches before AsOf, in time order
	unsub   int64   // first unsubscribe, funnel.NoTime when none
	reach   []int64 // per ladder rung, first time at it or above (nil: no stage record)
	member  bool
}

// Result is what Analyze found; its tables are built by Report.
type Result struct {
	Opts      Options
	Ladder    []string
	StagesVia string // "stages" or the leads' date columns
	leads     []lead
	touches   *funnel.Table
	when      *funnel.Column
	outcome   int // ladder index of Opts.Outcome
	Warnings  []string

	Dormancy    []DormancyRow
	Spells      []SpellRow
	Returns     []ReturnRow
	Cadence     []BinRow
	Frequency   []FrequencyRow
	Comparison  *Comparison
	ProgramName string
}

// Analyze reads the leads, touches and stages (or the leads' stage date
// columns) of ds and computes every table.
func Analyze(ds *funnel.Dataset, opts Options) (*Result, error) {
	if opts.AsOf == 0 {
		panic("nurture: no as-of time")
	}
	if opts.Dormant <= 0 || opts.Weeks <= 0 || opts.TargetTouches <= 0 || opts.TargetWeeks <= 0 {
		panic("nurture: dormancy, weeks and target must be positive")
	}
	if opts.Outcome == "" {
		opts.Outcome = DefaultOutcome
	}
	if opts.Conf == 0 {
		opts.Conf = 0.95
	}
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	if opts.Unsubscribe == nil {
		opts.Unsubscribe = DefaultUnsubscribe
	}
	tt := ds.Touches
	if tt == nil {
		return nil, fmt.Errorf("nurture needs touches: %w", ErrBadInput)
	}
	id, when := tt.Role(funnel.RoleLeadID), tt.Role(funnel.RoleOccurredAt)
	if id == nil || id.Kind != funnel.KindText || when == nil || when.Kind != funnel.KindTime {
		return nil, fmt.Errorf("%s: nurture needs the touches' lead_id and occurred_at (columns: %s): %w", tt.Source, tt.Headers(), ErrBadInput)
	}
	r := &Result{Opts: opts, touches: tt, when: when}
	index, err := r.readLeads(ds)
	if err != nil {
		return nil, err
	}
	if err := r.readTouches(tt, id, when, index, ds.Leads != nil); err != nil {
		return nil, err
	}
	if err := r.readStages(ds, index); err != nil {
		return nil, err
	}
	r.dormancy()
	r.spells()
	r.cadence()
	r.frequency()
	if err := r.compare(ds, index); err != nil {
		return nil, err
	}
	return r, nil
}

// readLeads makes the leads: the rows of the leads table with a lead_id
// (created_at missing: the first touch), else the leads the touches name.
// It returns the index of each lead by Dict code (-1: none).
func (r *Result) readLeads(ds *funnel.Dataset) ([]int32, error) {
	index := make([]int32, ds.Dict.Len())
	for i := range index {
		index[i] = -1
	}
	lt := ds.Leads
	if lt == nil {
		return index, nil
	}
	id, created := lt.Role(funnel.RoleLeadID), lt.Role(funnel.RoleCreatedAt)
	if id == nil || id.Kind != funnel.KindText {
		return nil, fmt.Errorf("%s: the leads need a lead_id column (columns: %s): %w", lt.Source, lt.Headers(), ErrBadInput)
	}
	if created != nil && created.Kind != funnel.KindTime {
		created = nil
	}
	for i := 0; i < lt.Rows; i++ {
		c := id.Codes[i]
		if c == funnel.NA {
			return nil, fmt.Errorf("%s: column %q: missing lead_id: %w", lt.Where(i), id.Name, ErrBadInput)
		}
		if index[c] >= 0 {
			continue // a repeated lead: its first row
		}
		t := funnel.NoTime
		if created != nil {
			t = created.Times[i]
		}
		if t != funnel.NoTime && t >= r.Opts.AsOf {
			continue
		}
		index[c] = int32(len(r.leads))
		r.leads = append(r.leads, lead{code: c, row: int32(i), created: t, unsub: funnel.NoTime})
	}
	return index, nil
}

// readTouches files each touch before AsOf under its lead (a lead the
// leads table lacks is added, when there is no leads table), the
// unsubscribes apart, and sorts each lead's touches by time. A touch
// without a lead or a time is an error naming its row.
func (r *Result) readTouches(tt *funnel.Table, id, when *funnel.Column, index []int32, leadsGiven bool) error {
	unsub := funnel.NewMatcher(tt, []*funnel.Column{tt.Role(funnel.RoleActivityType)}, r.Opts.Unsubscribe)
	for i := 0; i < tt.Rows; i++ {
		c, t := id.Codes[i], when.Times[i]
		if c == funnel.NA {
			return fmt.Errorf("%s: column %q: missing lead_id: %w", tt.Where(i), id.Name, ErrBadInput)
		}
		if t == funnel.NoTime {
			return fmt.Errorf("%s: column %q: missing time: %w", tt.Where(i), when.Name, ErrBadInput)
		}
		if t >= r.Opts.AsOf {
			continue
		}
		k := index[c]
		if k < 0 {
			if leadsGiven {
				continue // a lead the leads table lacks (or created after AsOf)
			}
			k = int32(len(r.leads))
			index[c] = k
			r.leads = append(r.leads, lead{code: c, row: -1, created: funnel.NoTime, unsub: funnel.NoTime})
		}
		ld := &r.leads[k]
		if unsub.Match(i) {
			if ld.unsub == funnel.NoTime || t < ld.unsub {
				ld.unsub = t
			}
			continue
		}
		ld.touches = append(ld.touches, int32(i))
	}
	kept := r.leads[:0]
	for _, ld := range r.leads {
		times := when.Times
		sort.SliceStable(ld.touches, func(a, b int) bool { return times[ld.touches[a]] < times[ld.touches[b]] })
		if ld.created == funnel.NoTime && len(ld.touches) > 0 {
			ld.created = times[ld.touches[0]]
		}
		if ld.created == funnel.NoTime {
			index[ld.code] = -1
			continue // no creation and no touch: nothing to measure
		}
		index[ld.code] = int32(len(kept))
		kept = append(kept, ld)
	}
	if n := len(r.leads) - len(kept); n > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%d leads without created_at and without a touch before the as-of time are left out", n))
	}
	r.leads = kept
	if len(r.leads) == 0 {
		return fmt.Errorf("%s: no lead with a touch or a creation before the as-of time: %w", tt.Source, ErrBadInput)
	}
	return nil
}

// readStages reads when each lead first stood at each rung or above:
// from the stages table, else from the leads' stage date columns (time
// columns without a role, such as mql_at, sql_at, won_at, read as a wide
// stages table by velocity). Without either, the tables by stage say
// "(no stage)" and the outcome rates are left out.
func (r *Result) readStages(ds *funnel.Dataset, index []int32) error {
	sds := ds
	r.StagesVia = "stages"
	if ds.Stages == nil {
		t := leadStageTable(ds.Leads)
		if t == nil {
			r.outcome = -1
			r.Warnings = append(r.Warnings, "no stages and no stage date columns in the leads: stages and outcomes are left out")
			return nil
		}
		sds = &funnel.Dataset{Dict: ds.Dict, Stages: t}
		r.StagesVia = "the leads' date columns"
	}
	asOf := r.Opts.AsOf
	ladder, warnings, err := velocity.Reached(sds, r.Opts.Ladder, nil, func(_ *funnel.Dict, e int32, at []int64) {
		if int(e) >= len(index) || index[e] < 0 {
			return
		}
		reach := slices.Clone(at)
		for k, t := range reach {
			if t >= asOf {
				reach[k] = funnel.NoTime
			}
		}
		r.leads[index[e]].reach = reach
	})
	if err != nil {
		return err
	}
	r.Ladder = ladder
	r.Warnings = append(r.Warnings, warnings...)
	r.outcome = -1
	for k, s := range ladder {
		if funnel.NameKey(s) == funnel.NameKey(r.Opts.Outcome) {
			r.outcome = k
		}
	}
	if r.outcome < 0 && r.Opts.OutcomeOptional {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%s: no stage %q on the ladder (%s): the outcome rates are left out", sds.Stages.Source, r.Opts.Outcome, strings.Join(ladder, ", ")))
	} else if r.outcome < 0 {
		return fmt.Errorf("%s: no stage %q on the ladder (%s) for the outcome: %w", sds.Stages.Source, r.Opts.Outcome, strings.Join(ladder, ", "), ErrBadInput)
	}
	return nil
}

// leadStageTable is the leads' lead_id (as entity_id) and their time
// columns without a role, a wide stages table; nil when there is none.
func leadStageTable(lt *funnel.Table) *funnel.Table {
	if lt == nil || lt.Role(funnel.RoleLeadID) == nil {
		return nil
	}
	id := *lt.Role(funnel.RoleLeadID)
	id.Role = funnel.RoleEntityID
	cols := []*funnel.Column{&id}
	for _, c := range lt.Columns {
		if c.Kind == funnel.KindTime && c.Role == "" {
			cols = append(cols, c)
		}
	}
	if len(cols) == 1 {
		return nil
	}
	return &funnel.Table{Kind: funnel.Stages, Source: lt.Source, Rows: lt.Rows, Dict: lt.Dict, Columns: cols, Header: lt.Header, Lines: lt.Lines}
}

// stageAt is the ladder index of the highest rung ld had reached at t
// (-1: none).
func (ld *lead) stageAt(t int64) int {
	for k := len(ld.reach) - 1; k >= 0; k-- {
		if at := ld.reach[k]; at != funnel.NoTime && at <= t {
			return k
		}
	}
	return -1
}

// reached reports whether ld stood at rung k or above before AsOf.
func (ld *lead) reached(k int) bool {
	return k >= 0 && ld.reach != nil && ld.reach[k] != funnel.NoTime
}
