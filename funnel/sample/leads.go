package sample

import (
	"math"
	"slices"
	"strconv"
)

// lead generates lead number id of account a: its activity counts and
// outcome, its lifecycle path, its opportunity and touches; writes its rows
// and reports whether it won. The steps draw from the generator's random
// stream in this order, which the sample's reproducibility depends on.
func (g *generator) lead(id int, a *account) bool {
	r := g.rng
	sen := pick(r, seniorityCum)
	title := g.jobTitle(sen)
	email := g.email(a)
	c0, exposure := g.creation()
	creating := pick(r, g.creatingCum)
	eta := g.drawCounts(a, sen, creating, exposure)
	won := r.Float64() < sigmoid(eta)

	// Lifecycle path and times. The path follows the lead's intensity, its
	// score with the counts scaled to a full exposure. A lead created less
	// than a winner's path before the data's end that does not win may be
	// a future winner: it walks a winner's path whose win comes after the
	// data's end, cut there, so that the last months keep the flow of MQLs,
	// SQLs and opportunities that wins in the data cannot bring.
	intensity := eta
	for t := range nActivity {
		n := g.counts[t]
		if t == creating {
			n-- // the creating touch does not scale with exposure
		}
		intensity += activityLogOdds[t] * float64(n) * (1/exposure - 1)
	}
	censor := g.end - day
	future := !won && c0+int64(g.winnerPathDays*day) >= censor && r.Float64() < futureShare*sigmoid(intensity)
	g.buildPath(won || future, intensity)
	g.timePath(won, future, c0)
	created, last := g.times[0], g.times[len(g.path)-1]
	cutoff := last // won_at
	if !won {
		cutoff = min(max(last, g.start)+nurtureDays*day, censor)
	}
	opp := g.opportunity(a, won, last)
	counted := g.placeTouches(creating, created, cutoff, won)
	if won {
		g.onboarding(last, counted)
	}

	// Rows.
	g.writeLead(id, a, email, title, sen, won)
	g.writeTouches(id, a, won, counted, opp.amount)
	g.writeStages(id)
	g.noteNurture(a.industry)
	g.noteExperimentLead(id, a)
	g.noteLifecycle(id, a)
	if opp.at >= 0 {
		g.writeOpportunity(id, a, opp.at, opp.closed, opp.amount, won, opp.lost)
	}

	// Tallies.
	g.sum.Leads++
	if won {
		g.sum.WonLeads++
	}
	if created < g.start {
		g.sum.LeadsCreatedBefore++
	}
	g.sum.Touches += len(g.touchBf)
	g.sum.PostConversionTouches += len(g.touchBf) - counted
	g.minEvent = min(g.minEvent, created)
	g.seen(last)
	g.seen(g.touchBf[len(g.touchBf)-1].at)
	g.seen(opp.closed)
	return won
}

// creation draws a lead's nominal creation time, and the exposure it
// leaves until the data's end: leads created late have had less time to
// act.
func (g *generator) creation() (c0 int64, exposure float64) {
	r := g.rng
	censor := g.end - day
	c0 = g.start - preWindowDays*day + r.Int64N(censor-g.start+preWindowDays*day)
	if r.Float64() < lateShare { // make up for the wins moved out of the last months
		c0 = censor - r.Int64N(int64(g.winnerPathDays*day))
	}
	exposure = min(1, max(minExposure, float64(censor-max(c0, g.start))/(exposureDays*day)))
	return c0, exposure
}

// drawCounts draws the lead's activity counts before the cutoff into
// g.counts (the creating activity once more) and returns the log-odds of
// winning they decide.
func (g *generator) drawCounts(a *account, sen, creating int, exposure float64) float64 {
	r := g.rng
	rate := a.mult * seniorityRate[sen] * exposure
	for t := range nActivity {
		g.counts[t] = 0
		if t == actTrialUsage {
			continue
		}
		lambda := activityRate[t] * rate
		if t == actDemoRequest {
			lambda *= seniorityDemo[sen]
		}
		g.counts[t] = poisson(r, lambda)
	}
	g.counts[creating]++
	if g.counts[actFreeTrialSignup] > 0 {
		g.counts[actTrialUsage] = poisson(r, trialUsageRate*a.mult*exposure)
	}
	eta := interceptLogOdds + industryLogOdds[a.industry]
	for t := range nActivity {
		eta += activityLogOdds[t] * float64(g.counts[t])
	}
	return eta
}

// leadOpportunity is a lead's opportunity: at is -1 when the lead never
// reached the opportunity stage, closed -1 while it is open.
type leadOpportunity struct {
	at, closed int64
	amount     int64
	lost       bool
}

// opportunity draws the opportunity of a lead whose path reached the
// opportunity stage (the latest entry), closed at last when won, or lost
// after a log-normal time with probability lostProb.
func (g *generator) opportunity(a *account, won bool, last int64) leadOpportunity {
	r := g.rng
	o := leadOpportunity{at: -1, closed: -1}
	for j := len(g.path) - 1; j >= 0; j-- {
		if g.path[j] == stOpportunity {
			o.at = g.times[j]
			break
		}
	}
	if o.at < 0 {
		return o
	}
	o.amount = g.amount(a)
	switch {
	case won:
		o.closed = last
	case r.Float64() < lostProb:
		if c := o.at + lognormalSeconds(r, math.Log(lostMedianDays), lostSigma); c < g.end {
			o.closed, o.lost = c, true
		}
	}
	return o
}

// placeTouches places exactly the drawn counts of touches in [max(created,
// start), cutoff) into g.touchBf, sorted by time, with their channels and
// campaigns, and returns their number. A won lead's last touch, the
// converting one, falls shortly before won_at.
func (g *generator) placeTouches(creating int, created, cutoff int64, won bool) int {
	r := g.rng
	lo := max(created, g.start)
	g.touchBf = g.touchBf[:0]
	createdIdx := -1
	for t := range nActivity {
		for c := 0; c < g.counts[t]; c++ {
			at := lo + r.Int64N(cutoff-lo)
			if t == creating && c == 0 && created >= g.start {
				at, createdIdx = created, len(g.touchBf)
			}
			g.touchBf = append(g.touchBf, touch{at: at, act: int8(t), order: int32(len(g.touchBf))})
		}
	}
	if won {
		imax := 0
		for i, tc := range g.touchBf {
			if tc.at >= g.touchBf[imax].at {
				imax = i
			}
		}
		if imax != createdIdx {
			at := cutoff - 1 - r.Int64N(min(conversionDays*day, cutoff-lo))
			g.touchBf[imax].at = max(g.touchBf[imax].at, at)
		}
	}
	slices.SortFunc(g.touchBf, byTime)
	wonIdx := 0
	if won {
		wonIdx = 1
	}
	for i := range g.touchBf {
		tc := &g.touchBf[i]
		ch := pick(r, g.channelCum[wonIdx][tc.act])
		tc.ch = int8(ch)
		tc.campaign = g.pickCampaign(ch, tc.at)
	}
	return len(g.touchBf)
}

// onboarding appends a won lead's onboarding touches, strictly after
// won_at (last), after the counted ones; the first won lead also uses the
// product in the data's last second, so that the latest timestamp of the
// set (the default --as-of) is no counted touch.
func (g *generator) onboarding(last int64, counted int) {
	r := g.rng
	end := min(last+onboardingDays*day, g.end)
	if end-last > 1 {
		for range poisson(r, onboardingRate) {
			act := pick(r, g.onboardingCum)
			g.touchBf = append(g.touchBf, touch{at: last + 1 + r.Int64N(end-last-1), act: int8(act),
				ch: int8(onboardingChannel[act]), campaign: g.onboardID, order: int32(len(g.touchBf))})
		}
	}
	if !g.firstWonDone && g.end-1 > last {
		g.firstWonDone = true
		g.touchBf = append(g.touchBf, touch{at: g.end - 1, act: actTrialUsage, ch: chDirect,
			campaign: g.onboardID, order: int32(len(g.touchBf))})
	}
	slices.SortFunc(g.touchBf[counted:], byTime)
}

func byTime(a, b touch) int {
	if a.at != b.at {
		if a.at < b.at {
			return -1
		}
		return 1
	}
	return int(a.order - b.order)
}

// amount draws a deal amount that grows with the account's size.
func (g *generator) amount(a *account) int64 {
	v := amountBase / 100 * math.Pow(float64(a.employees)/100, amountSizePower) * math.Exp(amountNoise*g.rng.NormFloat64())
	return max(1, int64(math.Round(v))) * 100
}

func (g *generator) jobTitle(sen int) string {
	r := g.rng
	fn := titleFunctions[r.IntN(len(titleFunctions))]
	switch sen {
	case 0:
		return cLevelTitles[r.IntN(len(cLevelTitles))]
	case 1:
		if r.Float64() < 0.3 {
			return "VP, " + fn
		}
		return "VP of " + fn
	case 2:
		if r.Float64() < 0.3 {
			return "Head of " + fn
		}
		return "Director of " + fn
	case 3:
		if r.Float64() < 0.25 {
			return "Senior " + fn + " Manager"
		}
		return fn + " Manager"
	}
	return contributorTitles[r.IntN(len(contributorTitles))]
}

// email makes first.last@domain, unique within the account.
func (g *generator) email(a *account) string {
	r := g.rng
	local := firstNames[r.IntN(len(firstNames))] + "." + lastNames[r.IntN(len(lastNames))]
	n := 1
	for _, e := range g.emails {
		if e == local || len(e) > len(local) && e[:len(local)] == local && e[len(local)] >= '0' && e[len(local)] <= '9' {
			n++
		}
	}
	if n > 1 {
		local += strconv.Itoa(n)
	}
	g.emails = append(g.emails, local)
	return local + "@" + a.domain
}

func (g *generator) writeLead(id int, a *account, email, title string, sen int, won bool) {
	w := g.leads
	for len(g.withLeads) <= a.id {
		g.withLeads = append(g.withLeads, false)
	}
	g.withLeads[a.id] = true
	n := len(g.path)
	w.id('L', id, g.leadWidth)
	w.id('A', a.id, g.accountWidth)
	w.text(email)
	w.time(g.times[0])
	w.text(title)
	w.text(seniorityNames[sen])
	w.text(industryNames[a.industry])
	w.text(regionNames[a.region])
	w.int(int64(a.employees))
	w.text(channelNames[g.touchBf[0].ch])
	w.text(stageNames[g.path[n-1]])
	g.firstEntry(stMQL)
	g.firstEntry(stSQL)
	w.flag(won)
	if won {
		w.time(g.times[n-1])
	} else {
		w.empty()
	}
	w.end()
}

// firstEntry writes the time of the lead's first entry into stage s, or an empty field.
func (g *generator) firstEntry(s int8) {
	for j, st := range g.path {
		if st == s {
			g.leads.time(g.times[j])
			return
		}
	}
	g.leads.empty()
}

func (g *generator) writeTouches(id int, a *account, won bool, counted int, amount int64) {
	w := g.touches
	for i, tc := range g.touchBf {
		if (tc.act == actFreeTrialSignup || tc.act == actTrialUsage) && tc.at > g.end-trialLength-stallAfter {
			g.trialTouches = append(g.trialTouches, trialTouch{account: int32(a.id), at: tc.at, signup: tc.act == actFreeTrialSignup})
		}
		w.id('L', id, g.leadWidth)
		w.id('A', a.id, g.accountWidth)
		w.time(tc.at)
		w.text(activityNames[tc.act])
		w.text(channelNames[tc.ch])
		w.text(g.campaigns[tc.campaign].name)
		conv := won && i == counted-1
		w.flag(conv)
		if conv {
			w.int(amount)
		} else {
			w.empty()
		}
		w.end()
	}
}

func (g *generator) writeStages(id int) {
	w := g.stages
	var entered [nStage]bool
	for j, st := range g.path {
		w.id('L', id, g.leadWidth)
		w.text(stageNames[st])
		w.time(g.times[j])
		w.end()
		if entered[st] {
			g.sum.Reentries++
		}
		entered[st] = true
		if j > 0 {
			switch prev := g.path[j-1]; {
			case st < prev:
				g.sum.Recycles++
			case st == prev+2:
				g.sum.Skips++
			}
		}
	}
	g.sum.StageEvents += len(g.path)
}

func (g *generator) writeOpportunity(id int, a *account, created, closed, amount int64, won, lost bool) {
	w := g.opps
	g.sum.Opportunities++
	g.planOpportunity(id, a, created, closed, won, lost)
	w.id('O', g.sum.Opportunities, g.oppWidth)
	w.id('A', a.id, g.accountWidth)
	w.id('L', id, g.leadWidth)
	w.time(created)
	switch {
	case won:
		w.time(closed)
		w.int(amount)
		w.flag(true)
		w.text("Closed Won")
		g.sum.WonOpportunities++
	case lost:
		w.time(closed)
		w.int(amount)
		w.flag(false)
		w.text("Closed Lost")
		g.sum.LostOpportunities++
	default:
		w.empty()
		w.int(amount)
		w.empty()
		w.text(openOpportunityStages[g.rng.IntN(len(openOpportunityStages))])
		g.sum.OpenOpportunities++
	}
	w.end()
}
