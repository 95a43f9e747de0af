package sample

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// Truth is the planted ground truth of a generated export set; Generate
// returns it and writes it as truth.json. Maps marshal with sorted keys, so
// the file is deterministic too.
type Truth struct {
	Config          TruthConfig           `json:"config"`
	Rows            map[string]int        `json:"rows"` // data rows per file name
	Summary         Summary               `json:"summary"`
	ActivityLogOdds ActivityLogOdds       `json:"activity_log_odds"`
	StageDays       StageDays             `json:"stage_days"`
	ChannelEffects  ChannelEffects        `json:"channel_effects"`
	Lookalike       Lookalike             `json:"lookalike"`
	Webinar         *WebinarTruth         `json:"webinar,omitempty"`
	WebinarAccounts *WebinarAccountsTruth `json:"webinar_accounts,omitempty"` // webinar_attendees.csv's known leads (webinaraccounts.go)
	Signals         *SignalsTruth         `json:"signals,omitempty"`          // web_visits.csv (signals.go)
	Content         *ContentTruth         `json:"content,omitempty"`          // content.csv (content.go)
	Nurture         *NurtureTruth         `json:"nurture,omitempty"`          // nurture.csv (nurture.go)
	Experiment      *ExperimentTruth      `json:"experiment,omitempty"`       // experiment.csv (experiment.go)
	SpeedToLead     *SpeedTruth           `json:"speed_to_lead,omitempty"`    // sales_activities.csv (speedtolead.go)
	StageChannel    *StageChannelTruth    `json:"stage_channel,omitempty"`    // social_touches.csv (stagechannel.go)
	Tiers           *TiersTruth           `json:"tiers,omitempty"`            // account_tiers.csv (tiers.go)
}

// TruthConfig records the Config a set was generated with and its time anchors.
type TruthConfig struct {
	Seed   uint64 `json:"seed"`
	Leads  int    `json:"leads"`
	Months int    `json:"months"`
	Start  string `json:"start"` // first day of the first month, "2025-05-01"
	End    string `json:"end"`   // last day of the data, "2026-10-31"
	// AsOf is the latest timestamp in the set (a post-won touch at the last
	// second of End when any lead wins), the default --as-of of the analyses.
	AsOf string `json:"as_of"`
}

// Summary counts what was generated.
type Summary struct {
	Accounts              int     `json:"accounts"`
	AccountsWithLeads     int     `json:"accounts_with_leads"`
	TargetAccounts        int     `json:"target_accounts"`
	Leads                 int     `json:"leads"`
	WonLeads              int     `json:"won_leads"`
	PositiveRate          float64 `json:"positive_rate"`
	Touches               int     `json:"touches"`
	PostConversionTouches int     `json:"post_conversion_touches"`
	LeadsCreatedBefore    int     `json:"leads_created_before_start"`
	StageEvents           int     `json:"stage_events"`
	Recycles              int     `json:"recycles"`  // moves down the ladder (sql -> mql)
	Reentries             int     `json:"reentries"` // entries into a stage the lead had entered before
	Skips                 int     `json:"skips"`     // forward moves over one stage
	Opportunities         int     `json:"opportunities"`
	WonOpportunities      int     `json:"won_opportunities"`
	LostOpportunities     int     `json:"lost_opportunities"`
	OpenOpportunities     int     `json:"open_opportunities"`
}

// ActivityLogOdds is the lead-scoring truth: each lead's won flag was drawn
// as Bernoulli(logistic(eta)) with
//
//	eta = Intercept + Industry[industry] + sum_t Activity[t] * count_t
//
// where count_t counts the lead's touches of activity type t strictly
// before its cutoff: won_at for won leads, the end of the data for the
// others. Won leads also have touches after won_at (onboarding) that a
// correct fit excludes.
type ActivityLogOdds struct {
	Target            string             `json:"target"`
	Cutoff            string             `json:"cutoff"`
	Intercept         float64            `json:"intercept"`
	Activity          map[string]float64 `json:"activity"`
	Industry          map[string]float64 `json:"industry"`
	IndustryReference string             `json:"industry_reference"`
}

// StageDays is the velocity truth: the duration of each adjacent forward
// transition (an entry into stage k+1 whose previous stage event is an
// entry into stage k) is lognormal with the parameters of its row, chosen
// by the month of the entry into k+1 (the velocity period).
type StageDays struct {
	Ladder       []string     `json:"ladder"`
	Distribution string       `json:"distribution"`
	Period       string       `json:"period"`
	Definition   string       `json:"definition"`
	Slowdown     Slowdown     `json:"slowdown"`
	Rows         []StageMonth `json:"rows"`
}

// Slowdown describes the planted changes of speed: a slowdown of the named
// transitions in the last months of the data, and December's holiday factor.
type Slowdown struct {
	Transitions    []string           `json:"transitions"` // "mql->sql"
	Factors        map[string]float64 `json:"factors"`     // period -> factor on the mean
	DecemberFactor float64            `json:"december_factor"`
}

// StageMonth is the duration distribution of one transition in one month:
// days ~ exp(Mu + Sigma*N(0,1)), with its mean, median and standard deviation.
type StageMonth struct {
	Period     string  `json:"period"`
	FromStage  string  `json:"from_stage"`
	ToStage    string  `json:"to_stage"`
	Mu         float64 `json:"mu"`
	Sigma      float64 `json:"sigma"`
	MeanDays   float64 `json:"mean_days"`
	MedianDays float64 `json:"median_days"`
	SDDays     float64 `json:"sd_days"`
}

// ChannelEffects is the attribution truth. A won lead's pre-cutoff touch
// of type t came through channel c with probability proportional to
// Mix[t][c]*exp(PerTouchLogOdds[c]); other touches with probability
// Mix[t][c]. So, exactly,
//
//	logit P(won | counts, channels) = eta_0 + sum_t ActivityGivenChannel[t]*count_t + sum_c PerTouchLogOdds[c]*touches_c
//
// with touches_c the lead's pre-cutoff touches through c: each touch
// through c adds PerTouchLogOdds[c] to the log-odds of winning, relative to
// a touch of the same type through Reference; while the marginal model over
// activity counts (ActivityLogOdds) stays exact.
type ChannelEffects struct {
	Definition           string                        `json:"definition"`
	Reference            string                        `json:"reference"`
	PerTouchLogOdds      map[string]float64            `json:"per_touch_log_odds"`
	ActivityGivenChannel map[string]float64            `json:"activity_log_odds_given_channel"`
	Ranking              []string                      `json:"ranking"` // channels, strongest effect first
	Mix                  map[string]map[string]float64 `json:"mix"`
}

// Lookalike is the account truth. Every lead's activity rates are scaled
// by its account's engagement multiplier
//
//	m = exp(Industry + Region + Log10Employees*(log10(employees) - SizeCenter) + Target*target + NoiseSD*N(0,1))
//
// and bigger accounts have bigger buying committees, so positive accounts
// (Positive) concentrate in IdealProfile.
type Lookalike struct {
	Positive          string             `json:"positive"`
	Features          []string           `json:"features"`
	Industry          map[string]float64 `json:"industry_engagement"`
	Region            map[string]float64 `json:"region_engagement"`
	Log10Employees    float64            `json:"log10_employees_engagement"`
	SizeCenter        float64            `json:"size_center"`
	Target            float64            `json:"target_engagement"`
	NoiseSD           float64            `json:"noise_sd"`
	Committee         string             `json:"committee"`
	IdealProfile      IdealProfile       `json:"ideal_profile"`
	Accounts          int                `json:"accounts"`
	PositiveAccounts  int                `json:"positive_accounts"`
	PositiveRate      float64            `json:"positive_rate"`
	IdealPositiveRate float64            `json:"ideal_positive_rate"` // among accounts in IdealProfile
	OtherPositiveRate float64            `json:"other_positive_rate"` // among the rest
}

// IdealProfile is the feature profile of the accounts most likely to win.
type IdealProfile struct {
	Industries   []string `json:"industries"`
	Regions      []string `json:"regions"`
	MinEmployees int      `json:"min_employees"`
}

// truth assembles the Truth after the files are written.
func (g *generator) truth() *Truth {
	t := &Truth{
		Config: TruthConfig{
			Seed: g.cfg.Seed, Leads: g.cfg.Leads, Months: g.cfg.Months,
			Start: formatDay(g.start), End: formatDay(g.end - day), AsOf: formatSecond(g.asOf),
		},
		Rows: map[string]int{
			AccountsFile: g.accounts.rows, LeadsFile: g.leads.rows, TouchesFile: g.touches.rows,
			StagesFile: g.stages.rows, OpportunitiesFile: g.opps.rows, CostsFile: g.costs.rows,
		},
		Summary: g.sum,
	}
	t.Summary.PositiveRate = float64(g.sum.WonLeads) / float64(g.sum.Leads)
	t.ActivityLogOdds = activityTruth()
	t.StageDays = g.stageTruth()
	t.ChannelEffects = channelTruth()
	t.Lookalike = g.lookalikeTruth()
	return t
}

// activityTruth is the planted model of winning by activity counts.
func activityTruth() ActivityLogOdds {
	act := ActivityLogOdds{
		Target:            "won_at",
		Cutoff:            "touches strictly before won_at for won leads, before the end of the data for the others",
		Intercept:         interceptLogOdds,
		Activity:          map[string]float64{},
		Industry:          map[string]float64{},
		IndustryReference: industryNames[referenceIndustry],
	}
	for i, name := range activityNames {
		act.Activity[name] = activityLogOdds[i]
	}
	for i, name := range industryNames {
		act.Industry[name] = industryLogOdds[i]
	}
	return act
}

// stageTruth is the planted distribution of days between stages, month by
// month, with its slow-down.
func (g *generator) stageTruth() StageDays {
	sd := StageDays{
		Ladder:       stageNames[:],
		Distribution: "lognormal",
		Period:       "month (UTC) of the entry into the later stage",
		Definition: "a transition is an entry into stage k+1 whose previous stage event of the same entity is an entry into stage k; " +
			"entries after a skip (k-1 -> k+1) or a recycle (a move down the ladder) are not transitions and their durations are not planted",
		Slowdown: Slowdown{Factors: map[string]float64{}, DecemberFactor: decemberFactor},
	}
	for k := range stCustomer {
		if slowedStages[k] {
			sd.Slowdown.Transitions = append(sd.Slowdown.Transitions, stageNames[k]+"->"+stageNames[k+1])
		}
	}
	for i, f := range slowdownFactors {
		sd.Slowdown.Factors[periodName(g.endMonth-len(slowdownFactors)+1+i)] = f
	}
	for mi := min(monthOf(g.minEvent), g.startMonth); mi <= g.endMonth; mi++ {
		for k := range stCustomer {
			mu, sigma := g.stageParams(mi, k)
			mean := math.Exp(mu + sigma*sigma/2)
			sd.Rows = append(sd.Rows, StageMonth{
				Period: periodName(mi), FromStage: stageNames[k], ToStage: stageNames[k+1],
				Mu: mu, Sigma: sigma, MeanDays: mean, MedianDays: math.Exp(mu),
				SDDays: mean * math.Sqrt(math.Expm1(sigma*sigma)),
			})
		}
	}
	return sd
}

// channelTruth is the planted effect of each channel on winning, and the
// activity effects given the channel mix.
func channelTruth() ChannelEffects {
	ce := ChannelEffects{
		Definition: "each pre-cutoff touch through a channel adds per_touch_log_odds[channel] to the log-odds of winning, " +
			"relative to a touch of the same activity type through the reference channel, in the model " +
			"logit P(won) = intercept + industry + sum_t activity_log_odds_given_channel[t]*count_t + sum_c per_touch_log_odds[c]*touches_c",
		Reference:            channelNames[referenceChannel],
		PerTouchLogOdds:      map[string]float64{},
		ActivityGivenChannel: map[string]float64{},
		Mix:                  map[string]map[string]float64{},
	}
	for c, name := range channelNames {
		ce.PerTouchLogOdds[name] = channelLogOdds[c] - channelLogOdds[referenceChannel]
	}
	for a, name := range activityNames {
		z, total := 0.0, 0.0
		mix := map[string]float64{}
		for c := range nChannel {
			z += channelMix[a][c] * math.Exp(channelLogOdds[c]-channelLogOdds[referenceChannel])
			total += channelMix[a][c]
		}
		for c := range nChannel {
			if channelMix[a][c] > 0 {
				mix[channelNames[c]] = channelMix[a][c] / total
			}
		}
		ce.ActivityGivenChannel[name] = activityLogOdds[a] - math.Log(z/total)
		ce.Mix[name] = mix
	}
	ce.Ranking = append([]string(nil), channelNames[:]...)
	slices.SortStableFunc(ce.Ranking, func(a, b string) int {
		return cmp.Compare(channelLogOdds[channelIndex(b)], channelLogOdds[channelIndex(a)])
	})
	return ce
}

// lookalikeTruth is the planted engagement model of accounts and the ideal
// profile, with the positive rates the set came out with.
func (g *generator) lookalikeTruth() Lookalike {
	la := Lookalike{
		Positive:       "accounts with at least one won lead",
		Features:       []string{"industry", "region", "employees", "engagement (touches per activity type of the account's leads)"},
		Industry:       map[string]float64{},
		Region:         map[string]float64{},
		Log10Employees: sizeEngagement,
		SizeCenter:     sizeCenter,
		Target:         targetEngagement,
		NoiseSD:        engagementNoise,
		Committee: "no contacts with chance 0.12, else min(8, 1 + Poisson(0.3 + 0.8*(log10(employees)-1))) contacts; " +
			"the set stops at the requested number of leads",
		Accounts:         g.sum.Accounts,
		PositiveAccounts: g.icpAccounts[1] + g.otherAccts[1],
	}
	for i, name := range industryNames {
		la.Industry[name] = industryEngagement[i]
	}
	for i, name := range regionNames {
		la.Region[name] = regionEngagement[i]
	}
	for _, i := range idealIndustries {
		la.IdealProfile.Industries = append(la.IdealProfile.Industries, industryNames[i])
	}
	for _, i := range idealRegions {
		la.IdealProfile.Regions = append(la.IdealProfile.Regions, regionNames[i])
	}
	la.IdealProfile.MinEmployees = idealMinEmployees
	la.PositiveRate = ratio(la.PositiveAccounts, la.Accounts)
	la.IdealPositiveRate = ratio(g.icpAccounts[1], g.icpAccounts[0])
	la.OtherPositiveRate = ratio(g.otherAccts[1], g.otherAccts[0])
	return la
}

func channelIndex(name string) int {
	for i, n := range channelNames {
		if n == name {
			return i
		}
	}
	panic("sample: unknown channel " + name)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func formatDay(t int64) string { return time.Unix(t, 0).UTC().Format(time.DateOnly) }

func formatSecond(t int64) string { return time.Unix(t, 0).UTC().Format(time.DateTime) }
