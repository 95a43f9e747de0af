package sample

import (
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
)

// WebVisitsFile holds the planted web activity and trials of `funnel
// signals`: touches (lead_id, account_id, occurred_at, activity_type,
// url) besides touches.csv, which stays as it was.
const WebVisitsFile = "web_visits.csv"

// signalsStream is the second PCG word of the signals planting, a random
// stream of its own, so that the other files do not change.
const signalsStream = 0x7369676e616c73 // "signals"

var webVisitsHeader = []string{"lead_id", "account_id", "occurred_at", "activity_type", "url"}

var webPages = []string{"/pricing", "/product/lead-scoring", "/product/attribution", "/blog/attribution-guide", "/case-studies/northwind", "/docs/getting-started"}

// How many of each signal are planted (fewer when the set is too small to
// hold them).
const (
	plantDrops, plantLostDrops, plantWonDrops = 12, 120, 20
	plantSurges, plantStalled, plantUsed      = 12, 12, 8
)

// SignalsTruth is what `funnel signals` finds in a sample with its default
// flags (month periods as of the default as-of): web_visits.csv plants
// web activity for accounts whose only opportunity is open and whose
// visits fall in the last month (TrafficDrops: rate x0.05-0.15 after 15-30
// a month for the three months before), surges (ten or more visits by 3-5
// people in the last month after at most 1.5 a month), trials at accounts
// without other activity (StalledTrials: no usage since the signup, or
// usage in its first days only; UsedTrials: usage to the last two days),
// and for the backtest drops in the month before an opportunity's close
// month, on accounts with that one opportunity: DropsBeforeLoss lost
// deals, DropsBeforeWin won ones. The natural touches of touches.csv may
// give more signals than these (their web activity is drawn evenly over a
// lead's active time, not in months).
type SignalsTruth struct {
	File          string   `json:"file"`
	Rows          int      `json:"rows"`
	LatestPeriod  string   `json:"latest_period"`
	TrafficDrops  []string `json:"traffic_drops"`
	Surges        []string `json:"surges"`
	StalledTrials []string `json:"stalled_trials"`
	UsedTrials    []string `json:"used_trials"`
	// NaturalStalledTrials are the accounts whose trial in touches.csv
	// (not planted: a lead's trial usage is drawn over its active time, not
	// after its signup) is stalled by signals' rule with its defaults as
	// of the sample's end (naturalStalled), so that precision can count
	// them as found rightly.
	NaturalStalledTrials []string `json:"natural_stalled_trials"`
	DropsBeforeLoss      []string `json:"drops_before_loss"` // opportunity ids
	DropsBeforeWin       []string `json:"drops_before_win"`  // opportunity ids
}

// plannedOpp is one opportunity of the set, read back from a replay.
type plannedOpp struct {
	id, account, lead int   // numbers of the O, A and L ids
	created, closed   int64 // closed 0 while open
	won               bool
}

// plantSignals writes WebVisitsFile for the set g generated and records
// it in truth (Signals, and its rows in Rows), from the opportunities and
// the accounts with leads the generator noted as it wrote them.
func plantSignals(cfg Config, g *generator, truth *Truth, create func(name string) (io.WriteCloser, error)) error {
	p := &planter{g: g, rng: rand.New(rand.NewPCG(cfg.Seed, signalsStream)), used: map[int]bool{}}
	var err error
	if p.w, err = createRows(create, WebVisitsFile, webVisitsHeader...); err != nil {
		return err
	}
	st := p.plant(g.opportunities)
	if err := p.w.finish(); err != nil {
		return err
	}
	st.File, st.Rows = WebVisitsFile, p.w.rows
	truth.Signals = st
	truth.Rows[WebVisitsFile] = p.w.rows
	return nil
}

// planOpportunity notes an opportunity as writeOpportunity writes it (the
// numbers of its ids; closed 0 while open) for the signals planted after
// the set.
func (g *generator) planOpportunity(lead int, a *account, created, closed int64, won, lost bool) {
	o := plannedOpp{id: g.sum.Opportunities, account: a.id, lead: lead, created: created, won: won}
	if won || lost {
		o.closed = closed
	}
	g.opportunities = append(g.opportunities, o)
}

// planter writes the planted rows.
type planter struct {
	g        *generator
	rng      *rand.Rand
	w        *rowWriter
	used     map[int]bool // accounts taken, by number
	visitors int
}

// plant picks the accounts and writes their rows, account by account.
func (p *planter) plant(opps []plannedOpp) *SignalsTruth {
	g := p.g
	latest := g.endMonth
	t := &SignalsTruth{LatestPeriod: periodName(latest)}
	perAccount := map[int]int{}
	for _, o := range opps {
		perAccount[o.account]++
	}
	var open, lost, won []plannedOpp
	for _, o := range opps {
		if perAccount[o.account] != 1 {
			continue
		}
		switch {
		case o.closed == 0 && o.created < monthStart(latest-3):
			open = append(open, o)
		case o.closed != 0 && monthOf(o.closed)-4 >= g.startMonth && monthOf(o.closed) <= latest-4 && monthOf(o.created) < monthOf(o.closed):
			if o.won {
				won = append(won, o)
			} else {
				lost = append(lost, o)
			}
		}
	}
	for _, o := range p.pick(open, plantDrops) {
		p.traffic(p.accountID(o.account), p.leadID(o.lead), latest, 15, 30, 0.05, 0.15)
		t.TrafficDrops = append(t.TrafficDrops, p.accountID(o.account))
	}
	for _, set := range []struct {
		from []plannedOpp
		n    int
		to   *[]string
	}{{lost, plantLostDrops, &t.DropsBeforeLoss}, {won, plantWonDrops, &t.DropsBeforeWin}} {
		for _, o := range p.pick(set.from, set.n) {
			p.traffic(p.accountID(o.account), p.leadID(o.lead), monthOf(o.closed)-1, 15, 30, 0.05, 0.15)
			*set.to = append(*set.to, string(appendID(nil, 'O', o.id, p.g.oppWidth)))
		}
	}
	free := p.freeAccounts()
	for _, a := range take(&free, plantSurges) {
		p.surge(a, latest)
		t.Surges = append(t.Surges, a)
	}
	for i, a := range take(&free, plantStalled) {
		p.trial(a, i%2 == 0, false)
		t.StalledTrials = append(t.StalledTrials, a)
	}
	for _, a := range take(&free, plantUsed) {
		p.trial(a, false, true)
		t.UsedTrials = append(t.UsedTrials, a)
	}
	t.NaturalStalledTrials = naturalStalled(g.trialTouches, g.end, p.accountID)
	for _, l := range [][]string{t.TrafficDrops, t.Surges, t.StalledTrials, t.UsedTrials, t.DropsBeforeLoss, t.DropsBeforeWin, t.NaturalStalledTrials} {
		slices.Sort(l)
	}
	return t
}

// pick draws up to n opportunities of distinct accounts not taken yet.
func (p *planter) pick(from []plannedOpp, n int) []plannedOpp {
	var out []plannedOpp
	for _, i := range p.rng.Perm(len(from)) {
		if len(out) == n {
			break
		}
		if o := from[i]; !p.used[o.account] {
			p.used[o.account] = true
			out = append(out, o)
		}
	}
	return out
}

// freeAccounts returns the ids of the accounts without leads or planted
// rows, in a random order.
func (p *planter) freeAccounts() []string {
	var free []int
	for id := 1; id <= p.g.sum.Accounts; id++ {
		if !p.used[id] && (id >= len(p.g.withLeads) || !p.g.withLeads[id]) {
			free = append(free, id)
		}
	}
	p.rng.Shuffle(len(free), func(i, j int) { free[i], free[j] = free[j], free[i] })
	n := min(len(free), plantSurges+plantStalled+plantUsed) // all that plant takes
	out := make([]string, n)
	for i := range out {
		out[i] = p.accountID(free[i])
	}
	return out
}

func take(list *[]string, n int) []string {
	n = min(n, len(*list))
	out := (*list)[:n]
	*list = (*list)[n:]
	return out
}

// accountID and leadID are the ids of account and lead number n, as the
// files write them.
func (p *planter) accountID(n int) string { return string(appendID(nil, 'A', n, p.g.accountWidth)) }
func (p *planter) leadID(n int) string    { return string(appendID(nil, 'L', n, p.g.leadWidth)) }

// visitor returns a new contact id seen only in the web activity.
func (p *planter) visitor() string {
	p.visitors++
	return "V" + strconv.Itoa(100000+p.visitors)
}

// visit writes one web touch at a random second of [from, to).
func (p *planter) visit(lead, account string, from, to int64) {
	p.row(lead, account, from+p.rng.Int64N(to-from), "")
}

// row writes one touch; act "" is a web visit or a pricing page view.
func (p *planter) row(lead, account string, at int64, act string) {
	page := webPages[p.rng.IntN(len(webPages))]
	if act == "" {
		act = "web_visit"
		if page == "/pricing" {
			act = "pricing_page_view"
		}
	}
	w := p.w
	w.text(lead)
	w.text(account)
	w.time(at)
	w.text(act)
	w.text(page)
	w.end()
}

// traffic writes an account's visits: a monthly rate drawn from [lo, hi)
// in the three months before month m, and that rate times a factor from
// [fLo, fHi) in m, by the lead and one or two new visitors.
func (p *planter) traffic(account, lead string, m int, lo, hi, fLo, fHi float64) {
	who := []string{lead, p.visitor()}
	if p.rng.IntN(2) == 0 {
		who = append(who, p.visitor())
	}
	rate := lo + (hi-lo)*p.rng.Float64()
	factor := fLo + (fHi-fLo)*p.rng.Float64()
	for mi := m - 3; mi <= m; mi++ {
		r := rate
		if mi == m {
			r *= factor
		}
		from, to := monthStart(mi), min(monthStart(mi+1), p.g.end-day)
		for range poisson(p.rng, r) {
			p.visit(who[p.rng.IntN(len(who))], account, from, to)
		}
	}
}

// surge writes at most 1.5 visits a month in the three months before m
// and 12 or more by 3 to 5 new visitors in m.
func (p *planter) surge(account string, m int) {
	who := make([]string, 3+p.rng.IntN(3))
	for i := range who {
		who[i] = p.visitor()
	}
	for mi := m - 3; mi < m; mi++ {
		for range poisson(p.rng, 1.5*p.rng.Float64()) {
			p.visit(who[0], account, monthStart(mi), monthStart(mi+1))
		}
	}
	n := 12 + poisson(p.rng, 10)
	for i := range n {
		p.visit(who[i%len(who)], account, monthStart(m), p.g.end-day)
	}
}

// trial writes a trial signup 9 to 24 days before the end of the data
// (14 to 24 when it has early usage): no usage (none), usage on its first
// 1 to 3 days only (stopped), or usage every day or two up to the last
// two days (used).
func (p *planter) trial(account string, none, used bool) {
	lead := p.visitor()
	end := p.g.end - day
	days := 9 + p.rng.IntN(16)
	if !none && !used {
		days = 14 + p.rng.IntN(11)
	}
	signup := end - int64(days)*day + p.rng.Int64N(day/2)
	p.row(lead, account, signup, "free_trial_signup")
	switch {
	case used:
		for at := signup + day/2; at < end-day; at += day + p.rng.Int64N(day) {
			p.row(lead, account, at, "trial_usage")
		}
	case !none:
		for d := range 1 + p.rng.IntN(3) {
			p.row(lead, account, signup+int64(d)*day+p.rng.Int64N(day), "trial_usage")
		}
	}
}

// trialTouch is a trial signup or use of touches.csv, noted as written
// when it is later than trialLength + stallAfter before the end: an
// earlier signup is judged by no trial of the end, and an earlier use
// comes before any signup that is.
type trialTouch struct {
	at      int64
	account int32 // number of the account
	signup  bool
}

// The defaults of `funnel signals` that judge a trial (signals.Default
// StallAfter and TrialLength; sample does not import signals).
const stallAfter, trialLength = 7 * day, 30 * day

// naturalStalled returns the ids (by id) of the accounts whose trial in
// touches is stalled as of asOf by signals' rule: the account's latest
// signup s before asOf; the trial ends at e = s + trialLength and is
// judged, when e + stallAfter > asOf, at j = min(asOf, e); it is stalled
// when j - (the last use in [s, j), else s) >= stallAfter. It sorts
// touches.
func naturalStalled(touches []trialTouch, asOf int64, id func(n int) string) []string {
	slices.SortStableFunc(touches, func(a, b trialTouch) int {
		if a.account != b.account {
			return int(a.account - b.account)
		}
		return int(max(-1, min(1, a.at-b.at)))
	})
	var out []string
	for lo := 0; lo < len(touches); {
		hi := lo
		signup := -1
		for hi < len(touches) && touches[hi].account == touches[lo].account {
			if touches[hi].signup && touches[hi].at < asOf {
				signup = hi
			}
			hi++
		}
		if signup >= 0 {
			s := touches[signup].at
			end := s + trialLength
			judged, last := min(asOf, end), s
			for _, u := range touches[signup+1 : hi] {
				if !u.signup && u.at < judged {
					last = u.at
				}
			}
			if end+stallAfter > asOf && judged-last >= stallAfter {
				out = append(out, id(int(touches[lo].account)))
			}
		}
		lo = hi
	}
	return out
}
