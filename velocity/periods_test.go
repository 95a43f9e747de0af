package velocity

import (
	"testing"
	"time"
)

func TestPeriodLabels(t *testing.T) {
	t.Parallel()
	// ISO 8601 weeks (Go's time.ISOWeek agrees): 2021-01-03 is a Sunday of
	// 2020-W53; 2024-02-29 a Thursday of 2024-W09; 2026-01-01 a Thursday of
	// 2026-W01; 2027-01-01 a Friday of 2026-W53; 2024-12-30 a Monday of 2025-W01.
	cases := []struct {
		date   string
		unit   Period
		want   string
		starts string // first day of the period
	}{
		{"2021-01-03", Week, "2020-W53", "2020-12-28"},
		{"2024-02-29", Week, "2024-W09", "2024-02-26"},
		{"2026-01-01", Week, "2026-W01", "2025-12-29"},
		{"2027-01-01", Week, "2026-W53", "2026-12-28"},
		{"2024-12-30", Week, "2025-W01", "2024-12-30"},
		{"1969-12-31", Week, "1970-W01", "1969-12-29"},
		{"2024-02-29", Month, "2024-02", "2024-02-01"},
		{"2026-10-31", Month, "2026-10", "2026-10-01"},
		{"2026-10-31", Quarter, "2026-Q4", "2026-10-01"},
		{"2026-01-01", Quarter, "2026-Q1", "2026-01-01"},
		{"1969-05-01", Quarter, "1969-Q2", "1969-04-01"},
		{"1969-05-01", Month, "1969-05", "1969-05-01"},
	}
	for _, c := range cases {
		d, _ := time.Parse(time.DateOnly, c.date)
		o := ordinal(c.unit, d)
		if got := periodLabel(c.unit, o); got != c.want {
			t.Errorf("%s %v: label %s, want %s", c.date, c.unit, got, c.want)
		}
		if got := periodStart(c.unit, o, time.UTC).Format(time.DateOnly); got != c.starts {
			t.Errorf("%s %v: starts %s, want %s", c.date, c.unit, got, c.starts)
		}
	}
}

func TestParsePeriod(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Period{"week": Week, "Month": Month, "quarter": Quarter, " q ": Quarter} {
		if got, err := ParsePeriod(in); err != nil || got != want {
			t.Errorf("ParsePeriod(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParsePeriod("fortnight"); err == nil {
		t.Error("ParsePeriod(fortnight): no error")
	}
}

func TestCalendarDST(t *testing.T) {
	t.Parallel()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	// Berlin, March 2026: the clocks go from 02:00 CET to 03:00 CEST on
	// 2026-03-29, so the week 2026-W13 (03-23 .. 03-30) lasts 7 days - 1 hour.
	d, _ := time.Parse(time.DateOnly, "2026-03-25")
	o := ordinal(Week, d)
	c := newCalendar(Week, berlin, o, o)
	if got := c.starts[1] - c.starts[0]; got != 7*86400-3600 {
		t.Errorf("week 2026-W13 in Berlin lasts %d s, want %d", got, 7*86400-3600)
	}
	// 2026-03-29 22:30Z is 2026-03-30 00:30 CEST: week 2026-W14, not W13.
	c = newCalendar(Week, berlin, o, o+1)
	ts := time.Date(2026, 3, 29, 22, 30, 0, 0, time.UTC).Unix()
	if got := periodLabel(Week, c.first+c.index(ts)); got != "2026-W14" {
		t.Errorf("2026-03-29 22:30Z in Berlin: %s, want 2026-W14", got)
	}
}
