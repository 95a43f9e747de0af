package experiment

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/scoring"
	"github.com/funnel-analytics/funnel/velocity"
)

// ErrBadInput: the inputs cannot give a test reading (wrapped with the
// file, row and column at fault).
var ErrBadInput = errors.New("bad input")

// Unit is what a test assigned to its arms.
type Unit int

// The units: a lead (a row of the assignments), or an account (its leads
// aggregated: converted when any converted).
const (
	UnitLead Unit = iota
	UnitAccount
)

// String returns "lead" or "account".
func (u Unit) String() string {
	if u == UnitAccount {
		return "account"
	}
	return "lead"
}

// ParseUnit reads "lead" or "account".
func ParseUnit(s string) (Unit, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "lead", "leads":
		return UnitLead, nil
	case "account", "accounts":
		return UnitAccount, nil
	}
	return 0, fmt.Errorf("unit %q: want lead or account", s)
}

// MDE is a minimum detectable effect: a relative uplift of the control
// rate (0.10: from p to 1.1 p) or an absolute difference of rates (0.02:
// from p to p + 0.02).
type MDE struct {
	Value    float64
	Relative bool
}

// String writes the MDE as ParseMDE reads it: "10%" or "0.02".
func (m MDE) String() string {
	if m.Relative {
		return strconv.FormatFloat(m.Value*100, 'g', -1, 64) + "%"
	}
	return strconv.FormatFloat(m.Value, 'g', -1, 64)
}

// Target returns the rate the MDE plans to detect against the control
// rate p.
func (m MDE) Target(p float64) float64 {
	if m.Relative {
		return p * (1 + m.Value)
	}
	return p + m.Value
}

// ParseMDE reads a minimum detectable effect: "10%", a relative uplift
// (up to 1000%); "0.02", an absolute difference of rates in (0, 1); or
// "2pp", percentage points (an absolute difference of 0.02). A bare number
// of 1 or more is an error: 10 could be 10% or 10 points.
func ParseMDE(s string) (MDE, error) {
	t := strings.TrimSpace(s)
	num, pct := strings.CutSuffix(t, "%")
	num, pp := strings.CutSuffix(num, "pp")
	v, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	switch {
	case err != nil || !(v > 0) || math.IsInf(v, 0) || (pct && pp):
		return MDE{}, fmt.Errorf("%q: want a relative uplift such as 10%%, an absolute difference of rates such as 0.02, or points such as 2pp", s)
	case pct && v > 1000:
		return MDE{}, fmt.Errorf("%q: at most 1000%%", s)
	case pct:
		return MDE{Value: v / 100, Relative: true}, nil
	case pp && v >= 100:
		return MDE{}, fmt.Errorf("%q: points are under 100", s)
	case pp:
		return MDE{Value: v / 100}, nil
	case v >= 1:
		return MDE{}, fmt.Errorf("%q: a bare number is an absolute difference of rates from 0 to 1 (0.02 is 2 points); write %s%% for a relative uplift of %s%% or %spp for %s points", s, num, num, num, num)
	}
	return MDE{Value: v}, nil
}

// Options configures Analyze.
type Options struct {
	// Group names the column of the arm (required): a header or role of
	// the assignments.
	Group string
	// Control is the control arm's value; "": the arm named control,
	// holdout or A (funnel.NameKey), else an error listing the arms.
	Control string
	// Target (a column: yes/no, 0/1, a timestamp, or text with Positive)
	// or TargetStage (a stage of the stages input, reached by the as-of
	// time) is the outcome, read as `funnel fit` reads its target
	// (scoring.LeadOutcomes). A Target column the assignments lack is
	// looked up in the leads by lead_id.
	Target, TargetStage, Positive string
	// Unit is what was assigned (UnitLead by default).
	Unit Unit
	// Date names the column of the date a unit entered the test ("": the
	// assignments' assigned_at or created_at, else the lead's created_at).
	Date string
	// MDE is the minimum detectable effect of the plan (zero: 10%
	// relative); Power (0: 0.8) and Alpha (0: 0.05) its power and
	// two-sided level, which the p-values are judged at too.
	MDE          MDE
	Power, Alpha float64
	// AsOf (Unix seconds, 0: none): units that entered at or after it are
	// left out, and timed outcomes after it count as not converted.
	AsOf int64
}

// Conf is the confidence level of every interval.
const Conf = 0.95

func (o *Options) defaults() {
	if o.MDE.Value == 0 {
		o.MDE = MDE{Value: 0.10, Relative: true}
	}
	if o.Power == 0 {
		o.Power = 0.8
	}
	if o.Alpha == 0 {
		o.Alpha = 0.05
	}
}

// Analyze reads the test of ds: the arm of each unit from the Group
// column of assignments (nil: ds.Leads), its outcome and its entry date,
// then compares the arms and plans the test's size (see the package
// documentation).
func Analyze(ds *funnel.Dataset, assignments *funnel.Table, opts Options) (*Result, error) {
	if opts.Group == "" || (opts.Target == "") == (opts.TargetStage == "") {
		panic("experiment: Options need Group and one of Target and TargetStage")
	}
	opts.defaults()
	t := assignments
	if t == nil {
		t = ds.Leads
	}
	if t == nil {
		return nil, fmt.Errorf("a test needs the assignments (--assignments) or leads with its group column: %w", ErrBadInput)
	}
	r := &Result{Opts: opts, Source: t.Source}
	rows, err := r.read(ds, t)
	if err != nil {
		return nil, err
	}
	arms, err := r.aggregate(rows)
	if err != nil {
		return nil, err
	}
	r.compare(arms)
	r.plan(arms)
	return r, nil
}

// rows are the assignments as read: per row its arm, outcome, unit and
// entry time.
type rows struct {
	t       *funnel.Table
	group   *funnel.Column
	outcome []float64 // 1, 0, -1 missing
	key     []int64   // the unit: a Dict code, or -(row+1) when a row is its own unit
	keyName func(i int) string
	entered []int64 // funnel.NoTime when unknown
}

// leadJoin finds, for a row of the assignments t, the row of its lead in
// the leads (by lead_id), for the columns t lacks.
type leadJoin struct {
	leads *funnel.Table
	id    *funnel.Column // t's lead_id
	row   []int32        // lead_id code -> leads row
}

func newLeadJoin(ds *funnel.Dataset, t *funnel.Table) *leadJoin {
	j := &leadJoin{}
	lt, id := ds.Leads, t.Role(funnel.RoleLeadID)
	if lt == nil || lt == t || id == nil || id.Kind != funnel.KindText {
		return j
	}
	if lid := lt.Role(funnel.RoleLeadID); lid != nil && lid.Kind == funnel.KindText {
		j.leads, j.id, j.row = lt, id, velocity.JoinIndex(t, lt, lid)
	}
	return j
}

// of returns the leads row of row i of the assignments, -1 when none.
func (j *leadJoin) of(i int) int {
	if code := j.id.Codes[i]; code != funnel.NA && int(code) < len(j.row) {
		return int(j.row[code])
	}
	return -1
}

// column returns the column find picks in t, else in the leads, and the
// row of the column's table for a row of t (-1 when none).
func (j *leadJoin) column(t *funnel.Table, find func(*funnel.Table) *funnel.Column) (*funnel.Table, *funnel.Column, func(int) int) {
	if c := find(t); c != nil {
		return t, c, func(i int) int { return i }
	}
	if j.leads != nil {
		if c := find(j.leads); c != nil {
			return j.leads, c, j.of
		}
	}
	return nil, nil, nil
}

// read finds the group column and reads every row's outcome, unit and
// entry date.
func (r *Result) read(ds *funnel.Dataset, t *funnel.Table) (*rows, error) {
	opts := r.Opts
	rs := &rows{t: t, group: t.Named(opts.Group)}
	if rs.group == nil {
		return nil, fmt.Errorf("%s: no group column %q (columns: %s): %w", t.Source, opts.Group, t.Headers(), ErrBadInput)
	}
	j := newLeadJoin(ds, t)
	var err error
	if rs.outcome, err = r.outcomes(ds, t, j); err != nil {
		return nil, err
	}
	if err := rs.readKeys(opts.Unit, j); err != nil {
		return nil, err
	}
	return rs, rs.readDates(opts.Date, j)
}

// outcomes reads each row's outcome as fit reads its target, from t or,
// for a Target column t lacks, from the leads by lead_id.
func (r *Result) outcomes(ds *funnel.Dataset, t *funnel.Table, j *leadJoin) ([]float64, error) {
	opts := r.Opts
	cfg := scoring.FeatureConfig{Target: opts.Target, TargetStage: opts.TargetStage, Positive: opts.Positive}
	r.Outcome = "reached stage " + opts.TargetStage
	src, rowOf := t, func(i int) int { return i }
	if opts.Target != "" {
		r.Outcome = "column " + opts.Target
		var c *funnel.Column
		if src, c, rowOf = j.column(t, func(x *funnel.Table) *funnel.Column { return x.Named(opts.Target) }); c == nil {
			more := ""
			if j.leads != nil {
				more = fmt.Sprintf("; %s: %s", j.leads.Source, j.leads.Headers())
			}
			return nil, fmt.Errorf("%s: no outcome column %q (columns: %s%s): %w", t.Source, opts.Target, t.Headers(), more, ErrBadInput)
		}
		if src != t {
			r.Outcome += " of " + src.Source
		}
	}
	if opts.TargetStage != "" {
		src, rowOf = distinctLeads(t)
	}
	asOf := opts.AsOf
	if asOf == 0 {
		asOf = math.MaxInt64
	}
	y, warnings, err := scoring.LeadOutcomes(&funnel.Dataset{Dict: ds.Dict, Leads: src, Stages: ds.Stages}, cfg, asOf)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", err, ErrBadInput)
	}
	r.Warnings = append(r.Warnings, warnings...)
	out := make([]float64, t.Rows)
	for i := range out {
		out[i] = -1
		if k := rowOf(i); k >= 0 {
			out[i] = y[k]
		}
	}
	return out, nil
}

// readKeys sets each row's unit: its lead (lead_id; a row without one is
// its own unit) or its account (account_id of the row or of its lead;
// required).
func (rs *rows) readKeys(unit Unit, j *leadJoin) error {
	t := rs.t
	rs.key = make([]int64, t.Rows)
	if unit == UnitLead {
		id := t.Role(funnel.RoleLeadID)
		for i := range rs.key {
			rs.key[i] = -int64(i + 1)
			if id != nil && id.Kind == funnel.KindText && id.Codes[i] != funnel.NA {
				rs.key[i] = int64(id.Codes[i])
			}
		}
		rs.keyName = func(i int) string { return t.Text(id, i) }
		if id == nil {
			rs.keyName = func(i int) string { return fmt.Sprintf("row %d", i+1) }
		}
		return nil
	}
	src, c, rowOf := j.column(t, func(x *funnel.Table) *funnel.Column {
		if c := x.Role(funnel.RoleAccountID); c != nil && c.Kind == funnel.KindText {
			return c
		}
		return nil
	})
	if c == nil {
		return fmt.Errorf("%s: --unit account needs an account_id column, in the assignments or in the leads by lead_id (columns: %s): %w", t.Source, t.Headers(), ErrBadInput)
	}
	for i := range rs.key {
		k := rowOf(i)
		if k < 0 || c.Codes[k] == funnel.NA {
			return fmt.Errorf("%s: column %q: no account_id for --unit account: %w", t.Where(i), c.Name, ErrBadInput)
		}
		rs.key[i] = int64(c.Codes[k])
	}
	rs.keyName = func(i int) string { return src.Text(c, rowOf(i)) }
	return nil
}

// readDates sets each row's entry date: the column named date, else the
// assignments' assigned_at or created_at, else the lead's created_at;
// none leaves them unknown.
func (rs *rows) readDates(date string, j *leadJoin) error {
	t := rs.t
	rs.entered = make([]int64, t.Rows)
	for i := range rs.entered {
		rs.entered[i] = funnel.NoTime
	}
	find := func(x *funnel.Table) *funnel.Column {
		if c := x.Named("assigned_at"); c != nil && c.Kind == funnel.KindTime && x == t {
			return c
		}
		return x.TimeRole(funnel.RoleCreatedAt)
	}
	if date != "" {
		find = func(x *funnel.Table) *funnel.Column { return x.Named(date) }
	}
	src, c, rowOf := j.column(t, find)
	switch {
	case c == nil && date != "":
		return fmt.Errorf("%s: no date column %q (columns: %s): %w", t.Source, date, t.Headers(), ErrBadInput)
	case c == nil:
		return nil
	case c.Kind != funnel.KindTime:
		return fmt.Errorf("%s: column %q holds no dates (--date names the date a unit entered the test): %w", src.Source, c.Name, ErrBadInput)
	}
	for i := range rs.entered {
		if k := rowOf(i); k >= 0 {
			rs.entered[i] = c.Times[k]
		}
	}
	return nil
}

// distinctLeads returns a table of the distinct lead_id values of t (t
// itself when it has no lead_id, for scoring to name what is missing) and
// the row of each row of t in it: a stage is reached once per lead, and
// the assignments may list a lead twice.
func distinctLeads(t *funnel.Table) (*funnel.Table, func(int) int) {
	id := t.Role(funnel.RoleLeadID)
	if id == nil || id.Kind != funnel.KindText {
		return t, func(i int) int { return i }
	}
	row := make(map[int32]int, t.Rows)
	c := &funnel.Column{Name: id.Name, Role: id.Role, Kind: funnel.KindText}
	for _, code := range id.Codes {
		if _, ok := row[code]; !ok && code != funnel.NA {
			row[code] = len(c.Codes)
			c.Codes = append(c.Codes, code)
		}
	}
	d := &funnel.Table{Kind: t.Kind, Source: t.Source, Rows: len(c.Codes), Dict: t.Dict, Columns: []*funnel.Column{c}}
	return d, func(i int) int {
		if k, ok := row[id.Codes[i]]; ok {
			return k
		}
		return -1
	}
}
