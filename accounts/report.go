package accounts

import (
	"fmt"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/scoring"
	"github.com/go-gota/gota/dataframe"
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
	TableTargetShare     = "target_share"
	TableEventTargets    = "event_targets"
	TableEventAccounts   = "event_accounts"
	TableBacktest        = "lookalike_backtest"
	TableBacktestTop     = "lookalike_backtest_accounts"
)

// Report returns the `funnel accounts` report: meta, the accounts table
// (the main one), quarters, and with their options patterns (and
// patterns_by_segment), phases and phase_mix, lookalikes with
// lookalike_terms, abm and campaign_targets.
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
	if a.LeadsAfterAsOf > 0 {
		r.AddMeta("rows_after_as_of", a.LeadsAfterAsOf)
	}
	var byQuarter []string
	for _, q := range a.Quarters {
		byQuarter = append(byQuarter, fmt.Sprintf("%s %.4f (%d of %d)", q.Quarter, q.Share, q.HighIntensity, q.Active))
	}
	r.AddMeta("high_intensity_share_by_quarter", byQuarter)
	if oc := a.Opportunities; oc != nil {
		oc.addMeta(r)
	}
	if cfg.Patterns {
		r.AddMeta("pattern_gap", funnel.FormatDays(cfg.Gap))
		r.AddMeta("pattern_outcome", cfg.PatternOutcome.String())
	}
	if l := a.Lookalike; l != nil {
		l.addMeta(r)
	}
	if m := a.ABM; m != nil {
		m.addMeta(r, a.targetsSource())
	}
	if a.HasTiers {
		r.AddMeta("tiers", a.tiersSource())
	}
	if ts := a.TargetShare; ts != nil {
		r.AddMeta("target_share_window", ts.From+" to "+ts.To)
		r.AddMeta("response_rule", ts.ResponseRule)
	}
	if b := a.Backtest; b != nil {
		b.addMeta(r)
	}

	r.AddTable(TableAccounts, a.AccountsTable(a.Accounts))
	r.AddTable(TableQuarters, funnel.FrameOf(a.Quarters))
	r.AddChart(funnel.Chart{Kind: funnel.BarChart, Title: "High-intensity share of active accounts", Table: TableQuarters, X: "quarter", Series: []string{"share"}, XTitle: "quarter", YTitle: "share"})
	if cfg.Patterns {
		r.AddTable(TablePatterns, funnel.FrameOf(a.Patterns))
		if len(cfg.PatternBy) > 0 {
			r.AddTable(TablePatternsBySegment, segmentPatternsFrame(cfg.PatternBy, a.SegmentPatterns))
		}
	}
	if p := a.Phases; p != nil {
		r.AddMeta("phase_rule", p.Rule)
		r.AddTable(TablePhases, funnel.FrameOf(p.Phases))
		r.AddTable(TablePhaseMix, funnel.FrameOf(p.Mix))
	}
	if l := a.Lookalike; l != nil {
		r.AddTable(TableLookalikes, funnel.FrameOf(l.Lookalikes))
		r.AddTable(TableLookalikeTerms, lookalikeTermsFrame(l.Regression))
	}
	if m := a.ABM; m != nil {
		r.AddTable(TableABM, abmFrame(m))
		if m.CampaignBy != "" {
			r.AddTable(TableCampaignTargets, funnel.FrameOf(m.Campaigns))
		}
	}
	if ts := a.TargetShare; ts != nil {
		r.AddTable(TableTargetShare, ts.Frame())
	}
	if ev := a.Events; ev != nil {
		r.AddTable(TableEventTargets, funnel.FrameOf(ev.Rows))
		var omit []string
		if !a.HasTiers {
			omit = append(omit, "tier")
		}
		r.AddTable(TableEventAccounts, funnel.FrameOf(ev.Accounts, omit...))
	}
	if b := a.Backtest; b != nil {
		r.AddTable(TableBacktest, funnel.FrameOf(b.Rows()))
		r.AddTable(TableBacktestTop, funnel.FrameOf(b.Accounts))
	}
	r.Warnings = append(r.Warnings, a.Warnings...)
	return r
}

// addMeta states the opportunity rates of high-intensity and other
// accounts in the meta of r.
func (oc *OpportunityComparison) addMeta(r *funnel.Report) {
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

// addMeta states the lookalike method, its settings and the held-out
// measures in the meta of r.
func (l *LookalikeResult) addMeta(r *funnel.Report) {
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

// addMeta states where the targets came from (targetsSource, when
// known), the target accounts, the campaigns below the minimum target
// share, the outcome source and the cost allocation in the meta of r.
func (m *ABMResult) addMeta(r *funnel.Report, targetsSource string) {
	if targetsSource != "" {
		r.AddMeta("targets", targetsSource)
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

// AccountsTable is the accounts table of the given accounts of a (all of
// them, or a selection such as those that became high-intensity in a
// month), with the columns the analysis has. It has a row per account, so
// it is built column by column.
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
	var f funnel.FrameBuilder
	f.Strings("account_id", id)
	f.Ints("people", people)
	f.Ints("people_engaged", engaged)
	f.Ints("touches", touches)
	f.Ints("activity_types", types)
	f.Bools("high_intensity", high)
	f.Strings("high_intensity_since", since)
	if a.HasOpportunities {
		f.Bools("opportunity_within_30d", opp)
	}
	if a.HasTargets {
		f.Bools("target", target)
	}
	return f.Frame()
}

// lookalikeTermsFrame is the lookalike_terms table: the classifier's
// terms with their estimates, odds ratios and status.
func lookalikeTermsFrame(reg *scoring.Regression) dataframe.DataFrame {
	n := len(reg.Terms)
	term, status := make([]string, n), make([]string, n)
	est, or := make([]float64, n), make([]float64, n)
	for i, t := range reg.Terms {
		term[i], status[i], est[i], or[i] = t.Name, t.Status.String(), t.Estimate, t.OddsRatio
	}
	var f funnel.FrameBuilder
	f.Strings("term", term)
	f.Floats("estimate", est)
	f.Floats("odds_ratio", or)
	f.Strings("status", status)
	return f.Frame()
}

// abmRow is a row of the abm table: a segment's name and metrics.
type abmRow struct {
	Segment string `table:"segment"`
	ABMSegment
}

// abmFrame has one row per segment: target, other, then each tier (with
// tiers).
func abmFrame(m *ABMResult) dataframe.DataFrame {
	rows := []abmRow{{"target", m.Target}, {"other", m.Other}}
	for _, t := range m.Tiers {
		rows = append(rows, abmRow{t.Tier.String(), t.ABMSegment})
	}
	return funnel.FrameOf(rows)
}

// Frame is the target_share table: without an attendee report its
// attendee columns are left out, without opportunities its pipeline
// columns.
func (ts *TargetShare) Frame() dataframe.DataFrame {
	var omit []string
	if !ts.HasAttendees {
		omit = append(omit, "attendees", "segment_attendees", "attendee_share")
	}
	if !ts.HasPipeline {
		omit = append(omit, "pipeline", "segment_pipeline", "pipeline_share")
	}
	return funnel.FrameOf(ts.Rows, omit...)
}

// targetsSource says where the target accounts came from.
func (a *Analysis) targetsSource() string {
	if a.TargetsFromTiers {
		return "the accounts with a tier (" + a.tiersSource() + ")"
	}
	return a.Options.TargetsSource
}

// tiersSource says where the tiers came from.
func (a *Analysis) tiersSource() string {
	if a.Options.TiersSource != "" {
		return a.Options.TiersSource
	}
	return "the accounts' tier column"
}

// addMeta states the backtest's settings and its rate ratio in the meta
// of r.
func (b *Backtest) addMeta(r *funnel.Report) {
	r.AddMeta("backtest_as_of", funnel.FormatTime(b.AsOf, false))
	r.AddMeta("backtest_until", funnel.FormatTime(b.Until, false))
	r.AddMeta("backtest_horizon", funnel.FormatDays(b.Horizon))
	r.AddMeta("backtest_outcome", b.Positives.String()+" reached after backtest_as_of, by backtest_until")
	r.AddMeta("backtest_ranked_accounts", b.Ranked)
	r.AddMeta("backtest_top", b.TopRule)
	r.AddMeta("backtest_positive_accounts", b.Lookalike.PositiveAccounts)
	r.AddMeta("backtest_holdout_auc", b.Lookalike.Holdout.AUC)
	r.AddMeta("backtest_rate_ratio", b.Ratio)
	r.AddMeta("backtest_rate_ratio_ci_low", b.Low)
	r.AddMeta("backtest_rate_ratio_ci_high", b.High)
	method := "95% " + RiskRatioMethod
	if b.Corrected {
		method += " (applied here)"
	}
	r.AddMeta("backtest_rate_ratio_interval", method)
}
