package experiment

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/funnel-analytics/funnel/accounts"
	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/market"
)

// Arm is one arm of the test: its units, their conversions and the rate
// with its Wilson interval at Conf.
type Arm struct {
	Name               string
	Units, Conversions int
	Rate, Low, High    float64
	// First and Last are the earliest and latest entry of its units
	// (funnel.NoTime when none is known).
	First, Last int64
	Dated       int // units with a known entry date
}

// Comparison is a treatment arm against the control.
type Comparison struct {
	Arm string
	// Uplift is rate - control rate, with Newcombe's hybrid score interval.
	Uplift, UpliftLow, UpliftHigh float64
	// Ratio is rate / control rate with its Katz log interval
	// (accounts.RiskRatio; Corrected when a zero count took 0.5).
	Ratio, RatioLow, RatioHigh float64
	Corrected                  bool
	// Z is the pooled z statistic (NaN under Fisher's test); P the
	// two-sided p-value of Test ("z", or "fisher" when an expected count
	// is under 5); PAdjusted is Holm's over the treatment arms (P itself
	// when there is one).
	Z, P, PAdjusted float64
	Test            string
	Significant     bool // PAdjusted < Alpha
	// SequentialSignificant: P below the nominal level of the O'Brien-
	// Fleming boundary at the test's information fraction (Plan).
	SequentialSignificant bool
}

// Plan is the size the test needs and how far it has come.
type Plan struct {
	// OK is false when no plan could be made (Reason says why).
	OK     bool
	Reason string
	// ControlRate is the observed control rate, TargetRate the rate the
	// MDE plans to detect; Alpha the level of the plan: Options.Alpha over
	// the number of treatment arms (Holm's first step).
	ControlRate, TargetRate, Alpha float64
	// PerArm is the units each arm needs (SampleSize, rounded up).
	PerArm int
	// Fraction is the information fraction: the smallest arm's units over
	// PerArm, at most 1; Boundary the O'Brien-Fleming |z| of a first look
	// there, and NominalAlpha its two-sided nominal level.
	Fraction, Boundary, NominalAlpha float64
	// Peeking: an arm has fewer units than PerArm.
	Peeking bool
	// Traffic: units entering per week over the days from the first entry
	// to the last, plus a day ((last - first + 1 day) / 7 days), the weeks that took, the weeks the
	// planned units need at that traffic, and those left (HasTraffic false
	// when no entry date is known).
	HasTraffic                                     bool
	UnitsPerWeek, WeeksRun, WeeksNeeded, WeeksLeft float64
}

// Result is what Analyze found.
type Result struct {
	Opts        Options
	Source      string // the assignments' file
	Outcome     string // "reached stage sql", "column converted"
	Arms        []Arm  // the control first, then the others by name
	Comparisons []Comparison
	Plan        Plan
	Warnings    []string
}

// unitAgg is one unit being aggregated from its rows.
type unitAgg struct {
	arm     string
	row     int   // its first row
	outcome int8  // max over its rows' outcomes: 1, 0, -1 none known
	entered int64 // earliest known entry
}

// aggregate groups the rows into units and the units into arms: a unit in
// two arms is an error naming both rows; rows without an arm, units
// without an outcome and units that entered at or after the as-of time
// are left out, counted in warnings.
func (r *Result) aggregate(rs *rows) ([]Arm, error) {
	t, opts := rs.t, r.Opts
	index := map[int64]int{}
	var us []unitAgg
	noArm, repeated := 0, 0
	for i := 0; i < t.Rows; i++ {
		arm := strings.TrimSpace(t.Text(rs.group, i))
		if arm == "" {
			noArm++
			continue
		}
		k, seen := index[rs.key[i]]
		if !seen {
			k = len(us)
			index[rs.key[i]] = k
			us = append(us, unitAgg{arm: arm, row: i, outcome: -1, entered: funnel.NoTime})
		} else if u := &us[k]; u.arm != arm {
			return nil, fmt.Errorf("%s: column %q: %s %s is in arm %q here and in arm %q at %s; a unit belongs to one arm: %w",
				t.Where(i), rs.group.Name, opts.Unit, rs.keyName(i), arm, u.arm, t.Where(u.row), ErrBadInput)
		} else if opts.Unit == UnitLead {
			repeated++
		}
		u := &us[k]
		if y := int8(rs.outcome[i]); y > u.outcome {
			u.outcome = y
		}
		if e := rs.entered[i]; e != funnel.NoTime && (u.entered == funnel.NoTime || e < u.entered) {
			u.entered = e
		}
	}
	byArm := map[string]*Arm{}
	noOutcome, late := 0, 0
	for _, u := range us {
		if opts.AsOf != 0 && u.entered != funnel.NoTime && u.entered >= opts.AsOf {
			late++
			continue
		}
		if u.outcome < 0 {
			noOutcome++
			continue
		}
		a := byArm[u.arm]
		if a == nil {
			a = &Arm{Name: u.arm, First: funnel.NoTime, Last: funnel.NoTime}
			byArm[u.arm] = a
		}
		a.Units++
		a.Conversions += int(u.outcome)
		if e := u.entered; e != funnel.NoTime {
			a.Dated++
			if a.First == funnel.NoTime || e < a.First {
				a.First = e
			}
			a.Last = max(a.Last, e)
		}
	}
	for _, w := range []struct {
		n    int
		what string
	}{{noArm, fmt.Sprintf("rows of %s without an arm (column %q) left out", t.Source, rs.group.Name)},
		{repeated, fmt.Sprintf("rows of %s repeat a lead already in the same arm: counted once", t.Source)},
		{noOutcome, fmt.Sprintf("%ss without an outcome (%s) left out", opts.Unit, r.Outcome)},
		{late, fmt.Sprintf("%ss that entered the test at or after the as-of time left out", opts.Unit)}} {
		if w.n > 0 {
			r.Warnings = append(r.Warnings, fmt.Sprintf("%d %s", w.n, w.what))
		}
	}
	return r.order(byArm, rs)
}

// order puts the control first and the other arms after it by name; a
// test needs two arms and a control among them.
func (r *Result) order(byArm map[string]*Arm, rs *rows) ([]Arm, error) {
	names := make([]string, 0, len(byArm))
	for n := range byArm {
		names = append(names, n)
	}
	sort.Strings(names)
	where := fmt.Sprintf("%s: column %q", rs.t.Source, rs.group.Name)
	if len(names) < 2 {
		return nil, fmt.Errorf("%s: a single arm (%s) with outcomes; a test compares two or more: %w", where, strings.Join(names, ", "), ErrBadInput)
	}
	control := -1
	if r.Opts.Control != "" {
		control = slices.Index(names, r.Opts.Control)
		if control < 0 {
			control = slices.IndexFunc(names, func(n string) bool { return strings.EqualFold(n, r.Opts.Control) })
		}
		if control < 0 {
			return nil, fmt.Errorf("%s: no arm %q (--control) among the arms with outcomes: %s: %w", where, r.Opts.Control, strings.Join(names, ", "), ErrBadInput)
		}
	} else {
		for _, usual := range []string{"control", "holdout", "a"} {
			if control = slices.IndexFunc(names, func(n string) bool { return funnel.NameKey(n) == usual }); control >= 0 {
				break
			}
		}
		if control < 0 {
			return nil, fmt.Errorf("%s: no arm is named control, holdout or A; name the control with --control (arms: %s): %w", where, strings.Join(names, ", "), ErrBadInput)
		}
	}
	arms := []Arm{*byArm[names[control]]}
	for i, n := range names {
		if i != control {
			arms = append(arms, *byArm[n])
		}
	}
	return arms, nil
}

// compare fills the arms' rates and each treatment arm's comparison with
// the control.
func (r *Result) compare(arms []Arm) {
	for i := range arms {
		a := &arms[i]
		a.Rate = float64(a.Conversions) / float64(a.Units)
		a.Low, a.High = market.Wilson(a.Conversions, a.Units, Conf)
	}
	r.Arms = arms
	c := arms[0]
	p := make([]float64, 0, len(arms)-1)
	for _, a := range arms[1:] {
		cmp := Comparison{Arm: a.Name, Test: "z"}
		cmp.Uplift, cmp.UpliftLow, cmp.UpliftHigh = Newcombe(a.Conversions, a.Units, c.Conversions, c.Units, Conf)
		cmp.Ratio, cmp.RatioLow, cmp.RatioHigh, cmp.Corrected = accounts.RiskRatio(a.Conversions, a.Units, c.Conversions, c.Units)
		cmp.Z, cmp.P = ZTest(a.Conversions, a.Units, c.Conversions, c.Units)
		if SmallCounts(a.Conversions, a.Units, c.Conversions, c.Units) {
			cmp.Test, cmp.Z, cmp.P = "fisher", math.NaN(), Fisher(a.Conversions, a.Units, c.Conversions, c.Units)
		}
		if cmp.Corrected {
			r.Warnings = append(r.Warnings, fmt.Sprintf("arm %s or the control has no conversions: the ratio's interval adds 0.5 to every cell", a.Name))
		}
		r.Comparisons = append(r.Comparisons, cmp)
		p = append(p, cmp.P)
	}
	adj := p
	if len(p) > 1 {
		adj = Holm(p)
	}
	for i := range r.Comparisons {
		r.Comparisons[i].PAdjusted = adj[i]
		r.Comparisons[i].Significant = adj[i] < r.Opts.Alpha
	}
}
