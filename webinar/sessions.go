package webinar

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// MaxSpan is the longest a webinar may last from its first join to its
// last leave: a longer one holds a date typo (see the package doc).
const MaxSpan = 24 * 3600

// interval is one merged stretch of a person's presence, [join, leave).
type interval struct {
	join, leave int64
	at          string // the row of the (first) session, file:line
}

// person is one registrant of one webinar.
type person struct {
	email     string // as first written
	line      string // where the person's first row is (file:line)
	intervals []interval
}

// event gathers the people of one webinar.
type event struct {
	name   string
	people []*person
	byKey  map[string]*person
	start  int64
	end    int64
}

// rowIssues counts the rows set aside or changed, by kind, with the
// first row of each kind.
type rowIssues struct {
	count map[string]int
	first map[string]string
	order []string
}

func (r *rowIssues) add(kind, where string) {
	if r.count == nil {
		r.count, r.first = map[string]int{}, map[string]string{}
	}
	if r.count[kind] == 0 {
		r.order = append(r.order, kind)
		r.first[kind] = where
	}
	r.count[kind]++
}

// warnings returns one warning per kind: "N rows <kind> (first at file:line)".
func (r *rowIssues) warnings() []string {
	var out []string
	for _, k := range r.order {
		n := r.count[k]
		out = append(out, fmt.Sprintf("%d %s %s (the first at %s)", n, plural(n, "row", "rows"), k, r.first[k]))
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// collect reads the attendee table into webinars, in the order they first
// appear, with each person's raw sessions (not merged yet).
func collect(t *funnel.Table, issues *rowIssues) ([]*event, error) {
	email := t.Role(funnel.RoleEmail)
	if email == nil || email.Kind != funnel.KindText {
		return nil, fmt.Errorf("webinar: %s has no email column (Email, Email Address)", t.Source)
	}
	name := t.Role(funnel.RoleWebinar)
	join, leave := t.TimeRole(funnel.RoleJoinedAt), t.TimeRole(funnel.RoleLeftAt)
	if join == nil {
		return nil, fmt.Errorf("webinar: %s has no join time column (Join Time)", t.Source)
	}
	if leave == nil && !t.Has(funnel.RoleMinutes) {
		return nil, fmt.Errorf("webinar: %s has neither a leave time (Leave Time) nor a time in session (Time in Session (minutes))", t.Source)
	}
	minutes := t.Role(funnel.RoleMinutes)
	var events []*event
	byName := map[string]*event{}
	for i := 0; i < t.Rows; i++ {
		if email.IsNA(i) {
			issues.add("without an email set aside", t.Where(i))
			continue
		}
		wn := ""
		if name != nil {
			wn = t.Text(name, i)
		}
		ev := byName[wn]
		if ev == nil {
			ev = &event{name: wn, byKey: map[string]*person{}}
			byName[wn] = ev
			events = append(events, ev)
		}
		addr := t.Text(email, i)
		key := strings.ToLower(strings.TrimSpace(addr))
		p := ev.byKey[key]
		if p == nil {
			p = &person{email: addr, line: t.Where(i)}
			ev.byKey[key] = p
			ev.people = append(ev.people, p)
		}
		j := join.Times[i]
		if j == funnel.NoTime {
			continue // a registration without a session
		}
		l := funnel.NoTime
		if leave != nil {
			l = leave.Times[i]
		}
		if l == funnel.NoTime && minutes != nil && minutes.Kind == funnel.KindNumber && !minutes.IsNA(i) {
			l = j + int64(minutes.Nums[i]*60+0.5)
		}
		switch {
		case l == funnel.NoTime:
			issues.add("with a join time but no leave time set aside", t.Where(i))
			continue
		case l < j:
			issues.add("whose leave time is before its join time set aside", t.Where(i))
			continue
		}
		p.intervals = append(p.intervals, interval{j, l, t.Where(i)})
	}
	return events, nil
}

// merge sorts and merges each person's sessions into disjoint intervals,
// counting the overlapping ones.
func (ev *event) merge(issues *rowIssues) {
	for _, p := range ev.people {
		if len(p.intervals) < 2 {
			continue
		}
		slices.SortFunc(p.intervals, func(a, b interval) int {
			return cmp.Or(cmp.Compare(a.join, b.join), cmp.Compare(a.leave, b.leave))
		})
		out := p.intervals[:1]
		for _, iv := range p.intervals[1:] {
			last := &out[len(out)-1]
			if iv.join <= last.leave {
				if iv.join < last.leave {
					issues.add(fmt.Sprintf("overlapping another session of the same person merged (webinar %q)", ev.name), iv.at)
				}
				last.leave = max(last.leave, iv.leave)
				continue
			}
			out = append(out, iv)
		}
		p.intervals = out
	}
}

// span sets the webinar's start and end (see the package doc) and, with a
// given start, sets aside or clips the sessions outside it.
func (ev *event) span(start, length int64, issues *rowIssues) error {
	first, last := int64(0), int64(0)
	var lastAt string
	any := false
	for _, p := range ev.people {
		for _, iv := range p.intervals {
			if !any || iv.join < first {
				first = iv.join
			}
			if !any || iv.leave > last {
				last, lastAt = iv.leave, iv.at
			}
			any = true
		}
	}
	if !any {
		return fmt.Errorf("webinar: webinar %q has no session with a join time: nobody attended, or the join times are missing", ev.name)
	}
	given := start != funnel.NoTime
	if !given {
		start = first - ((first%60)+60)%60
	}
	end := last
	if length > 0 {
		end = start + length
	}
	if !given && end-start > MaxSpan {
		return fmt.Errorf("webinar: webinar %q spans %.1f hours from its first join (%s) to its last leave (%s, at %s): a date typo? give --start and --length",
			ev.name, float64(end-start)/3600, funnel.FormatTime(first, false), funnel.FormatTime(last, false), lastAt)
	}
	ev.start, ev.end = start, end
	if !given && length == 0 {
		return nil
	}
	for _, p := range ev.people {
		kept := p.intervals[:0]
		for _, iv := range p.intervals {
			switch {
			case iv.leave <= start || iv.join >= end:
				issues.add(fmt.Sprintf("outside the webinar %q (%s to %s) set aside", ev.name, funnel.FormatTime(start, false), funnel.FormatTime(end, false)), iv.at)
				continue
			case iv.join < start || iv.leave > end:
				issues.add(fmt.Sprintf("crossing a bound of the webinar %q clipped to it", ev.name), iv.at)
				iv.join, iv.leave = max(iv.join, start), min(iv.leave, end)
			}
			kept = append(kept, iv)
		}
		p.intervals = kept
	}
	return nil
}

// minutes returns the time p was present, in minutes.
func (p *person) minutes() float64 {
	var s int64
	for _, iv := range p.intervals {
		s += iv.leave - iv.join
	}
	return float64(s) / 60
}
