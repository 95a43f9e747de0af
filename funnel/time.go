package funnel

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// NoTime marks a missing timestamp in a time column.
const NoTime int64 = math.MinInt64

// SecondsPerDay is the number of seconds in a day of 24 hours.
const SecondsPerDay = 86400

// Days returns the exact fractional days from a to b (Unix seconds):
//
//	days = (b - a) / 86400
func Days(a, b int64) float64 {
	return float64(b-a) / SecondsPerDay
}

// EndOfDay returns the end (the next midnight) of the day holding t in loc
// (nil: UTC), or 0 for NoTime.
func EndOfDay(t int64, loc *time.Location) int64 {
	if t == NoTime {
		return 0
	}
	if loc == nil {
		loc = time.UTC
	}
	d := time.Unix(t, 0).In(loc)
	return time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc).Unix()
}

// CompleteThrough returns the time through which inputs whose latest
// timestamp is latest are taken as complete (velocity's default as-of and
// the report's last complete month): the end (the next midnight in loc)
// of latest's day, as an export pulled on November 1 holds every event of
// October 31, so that October is a complete month; but no later than the
// end of the day after now (a day's slack for time zones), so that a date
// in the future, such as a typo in the year (2099), does not stretch a
// series to it. 0 for NoTime.
func CompleteThrough(latest int64, loc *time.Location, now time.Time) int64 {
	if latest == NoTime {
		return 0
	}
	return min(EndOfDay(latest, loc), EndOfDay(now.Unix()+SecondsPerDay, loc))
}

// UTC returns the Unix-seconds timestamp t as a time.Time in UTC.
func UTC(t int64) time.Time { return time.Unix(t, 0).UTC() }

// FormatTime writes t as "2006-01-02" when dateOnly, else as
// "2006-01-02 15:04:05" (UTC); NoTime gives "".
func FormatTime(t int64, dateOnly bool) string {
	if t == NoTime {
		return ""
	}
	if dateOnly {
		return UTC(t).Format(time.DateOnly)
	}
	return UTC(t).Format(time.DateTime)
}

// FormatDays writes a span of s seconds in days as ParseDuration reads
// it back ("30d", "1.5d"), or "none" when s is 0, which options use for
// no span (no window, no decay).
func FormatDays(s int64) string {
	if s == 0 {
		return "none"
	}
	return fmt.Sprintf("%gd", float64(s)/SecondsPerDay)
}

// ParseDuration reads a duration as analysts write it: a number followed by
// a unit, s, m (minutes), h, d (days) or w (weeks): "90d", "7d", "12h",
// "2w", "1.5d". A bare number is days. It returns seconds.
func ParseDuration(s string) (int64, error) {
	t := strings.TrimSpace(strings.ToLower(s))
	if t == "" {
		return 0, fmt.Errorf("empty duration")
	}
	unit := float64(SecondsPerDay)
	switch t[len(t)-1] {
	case 's':
		unit, t = 1, t[:len(t)-1]
	case 'm':
		unit, t = 60, t[:len(t)-1]
	case 'h':
		unit, t = 3600, t[:len(t)-1]
	case 'd':
		t = t[:len(t)-1]
	case 'w':
		unit, t = 7*SecondsPerDay, t[:len(t)-1]
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return 0, fmt.Errorf("cannot read %q as a duration (use e.g. 90d, 12h, 2w)", s)
	}
	sec := v * unit
	if sec > 1e15 {
		return 0, fmt.Errorf("duration %q is too long", s)
	}
	return int64(math.Round(sec)), nil
}
