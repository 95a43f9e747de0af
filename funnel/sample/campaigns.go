package sample

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// campaign is one marketing campaign of a channel, active over a range of
// window months.
type campaign struct {
	name        string
	channel     int // -1: onboarding, which has no cost
	quarterly   bool
	first, last int     // active window months (0 = the first month), inclusive
	touches     []int32 // touches per window month, for the costs
}

// buildCampaigns makes, per channel, one always-on campaign and 2 to 7
// quarterly ones, each active during its quarter, named after it.
func (g *generator) buildCampaigns() {
	months := g.cfg.Months
	var quarters []int
	for q := g.startMonth - g.startMonth%3; q <= g.endMonth; q += 3 {
		quarters = append(quarters, q)
	}
	for ch := 0; ch < nChannel; ch++ {
		g.evergreen[ch] = int32(len(g.campaigns))
		g.campaigns = append(g.campaigns, campaign{
			name: evergreenCampaign[ch], channel: ch, first: 0, last: months - 1,
			touches: make([]int32, months),
		})
		nq := minQuarterlyCmp + g.rng.IntN(maxQuarterlyCmp-minQuarterlyCmp+1)
		qperm := g.rng.Perm(len(quarters))
		tperm := g.rng.Perm(len(campaignTopics[ch]))
		var quarterly []campaign
		for i := range nq {
			q := quarters[qperm[i%len(quarters)]]
			quarterly = append(quarterly, campaign{
				name:      fmt.Sprintf("%d-Q%d %s: %s", q/12, q%12/3+1, channelLabel[ch], campaignTopics[ch][tperm[i]]),
				channel:   ch,
				quarterly: true,
				first:     max(q, g.startMonth) - g.startMonth,
				last:      min(q+2, g.endMonth) - g.startMonth,
				touches:   make([]int32, months),
			})
		}
		slices.SortFunc(quarterly, func(a, b campaign) int {
			if a.first != b.first {
				return a.first - b.first
			}
			return strings.Compare(a.name, b.name)
		})
		g.campaigns = append(g.campaigns, quarterly...)
	}
	g.onboardID = int32(len(g.campaigns))
	g.campaigns = append(g.campaigns, campaign{name: onboardingCampaign, channel: -1})
	for ch := 0; ch < nChannel; ch++ {
		g.active[ch] = make([][]int32, months)
	}
	for i, c := range g.campaigns {
		if !c.quarterly {
			continue
		}
		for m := c.first; m <= c.last; m++ {
			g.active[c.channel][m] = append(g.active[c.channel][m], int32(i))
		}
	}
}

// pickCampaign chooses the campaign of a touch through channel ch at time
// at: an active quarterly campaign of the channel (with chance
// quarterlyShare when one runs) or the always-on one; and counts the touch
// for the costs.
func (g *generator) pickCampaign(ch int, at int64) int32 {
	m := monthOf(at) - g.startMonth
	c := g.evergreen[ch]
	if m < 0 || m >= g.cfg.Months {
		return c
	}
	if act := g.active[ch][m]; len(act) > 0 && g.rng.Float64() < quarterlyShare {
		c = act[g.rng.IntN(len(act))]
	}
	g.campaigns[c].touches[m]++
	return c
}

// writeCosts writes the monthly cost of every paid campaign over its active
// months: (fixed part * leads/20000 + cost per touch * touches) * lognormal noise.
func (g *generator) writeCosts() {
	scale := float64(g.cfg.Leads) / costScaleLeads
	for _, c := range g.campaigns {
		if c.channel < 0 || c.channel == chDirect {
			continue
		}
		fixed := evergreenMonthlyCost[c.channel]
		if c.quarterly {
			fixed = quarterlyMonthlyCost[c.channel]
		}
		for m := c.first; m <= c.last; m++ {
			cost := (fixed*scale + costPerTouch[c.channel]*float64(c.touches[m])) * math.Exp(costNoise*g.rng.NormFloat64())
			w := g.costs
			w.text(channelNames[c.channel])
			w.text(c.name)
			w.text(periodName(g.startMonth + m))
			w.money(math.Round(cost*100) / 100)
			w.end()
		}
	}
}
