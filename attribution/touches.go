package attribution

import (
	"fmt"
	"math"
	"slices"

	"github.com/funnel-analytics/funnel/funnel"
)

// TouchOptions tells FromTouches how to cut an event log into journeys.
type TouchOptions struct {
	// By is the column whose values are the channels: a role (channel,
	// campaign, activity_type) or a header; default "channel".
	By string
	// Entity is the role that identifies whose touches they are: lead_id or
	// account_id; default lead_id when the table has it, else account_id.
	Entity string
	// Lookback drops touches older than this many seconds before the
	// journey's end; 0 keeps every touch.
	Lookback int64
}

// FromTouches reads a touch event log with a converted flag (and value)
// into journeys. Each entity's touches are put in time order (ties keep file
// order); each converting row is the last touch of a journey that holds
// every touch of the entity since its previous converting row; the touches
// after the entity's last conversion form one non-converting (null)
// journey, which ends at its last touch. With a lookback, touches older
// than Lookback before the journey's end are dropped; a conversion left
// without touches is counted in Unattributed.
//
// A row without a By value is no touch (counted in a warning), but a
// converting row without one still ends its journey. A missing entity or
// time is an error naming the file, line and column.
func FromTouches(t *funnel.Table, opts TouchOptions) (*Journeys, error) {
	by, err := byColumn(t, opts.By)
	if err != nil {
		return nil, err
	}
	entity, err := entityColumn(t, opts.Entity)
	if err != nil {
		return nil, err
	}
	when, err := timeColumn(t, funnel.RoleOccurredAt)
	if err != nil {
		return nil, err
	}
	conv := t.Role(funnel.RoleConverted)
	if conv == nil || conv.Kind != funnel.KindBool {
		return nil, fmt.Errorf("%s: a touch event log needs a converted column (yes/no); for B2B journeys give --opportunities", t.Source)
	}
	valCol := t.Role(funnel.RoleValue)
	if valCol != nil && valCol.Kind != funnel.KindNumber {
		return nil, fmt.Errorf("%s: column %q: value must be numbers", t.Source, valCol.Name)
	}
	if opts.Lookback < 0 {
		return nil, fmt.Errorf("negative lookback")
	}
	ents := make([]int32, t.Rows)
	for i := range ents {
		e := entity.Codes[i]
		if e == funnel.NA {
			return nil, fmt.Errorf("%s: column %q: missing %s: %w", t.Where(i), entity.Name, entity.Role, ErrBadInput)
		}
		if when.Times[i] == funnel.NoTime {
			return nil, fmt.Errorf("%s: column %q: missing time: %w", t.Where(i), when.Name, ErrBadInput)
		}
		ents[i] = e
	}
	j := NewJourneys(byName(by, opts.By))
	if valCol != nil {
		j.Currency = valCol.Currency
	}
	j.Lookback = opts.Lookback
	chans := newChannelMap(t, by, j)
	var noChannel, noFlag, noValue int
	w := journeyWriter{j: j, lookback: opts.Lookback}
	grouped := groupRows(ents, when.Times)
	for g := 0; g < grouped.len(); g++ {
		for _, r := range grouped.rows(g) {
			i := int(r)
			c := chans.code(i)
			if c < 0 {
				noChannel++
			} else {
				w.touch(c, when.Times[i])
			}
			flag := conv.Bools[i]
			if flag < 0 {
				noFlag++
			}
			if flag == 1 {
				v := 0.0
				if valCol != nil {
					v = valCol.Nums[i]
					if math.IsNaN(v) {
						v = 0
						noValue++
					}
				}
				w.end(when.Times[i], true, v, nil)
			}
		}
		if len(w.seq) > 0 {
			w.end(w.times[len(w.times)-1], false, 0, nil)
		}
	}
	if w.err != nil {
		return nil, w.err
	}
	if noChannel > 0 {
		j.warnf("%s: %d touches without %s were left out", t.Source, noChannel, by.Name)
	}
	if noFlag > 0 {
		j.warnf("%s: %d touches without a converted flag were read as not converting", t.Source, noFlag)
	}
	if noValue > 0 {
		j.warnf("%s: %d conversions without a value were read as 0", t.Source, noValue)
	}
	j.NoteUnattributed()
	return j, nil
}

// journeyWriter collects the touches of the journey being read.
type journeyWriter struct {
	j        *Journeys
	lookback int64
	seq      []int32
	times    []int64
	err      error
}

func (w *journeyWriter) touch(c int32, at int64) {
	w.seq = append(w.seq, c)
	w.times = append(w.times, at)
}

// end closes the journey at time end: touches before end-lookback are
// dropped; a conversion without touches is counted as unattributed.
func (w *journeyWriter) end(end int64, converted bool, value float64, mk *Markers) {
	seq, times := w.seq, w.times
	if w.lookback > 0 {
		k := 0
		for k < len(times) && times[k] < end-w.lookback {
			k++
		}
		seq, times = seq[k:], times[k:]
		if mk != nil {
			mk = &Markers{max(mk.Lead-k, 0), max(mk.Opportunity-k, 0), max(mk.Won-k, 0)}
		}
	}
	if len(seq) == 0 {
		if converted {
			w.j.Unattributed++
			w.j.UnattributedValue += value
		}
	} else if w.err == nil {
		w.err = w.j.AddJourney(Journey{Channels: seq, Times: times, End: end, Converted: converted, Value: value, Markers: mk})
	}
	w.seq, w.times = w.seq[:0], w.times[:0]
}

// NoteUnattributed adds the warning that counts the conversions (or stage
// entries) left without a touch within the lookback, when there are any:
// every reader of journeys calls it once, at its end.
func (j *Journeys) NoteUnattributed() {
	if j.Unattributed > 0 && j.valueless {
		j.warnf("%d stage entries had no touch before them (lookback %s) and are left out of every total", j.Unattributed, FormatLookback(j.Lookback))
		return
	}
	if j.Unattributed > 0 {
		j.warnf("%d conversions (value %g) had no touch within the lookback window and are left out of every total", j.Unattributed, j.UnattributedValue)
	}
}

// groups holds row indexes grouped by entity (entities in order of first
// appearance), each group sorted by time with ties in file order.
type groups struct {
	order []int32 // row indexes, group by group
	start []int32 // group g is order[start[g]:start[g+1]]
	rank  []int32 // entity code -> group, -1 when the entity has no row
}

// groupRows groups the rows by entity code (rows with a negative code are
// left out) in linear time, then sorts the groups whose rows are out of
// time order.
func groupRows(ents []int32, times []int64) *groups {
	maxCode := int32(-1)
	for _, e := range ents {
		maxCode = max(maxCode, e)
	}
	g := &groups{rank: make([]int32, maxCode+1)}
	for i := range g.rank {
		g.rank[i] = -1
	}
	var counts []int32
	for _, e := range ents {
		if e < 0 {
			continue
		}
		if g.rank[e] < 0 {
			g.rank[e] = int32(len(counts))
			counts = append(counts, 0)
		}
		counts[g.rank[e]]++
	}
	g.start = make([]int32, len(counts)+1)
	for k, c := range counts {
		g.start[k+1] = g.start[k] + c
	}
	g.order = make([]int32, g.start[len(counts)])
	next := slices.Clone(g.start[:len(counts)])
	for i, e := range ents {
		if e < 0 {
			continue
		}
		k := g.rank[e]
		g.order[next[k]] = int32(i)
		next[k]++
	}
	for k := range counts {
		rows := g.rows(k)
		sorted := true
		for r := 1; r < len(rows); r++ {
			if times[rows[r]] < times[rows[r-1]] {
				sorted = false
				break
			}
		}
		if !sorted {
			slices.SortStableFunc(rows, func(a, b int32) int {
				switch {
				case times[a] < times[b]:
					return -1
				case times[a] > times[b]:
					return 1
				}
				return 0
			})
		}
	}
	return g
}

func (g *groups) len() int { return len(g.start) - 1 }

func (g *groups) rows(k int) []int32 { return g.order[g.start[k]:g.start[k+1]] }

// of returns the group of entity code e, or -1.
func (g *groups) of(e int32) int {
	if e < 0 || int(e) >= len(g.rank) {
		return -1
	}
	return int(g.rank[e])
}

// touchColumns returns the touches' --by column and their times, for the
// journeys that end at a milestone (opportunities, stage entries).
func touchColumns(tt *funnel.Table, by string, lookback int64) (byCol, when *funnel.Column, err error) {
	if byCol, err = byColumn(tt, by); err != nil {
		return nil, nil, err
	}
	if when, err = timeColumn(tt, funnel.RoleOccurredAt); err != nil {
		return nil, nil, err
	}
	if lookback < 0 {
		return nil, nil, fmt.Errorf("negative lookback")
	}
	return byCol, when, nil
}

// byColumn returns the column named by (a role or a header; default
// channel).
func byColumn(t *funnel.Table, by string) (*funnel.Column, error) {
	if by == "" {
		by = funnel.RoleChannel
	}
	c := t.Role(by)
	if c == nil {
		c = t.Named(by)
	}
	if c == nil {
		return nil, fmt.Errorf("%s: no column %q to attribute by (columns: %s)", t.Source, by, t.Headers())
	}
	return c, nil
}

// byName is the name of the by column in the output: the requested role
// or header, else the column's role.
func byName(c *funnel.Column, requested string) string {
	if requested != "" {
		return requested
	}
	if c.Role != "" {
		return c.Role
	}
	return c.Name
}

func entityColumn(t *funnel.Table, role string) (*funnel.Column, error) {
	if role == "" {
		if t.Has(funnel.RoleLeadID) {
			role = funnel.RoleLeadID
		} else {
			role = funnel.RoleAccountID
		}
	}
	c := t.Role(role)
	if c == nil || c.Kind != funnel.KindText {
		return nil, fmt.Errorf("%s: no %s column", t.Source, role)
	}
	return c, nil
}

func timeColumn(t *funnel.Table, role string) (*funnel.Column, error) {
	c := t.Role(role)
	if c == nil || c.Kind != funnel.KindTime {
		return nil, fmt.Errorf("%s: no %s time column", t.Source, role)
	}
	return c, nil
}

// channelMap maps the by value of a row to a channel code.
type channelMap struct {
	t    *funnel.Table
	col  *funnel.Column
	j    *Journeys
	byID []int32 // text columns: Dict code -> channel code + 1 (0 unknown)
}

func newChannelMap(t *funnel.Table, col *funnel.Column, j *Journeys) *channelMap {
	m := &channelMap{t: t, col: col, j: j}
	if col.Kind == funnel.KindText {
		m.byID = make([]int32, t.Dict.Len())
	}
	return m
}

// code returns the channel code of row i, or -1 when the row has no value.
func (m *channelMap) code(i int) int32 {
	if m.col.IsNA(i) {
		return -1
	}
	if m.byID != nil {
		d := m.col.Codes[i]
		if int(d) >= len(m.byID) {
			m.byID = append(m.byID, make([]int32, int(d)+1-len(m.byID))...)
		}
		if c := m.byID[d]; c > 0 {
			return c - 1
		}
		c := m.j.Channel(m.t.Dict.String(d))
		m.byID[d] = c + 1
		return c
	}
	return m.j.Channel(m.t.Text(m.col, i))
}
