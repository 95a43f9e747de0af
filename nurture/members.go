package nurture

import (
	"fmt"
	"math"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// members marks the program's members (Options.Program, ProgramColumn,
// Enrollments) and names the program; false when none is named.
func (r *Result) members(ds *funnel.Dataset, index []int32) (bool, error) {
	o := r.Opts
	switch {
	case o.ProgramColumn != "":
		lt := ds.Leads
		c := lt.Named(o.ProgramColumn)
		if lt == nil || c == nil {
			src, headers := "the leads", ""
			if lt != nil {
				src, headers = lt.Source, " (columns: "+lt.Headers()+")"
			}
			return false, fmt.Errorf("%s: no column %q for --program-column%s: %w", src, o.ProgramColumn, headers, ErrBadInput)
		}
		r.ProgramName = "leads column " + c.Name
		for i := range r.leads {
			if ld := &r.leads[i]; ld.row >= 0 {
				ld.member = isMember(lt, c, int(ld.row))
			}
		}
		return true, nil
	case len(o.Program) > 0:
		r.ProgramName = "campaign " + strings.Join(o.Program, ", ")
		for _, t := range []*funnel.Table{ds.Touches, o.Enrollments} {
			if err := r.enrolled(t, index, o.Program); err != nil {
				return false, err
			}
		}
		return true, nil
	case o.Enrollments != nil:
		r.ProgramName = "the enrollments of " + o.Enrollments.Source
		return true, r.enrolled(o.Enrollments, index, nil)
	}
	return false, nil
}

// isMember reads a program column's value: set and not false, 0 or no.
func isMember(t *funnel.Table, c *funnel.Column, i int) bool {
	switch c.Kind {
	case funnel.KindBool:
		return c.Bools[i] == 1
	case funnel.KindNumber:
		return !math.IsNaN(c.Nums[i]) && c.Nums[i] != 0
	case funnel.KindTime:
		return c.Times[i] != funnel.NoTime
	}
	if c.Codes[i] == funnel.NA {
		return false
	}
	switch funnel.NameKey(t.Text(c, i)) {
	case "", "false", "0", "no", "n", "none":
		return false
	}
	return true
}

// enrolled marks the leads of t (before AsOf) whose campaign is one of
// names (all of t's leads when names is nil). A row without a lead is an
// error naming it.
func (r *Result) enrolled(t *funnel.Table, index []int32, names []string) error {
	if t == nil {
		return nil
	}
	id, when, camp := t.Role(funnel.RoleLeadID), t.TimeRole(funnel.RoleOccurredAt), t.Role(funnel.RoleCampaign)
	if id == nil || id.Kind != funnel.KindText {
		return fmt.Errorf("%s: the program's enrollments need lead_id (columns: %s): %w", t.Source, t.Headers(), ErrBadInput)
	}
	var match *funnel.Matcher
	if names != nil {
		if camp == nil {
			return fmt.Errorf("%s: no campaign column to find --program in (columns: %s): %w", t.Source, t.Headers(), ErrBadInput)
		}
		match = funnel.NewMatcher(t, []*funnel.Column{camp}, names)
	}
	for i := 0; i < t.Rows; i++ {
		if match != nil && !match.Match(i) {
			continue
		}
		c := id.Codes[i]
		if c == funnel.NA {
			return fmt.Errorf("%s: column %q: missing lead_id: %w", t.Where(i), id.Name, ErrBadInput)
		}
		if when != nil && when.Times[i] != funnel.NoTime && when.Times[i] >= r.Opts.AsOf {
			continue
		}
		if int(c) < len(index) && index[c] >= 0 {
			r.leads[index[c]].member = true
		}
	}
	return nil
}

// costs reads the costs table: the program's cost (rows whose campaign
// is one of Opts.Program) and, per leads row, its acquisition cost: the
// cost of the other rows of the channel that is the lead's source,
// shared evenly by the leads of that source (NaN: no cost row). Nil
// without costs.
func (r *Result) costs(ds *funnel.Dataset) (func(i int) float64, float64, error) {
	t := ds.Costs
	if t == nil {
		return nil, 0, nil
	}
	if _, err := funnel.CostsFromTable(t, funnel.RoleChannel); err != nil {
		return nil, 0, fmt.Errorf("%w: %w", err, ErrBadInput)
	}
	lt := ds.Leads
	src := lt.Named("lead_source")
	if src == nil {
		src = lt.Named("source")
	}
	if src == nil {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%s: no lead_source or source column to price the leads by: the cost per lead reaching %s is left out", lt.Source, r.Opts.Outcome))
		return nil, 0, nil
	}
	ch, cost, camp := t.Role(funnel.RoleChannel), t.Role(funnel.RoleCost), t.Role(funnel.RoleCampaign)
	var prog *funnel.Matcher
	if camp != nil && len(r.Opts.Program) > 0 {
		prog = funnel.NewMatcher(t, []*funnel.Column{camp}, r.Opts.Program)
	}
	byChannel := map[string]float64{}
	program := 0.0
	for i := 0; i < t.Rows; i++ {
		if prog != nil && prog.Match(i) {
			program += cost.Nums[i]
			continue
		}
		byChannel[funnel.NameKey(t.Text(ch, i))] += cost.Nums[i]
	}
	leads := map[string]int{}
	for _, ld := range r.leads {
		if ld.row >= 0 {
			leads[funnel.NameKey(lt.Text(src, int(ld.row)))]++
		}
	}
	return func(i int) float64 {
		k := funnel.NameKey(lt.Text(src, i))
		c, ok := byChannel[k]
		if !ok {
			return math.NaN()
		}
		return c / float64(leads[k])
	}, program, nil
}
