package report

import (
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
)

func TestLastComplete(t *testing.T) {
	t.Parallel()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no tz database")
	}
	for _, tc := range []struct {
		latest string
		loc    *time.Location
		want   string
	}{
		// A timestamp on the last day of October completes October.
		{"2026-10-31T00:00:00Z", time.UTC, "2026-10"},
		{"2026-10-31T23:59:59Z", time.UTC, "2026-10"},
		// November 1: October is the latest complete month.
		{"2026-11-01T09:00:00Z", time.UTC, "2026-10"},
		// October 30: October is not complete yet, September is.
		{"2026-10-30T12:00:00Z", time.UTC, "2026-09"},
		// 2026-11-01 02:00 UTC is still October 31 in New York.
		{"2026-11-01T02:00:00Z", ny, "2026-10"},
		// Leap day closes February 2028.
		{"2028-02-29T08:00:00Z", time.UTC, "2028-02"},
		// January: the complete month is December of the year before.
		{"2027-01-15T00:00:00Z", time.UTC, "2026-12"},
	} {
		at, _ := time.Parse(time.RFC3339, tc.latest)
		m := LastComplete(funnel.EndOfDay(at.Unix(), tc.loc), tc.loc)
		if m.String() != tc.want {
			t.Errorf("LastComplete(end of %s's day, %v) = %v; want %s", tc.latest, tc.loc, m, tc.want)
		}
	}
	// A typo dated 2099 among data of October 2026, the report run on
	// November 5: the data are complete through the end of November 6,
	// so October is the last complete month (the cron job does not ask
	// for 2099-09, which holds no data).
	typo := time.Date(2099, 9, 30, 12, 0, 0, 0, time.UTC).Unix()
	now := time.Date(2026, 11, 5, 8, 0, 0, 0, time.UTC)
	if m := LastComplete(funnel.CompleteThrough(typo, time.UTC, now), time.UTC); m.String() != "2026-10" {
		t.Errorf("with a 2099 typo on 2026-11-05: %v, want 2026-10", m)
	}
}

func TestParseMonth(t *testing.T) {
	t.Parallel()
	m, err := ParseMonth("2026-03", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if m.Start.Format(time.RFC3339) != "2026-03-01T00:00:00Z" || m.End.Format(time.RFC3339) != "2026-04-01T00:00:00Z" {
		t.Errorf("ParseMonth = %v", m)
	}
	if p := m.Prev(); p.String() != "2026-02" || p.End != m.Start {
		t.Errorf("Prev = %v", p)
	}
	if !m.Contains(m.Start.Unix()) || m.Contains(m.End.Unix()) {
		t.Error("Contains: want [Start, End)")
	}
	for _, bad := range []string{"2026-13", "26-10", "last", "2026/10", ""} {
		if _, err := ParseMonth(bad, nil); err == nil {
			t.Errorf("ParseMonth(%q): want an error", bad)
		}
	}
}
