package report

import (
	"fmt"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
)

// Month is one calendar month in a time zone: [Start, End).
type Month struct {
	Start, End time.Time
}

// MonthOf returns the month holding t in t's location.
func MonthOf(t time.Time) Month {
	start := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, t.Location())
	return Month{Start: start, End: start.AddDate(0, 1, 0)}
}

// ParseMonth reads a month written as 2026-10, in loc (nil means UTC).
func ParseMonth(s string, loc *time.Location) (Month, error) {
	if loc == nil {
		loc = time.UTC
	}
	t, err := time.ParseInLocation("2006-01", s, loc)
	if err != nil {
		return Month{}, fmt.Errorf("month %q: want a month such as 2026-10, or last", s)
	}
	return MonthOf(t), nil
}

// LastComplete returns the latest month that ends at or before through
// (Unix seconds) in loc: the time the data are complete through, which
// funnel.CompleteThrough gives (the end of the latest timestamp's day, as
// velocity takes it), so that an export pulled on November 1 with events
// of October 31 makes October complete.
func LastComplete(through int64, loc *time.Location) Month {
	if loc == nil {
		loc = time.UTC
	}
	m := MonthOf(time.Unix(through, 0).In(loc))
	if m.End.Unix() > through {
		m = m.Prev()
	}
	return m
}

// String returns the month as 2026-10.
func (m Month) String() string { return m.Start.Format("2006-01") }

// Prev returns the month before m.
func (m Month) Prev() Month { return MonthOf(m.Start.AddDate(0, -1, 0)) }

// Contains reports whether the Unix time t falls in the month.
func (m Month) Contains(t int64) bool {
	return t != funnel.NoTime && t >= m.Start.Unix() && t < m.End.Unix()
}
