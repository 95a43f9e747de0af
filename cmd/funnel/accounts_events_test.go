package main

import (
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel/sample"
)

// TestAccountsEventTargetsSample runs `funnel accounts --data <sample>
// --table event_targets` (and event_accounts) on the default sample and
// checks them against truth.json's webinar_accounts exactly: per webinar,
// the target row's accounts with two or more attendees are the planted
// ones (their number, and by id and attendees in event_accounts), its
// attendees and attending accounts those planted at target accounts, the
// tiers' rows add up to it (each target account has one tier), and the
// warning gives the new people of all the attendees.
func TestAccountsEventTargetsSample(t *testing.T) {
	t.Parallel()
	dir, truth := defaultSample(t)
	table := func(name string) ([]map[string]string, string) {
		out, stderr, code := runCommand(t, &globalOptions{Format: "csv", Table: name, DataDir: dir}, newAccountsCmd, nil)
		if code != ExitOK {
			t.Fatalf("--table %s: exit %d: %s", name, code, stderr)
		}
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil || len(recs) == 0 {
			t.Fatalf("--table %s: %v\n%s", name, err, out)
		}
		var rows []map[string]string
		for _, r := range recs[1:] {
			row := map[string]string{}
			for j, h := range recs[0] {
				row[h] = r[j]
			}
			rows = append(rows, row)
		}
		return rows, stderr
	}
	targets, stderr := table("event_targets")
	listed, _ := table("event_accounts")
	wt := truth.WebinarAccounts
	unknown, attendees := 0, 0
	for _, w := range wt.Webinars {
		unknown += w.Attendees - w.KnownAttendees
		attendees += w.Attendees
		want := map[string]int{"accounts_2plus": len(w.TargetAccounts), "attendees": w.TargetAttendees,
			"accounts_attending": w.TargetAccountsAttending, "segment_accounts": truth.Summary.TargetAccounts}
		tiers := map[string]int{}
		found := false
		for _, r := range targets {
			if r["event"] != w.Webinar {
				continue
			}
			for col, n := range want {
				v, _ := strconv.Atoi(r[col])
				if r["segment"] == "target" {
					found = true
					if v != n {
						t.Errorf("%s target: %s = %s, planted %d", w.Webinar, col, r[col], n)
					}
				} else if col != "segment_accounts" {
					tiers[col] += v
				}
			}
		}
		delete(want, "segment_accounts")
		if !found || fmt.Sprint(tiers) != fmt.Sprint(want) {
			t.Errorf("%s: target row found %v; the tiers add up to %v, want %v", w.Webinar, found, tiers, want)
		}
		var got []sample.AccountAttendees
		for _, r := range listed {
			if r["event"] == w.Webinar && r["target"] == "true" {
				n, _ := strconv.Atoi(r["attendees"])
				got = append(got, sample.AccountAttendees{Account: r["account_id"], Attendees: n})
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(w.TargetAccounts) {
			t.Errorf("%s event_accounts\n got     %v\n planted %v", w.Webinar, got, w.TargetAccounts)
		}
	}
	if w := fmt.Sprintf("warning: %d of %d attendees of ", unknown, attendees); !strings.Contains(stderr, w) {
		t.Errorf("stderr %q lacks %q", stderr, w)
	}
}
