package velocity

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Period is the length of the periods of a time series.
type Period int

// Periods. The zero value of Options.Period means Month.
const (
	Month   Period = iota + 1 // calendar month, label 2026-10
	Week                      // ISO 8601 week (Monday to Sunday), label 2026-W05
	Quarter                   // calendar quarter, label 2026-Q4
)

// String returns "month", "week" or "quarter".
func (p Period) String() string {
	switch p {
	case Month:
		return "month"
	case Week:
		return "week"
	case Quarter:
		return "quarter"
	}
	return fmt.Sprintf("Period(%d)", int(p))
}

// ParsePeriod reads "week", "month" or "quarter" (case-insensitive).
func ParsePeriod(s string) (Period, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "week", "weekly", "w":
		return Week, nil
	case "month", "monthly", "m":
		return Month, nil
	case "quarter", "quarterly", "q":
		return Quarter, nil
	}
	return 0, fmt.Errorf("unknown period %q (week, month or quarter)", s)
}

// ordinal numbers the periods consecutively: a month is y*12 + m-1, a
// quarter y*4 + (m-1)/3, and an ISO week the number of whole weeks from the
// Monday 1969-12-29 to its Monday. The calendar date is t's in its location.
func ordinal(p Period, t time.Time) int {
	y, m, d := t.Date()
	switch p {
	case Week:
		days := int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
		return floorDiv(days+3, 7) // 1970-01-01 (day 0) was a Thursday
	case Quarter:
		return y*4 + (int(m)-1)/3
	}
	return y*12 + int(m) - 1
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// periodStart returns the first instant of period ord in loc.
func periodStart(p Period, ord int, loc *time.Location) time.Time {
	switch p {
	case Week:
		monday := time.Unix(int64(ord*7-3)*86400, 0).UTC()
		return time.Date(monday.Year(), monday.Month(), monday.Day(), 0, 0, 0, 0, loc)
	case Quarter:
		return time.Date(floorDiv(ord, 4), time.Month(ord-floorDiv(ord, 4)*4)*3+1, 1, 0, 0, 0, 0, loc)
	}
	return time.Date(floorDiv(ord, 12), time.Month(ord-floorDiv(ord, 12)*12)+1, 1, 0, 0, 0, 0, loc)
}

// periodLabel returns the label of period ord: 2026-W05, 2026-10, 2026-Q4.
func periodLabel(p Period, ord int) string {
	switch p {
	case Week:
		y, w := periodStart(p, ord, time.UTC).ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	case Quarter:
		y := floorDiv(ord, 4)
		return fmt.Sprintf("%04d-Q%d", y, ord-y*4+1)
	}
	y := floorDiv(ord, 12)
	return fmt.Sprintf("%04d-%02d", y, ord-y*12+1)
}

// calendar maps Unix seconds to period indexes 0..n-1 (ordinals first ..
// first+n-1) in one location. Boundaries are the periods' first instants in
// that location, so a DST change or a leap day moves nothing: the calendar
// is local, durations stay exact seconds.
type calendar struct {
	unit   Period
	loc    *time.Location
	first  int
	starts []int64 // n+1 boundaries: starts[i] is the start of period first+i
}

func newCalendar(unit Period, loc *time.Location, first, last int) *calendar {
	c := &calendar{unit: unit, loc: loc, first: first, starts: make([]int64, 0, last-first+2)}
	for o := first; o <= last+1; o++ {
		c.starts = append(c.starts, periodStart(unit, o, loc).Unix())
	}
	return c
}

// n returns the number of periods.
func (c *calendar) n() int { return len(c.starts) - 1 }

// index returns the period index of t, or -1 outside the calendar.
func (c *calendar) index(t int64) int {
	i := sort.Search(len(c.starts), func(i int) bool { return c.starts[i] > t }) - 1
	if i < 0 || i >= c.n() {
		return -1
	}
	return i
}

// ordinalOf returns the ordinal of the period holding t (Unix seconds) in loc.
func ordinalOf(unit Period, t int64, loc *time.Location) int {
	return ordinal(unit, time.Unix(t, 0).In(loc))
}

// Ordinal returns the number of the period of p holding t (Unix seconds)
// in loc: consecutive periods have consecutive numbers. Ordinal, Start
// and Label give other analyses (signals) velocity's calendar.
func (p Period) Ordinal(t int64, loc *time.Location) int { return ordinalOf(p, t, loc) }

// Start returns the first instant (Unix seconds) of period ord in loc.
func (p Period) Start(ord int, loc *time.Location) int64 { return periodStart(p, ord, loc).Unix() }

// Label returns the name of period ord: 2026-W05, 2026-10, 2026-Q4.
func (p Period) Label(ord int) string { return periodLabel(p, ord) }
