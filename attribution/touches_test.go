package attribution

import (
	"errors"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
	"gonum.org/v1/gonum/floats/scalar"
)

// eventLog is an unsorted, interleaved touch log of four leads:
//
//	L1  01-01 ads, 01-03 email, 01-05 webinar (converts, 100),
//	    01-07 ads, 01-09 email (converts, 50), 01-10 social
//	L2  01-02 email (converts, 20), then 01-02 ads at the same time but
//	    later in the file: it starts the next journey
//	L3  01-04 ads, 01-04 email (a tie: file order), never converts
//	L4  01-06 a conversion (value 7) without a channel
func eventLog(t testing.TB) *funnel.Table {
	return newTable(t, funnel.NewDict(), funnel.Touches, "touches.csv",
		textCol(funnel.RoleLeadID, "L1", "L2", "L1", "L3", "L1", "L2", "L1", "L3", "L1", "L1", "L4"),
		timeCol(funnel.RoleOccurredAt, "2024-01-03", "2024-01-02", "2024-01-01", "2024-01-04", "2024-01-05",
			"2024-01-02", "2024-01-10", "2024-01-04", "2024-01-09", "2024-01-07", "2024-01-06"),
		textCol(funnel.RoleChannel, "email", "email", "ads", "ads", "webinar", "ads", "social", "email", "email", "ads", ""),
		boolCol(funnel.RoleConverted, "0", "1", "0", "0", "1", "0", "0", "0", "1", "0", "1"),
		numCol(funnel.RoleValue, "", "20", "", "", "100", "", "", "", "50", "", "7"),
	)
}

type wantPath struct {
	path             string
	conv, val, nulls float64
}

func checkPaths(t *testing.T, name string, j *Journeys, want []wantPath) {
	t.Helper()
	if j.NumPaths() != len(want) {
		var got []string
		for p := 0; p < j.NumPaths(); p++ {
			got = append(got, j.PathString(p, ""))
		}
		t.Fatalf("%s: paths %q, want %d", name, got, len(want))
	}
	for p, w := range want {
		c, v, n := j.PathCounts(p)
		if got := j.PathString(p, ""); got != w.path || c != w.conv || v != w.val || n != w.nulls {
			t.Errorf("%s: path %d = %q %v/%v/%v, want %q %v/%v/%v", name, p, got, c, v, n, w.path, w.conv, w.val, w.nulls)
		}
	}
}

func TestFromTouches(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		lookback int64
		want     []wantPath
	}{
		{"unlimited", 0, []wantPath{
			{"ads > email > webinar", 1, 100, 0},
			{"ads > email", 1, 50, 1}, // L1's second journey and L3
			{"social", 0, 0, 1},
			{"email", 1, 20, 0},
			{"ads", 0, 0, 1},
		}},
		// 3 days: L1's first journey keeps 01-02 onwards
		{"3d", 3 * day, []wantPath{
			{"email > webinar", 1, 100, 0},
			{"ads > email", 1, 50, 1},
			{"social", 0, 0, 1},
			{"email", 1, 20, 0},
			{"ads", 0, 0, 1},
		}},
		// 1 day: only the converting touches of L1 remain
		{"1d", day, []wantPath{
			{"webinar", 1, 100, 0},
			{"email", 2, 70, 0},
			{"social", 0, 0, 1},
			{"ads", 0, 0, 1},
			{"ads > email", 0, 0, 1},
		}},
	} {
		j, err := FromTouches(eventLog(t), TouchOptions{Lookback: tc.lookback})
		if err != nil {
			t.Fatal(err)
		}
		checkPaths(t, tc.name, j, tc.want)
		if j.Unattributed != 1 || j.UnattributedValue != 7 || len(j.Warnings) != 2 {
			t.Errorf("%s: unattributed %d (%v), warnings %q", tc.name, j.Unattributed, j.UnattributedValue, j.Warnings)
		}
		if j.Lookback != tc.lookback || j.By != "channel" {
			t.Errorf("%s: lookback %d, by %q", tc.name, j.Lookback, j.By)
		}
	}
}

// TestFromTouchesCredits: credits on the event log, by hand.
// Linear: ads 1/3 + 1/2, email 1/3 + 1/2 + 1, webinar 1/3.
// Time decay (h = 1 day): journey 1 ages 4, 2, 0 days: weights 1/16, 1/4,
// 1 (sum 21/16): ads 1/21, email 4/21, webinar 16/21; journey 2 ages 2, 0:
// ads 1/5, email 4/5; journey 3: email 1.
func TestFromTouchesCredits(t *testing.T) {
	t.Parallel()
	j, err := FromTouches(eventLog(t), TouchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		model     Model
		conv, val []float64 // ads, email, webinar, social
	}{
		{LinearTouch, []float64{5.0 / 6, 11.0 / 6, 1.0 / 3, 0}, []float64{100.0/3 + 25, 100.0/3 + 25 + 20, 100.0 / 3, 0}},
		{TimeDecay, []float64{1.0/21 + 0.2, 4.0/21 + 0.8 + 1, 16.0 / 21, 0}, []float64{100.0/21 + 10, 400.0/21 + 40 + 20, 1600.0 / 21, 0}},
	} {
		cr, err := Heuristic(j, tc.model, HeuristicConfig{HalfLife: day})
		if err != nil {
			t.Fatal(err)
		}
		for c := range tc.conv {
			if !scalar.EqualWithinAbs(cr.Conversions[c], tc.conv[c], 1e-12) || !scalar.EqualWithinAbs(cr.Value[c], tc.val[c], 1e-12) {
				t.Errorf("%s %s: %v, %v; want %v, %v", tc.model, j.ChannelName(int32(c)), cr.Conversions[c], cr.Value[c], tc.conv[c], tc.val[c])
			}
		}
	}
}

func TestFromTouchesErrors(t *testing.T) {
	t.Parallel()
	dict := funnel.NewDict()
	missingTime := newTable(t, dict, funnel.Touches, "touches.csv",
		textCol(funnel.RoleLeadID, "L1", "L1", "L2"),
		timeCol(funnel.RoleOccurredAt, "2024-01-01", "2024-01-02", ""),
		textCol(funnel.RoleChannel, "a", "b", "c"),
		boolCol(funnel.RoleConverted, "0", "1", "0"),
	)
	missingLead := newTable(t, dict, funnel.Touches, "touches.csv",
		textCol(funnel.RoleLeadID, "L1", ""),
		timeCol(funnel.RoleOccurredAt, "2024-01-01", "2024-01-02"),
		textCol(funnel.RoleChannel, "a", "b"),
		boolCol(funnel.RoleConverted, "0", "1"),
	)
	noFlag := newTable(t, dict, funnel.Touches, "touches.csv",
		textCol(funnel.RoleLeadID, "L1"),
		timeCol(funnel.RoleOccurredAt, "2024-01-01"),
		textCol(funnel.RoleChannel, "a"),
	)
	for _, tc := range []struct {
		name string
		t    *funnel.Table
		opts TouchOptions
		want []string
	}{
		{"missing time", missingTime, TouchOptions{}, []string{"touches.csv:4", "occurred_at", "missing time"}},
		{"missing lead", missingLead, TouchOptions{}, []string{"touches.csv:3", "lead_id"}},
		{"no converted column", noFlag, TouchOptions{}, []string{"converted"}},
		{"no by column", noFlag, TouchOptions{By: "campaign"}, []string{`no column "campaign"`}},
	} {
		_, err := FromTouches(tc.t, tc.opts)
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not name %q", tc.name, err, w)
			}
		}
	}
	_, err := FromTouches(missingTime, TouchOptions{})
	if !errors.Is(err, ErrBadInput) {
		t.Errorf("missing time: %v is not ErrBadInput", err)
	}
}

// TestFromTouchesBy: --by picks another column (here activity_type, and a
// header that is no role); the journeys are the same, the names differ.
func TestFromTouchesBy(t *testing.T) {
	t.Parallel()
	tb := newTable(t, funnel.NewDict(), funnel.Touches, "touches.csv",
		textCol(funnel.RoleAccountID, "A", "A", "B"),
		timeCol(funnel.RoleOccurredAt, "2024-01-02", "2024-01-01", "2024-01-01"),
		textCol(funnel.RoleActivityType, "call", "email", "call"),
		colSpec{"Region", funnel.KindText, []string{"eu", "us", "eu"}},
		boolCol(funnel.RoleConverted, "1", "0", "0"),
	)
	tb.Columns[3].Role = ""
	for _, tc := range []struct {
		by   string
		want []wantPath
	}{
		{funnel.RoleActivityType, []wantPath{{"email > call", 1, 0, 0}, {"call", 0, 0, 1}}},
		{"Region", []wantPath{{"us > eu", 1, 0, 0}, {"eu", 0, 0, 1}}},
	} {
		j, err := FromTouches(tb, TouchOptions{By: tc.by})
		if err != nil {
			t.Fatal(err)
		}
		checkPaths(t, tc.by, j, tc.want)
		if j.By != tc.by {
			t.Errorf("by %q, want %q", j.By, tc.by)
		}
	}
}
