package sample

import (
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"time"
)

// SocialTouchesFile holds the planted stage-specific channel of `funnel
// attribute --milestone` (issue 20): a paid-social (LinkedIn Ads) export of
// ad clicks and lead-gen form fills (lead_id, account_id, occurred_at,
// activity_type, channel, campaign), read as touches besides touches.csv,
// which stays as it was.
const SocialTouchesFile = "social_touches.csv"

// SocialChannel is the channel of every row of SocialTouchesFile, one that
// touches.csv does not use.
const SocialChannel = "paid_social"

// socialStream is the second PCG word of the paid-social planting, a random
// stream of its own, so that the other files do not change.
const socialStream = 0x736f6369616c // "social"

var socialTouchesHeader = []string{"lead_id", "account_id", "occurred_at", "activity_type", "channel", "campaign"}

// socialChance is the planted chance that a lead that reached MQL got a
// paid-social touch just before its MQL: [0] when the lead never reached
// opportunity, [1] when it did. The channel makes MQLs that do not go on.
var socialChance = [2]float64{0.35, 0.03}

// socialWindowDays bounds how long before the MQL the paid-social touch
// falls.
const socialWindowDays = 14

var (
	socialActivities = []string{"ad_click", "lead_gen_form"}
	socialTopics     = []string{"Lead Gen Forms", "Retargeting", "Thought Leadership", "Event Promo"}
)

// creditStages are the milestones the stage truth is given for (stage
// indexes of stageNames).
var creditStages = []int8{stMQL, stSQL, stOpportunity, stCustomer}

// StageChannelTruth is the planted stage-specific channel. Of the leads
// that reached MQL (first standing at mql or above, as velocity.Reached
// reads stages.csv) with their MQL inside the data, a share Chance got one
// paid-social touch (SocialChannel) after their last touch of touches.csv
// at or before the MQL, within SocialWindowDays before it, and at or
// before the MQL: so it is the last touch of every such lead's journey to
// MQL. The chance depends on whether the lead later reached opportunity,
// which the other files had decided, so the channel makes MQLs but few
// opportunities and fewer customers.
//
// Stages gives, per milestone, exactly what `funnel attribute --milestone`
// credits the channel with when touches.csv and SocialTouchesFile are read
// together (lead-level journeys, no lookback): the converting journeys
// (leads that reached the stage with a touch at or before it), the
// channel's last-touch, first-touch and linear credit and their shares of
// the journeys. Last touch at MQL is the number of leads given a paid-social
// touch; at a later stage, those of them without a touches.csv touch
// between their MQL and that stage; linear is the sum of 1/(touches of the
// journey).
type StageChannelTruth struct {
	File       string             `json:"file"`
	Rows       int                `json:"rows"`
	Channel    string             `json:"channel"`
	Definition string             `json:"definition"`
	Chance     map[string]float64 `json:"chance"` // "reached_opportunity", "not_reached_opportunity"
	WindowDays int                `json:"window_days"`
	Stages     []StageCredit      `json:"stages"`
}

// StageCredit is the planted credit of the channel at one milestone.
type StageCredit struct {
	Stage           string  `json:"stage"`
	Journeys        int     `json:"journeys"`
	LastTouch       int     `json:"last_touch"`
	LastTouchShare  float64 `json:"last_touch_share"`
	FirstTouch      int     `json:"first_touch"`
	FirstTouchShare float64 `json:"first_touch_share"`
	Linear          float64 `json:"linear"`
	LinearShare     float64 `json:"linear_share"`
}

// socialPlan is the paid-social planting while the leads are generated.
type socialPlan struct {
	rng    *rand.Rand
	rows   []socialTouch
	credit [4]StageCredit // per creditStages
}

type socialTouch struct {
	lead, account int32
	at            int64
}

// planSocial decides the paid-social touch of a lead that reached MQL
// (reach: the first time at each stage or above, -1 never) from the
// lead's touches in g.touchBf (in time order), and counts the journeys and
// the channel's credit per milestone.
func (g *generator) planSocial(id int, a *account, reach *[nStage]int64) {
	if g.social == nil {
		g.social = &socialPlan{rng: rand.New(rand.NewPCG(g.cfg.Seed, socialStream))}
	}
	sp := g.social
	opp := 0
	if reach[stOpportunity] >= 0 {
		opp = 1
	}
	u := sp.rng.Float64()
	mql := reach[stMQL]
	before := func(t int64) int { // touches of touches.csv at or before t
		return sort.Search(len(g.touchBf), func(i int) bool { return g.touchBf[i].at > t })
	}
	nMQL := before(mql)
	lo := max(mql-socialWindowDays*day, g.start)
	if nMQL > 0 {
		lo = max(lo, g.touchBf[nMQL-1].at+1)
	}
	chosen := u < socialChance[opp] && lo <= mql
	if chosen {
		at := lo + sp.rng.Int64N(mql-lo+1)
		sp.rows = append(sp.rows, socialTouch{lead: int32(id), account: int32(a.id), at: at})
	}
	for k, s := range creditStages {
		t := reach[s]
		if t < 0 {
			continue
		}
		n := before(t)
		c := &sp.credit[k]
		if n > 0 || chosen {
			c.Journeys++
		}
		if !chosen {
			continue
		}
		c.Linear += 1 / float64(n+1)
		if n == nMQL {
			c.LastTouch++
		}
		if nMQL == 0 {
			c.FirstTouch++
		}
	}
}

// plantSocial writes SocialTouchesFile from the plan and records the truth
// (StageChannel, and its rows in Rows).
func plantSocial(cfg Config, g *generator, truth *Truth, create func(name string) (io.WriteCloser, error)) error {
	w, err := createRows(create, SocialTouchesFile, socialTouchesHeader...)
	if err != nil {
		return err
	}
	sp := g.social
	if sp == nil { // no lead reached MQL
		sp = &socialPlan{rng: rand.New(rand.NewPCG(cfg.Seed, socialStream))}
	}
	for _, r := range sp.rows {
		w.id('L', int(r.lead), g.leadWidth)
		w.id('A', int(r.account), g.accountWidth)
		w.time(r.at)
		w.text(socialActivities[sp.rng.IntN(len(socialActivities))])
		w.text(SocialChannel)
		y, m, _ := time.Unix(r.at, 0).UTC().Date()
		w.text(fmt.Sprintf("%d-Q%d LinkedIn Ads: %s", y, (int(m)+2)/3, socialTopics[sp.rng.IntN(len(socialTopics))]))
		w.end()
	}
	if err := w.finish(); err != nil {
		return err
	}
	st := &StageChannelTruth{File: SocialTouchesFile, Rows: w.rows, Channel: SocialChannel, WindowDays: socialWindowDays,
		Chance: map[string]float64{"not_reached_opportunity": socialChance[0], "reached_opportunity": socialChance[1]},
		Definition: "one paid_social touch after the lead's last touches.csv touch at or before its MQL, within window_days before it and at or before it, " +
			"for a share chance of the leads that reached MQL; stages: what attribute --milestone credits the channel with, " +
			"touches.csv and social_touches.csv read together, lead journeys, no lookback"}
	for k, s := range creditStages {
		c := sp.credit[k]
		c.Stage = stageNames[s]
		c.LastTouchShare = ratio(c.LastTouch, c.Journeys)
		c.FirstTouchShare = ratio(c.FirstTouch, c.Journeys)
		if c.Journeys > 0 {
			c.LinearShare = c.Linear / float64(c.Journeys)
		}
		st.Stages = append(st.Stages, c)
	}
	truth.StageChannel = st
	truth.Rows[SocialTouchesFile] = w.rows
	return nil
}
