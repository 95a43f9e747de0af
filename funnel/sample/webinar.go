package sample

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
)

// Files of the planted webinars (issue 16): an attendee report (a row per
// session, a row per registrant who did not attend) and the first
// webinar's agenda (webinar, minute, topic).
const (
	WebinarAttendeesFile = "webinar_attendees.csv"
	AgendaFile           = "agenda.csv"
)

// webinarStream is the PCG stream of the webinar planting: its own random
// source, so that the other files are the same bytes with or without it.
const webinarStream = 0x776562696e6172 // "webinar"

// WebinarTruth is the planted webinar attendance.
type WebinarTruth struct {
	// Webinar is the ID of the webinar with the planted drop; Start its
	// start, Minutes its length.
	Webinar string `json:"webinar"`
	Start   string `json:"start"`
	Minutes int    `json:"minutes"`
	// DropFromMinute is the start of the 5-minute slice in which
	// DropShare of the people present left at once, while the agenda was
	// on DropTopic.
	DropFromMinute int     `json:"drop_from_minute"`
	DropShare      float64 `json:"drop_share"`
	DropTopic      string  `json:"drop_topic"`
	// Registered, Attended and Rejoins count the first webinar's people.
	Registered int `json:"registered"`
	Attended   int `json:"attended"`
	Rejoins    int `json:"rejoins"`
	// Other is the second webinar's ID (no planted drop).
	Other string `json:"other"`
}

// plantedWebinar describes one webinar of the planting.
type plantedWebinar struct {
	id, topic  string
	start      int64
	minutes    int
	registered int
	dropAt     int     // minute the planted drop starts (-1: none)
	dropShare  float64 // share of those present who leave within dropAt..dropAt+5
	targets    int     // target accounts planted with two or more attendees (webinaraccounts.go)
}

// webinarHosts returns the planted webinars, in order of their start: the
// first three weeks before the data's end, the second a week later.
func (g *generator) webinarHosts() []plantedWebinar {
	day0 := g.end - 21*day
	day0 -= day0 % day
	return []plantedWebinar{
		{id: "812 3456 7890", topic: "Pipeline Playbook Live", start: day0 + 15*3600, minutes: 60, registered: 320, dropAt: 35, dropShare: 0.3, targets: 8},
		{id: "845 1122 3344", topic: "Scoring Office Hours", start: day0 + 7*day + 16*3600, minutes: 45, registered: 140, dropAt: -1, targets: 4},
	}
}

// webinarAgenda is the first webinar's agenda: minute, topic.
var webinarAgenda = []struct {
	minute int
	topic  string
}{
	{0, "Welcome"}, {5, "The ABM playbook"}, {20, "Account scoring live"},
	{35, "Pricing and packaging"}, {45, "Customer story"}, {55, "Q&A"},
}

// plantWebinars writes the attendee report and the agenda, from a random
// stream of their own, and adds their truth and row counts to t. The
// emails of a share of the registrants are then leads' (attendeePool,
// from a stream of its own), which changes no other column.
func (g *generator) plantWebinars(create func(name string) (io.WriteCloser, error), t *Truth) error {
	rng := rand.New(rand.NewPCG(g.cfg.Seed, webinarStream))
	hosts := g.webinarHosts()
	w, err := createRows(create, WebinarAttendeesFile, "Webinar ID", "Title", "Email", "Registration Time", "Attended",
		"Join Time", "Leave Time", "Time in Session (minutes)")
	if err != nil {
		return err
	}
	truth := &WebinarTruth{Webinar: hosts[0].id, Start: formatSecond(hosts[0].start), Minutes: hosts[0].minutes,
		DropFromMinute: hosts[0].dropAt, DropShare: hosts[0].dropShare, Other: hosts[1].id}
	for _, a := range webinarAgenda {
		if a.minute <= hosts[0].dropAt {
			truth.DropTopic = a.topic
		}
	}
	known := g.attendeePool.truth()
	for k, h := range hosts {
		regs, attended, rejoins := h.draw(rng, k)
		if k == 0 {
			truth.Registered, truth.Attended, truth.Rejoins = h.registered, attended, rejoins
		}
		known.Webinars = append(known.Webinars, g.attendeePool.assign(h, regs))
		h.write(w, regs)
	}
	if err := w.finish(); err != nil {
		return err
	}
	a, err := createRows(create, AgendaFile, "webinar", "minute", "topic")
	if err != nil {
		return err
	}
	for _, it := range webinarAgenda {
		a.text(hosts[0].id)
		a.int(int64(it.minute))
		a.text(it.topic)
		a.end()
	}
	if err := a.finish(); err != nil {
		return err
	}
	t.Rows[WebinarAttendeesFile], t.Rows[AgendaFile] = w.rows, a.rows
	t.Webinar, t.WebinarAccounts = truth, known
	return nil
}

// webinarRegisterDays bounds how early a registrant registers: within
// the webinarRegisterDays days before the start.
const webinarRegisterDays = 21

// registrant is one person of a webinar's report: their email, when they
// registered and their sessions (join, leave; none for a no-show).
type registrant struct {
	email    string
	reg      int64
	sessions [][2]int64
}

// draw draws one webinar's registrants: 60% of them attend, most joining
// in the first five minutes; each present person leaves with a small
// hazard per minute, dropShare of them during the five minutes from
// dropAt, and the rest at the close; one in twelve drops out and rejoins
// (two sessions). It returns the registrants, the attendees and rejoins.
func (h plantedWebinar) draw(rng *rand.Rand, k int) (regs []registrant, attended, rejoins int) {
	end := h.start + int64(h.minutes)*60
	regs = make([]registrant, h.registered)
	for i := range regs {
		r := &regs[i]
		r.email = fmt.Sprintf("%s.%d@%s", webinarNames[rng.IntN(len(webinarNames))], 100*k+i, webinarDomains[rng.IntN(len(webinarDomains))])
		r.reg = h.start - int64(1+rng.IntN(webinarRegisterDays-1))*day - int64(rng.IntN(day))
		if rng.Float64() >= 0.6 {
			continue
		}
		attended++
		join := h.start + int64(rng.IntN(300)) // attendees enter once the host starts
		if rng.Float64() < 0.15 {
			join = h.start + 300 + int64(rng.IntN(600)) // late
		}
		leave := h.leave(rng, join, end)
		if leave-join > 600 && rng.IntN(12) == 0 {
			gap := join + (leave-join)/3
			r.sessions = [][2]int64{{join, gap}, {gap + 30 + int64(rng.IntN(60)), leave}}
			rejoins++
			continue
		}
		r.sessions = [][2]int64{{join, leave}}
	}
	return regs, attended, rejoins
}

// write writes one webinar's rows: a row per session, a row per no-show.
func (h plantedWebinar) write(w *rowWriter, regs []registrant) {
	for _, r := range regs {
		row := func(join, leave int64) {
			w.text(h.id)
			w.text(h.topic)
			w.text(r.email)
			w.time(r.reg)
			if join == 0 {
				w.text("No")
				w.empty()
				w.empty()
				w.empty()
			} else {
				w.text("Yes")
				w.time(join)
				w.time(leave)
				w.int(int64(math.Ceil(float64(leave-join) / 60)))
			}
			w.end()
		}
		if len(r.sessions) == 0 {
			row(0, 0)
		}
		for _, s := range r.sessions {
			row(s[0], s[1])
		}
	}
}

// leave draws when a person who joined at join leaves (see write).
func (h plantedWebinar) leave(rng *rand.Rand, join, end int64) int64 {
	for m := int64(1); m <= int64(h.minutes); m++ {
		t := h.start + m*60
		if t <= join {
			continue
		}
		if h.dropAt >= 0 && m == int64(h.dropAt)+1 && rng.Float64() < h.dropShare {
			return h.start + int64(h.dropAt)*60 + 1 + int64(rng.IntN(299))
		}
		if m < int64(h.minutes)-3 && rng.Float64() < 0.004 {
			return t - int64(rng.IntN(60))
		}
	}
	return end - 120 + int64(rng.IntN(300))
}

var (
	webinarNames   = []string{"alex", "sam", "maria", "jonas", "priya", "chen", "fatima", "lucas", "emma", "noah", "yuki", "omar"}
	webinarDomains = []string{"northwind.example", "contoso.example", "fabrikam.example", "tailspin.example", "adatum.example"}
)
