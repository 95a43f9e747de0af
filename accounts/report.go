package accounts

import (
	"fmt"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/scoring"
	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

// Names of the tables of the `funnel accounts` report.
const (
	TableAccounts        = "accounts"
	TableQuarters        = "quarters"
	TablePatterns        = "patterns"
	TableLookalikes      = "lookalikes"
	TableLookalikeTerms  = "lookalike_terms"
	TableABM             = "abm"
	TableCampaignTargets = "campaign_targets"
)

// Report returns the `funnel accounts` report: meta, the accounts table
// (the main one), quarters, and with their options patterns, lookalikes
// with lookalike_terms, abm and campaign_targets.
func (a *Analysis) Report() *funnel.Report {
	r := funnel.NewReport("accounts", "Account engagement")
	cfg := a.Options
	r.AddMeta("as_of", funnel.FormatTime(a.AsOf, false))
	r.AddMeta("high_intensity_rule", fmt.Sprintf("at least %d contacts each with at least %d touches within a trailing %s (a touch exactly %s before counts)",
		cfg.MinPeople, cfg.MinTouches, funnel.FormatDays(cfg.Window), funnel.FormatDays(cfg.Window)))
	engaged, high := 0, 0
	for _, ac := range a.Accounts {
		if ac.Touches > 0 {
			engaged++
		}
		if ac.HighIntensity {
			high++
		}
	}
	r.AddMeta("accounts", len(a.Accounts))
	r.AddMeta("engaged_accounts", engaged)
	r.AddMeta("high_intensity_accounts", high)
	r.AddMeta("high_intensity_share", ratioOr(float64(high), float64(engaged)))
	r.AddMeta("touches_used", a.TouchesUsed)
	var byQuarter []string
	for _, q := range a.Quarters {
		byQuarter = append(byQuarter, fmt.Sprintf("%s %.4f (%d of %d)", q.Quarter, q.Share, q.HighIntensity, q.Active))
	}
	r.AddMeta("high_intensity_share_by_quarter", byQuarter)
	if oc := a.Opportunities; oc != nil {
		r.AddMeta("opportunity_window", funnel.FormatDays(OpportunityFollowUp))
		r.AddMeta("opportunity_anchor", "becoming high-intensity; for other engaged accounts, their first touch")
		r.AddMeta("high_intensity_followed", oc.HighIntensity.Accounts)
		r.AddMeta("high_intensity_opportunity_rate", oc.HighIntensity.Rate)
		r.AddMeta("other_followed", oc.Other.Accounts)
		r.AddMeta("other_opportunity_rate", oc.Other.Rate)
		r.AddMeta("opportunity_rate_ratio", oc.Ratio)
		r.AddMeta("opportunity_rate_ratio_ci_low", oc.Low)
		r.AddMeta("opportunity_rate_ratio_ci_high", oc.High)
		method := "95% " + RiskRatioMethod
		if oc.Corrected {
			method += " (applied here)"
		}
		r.AddMeta("opportunity_rate_ratio_interval", method)
		r.AddMeta("excluded_censored", oc.Censored)
		r.AddMeta("excluded_prior_pipeline", oc.PriorPipeline)
	}
	if cfg.Patterns {
		r.AddMeta("pattern_gap", funnel.FormatDays(cfg.Gap))
		r.AddMeta("pattern_outcome", cfg.PatternOutcome.String())
	}
	if l := a.Lookalike; l != nil {
		h := l.Holdout
		r.AddMeta("lookalike_method", "positive-unlabeled learning (Elkan and Noto 2008): logistic classifier of labeled vs unlabeled accounts on 80%, probability = min(1, score / c) with c the mean score of held-out labeled accounts")
		r.AddMeta("lookalike_positives", l.Positives.String())
		r.AddMeta("lookalike_positive_accounts", l.PositiveAccounts)
		r.AddMeta("lookalike_unlabeled_accounts", l.UnlabeledAccounts)
		r.AddMeta("lookalike_penalty", fmt.Sprintf("l2 (lambda %g)", LookalikeLambda))
		r.AddMeta("lookalike_seed", int64(l.Seed))
		r.AddMeta("lookalike_label_frequency", l.LabelFrequency)
		r.AddMeta("lookalike_cutoff", l.Cutoff)
		r.AddMeta("holdout_accounts", h.Accounts)
		r.AddMeta("holdout_positives", h.Positives)
		r.AddMeta("holdout_recall", h.Recall)
		r.AddMeta("holdout_flagged_share", h.FlaggedShare)
		r.AddMeta("holdout_random_recall", h.FlaggedShare)
		r.AddMeta("holdout_recall_lift", h.Lift)
		r.AddMeta("holdout_auc", h.AUC)
	}
	if m := a.ABM; m != nil {
		if cfg.TargetsSource != "" {
			r.AddMeta("targets", cfg.TargetsSource)
		}
		r.AddMeta("target_accounts", m.Target.Accounts)
		r.AddMeta("min_target_share", m.MinTargetShare)
		below := 0
		for _, c := range m.Campaigns {
			if c.BelowMin {
				below++
			}
		}
		r.AddMeta("campaigns_below_min_target_share", below)
		if m.OutcomeSource != "" {
			r.AddMeta("outcome_source", m.OutcomeSource)
		}
		if m.HasCosts {
			r.AddMeta("cost_allocation", fmt.Sprintf("each %s's cost split between target and other accounts by their touches of it", m.CostKey))
			r.AddMeta("unallocated_cost", m.UnallocatedCost)
		}
	}

	r.AddTable(TableAccounts, a.AccountsTable(a.Accounts))
	r.AddTable(TableQuarters, quartersFrame(a.Quarters))
	r.AddChart(funnel.Chart{Kind: funnel.BarChart, Title: "High-intensity share of active accounts", Table: TableQuarters, X: "quarter", Series: []string{"share"}, XTitle: "quarter", YTitle: "share"})
	if cfg.Patterns {
		r.AddTable(TablePatterns, patternsFrame(a.Patterns))
	}
	if l := a.Lookalike; l != nil {
		r.AddTable(TableLookalikes, lookalikesFrame(l.Lookalikes))
		r.AddTable(TableLookalikeTerms, lookalikeTermsFrame(l.Regression))
	}
	if m := a.ABM; m != nil {
		r.AddTable(TableABM, abmFrame(m))
		if m.CampaignBy != "" {
			r.AddTable(TableCampaignTargets, campaignTargetsFrame(m.Campaigns))
		}
	}
	r.Warnings = append(r.Warnings, a.Warnings...)
	return r
}

// AccountsTable is the accounts table of the given accounts of a (all of
// them, or a selection such as those that became high-intensity in a
// month), with the columns the analysis has.
func (a *Analysis) AccountsTable(accounts []Account) dataframe.DataFrame {
	n := len(accounts)
	id, since := make([]string, n), make([]string, n)
	people, engaged, touches, types := make([]int, n), make([]int, n), make([]int, n), make([]int, n)
	high, opp, target := make([]bool, n), make([]bool, n), make([]bool, n)
	for i, ac := range accounts {
		id[i], people[i], engaged[i], touches[i], types[i] = ac.ID, ac.People, ac.PeopleEngaged, ac.Touches, ac.ActivityTypes
		high[i], since[i] = ac.HighIntensity, funnel.FormatTime(ac.HighIntensitySince, a.DateOnly)
		opp[i], target[i] = ac.OpportunityWithin30d, ac.Target
	}
	cols := []series.Series{
		series.New(id, series.String, "account_id"),
		series.New(people, series.Int, "people"),
		series.New(engaged, series.Int, "people_engaged"),
		series.New(touches, series.Int, "touches"),
		series.New(types, series.Int, "activity_types"),
		series.New(high, series.Bool, "high_intensity"),
		series.New(since, series.String, "high_intensity_since"),
	}
	if a.HasOpportunities {
		cols = append(cols, series.New(opp, series.Bool, "opportunity_within_30d"))
	}
	if a.HasTargets {
		cols = append(cols, series.New(target, series.Bool, "target"))
	}
	return dataframe.New(cols...)
}

func quartersFrame(qs []QuarterIntensity) dataframe.DataFrame {
	n := len(qs)
	q, active, high, share := make([]string, n), make([]int, n), make([]int, n), make([]float64, n)
	for i, x := range qs {
		q[i], active[i], high[i], share[i] = x.Quarter, x.Active, x.HighIntensity, x.Share
	}
	return dataframe.New(
		series.New(q, series.String, "quarter"),
		series.New(active, series.Int, "active_accounts"),
		series.New(high, series.Int, "high_intensity_accounts"),
		series.New(share, series.Float, "share"),
	)
}

func patternsFrame(ps []Pattern) dataframe.DataFrame {
	n := len(ps)
	first, then := make([]string, n), make([]string, n)
	accounts, alone := make([]int, n), make([]int, n)
	rate, rateAlone, lift := make([]float64, n), make([]float64, n), make([]float64, n)
	for i, p := range ps {
		first[i], then[i], accounts[i], alone[i] = p.First, p.Then, p.Accounts, p.FirstAlone
		rate[i], rateAlone[i], lift[i] = p.Rate, p.RateFirstAlone, p.Lift
	}
	return dataframe.New(
		series.New(first, series.String, "first"),
		series.New(then, series.String, "then"),
		series.New(accounts, series.Int, "accounts"),
		series.New(rate, series.Float, "rate"),
		series.New(alone, series.Int, "accounts_first_alone"),
		series.New(rateAlone, series.Float, "rate_first_alone"),
		series.New(lift, series.Float, "lift"),
	)
}

func lookalikesFrame(ls []Lookalike) dataframe.DataFrame {
	n := len(ls)
	id, profile := make([]string, n), make([]string, n)
	prob, score := make([]float64, n), make([]float64, n)
	hold := make([]bool, n)
	for i, l := range ls {
		id[i], prob[i], score[i], profile[i], hold[i] = l.ID, l.Probability, l.Score, l.Profile, l.Holdout
	}
	return dataframe.New(
		series.New(id, series.String, "account_id"),
		series.New(prob, series.Float, "probability"),
		series.New(score, series.Float, "score"),
		series.New(profile, series.String, "profile"),
		series.New(hold, series.Bool, "holdout"),
	)
}

func lookalikeTermsFrame(reg *scoring.Regression) dataframe.DataFrame {
	n := len(reg.Terms)
	term, status := make([]string, n), make([]string, n)
	est, or := make([]float64, n), make([]float64, n)
	for i, t := range reg.Terms {
		term[i], status[i], est[i], or[i] = t.Name, t.Status.String(), t.Estimate, t.OddsRatio
	}
	return dataframe.New(
		series.New(term, series.String, "term"),
		series.New(est, series.Float, "estimate"),
		series.New(or, series.Float, "odds_ratio"),
		series.New(status, series.String, "status"),
	)
}

// abmFrame has one row per segment: target, then other.
func abmFrame(m *ABMResult) dataframe.DataFrame {
	segs := []*ABMSegment{&m.Target, &m.Other}
	name := []string{"target", "other"}
	ints := func(f func(*ABMSegment) int) []int {
		out := make([]int, len(segs))
		for i, s := range segs {
			out[i] = f(s)
		}
		return out
	}
	floats := func(f func(*ABMSegment) float64) []float64 {
		out := make([]float64, len(segs))
		for i, s := range segs {
			out[i] = f(s)
		}
		return out
	}
	return dataframe.New(
		series.New(name, series.String, "segment"),
		series.New(ints(func(s *ABMSegment) int { return s.Accounts }), series.Int, "accounts"),
		series.New(ints(func(s *ABMSegment) int { return s.EngagedAccounts }), series.Int, "engaged_accounts"),
		series.New(floats(func(s *ABMSegment) float64 { return s.Penetration }), series.Float, "penetration"),
		series.New(floats(func(s *ABMSegment) float64 { return s.ContactsEngagedPerAccount }), series.Float, "contacts_engaged_per_account"),
		series.New(ints(func(s *ABMSegment) int { return s.Touches }), series.Int, "touches"),
		series.New(floats(func(s *ABMSegment) float64 { return s.TouchShare }), series.Float, "touch_share"),
		series.New(ints(func(s *ABMSegment) int { return s.Opportunities }), series.Int, "opportunities"),
		series.New(floats(func(s *ABMSegment) float64 { return s.Pipeline }), series.Float, "pipeline"),
		series.New(floats(func(s *ABMSegment) float64 { return s.PipelineShare }), series.Float, "pipeline_share"),
		series.New(ints(func(s *ABMSegment) int { return s.Won }), series.Int, "won"),
		series.New(ints(func(s *ABMSegment) int { return s.Lost }), series.Int, "lost"),
		series.New(floats(func(s *ABMSegment) float64 { return s.WinRate }), series.Float, "win_rate"),
		series.New(floats(func(s *ABMSegment) float64 { return s.AverageDealSize }), series.Float, "average_deal_size"),
		series.New(floats(func(s *ABMSegment) float64 { return s.WonAmount }), series.Float, "won_amount"),
		series.New(floats(func(s *ABMSegment) float64 { return s.Cost }), series.Float, "cost"),
		series.New(floats(func(s *ABMSegment) float64 { return s.CostPerOpportunity }), series.Float, "cost_per_opportunity"),
	)
}

func campaignTargetsFrame(cs []CampaignTargets) dataframe.DataFrame {
	n := len(cs)
	name := make([]string, n)
	engaged, targets := make([]int, n), make([]int, n)
	share := make([]float64, n)
	below := make([]bool, n)
	for i, c := range cs {
		name[i], engaged[i], targets[i], share[i], below[i] = c.Campaign, c.EngagedAccounts, c.TargetAccounts, c.TargetShare, c.BelowMin
	}
	return dataframe.New(
		series.New(name, series.String, "campaign"),
		series.New(engaged, series.Int, "engaged_accounts"),
		series.New(targets, series.Int, "target_accounts"),
		series.New(share, series.Float, "target_share"),
		series.New(below, series.Bool, "below_min_target_share"),
	)
}
