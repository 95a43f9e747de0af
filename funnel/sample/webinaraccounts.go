package sample

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Known attendees: a webinar's registrants are a mix of the leads of
// leads.csv (their email) and new people. webinarKnownShare of a
// webinar's attendees, and of its no-shows, get the email of a lead
// created before the earliest registration of any planted webinar; of the
// known attendees, plantedWebinar.targets target accounts send two to
// webinarMaxPerAccount people each, and every other known attendee (and
// known no-show) is the only one of their account at the webinar.
const (
	webinarKnownShare    = 0.5
	webinarMaxPerAccount = 4
)

// attendeeStream is the PCG stream of the known attendees: their own
// random source, so that the webinar planting's draws (drop, counts,
// times) and every other file are the same bytes with or without them.
const attendeeStream = 0x617474656e64 // "attend"

// The pool's reservoirs: at most attendeePoolAccounts accounts (one lead
// each) and attendeePoolTargets target accounts (their leads), each a
// uniform sample of the accounts offered, whatever the set's size.
const (
	attendeePoolAccounts = 1024
	attendeePoolTargets  = 64
)

// WebinarAccountsTruth is the planted ABM truth of the attendee report
// (truth.json webinar_accounts): who of each webinar is a known lead, and
// the target accounts with two or more attendees, what `funnel accounts`
// counts in event_targets and lists in event_accounts.
type WebinarAccountsTruth struct {
	File string `json:"file"`
	Rule string `json:"rule"`
	// KnownShare is the share of each webinar's attendees, and of its
	// no-shows, with a lead's email (rounded to whole people); the leads
	// were created before LeadsCreatedBefore, the earliest registration
	// any webinar could have.
	KnownShare         float64           `json:"known_share"`
	LeadsCreatedBefore string            `json:"leads_created_before"`
	Webinars           []WebinarAccounts `json:"webinars"`
}

// WebinarAccounts is one webinar's known attendees. Attendees are
// distinct people with a session; KnownAttendees of them are leads, the
// rest new people (emails of no lead: Attendees - KnownAttendees is what
// `funnel accounts` warns of). TargetAccounts are the target accounts
// with two or more attendees, most first (then by id); every other known
// attendee is the only one of their account, so AccountsAttending (with
// at least one attendee) = len(TargetAccounts) + KnownAttendees - the
// attendees of TargetAccounts, and TargetAccountsAttending and
// TargetAttendees add those of them at a target account.
type WebinarAccounts struct {
	Webinar                 string             `json:"webinar"`
	Attendees               int                `json:"attendees"`
	KnownAttendees          int                `json:"known_attendees"`
	NoShows                 int                `json:"no_shows"`
	KnownNoShows            int                `json:"known_no_shows"`
	TargetAccounts          []AccountAttendees `json:"target_accounts_2plus"`
	AccountsAttending       int                `json:"accounts_attending"`
	TargetAccountsAttending int                `json:"target_accounts_attending"`
	TargetAttendees         int                `json:"target_attendees"`
}

// AccountAttendees is an account and its attendees at a webinar.
type AccountAttendees struct {
	Account   string `json:"account_id"`
	Attendees int    `json:"attendees"`
}

// poolLead is a lead the known attendees may use.
type poolLead struct {
	email   string
	account int32
	target  bool
}

// attendeePool samples, as the accounts are generated, the leads the
// known attendees are drawn from: leads created before cutoff, in
// reservoirs of accounts (one lead each) and of target accounts with two
// or more such leads (all of them).
type attendeePool struct {
	rng                 *rand.Rand
	cutoff              int64
	width               int // of an account id's digits
	accounts            []poolLead
	targets             [][]poolLead
	offered, offeredTgt int
	eligible            []int // buffer: the account's leads created before cutoff
}

// newAttendeePool returns the pool of g: its cutoff is the earliest
// registration of g's webinars.
func newAttendeePool(g *generator) *attendeePool {
	p := &attendeePool{rng: rand.New(rand.NewPCG(g.cfg.Seed, attendeeStream)), cutoff: math.MaxInt64, width: g.accountWidth}
	for _, h := range g.webinarHosts() {
		p.cutoff = min(p.cutoff, h.start-webinarRegisterDays*day)
	}
	return p
}

// noteAttendeeAccount offers account a, whose n leads were just
// generated (their emails' local parts in g.emails, their creation in
// the last n of g.nurtureLeads), to the pool. It draws from the pool's
// stream only.
func (g *generator) noteAttendeeAccount(a *account, n int) {
	p := g.attendeePool
	leads := g.nurtureLeads[len(g.nurtureLeads)-n:]
	p.eligible = p.eligible[:0]
	for j := range leads {
		if leads[j].created < p.cutoff {
			p.eligible = append(p.eligible, j)
		}
	}
	if len(p.eligible) == 0 {
		return
	}
	lead := func(j int) poolLead {
		return poolLead{email: g.emails[j] + "@" + a.domain, account: int32(a.id), target: a.target}
	}
	p.offered++
	if slot := reservoirSlot(p.rng, p.offered, attendeePoolAccounts); slot >= 0 {
		l := lead(p.eligible[p.rng.IntN(len(p.eligible))])
		if slot == len(p.accounts) {
			p.accounts = append(p.accounts, l)
		} else {
			p.accounts[slot] = l
		}
	}
	if !a.target || len(p.eligible) < 2 {
		return
	}
	p.offeredTgt++
	if slot := reservoirSlot(p.rng, p.offeredTgt, attendeePoolTargets); slot >= 0 {
		all := make([]poolLead, len(p.eligible))
		for i, j := range p.eligible {
			all[i] = lead(j)
		}
		if slot == len(p.targets) {
			p.targets = append(p.targets, all)
		} else {
			p.targets[slot] = all
		}
	}
}

// reservoirSlot is the slot of the offered-th item (from 1) of a
// reservoir of size size (Algorithm R): the next free slot while there is
// one, then a random slot with chance size/offered, else -1.
func reservoirSlot(rng *rand.Rand, offered, size int) int {
	if offered <= size {
		return offered - 1
	}
	if j := rng.IntN(offered); j < size {
		return j
	}
	return -1
}

// truth returns the known attendees' truth without its webinars.
func (p *attendeePool) truth() *WebinarAccountsTruth {
	return &WebinarAccountsTruth{File: WebinarAttendeesFile, KnownShare: webinarKnownShare, LeadsCreatedBefore: formatSecond(p.cutoff),
		Rule: fmt.Sprintf("per webinar, a share %g of the attendees and of the no-shows are leads created before %s (their email); "+
			"of the known attendees, a set of target accounts send 2 to %d people each and every other one is the only one of their account; "+
			"the rest are new people", webinarKnownShare, formatSecond(p.cutoff), webinarMaxPerAccount)}
}

// assign gives the email of a lead to webinarKnownShare of the attendees
// and of the no-shows of regs (rounded; fewer when the pool is short):
// first to two or more people of each of h.targets target accounts, then
// to people of other accounts, one each. It changes only emails, and
// returns the webinar's truth.
func (p *attendeePool) assign(h plantedWebinar, regs []registrant) WebinarAccounts {
	var came, noShow []int
	for i := range regs {
		if len(regs[i].sessions) > 0 {
			came = append(came, i)
		} else {
			noShow = append(noShow, i)
		}
	}
	p.rng.Shuffle(len(came), func(i, j int) { came[i], came[j] = came[j], came[i] })
	p.rng.Shuffle(len(noShow), func(i, j int) { noShow[i], noShow[j] = noShow[j], noShow[i] })
	wantCame := int(math.Round(webinarKnownShare * float64(len(came))))
	wantNoShow := int(math.Round(webinarKnownShare * float64(len(noShow))))
	wa := WebinarAccounts{Webinar: h.id, Attendees: len(came), NoShows: len(noShow)}
	var known, spare []poolLead // for came, noShow in order
	used := map[int32]bool{}
	for _, t := range p.rng.Perm(len(p.targets)) {
		if len(wa.TargetAccounts) == h.targets {
			break
		}
		leads := p.targets[t]
		m := min(2+p.rng.IntN(min(webinarMaxPerAccount, len(leads))-1), wantCame-len(known))
		if m < 2 {
			break
		}
		for _, j := range p.rng.Perm(len(leads))[:m] {
			known = append(known, leads[j])
		}
		used[leads[0].account] = true
		wa.TargetAccounts = append(wa.TargetAccounts, AccountAttendees{Account: p.accountID(leads[0].account), Attendees: m})
		wa.AccountsAttending++
		wa.TargetAccountsAttending++
		wa.TargetAttendees += m
	}
	for _, a := range p.rng.Perm(len(p.accounts)) {
		if len(known) == wantCame && len(spare) == wantNoShow {
			break
		}
		l := p.accounts[a]
		switch {
		case used[l.account]:
			continue
		case len(known) < wantCame:
			known = append(known, l)
			wa.AccountsAttending++
			if l.target {
				wa.TargetAccountsAttending++
				wa.TargetAttendees++
			}
		case len(spare) < wantNoShow:
			spare = append(spare, l)
		}
		used[l.account] = true
	}
	for i, l := range known {
		regs[came[i]].email = l.email
	}
	for i, l := range spare {
		regs[noShow[i]].email = l.email
	}
	wa.KnownAttendees, wa.KnownNoShows = len(known), len(spare)
	slices.SortFunc(wa.TargetAccounts, func(a, b AccountAttendees) int {
		if c := cmp.Compare(b.Attendees, a.Attendees); c != 0 {
			return c
		}
		return cmp.Compare(a.Account, b.Account)
	})
	return wa
}

// accountID is account n's id as accounts.csv writes it.
func (p *attendeePool) accountID(n int32) string {
	return string(appendID(nil, 'A', int(n), p.width))
}
