package sample

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestAppendDateTime compares the hand-rolled timestamp formatter with
// time.Time.AppendFormat over fixed instants (leap days, year and century
// boundaries, before 1970) and a million random ones.
func TestAppendDateTime(t *testing.T) {
	t.Parallel()
	fixed := []struct {
		t    int64
		want string
	}{
		{0, "1970-01-01 00:00:00"},
		{-1, "1969-12-31 23:59:59"},
		{951782400, "2000-02-29 00:00:00"},    // date -u -d 2000-02-29 +%s
		{1793491199, "2026-10-31 23:59:59"},   // date -u -d "2026-10-31 23:59:59" +%s
		{4102444799, "2099-12-31 23:59:59"},   // date -u -d "2099-12-31 23:59:59" +%s
		{-2208988800, "1900-01-01 00:00:00"},  // date -u -d 1900-01-01 +%s
		{253402300799, "9999-12-31 23:59:59"}, // date -u -d "9999-12-31 23:59:59" +%s
		{-62135596800, "0001-01-01 00:00:00"}, // date -u -d 0001-01-01 +%s
	}
	for _, tt := range fixed {
		if got := string(appendDateTime(nil, tt.t)); got != tt.want {
			t.Errorf("appendDateTime(%d) = %s, want %s", tt.t, got, tt.want)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 1_000_000 {
		v := r.Int64N(253402300800+62135596800) - 62135596800
		want := time.Unix(v, 0).UTC().Format(time.DateTime)
		if got := string(appendDateTime(nil, v)); got != want {
			t.Fatalf("appendDateTime(%d) = %s, want %s", v, got, want)
		}
	}
}
