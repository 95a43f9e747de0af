package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel/sample"
)

func TestWebinarFlags(t *testing.T) {
	t.Parallel()
	testFlags(t, newWebinarCmd, []flagCase[*webinarOptions]{
		{name: "defaults", check: func(t *testing.T, o *webinarOptions) {
			w := o.opts
			if w.Bin != 300 || w.Most != 0.75 || w.Within != 30*day || w.Length != 0 || w.MinTargetShare != 0.3 {
				t.Errorf("defaults %+v", w)
			}
		}},
		{name: "set", args: []string{"--bin", "10m", "--most", "0.5", "--within", "14d", "--length", "45m", "--min-target-share", "40%", "--plot", "c.png"},
			check: func(t *testing.T, o *webinarOptions) {
				w := o.opts
				if w.Bin != 600 || w.Most != 0.5 || w.Within != 14*day || w.Length != 45*60 || w.MinTargetShare != 0.4 || o.Plot != "c.png" {
					t.Errorf("options %+v", w)
				}
			}},
		{name: "bin under a minute", args: []string{"--bin", "30s"}, code: ExitUsage},
		{name: "zero most", args: []string{"--most", "0%"}, code: ExitUsage},
		{name: "bad within", args: []string{"--within", "soon"}, code: ExitUsage},
		{name: "bad plot", args: []string{"--plot", "c.gif"}, code: ExitUsage},
	})
}

// webinarAttendees is a 30-minute webinar worked by hand (5-minute
// slices from 10:00, the first join, to 10:30, the last leave):
//
//	a 10:00-10:30; b 10:00-10:12 and 10:10-10:30 (overlap: merged, a
//	warning); c 10:02-10:12; d 10:03-10:13; e 10:06-10:08 and
//	10:08-10:14 (a rejoin: merged, no warning); f registered only; g
//	leaves before it joins (set aside, a warning; registered only).
//
// Slice 1 (0,5]: present 2 (a, b), joined 2 (c, d), present 4; slice 2:
// joined 1 (e), present 5; slice 3 (10,15]: left 3 (c, d, e), present
// 2, drop 3, drop_share 3/5: the largest drop (slice 6, 2 leaving at the
// close, cannot be); topic "Intro / Pricing" (Pricing starts at minute
// 12). Minutes 30, 30, 10, 10, 8: average 17.6. a converted (a demo
// request at 10:45), b did not: most_not_converted = b; left early c, d,
// e; not attended f, g. Accounts A1 (a, c) and A2 (b), A1 a target:
// share 1/2.
const webinarAttendees = `Webinar ID,Email,Registration Time,Attended,Join Time,Leave Time,Time in Session (minutes)
W1,a@x.com,2026-03-01 09:00:00,Yes,2026-03-12 10:00:00,2026-03-12 10:30:00,30
W1,B@x.com,2026-03-01 09:00:00,Yes,2026-03-12 10:00:00,2026-03-12 10:12:00,12
W1,b@x.com,2026-03-01 09:00:00,Yes,2026-03-12 10:10:00,2026-03-12 10:30:00,20
W1,c@x.com,2026-03-01 09:00:00,Yes,2026-03-12 10:02:00,2026-03-12 10:12:00,10
W1,d@x.com,2026-03-01 09:00:00,Yes,2026-03-12 10:03:00,2026-03-12 10:13:00,10
W1,e@x.com,2026-03-01 09:00:00,Yes,2026-03-12 10:06:00,2026-03-12 10:08:00,2
W1,e@x.com,2026-03-01 09:00:00,Yes,2026-03-12 10:08:00,2026-03-12 10:14:00,6
W1,f@x.com,2026-03-01 09:00:00,No,,,
W1,g@x.com,2026-03-01 09:00:00,Yes,2026-03-12 10:20:00,2026-03-12 10:05:00,15
`

func TestWebinarRun(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	att := writeFile(t, dir, "attendees.csv", webinarAttendees)
	leads := writeFile(t, dir, "leads.csv", "lead_id,account_id,email\nL1,A1,a@x.com\nL2,A2,b@x.com\nL3,A1,c@x.com\n")
	touches := writeFile(t, dir, "touches.csv", "lead_id,occurred_at,activity_type\nL1,2026-03-12 10:45:00,demo_request\nL2,2026-03-01 08:00:00,demo_request\n")
	agenda := writeFile(t, dir, "agenda.csv", "minute,topic\n0,Intro\n12:00,Pricing\n")
	targets := writeFile(t, dir, "targets.csv", "account_id\nA1\n")
	rep := runJSON(t, &globalOptions{}, newWebinarCmd, webinarRun, "--attendees", att, "--leads", leads, "--touches", touches,
		"--agenda", agenda, "--targets", targets)
	s3 := rep.row(t, "curve", "slice", 3.0)
	wantNumbers(t, "slice 3", s3, map[string]float64{"present_start": 5, "joined": 0, "left": 3, "present_end": 2, "drop": 3, "drop_share": 0.6, "from_minute": 10})
	if s3["topic"] != "Intro / Pricing" || s3["largest_drop"] != true {
		t.Errorf("slice 3: %v", s3)
	}
	wantNumbers(t, "slice 1", rep.row(t, "curve", "slice", 1.0), map[string]float64{"present_start": 2, "joined": 2, "left": 0, "present_end": 4})
	wantNumbers(t, "slice 6", rep.row(t, "curve", "slice", 6.0), map[string]float64{"present_start": 2, "left": 2, "present_end": 0})
	wantNumbers(t, "webinar", rep.row(t, "webinars", "webinar", "W1"), map[string]float64{"registered": 7, "attended": 5, "peak": 5,
		"avg_minutes": 17.6, "minutes": 30, "drop_from_minute": 10, "drop": 3, "most_not_converted": 1, "not_attended": 2, "left_early": 3,
		"accounts": 2, "target_accounts": 1, "target_share": 0.5})
	lists := map[string][]string{}
	for _, r := range rep.Tables["follow_up"] {
		lists[r["list"].(string)] = append(lists[r["list"].(string)], r["email"].(string))
	}
	want := map[string]string{"most_not_converted": "B@x.com", "not_attended": "f@x.com g@x.com", "left_early": "c@x.com d@x.com e@x.com"}
	for list, emails := range want {
		if got := strings.Join(lists[list], " "); got != emails {
			t.Errorf("%s: %q, want %q", list, got, emails)
		}
	}
	warnings := strings.Join(rep.Warnings, "\n")
	for _, w := range []string{"1 row whose leave time is before its join time set aside (the first at " + att + ":10)",
		"1 row overlapping another session of the same person merged"} {
		if !strings.Contains(warnings, w) {
			t.Errorf("warnings %q lack %q", warnings, w)
		}
	}
}

// TestWebinarSample finds the drop funnel sample plants: the slice from
// the planted minute, with the planted agenda topic, in the planted
// webinar; and each webinar's accounts and target accounts with an
// attendee as planted.
func TestWebinarSample(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	truth, err := sample.WriteDir(dir, sample.Config{Leads: 2000})
	if err != nil {
		t.Fatal(err)
	}
	rep := runJSON(t, &globalOptions{DataDir: dir}, newWebinarCmd, webinarRun, "--agenda", filepath.Join(dir, sample.AgendaFile))
	w := truth.Webinar
	row := rep.row(t, "webinars", "webinar", w.Webinar)
	wantNumbers(t, "planted webinar", row, map[string]float64{"drop_from_minute": float64(w.DropFromMinute), "registered": float64(w.Registered), "attended": float64(w.Attended)})
	if row["drop_topic"] != w.DropTopic {
		t.Errorf("drop topic %v, want %s", row["drop_topic"], w.DropTopic)
	}
	// The known attendees' accounts (truth.json webinar_accounts): the
	// accounts with an attendee and the target ones among them.
	for _, wa := range truth.WebinarAccounts.Webinars {
		row := rep.row(t, "webinars", "webinar", wa.Webinar)
		wantNumbers(t, wa.Webinar, row, map[string]float64{"accounts": float64(wa.AccountsAttending), "target_accounts": float64(wa.TargetAccountsAttending),
			"target_share": float64(wa.TargetAccountsAttending) / float64(wa.AccountsAttending)})
	}
	b, _ := json.Marshal(truth.Webinar)
	if _, err := os.Stat(filepath.Join(dir, sample.WebinarAttendeesFile)); err != nil {
		t.Errorf("%s: %v", b, err)
	}
}
