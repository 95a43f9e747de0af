package accounts

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// EventTargets is, per event of the attendee report (a webinar, by its
// webinar column) and segment (the target accounts, each tier), how many
// of the segment's accounts had an attendee and how many two or more:
// the rule "invite two or more people from each target account".
type EventTargets struct {
	Rows []EventRow
	// Accounts lists the accounts of a segment with two or more
	// attendees, per event, most attendees first.
	Accounts []EventAccount
	// UnmatchedAttendees counts attendees whose email is no lead's with
	// an account (their account is not known).
	UnmatchedAttendees int
	Warnings           []string
}

// EventRow is one event and segment. The tagged fields are the columns
// of the event_targets table.
type EventRow struct {
	Event   string `table:"event"`
	Segment string `table:"segment"`
	// Attendees: people of the segment's accounts at the event; Accounts:
	// the segment's accounts with at least one, TwoPlus with two or more.
	Attendees int `table:"attendees"`
	Accounts  int `table:"accounts_attending"`
	TwoPlus   int `table:"accounts_2plus"`
	// ShareOfAttending = TwoPlus / Accounts; ShareOfSegment = TwoPlus /
	// SegmentAccounts, the segment's accounts whether they came or not.
	ShareOfAttending float64 `table:"share_2plus_of_attending"`
	SegmentAccounts  int     `table:"segment_accounts"`
	ShareOfSegment   float64 `table:"share_2plus_of_segment"`
	// Start is the event's first join (of any attendee, known account or
	// not): when it began.
	Start int64
}

// EventAccount is an account of a segment with two or more attendees at
// an event. The tagged fields are the columns of the event_accounts
// table.
type EventAccount struct {
	Event     string `table:"event"`
	Account   string `table:"account_id"`
	Target    bool   `table:"target"`
	Tier      Tier   `table:"tier"`
	Attendees int    `table:"attendees"`
}

// attendee is one person at one event: the account of their email and
// their first join.
type attendee struct {
	event   int // index into the events' names
	account int32
	join    int64
}

// NoEventName names the one event of an attendee report without a
// webinar column.
const NoEventName = "(the report's one event)"

// attendance is the attendee report as the accounts read it: the
// attendees (one per event and person, at their first join), the event
// names in order of appearance with their first joins, and how many
// attendees have no known account.
type attendance struct {
	list      []attendee
	events    []string
	starts    []int64
	unmatched int
}

// attendees returns the attendee report's attendance, read on first use
// (the target share and the event tables both count it): a row with a
// join time is a session of a person (by email, in lower case) at an
// event (its webinar column), as `funnel webinar` reads it; a row without
// one is a registration, not an attendee. A person's account is the
// account_id of the first lead with their email. Sessions after the as-of
// time are left out. The report must be usable (attendeesUsable).
func (s *accountSet) attendees() *attendance {
	if s.att == nil {
		s.att = s.readAttendees()
	}
	return s.att
}

// readAttendees reads the attendee report (attendees).
func (s *accountSet) readAttendees() *attendance {
	var list []attendee
	var events []string
	var starts []int64
	unmatched := 0
	t := s.ds.Attendees
	email, join := t.Role(funnel.RoleEmail), t.TimeRole(funnel.RoleJoinedAt)
	byEmail := s.emailAccounts()
	name := t.Role(funnel.RoleWebinar)
	eventOf := map[string]int{}
	type key struct {
		event int
		email string
	}
	seen := map[key]int{} // -> index in list, -1 unmatched
	for i := 0; i < t.Rows; i++ {
		at := join.Times[i]
		if email.IsNA(i) || at == funnel.NoTime || at > s.asOf {
			continue
		}
		ev := NoEventName
		if name != nil {
			ev = t.Text(name, i)
		}
		e, ok := eventOf[ev]
		if !ok {
			e = len(events)
			eventOf[ev] = e
			events = append(events, ev)
			starts = append(starts, at)
		}
		starts[e] = min(starts[e], at)
		addr := strings.ToLower(strings.TrimSpace(t.Text(email, i)))
		j, ok := seen[key{e, addr}]
		switch {
		case ok && j >= 0:
			list[j].join = min(list[j].join, at)
		case ok:
		default:
			k, known := byEmail[addr]
			if !known {
				seen[key{e, addr}] = -1
				unmatched++
				continue
			}
			seen[key{e, addr}] = len(list)
			list = append(list, attendee{event: e, account: k, join: at})
		}
	}
	return &attendance{list: list, events: events, starts: starts, unmatched: unmatched}
}

// emailAccounts maps each lead's email (in lower case) to the account of
// the first lead with it, leaving out leads created after the as-of time.
func (s *accountSet) emailAccounts() map[string]int32 {
	out := map[string]int32{}
	t := s.ds.Leads
	if t == nil {
		return out
	}
	email, acct := t.Role(funnel.RoleEmail), t.Role(funnel.RoleAccountID)
	if email == nil || acct == nil {
		return out
	}
	for i := 0; i < t.Rows; i++ {
		if email.IsNA(i) || acct.Codes[i] == funnel.NA || s.leadAfterAsOf(i) {
			continue
		}
		addr := strings.ToLower(strings.TrimSpace(t.Text(email, i)))
		if _, dup := out[addr]; !dup {
			out[addr] = s.byCode[acct.Codes[i]]
		}
	}
	return out
}

// events counts, per event and segment, the accounts with one and with
// two or more attendees, and lists the latter.
func (s *accountSet) events(accts []Account) *EventTargets {
	att := s.attendees()
	list, events, starts, unmatched := att.list, att.events, att.starts, att.unmatched
	r := &EventTargets{UnmatchedAttendees: unmatched}
	if unmatched > 0 {
		r.warnf("%d of %d attendees of %s match no lead's email with an account; their accounts are not known", unmatched, len(list)+unmatched, s.ds.Attendees.Source)
	}
	names, of := s.segments(accts)
	size := make([]int, len(names))
	for k := range accts {
		for _, j := range of[k] {
			size[j]++
		}
	}
	for e, ev := range events {
		count := map[int32]int{}
		var order []int32
		for _, at := range list {
			if at.event != e {
				continue
			}
			if count[at.account] == 0 {
				order = append(order, at.account)
			}
			count[at.account]++
		}
		rows := make([]EventRow, len(names))
		for j := range rows {
			rows[j] = EventRow{Event: ev, Segment: names[j], SegmentAccounts: size[j], Start: starts[e]}
		}
		var two []EventAccount
		for _, k := range order {
			n := count[k]
			for _, j := range of[k] {
				rows[j].Attendees += n
				rows[j].Accounts++
				if n >= 2 {
					rows[j].TwoPlus++
				}
			}
			if n >= 2 && len(of[k]) > 0 {
				two = append(two, EventAccount{Event: ev, Account: accts[k].ID, Target: accts[k].Target, Tier: accts[k].Tier, Attendees: n})
			}
		}
		for j := range rows {
			rows[j].ShareOfAttending = ratioOr(float64(rows[j].TwoPlus), float64(rows[j].Accounts))
			rows[j].ShareOfSegment = ratioOr(float64(rows[j].TwoPlus), float64(rows[j].SegmentAccounts))
		}
		slices.SortStableFunc(two, func(a, b EventAccount) int {
			if c := cmp.Compare(b.Attendees, a.Attendees); c != 0 {
				return c
			}
			return cmp.Compare(a.Account, b.Account)
		})
		r.Rows = append(r.Rows, rows...)
		r.Accounts = append(r.Accounts, two...)
	}
	return r
}

// attendeesUsable reports whether the attendee report has what the
// attendees are read by (an email and a join time column); else a
// reason, for a warning: the report is then left out, not an error, as a
// --data folder may hold a registration list.
func (s *accountSet) attendeesUsable() (bool, string) {
	t := s.ds.Attendees
	if t == nil {
		return false, ""
	}
	if t.Role(funnel.RoleEmail) == nil || t.TimeRole(funnel.RoleJoinedAt) == nil {
		return false, fmt.Sprintf("%s has no email or no join time column (Email, Join Time), so its attendees were left out", t.Source)
	}
	return true, ""
}

func (r *EventTargets) warnf(format string, args ...any) {
	r.Warnings = append(r.Warnings, fmt.Sprintf(format, args...))
}
