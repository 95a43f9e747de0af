package sample_test

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel/sample"
)

// TestWebinarAccounts counts, from webinar_attendees.csv, leads.csv and
// accounts.csv alone, what truth.json's webinar_accounts says was
// planted: per webinar, half the attendees and half the no-shows
// (rounded) have a lead's email, that lead created before the earliest
// registration; the target accounts with two or more attendees are the
// planted ones (8 and 4, two to four people each) and no other account
// has two; every other row keeps the webinar planting's own email
// (name.N@domain.example, N = 100 x the webinar's number + the
// registrant's).
func TestWebinarAccounts(t *testing.T) {
	t.Parallel()
	for _, cfg := range []sample.Config{small, {Leads: 6000, Seed: 2}} {
		t.Run(fmt.Sprintf("seed %d", cfg.Seed), func(t *testing.T) {
			t.Parallel()
			var fs memFS
			var truth *sample.Truth
			var set *exportSet
			if cfg == small {
				fs, truth, set = loadSmall(t)
			} else {
				fs, truth = generate(t, cfg)
				set = readSet(t, fs)
			}
			checkWebinarAccounts(t, fs, truth, set, []int{8, 4})
		})
	}
}

// webinarLead is a lead of leads.csv as the check needs it.
type webinarLead struct {
	account string
	created int64
}

func checkWebinarAccounts(t *testing.T, fs memFS, truth *sample.Truth, set *exportSet, targets []int) {
	t.Helper()
	wt := truth.WebinarAccounts
	if wt == nil || wt.File != sample.WebinarAttendeesFile || wt.KnownShare != 0.5 || len(wt.Webinars) != len(targets) {
		t.Fatalf("truth.json webinar_accounts %+v", wt)
	}
	cutoff, _ := unix(t, wt.LeadsCreatedBefore)
	leads := map[string]webinarLead{}
	for i := range set.leads.rows {
		at, _ := unix(t, set.leads.get(i, "created_at"))
		leads[set.leads.get(i, "email")] = webinarLead{set.leads.get(i, "account_id"), at}
	}
	target := map[string]bool{}
	for i := range set.accounts.rows {
		target[set.accounts.get(i, "account_id")] = set.accounts.get(i, "target") == "1"
	}
	att := readTable(t, sample.WebinarAttendeesFile, fs[sample.WebinarAttendeesFile].Bytes())
	for k, w := range wt.Webinars {
		var got sample.WebinarAccounts
		got.Webinar = w.Webinar
		perAccount := map[string]int{}
		reg, prev := -1, ""
		for i := range att.rows {
			if att.get(i, "Webinar ID") != w.Webinar {
				continue
			}
			email := att.get(i, "Email")
			if email == prev {
				continue // a rejoin: the same registrant's second session
			}
			prev = email
			reg++
			came := att.get(i, "Attended") == "Yes"
			l, known := leads[email]
			switch {
			case !known:
				local, domain, _ := strings.Cut(email, "@")
				if !strings.HasSuffix(local, "."+strconv.Itoa(100*k+reg)) || !strings.HasSuffix(domain, ".example") {
					t.Errorf("%s row %d: %s is no lead's and not the planting's name.%d@domain.example", w.Webinar, i+2, email, 100*k+reg)
				}
			case l.created >= cutoff:
				t.Errorf("%s row %d: lead %s created %d, not before %s", w.Webinar, i+2, email, l.created, wt.LeadsCreatedBefore)
			case came:
				got.KnownAttendees++
				perAccount[l.account]++
			default:
				got.KnownNoShows++
			}
			if came {
				got.Attendees++
			} else {
				got.NoShows++
			}
		}
		for a, n := range perAccount {
			got.AccountsAttending++
			if target[a] {
				got.TargetAccountsAttending++
				got.TargetAttendees += n
			}
			if n >= 2 {
				if !target[a] {
					t.Errorf("%s: account %s has %d attendees and is no target account", w.Webinar, a, n)
				}
				got.TargetAccounts = append(got.TargetAccounts, sample.AccountAttendees{Account: a, Attendees: n})
			}
		}
		slices.SortFunc(got.TargetAccounts, func(a, b sample.AccountAttendees) int {
			if c := cmp.Compare(b.Attendees, a.Attendees); c != 0 {
				return c
			}
			return cmp.Compare(a.Account, b.Account)
		})
		if fmt.Sprint(got) != fmt.Sprint(w) {
			t.Errorf("counted from the files\n %+v\ntruth.json\n %+v", got, w)
		}
		half := func(n int) int { return int(math.Round(0.5 * float64(n))) }
		if got.KnownAttendees != half(got.Attendees) || got.KnownNoShows != half(got.NoShows) || len(got.TargetAccounts) != targets[k] {
			t.Errorf("%s: %d of %d attendees known, %d of %d no-shows, %d target accounts with 2+; want half, half, %d",
				w.Webinar, got.KnownAttendees, got.Attendees, got.KnownNoShows, got.NoShows, len(got.TargetAccounts), targets[k])
		}
		for _, a := range got.TargetAccounts {
			if a.Attendees > 4 {
				t.Errorf("%s: account %s has %d attendees, want 2 to 4", w.Webinar, a.Account, a.Attendees)
			}
		}
	}
}
