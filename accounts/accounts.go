package accounts

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// Defaults of Options and the fixed spans of `funnel accounts`.
const (
	DefaultMinPeople       = 2
	DefaultMinTouches      = 1
	DefaultIntensityWindow = 30 * funnel.SecondsPerDay
	DefaultPatternGap      = 7 * funnel.SecondsPerDay
	DefaultLookalikeCutoff = 0.5
	// DefaultShareMonths is the window of the target_share table: the
	// months ending with the as-of month.
	DefaultShareMonths = 12
	// DefaultHorizon is how long after the backtest's as-of time a
	// lookalike's conversion counts.
	DefaultHorizon = 180 * funnel.SecondsPerDay
	// DefaultMinTargetShare is the share of target accounts among a
	// campaign's engaged accounts below which `funnel accounts` flags it
	// (a common rule for deciding whether an event is worth sponsoring).
	DefaultMinTargetShare = 0.3
	// OpportunityFollowUp is the span of opportunity_within_30d: an
	// opportunity created at most 30 days after the account's anchor.
	OpportunityFollowUp = 30 * funnel.SecondsPerDay
)

// ErrNoTouches is returned by Analyze without touches.
var ErrNoTouches = errors.New("accounts: account analytics need the touches (--touches)")

// Outcome is what counts as success for an account: the outcome of
// --patterns and the positives of --lookalike.
type Outcome int

// Account outcomes. Each has a moment: becoming high-intensity; the
// creation of the account's first opportunity; the close of its first won
// opportunity (its creation when closed_at is missing).
const (
	OutcomeHighIntensity Outcome = iota + 1
	OutcomeOpportunity
	OutcomeWon
)

// String returns high-intensity, opportunity or won.
func (o Outcome) String() string {
	switch o {
	case OutcomeHighIntensity:
		return "high-intensity"
	case OutcomeOpportunity:
		return "opportunity"
	case OutcomeWon:
		return "won"
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// ParseOutcome reads high-intensity, opportunity or won.
func ParseOutcome(s string) (Outcome, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "high-intensity", "high_intensity", "intensity":
		return OutcomeHighIntensity, nil
	case "opportunity", "opportunities":
		return OutcomeOpportunity, nil
	case "won", "win":
		return OutcomeWon, nil
	}
	return 0, fmt.Errorf("unknown outcome %q (want high-intensity, opportunity or won)", s)
}

// Options says how `funnel accounts` analyses accounts. The zero
// value of a field marked so means its default.
type Options struct {
	// The high-intensity rule: an account becomes high-intensity at the
	// first moment t at which at least MinPeople distinct contacts each
	// have at least MinTouches touches in the trailing window [t-Window, t]
	// (both ends included). Zero values mean DefaultMinPeople,
	// DefaultMinTouches and DefaultIntensityWindow.
	MinPeople  int
	MinTouches int
	Window     int64
	// AsOf: touches and opportunities after it are ignored; 0 means the
	// latest timestamp in the inputs.
	AsOf int64

	// Targets lists the target account ids (--targets). Nil means the
	// accounts table's boolean "target" column when there is one; without
	// either there are no ABM metrics. TargetsSource names where they came
	// from, for the report.
	Targets       []string
	TargetsSource string
	// CampaignBy is the touches column the campaign_targets table groups
	// by (header or role); "" means campaign, else channel.
	CampaignBy string
	// MinTargetShare flags campaigns whose share of target accounts among
	// their engaged accounts is below it (no default: 0 flags none; the
	// command's default is DefaultMinTargetShare).
	MinTargetShare float64

	// Patterns adds the ordered activity pairs "A then B within Gap" (0
	// means DefaultPatternGap) and the share of accounts with each that
	// reach PatternOutcome (0 means OutcomeHighIntensity); pairs seen in
	// fewer than MinPatternAccounts accounts are left out.
	Patterns           bool
	Gap                int64
	PatternOutcome     Outcome
	MinPatternAccounts int
	// PatternBy, with Patterns, adds the patterns of each segment of the
	// accounts by these columns (of the accounts table, else the leads'),
	// e.g. industry, region.
	PatternBy []string
	// Phases adds the activity mix per buying phase (phases.go): each
	// activity type's phase is PhaseOf[funnel.NameKey(type)], one of
	// BuyingPhases, else DefaultPhase's.
	Phases  bool
	PhaseOf map[string]string

	// Lookalike adds positive-unlabeled lookalikes (see Lookalikes):
	// Positives (0 means OutcomeWon when there are opportunities, else
	// OutcomeHighIntensity) against every other account, on the account
	// columns LookalikeFeatures (nil means industry, region and employees,
	// from the accounts table or the leads) and, unless NoEngagement, the
	// touches per activity type before the account's cutoff.
	// LookalikeCutoff is the probability at or above which an account is
	// flagged (0 means DefaultLookalikeCutoff); Seed seeds the held-out
	// split.
	Lookalike         bool
	Positives         Outcome
	LookalikeFeatures []string
	NoEngagement      bool
	LookalikeCutoff   float64
	Seed              uint64

	// Tiers lists the accounts' ABM tiers (--tiers); nil means the
	// accounts table's tier column (TierColumn), when it has one. Without
	// a target list, the accounts with a tier are the target accounts.
	// TiersSource names where they came from, for the report.
	Tiers       []TierOf
	TiersSource string
	// ShareMonths is the window of the target_share table: the months
	// ending with the as-of month (0 means DefaultShareMonths).
	ShareMonths int
	// Responses are the activity types (or channels, see
	// funnel.ActivityRole) that are responses, compared by
	// funnel.NameKey; nil means the word rule of IsResponse.
	Responses []string

	// BacktestAsOf, when not 0, ranks the lookalikes (the options above)
	// with the data as of it and follows the unlabeled accounts for
	// Horizon (0 means DefaultHorizon) after it: do the Top (0 means the
	// top decile) convert more often than the others? See Backtest.
	BacktestAsOf int64
	Horizon      int64
	Top          int
}

// withDefaults fills the zero fields and checks the rest.
func (c Options) withDefaults() (Options, error) {
	if c.MinPeople == 0 {
		c.MinPeople = DefaultMinPeople
	}
	if c.MinTouches == 0 {
		c.MinTouches = DefaultMinTouches
	}
	if c.Window == 0 {
		c.Window = DefaultIntensityWindow
	}
	if c.Gap == 0 {
		c.Gap = DefaultPatternGap
	}
	if c.PatternOutcome == 0 {
		c.PatternOutcome = OutcomeHighIntensity
	}
	if c.LookalikeCutoff == 0 {
		c.LookalikeCutoff = DefaultLookalikeCutoff
	}
	if c.MinPatternAccounts == 0 {
		c.MinPatternAccounts = 1
	}
	if c.ShareMonths == 0 {
		c.ShareMonths = DefaultShareMonths
	}
	if c.Horizon == 0 {
		c.Horizon = DefaultHorizon
	}
	switch {
	case c.MinPeople < 1:
		return c, fmt.Errorf("accounts: --min-people %d: want 1 or more", c.MinPeople)
	case c.MinTouches < 1:
		return c, fmt.Errorf("accounts: --min-touches %d: want 1 or more", c.MinTouches)
	case c.Window < 0 || c.Gap < 0:
		return c, fmt.Errorf("accounts: --window and --gap must not be negative")
	case !(c.LookalikeCutoff > 0 && c.LookalikeCutoff <= 1):
		return c, fmt.Errorf("accounts: --lookalike-cutoff %g: want a probability in (0, 1]", c.LookalikeCutoff)
	case c.MinTargetShare < 0 || c.MinTargetShare > 1:
		return c, fmt.Errorf("accounts: --min-target-share %g: want a share between 0 and 1", c.MinTargetShare)
	case c.ShareMonths < 0:
		return c, fmt.Errorf("accounts: --share-months %d: want 1 or more", c.ShareMonths)
	case c.Horizon < 0 || c.Top < 0:
		return c, fmt.Errorf("accounts: --horizon and --top must not be negative")
	case c.MinPatternAccounts < 1:
		return c, fmt.Errorf("accounts: --min-accounts %d: want 1 or more", c.MinPatternAccounts)
	}
	for t, p := range c.PhaseOf {
		if !slices.Contains(BuyingPhases, p) {
			return c, fmt.Errorf("accounts: --phase %s=%s: unknown phase (want %s)", p, t, strings.Join(BuyingPhases, ", "))
		}
	}
	return c, nil
}

// Account is one row of the accounts table.
type Account struct {
	ID string
	// People counts the account's contacts: its leads in the leads table,
	// plus contacts seen only in its touches. PeopleEngaged counts the
	// contacts with at least one touch, Touches the touches (those without
	// a contact included), ActivityTypes the distinct activity types.
	People, PeopleEngaged, Touches, ActivityTypes int
	FirstTouch                                    int64 // funnel.NoTime without touches
	HighIntensity                                 bool
	HighIntensitySince                            int64 // funnel.NoTime when not high-intensity
	Target                                        bool  // on the target list (when there is one)
	Tier                                          Tier  // NoTier without tiers
	// OpportunityWithin30d: an opportunity of the account was created at
	// most OpportunityFollowUp after its anchor: HighIntensitySince, or for
	// an engaged account that never became high-intensity, FirstTouch.
	// PriorOpportunity: one was created before the anchor. Censored: the
	// anchor is less than OpportunityFollowUp before the as-of time. Both
	// leave the account out of the opportunity rates.
	OpportunityWithin30d bool
	PriorOpportunity     bool
	Censored             bool
}

// Analysis is the outcome of Analyze.
type Analysis struct {
	Options Options // defaults filled
	AsOf    int64
	// Accounts are sorted by intensity: high-intensity first, then by
	// engaged contacts, touches (both descending) and id.
	Accounts      []Account
	Quarters      []QuarterIntensity
	Opportunities *OpportunityComparison // nil without opportunities
	Patterns      []Pattern              // with Options.Patterns
	// SegmentPatterns are the patterns per segment, with Options.PatternBy.
	SegmentPatterns []SegmentPatterns
	// Phases is the activity mix per buying phase, with Options.Phases.
	Phases    *PhaseMix
	Lookalike *LookalikeResult // with Options.Lookalike
	ABM       *ABMResult       // nil without a target list (or tiers)
	// TargetShare is the target accounts' (and each tier's) share of the
	// touches, responses, attendees and pipeline per month (share.go);
	// Events the target accounts with two or more attendees per event
	// (events.go, with attendees). Both need a target list or tiers.
	TargetShare *TargetShare
	Events      *EventTargets
	// Backtest is the lookalike backtest (with Options.BacktestAsOf).
	Backtest *Backtest
	// Touch bookkeeping: touches used, after the as-of time, of no known
	// account, and without a time.
	TouchesUsed, TouchesAfterAsOf, TouchesUnmatched, TouchesIncomplete int
	// LeadsAfterAsOf counts the leads created after the as-of time, left
	// out: they did not exist yet.
	LeadsAfterAsOf   int
	HasOpportunities bool
	HasTargets       bool
	HasTiers         bool
	// TargetsFromTiers: there was no target list, so the accounts with a
	// tier are the target accounts.
	TargetsFromTiers bool
	// DateOnly: the touches' times are dates without a time of day, so
	// the report writes high_intensity_since as a date.
	DateOnly bool
	Warnings []string
}

// Analyze runs `funnel accounts` on ds: the accounts table with
// the high-intensity moments, the quarterly shares and the opportunity
// rates, and with cfg the patterns, lookalikes and ABM metrics.
//
// Accounts are those of the accounts table, the leads, the touches, the
// opportunities and the target list. A touch belongs to its account_id,
// or when that is missing to its lead's account in the leads table; a
// contact is a lead_id. The touches are read in two passes over their
// columns and kept as one time-ordered index per account (4 bytes a
// touch); everything else is per account, per lead or per activity type.
func Analyze(ds *funnel.Dataset, cfg Options) (*Analysis, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if ds.Touches == nil {
		return nil, ErrNoTouches
	}
	a := &Analysis{Options: cfg, AsOf: cfg.AsOf, HasOpportunities: ds.Opportunities != nil}
	if a.AsOf == 0 {
		a.AsOf = ds.DefaultAsOf()
	}
	s, err := newAccountSet(ds, a)
	if err != nil {
		return nil, err
	}
	accts := make([]Account, len(s.ids))
	for k := range accts {
		accts[k].ID = s.ids[k]
		accts[k].People = int(s.people[k])
		accts[k].Target = s.target != nil && s.target[k]
		if s.tier != nil {
			accts[k].Tier = s.tier[k]
		}
	}
	a.HasTargets = s.target != nil
	a.HasTiers = s.tier != nil
	a.TargetsFromTiers = a.HasTiers && cfg.Targets == nil && !s.targetColumn
	a.DateOnly = ds.Touches.Role(funnel.RoleOccurredAt).DateOnly
	a.Quarters = s.intensity(accts, cfg)
	if s.opps != nil {
		a.Opportunities = s.followUp(accts)
		for _, w := range a.Opportunities.Warnings {
			a.warnf("%s", w)
		}
	}
	if cfg.Patterns {
		if a.Patterns, a.SegmentPatterns, err = s.patterns(accts, cfg); err != nil {
			return nil, err
		}
	}
	if cfg.Phases {
		a.Phases = s.phaseMix(cfg.PhaseOf)
	}
	if cfg.Lookalike {
		if a.Lookalike, err = s.lookalikes(accts, cfg); err != nil {
			return nil, err
		}
		a.Warnings = append(a.Warnings, a.Lookalike.Warnings...)
	}
	if s.target != nil {
		if a.ABM, err = s.abm(accts, cfg); err != nil {
			return nil, err
		}
		a.Warnings = append(a.Warnings, a.ABM.Warnings...)
		a.TargetShare = s.targetShare(accts, cfg)
		a.Warnings = append(a.Warnings, a.TargetShare.Warnings...)
		if ok, why := s.attendeesUsable(); ok {
			a.Events = s.events(accts)
			a.Warnings = append(a.Warnings, a.Events.Warnings...)
		} else if why != "" {
			a.warnf("%s", why)
		}
	}
	if cfg.BacktestAsOf != 0 {
		if a.Backtest, err = s.backtest(accts, cfg); err != nil {
			return nil, err
		}
		a.Warnings = append(a.Warnings, a.Backtest.Warnings...)
	}
	if s.typeCodes == nil {
		a.warnf("%s has no activity_type or channel column, so activity_types and patterns are empty", ds.Touches.Source)
	}
	if s.leadCodes == nil {
		a.warnf("%s has no lead_id column, so no touch has a contact and no account can become high-intensity", ds.Touches.Source)
	}
	if a.TouchesUnmatched > 0 {
		a.warnf("%d touches of no known account were ignored (no account_id, and a lead_id not in the leads)", a.TouchesUnmatched)
	}
	if a.TouchesIncomplete > 0 {
		a.warnf("%d touches without a time were ignored", a.TouchesIncomplete)
	}
	if a.LeadsAfterAsOf > 0 {
		a.warnf("%d leads created after the as-of time %s were left out: they did not exist yet", a.LeadsAfterAsOf, funnel.FormatTime(a.AsOf, false))
	}
	if a.TouchesAfterAsOf > 0 {
		a.warnf("%d touches after the as-of time %s were ignored", a.TouchesAfterAsOf, funnel.FormatTime(a.AsOf, false))
	}
	slices.SortStableFunc(accts, compareIntensity)
	a.Accounts = accts
	return a, nil
}

// compareIntensity orders accounts: high-intensity first, then by engaged
// contacts and touches (descending) and id.
func compareIntensity(x, y Account) int {
	if x.HighIntensity != y.HighIntensity {
		if x.HighIntensity {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(y.PeopleEngaged, x.PeopleEngaged); c != 0 {
		return c
	}
	if c := cmp.Compare(y.Touches, x.Touches); c != 0 {
		return c
	}
	return cmp.Compare(x.ID, y.ID)
}

func (a *Analysis) warnf(format string, args ...any) {
	a.Warnings = append(a.Warnings, fmt.Sprintf(format, args...))
}
