package speed

import (
	"fmt"
	"sort"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/velocity"
)

// touchTimes are the touches that matter to speed to lead, by lead code:
// the sales touches in time order and the first start touch.
type touchTimes struct {
	sales map[int32][]int64
	start map[int32]int64
}

// readTouches reads the sales touches and the first start touches before
// opts.AsOf: the start touches from ds.Touches, the sales touches from
// opts.Sales (every row) when it is set, else from ds.Touches. A touch of
// ds.Touches is one when its activity_type or its channel is one of the
// names (funnel.NameKey). A touch without a lead or a time is an error
// naming its row.
func readTouches(ds *funnel.Dataset, opts Options) (*touchTimes, error) {
	out := &touchTimes{sales: map[int32][]int64{}, start: map[int32]int64{}}
	salesNames := opts.SalesTouch
	if opts.Sales != nil {
		salesNames = nil
		if err := out.read(opts.Sales, nil, nil, true, opts.AsOf); err != nil {
			return nil, err
		}
	}
	if len(salesNames) > 0 || len(opts.StartTouch) > 0 {
		if ds.Touches == nil {
			return nil, fmt.Errorf("speed to lead needs touches: %w", ErrBadInput)
		}
		if err := out.read(ds.Touches, salesNames, opts.StartTouch, false, opts.AsOf); err != nil {
			return nil, err
		}
	}
	for _, ts := range out.sales {
		sort.Slice(ts, func(a, b int) bool { return ts[a] < ts[b] })
	}
	return out, nil
}

// read adds the touches of tt to out: its sales touches (every row when
// allSales, else the rows matching salesNames) and its start touches.
func (out *touchTimes) read(tt *funnel.Table, salesNames, startNames []string, allSales bool, asOf int64) error {
	lead, when := tt.Role(funnel.RoleLeadID), tt.Role(funnel.RoleOccurredAt)
	if lead == nil || lead.Kind != funnel.KindText || when == nil || when.Kind != funnel.KindTime {
		return fmt.Errorf("%s: speed to lead needs lead_id and occurred_at (columns: %s): %w", tt.Source, tt.Headers(), ErrBadInput)
	}
	cols := []*funnel.Column{tt.Role(funnel.RoleActivityType), tt.Role(funnel.RoleChannel)}
	if !allSales && cols[0] == nil && cols[1] == nil {
		return fmt.Errorf("%s: no activity_type or channel column to tell sales touches: %w", tt.Source, ErrBadInput)
	}
	sales, start := funnel.NewMatcher(tt, cols, salesNames), funnel.NewMatcher(tt, cols, startNames)
	for i := 0; i < tt.Rows; i++ {
		isSales, isStart := allSales || sales.Match(i), start.Match(i)
		if !isSales && !isStart {
			continue
		}
		e, t := lead.Codes[i], when.Times[i]
		if e == funnel.NA {
			return fmt.Errorf("%s: column %q: missing lead_id: %w", tt.Where(i), lead.Name, ErrBadInput)
		}
		if t == funnel.NoTime {
			return fmt.Errorf("%s: column %q: missing time: %w", tt.Where(i), when.Name, ErrBadInput)
		}
		if asOf != 0 && t >= asOf {
			continue
		}
		if isSales {
			out.sales[e] = append(out.sales[e], t)
		}
		if old, ok := out.start[e]; isStart && (!ok || t < old) {
			out.start[e] = t
		}
	}
	return nil
}

// build makes the started leads: their start, delay, outcomes, owner and
// source, in order of lead code.
func (r *Result) build(ds *funnel.Dataset, reach map[int32][]int64, ix stageIndexes, tch *touchTimes, owner, source func(int32) string) {
	opts := r.Opts
	starts := map[int32]int64{}
	if ix.start >= 0 {
		for e, at := range reach {
			if t := at[ix.start]; t != funnel.NoTime && (opts.AsOf == 0 || t < opts.AsOf) {
				starts[e] = t
			}
		}
	} else {
		starts = tch.start
	}
	ids := make([]int32, 0, len(starts))
	for e := range starts {
		ids = append(ids, e)
	}
	sort.Slice(ids, func(a, b int) bool { return ids[a] < ids[b] })
	for _, e := range ids {
		s := starts[e]
		ld := Lead{ID: ds.Dict.String(e), Start: s, Delay: -1, SQL: -1, Opportunity: -1}
		ts := tch.sales[e]
		if k := sort.Search(len(ts), func(k int) bool { return ts[k] >= s }); k < len(ts) {
			ld.Delay = ts[k] - s
		} else if len(ts) > 0 {
			r.SalesBefore++
		}
		if ix.sql >= 0 {
			ld.SQL = outcome(reach[e], ix.sql, s, opts.AsOf)
		}
		if ix.opp >= 0 {
			ld.Opportunity = outcome(reach[e], ix.opp, s, opts.AsOf)
		}
		ld.Owner, ld.Source = owner(e), source(e)
		r.Leads = append(r.Leads, ld)
		r.Month = append(r.Month, velocity.Month.Ordinal(s, opts.Location))
	}
	if r.SalesBefore > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%d leads had sales touches only before their start (%s): counted as without a sales touch", r.SalesBefore, r.StartName))
	}
}

// outcome is 1 when at[k] (the first time at stage k or above) is at or
// after start and before asOf, 0 when it is not there by asOf, -1 when it
// came before the start.
func outcome(at []int64, k int, start, asOf int64) int8 {
	if at == nil {
		return 0
	}
	t := at[k]
	switch {
	case t == funnel.NoTime || (asOf != 0 && t >= asOf):
		return 0
	case t < start:
		return -1
	}
	return 1
}

// leadColumns returns the owner and source of a lead code, from the
// leads' columns Opts.Owner and Opts.Source (or the usual headers); ""
// when there is none. A column named that the leads do not have is an
// error listing their headers.
func (r *Result) leadColumns(ds *funnel.Dataset) (owner, source func(int32) string, err error) {
	none := func(int32) string { return "" }
	owner, source = none, none
	lt := ds.Leads
	if lt == nil || lt.Role(funnel.RoleLeadID) == nil || lt.Role(funnel.RoleLeadID).Kind != funnel.KindText {
		if r.Opts.Owner != "" || r.Opts.Source != "" {
			return none, none, fmt.Errorf("--owner and --source name columns of the leads (with lead_id): %w", ErrBadInput)
		}
		return none, none, nil
	}
	id := lt.Role(funnel.RoleLeadID)
	rowOf := velocity.JoinIndex(lt, lt, id)
	col := func(name string, usual ...string) (func(int32) string, bool) {
		var c *funnel.Column
		if name != "" {
			c = lt.Named(name)
		}
		for _, u := range usual {
			if c == nil && name == "" {
				c = lt.Named(u)
			}
		}
		if c == nil {
			return none, false
		}
		return func(e int32) string {
			if int(e) >= len(rowOf) || rowOf[e] < 0 {
				return ""
			}
			return strings.TrimSpace(lt.Text(c, int(rowOf[e])))
		}, true
	}
	owner, r.HasOwner = col(r.Opts.Owner, "owner", "lead_owner", "owner_name")
	source, r.HasSource = col(r.Opts.Source, "lead_source", "source")
	for _, c := range []struct {
		name string
		ok   bool
	}{{r.Opts.Owner, r.HasOwner}, {r.Opts.Source, r.HasSource}} {
		if c.name != "" && !c.ok {
			return none, none, fmt.Errorf("%s: no column %q (columns: %s): %w", lt.Source, c.name, lt.Headers(), ErrBadInput)
		}
	}
	return owner, source, nil
}

func joinNames(names []string) string { return strings.Join(names, ", ") }
