package accounts

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/funnel-analytics/funnel/funnel"
)

// ABMResult holds the account-based-marketing metrics: each for the
// target accounts and for the others, and the target share of each
// campaign's engaged accounts.
type ABMResult struct {
	Target, Other ABMSegment
	// Tiers (with tiers) are the metrics of each tier with an account, in
	// the order of Tiers, then of the accounts without a tier.
	Tiers []TierSegment
	// Campaigns are the touches grouped by CampaignBy, most engaged
	// accounts first; BelowMin flags those whose target share is below
	// MinTargetShare.
	Campaigns      []CampaignTargets
	CampaignBy     string
	MinTargetShare float64
	// Costs (with a costs table) are matched to touches by CostKey
	// (campaign, else channel) and each key's cost is split between target
	// and other accounts in proportion to their touches of it; costs of
	// keys without touches are UnallocatedCost.
	HasCosts        bool
	CostKey         string
	UnallocatedCost float64
	// OutcomeSource says where won and lost came from (the meta
	// outcome_source; see funnel.Outcomes.Source); "" without them.
	OutcomeSource string
	Warnings      []string
}

// ABMSegment is the ABM metrics of one group of accounts. The tagged
// fields are the columns of the abm table, after its segment column.
type ABMSegment struct {
	Accounts        int     `table:"accounts"`
	EngagedAccounts int     `table:"engaged_accounts"` // with at least one touch
	Penetration     float64 `table:"penetration"`      // EngagedAccounts / Accounts
	// ContactsEngagedPerAccount is the mean of people_engaged over the
	// group's accounts.
	ContactsEngagedPerAccount float64 `table:"contacts_engaged_per_account"`
	Touches                   int     `table:"touches"`
	TouchShare                float64 `table:"touch_share"` // of all accounts' touches
	// Opportunities created by the as-of time; Pipeline sums their
	// amounts, PipelineShare is its share of all accounts' pipeline.
	Opportunities int     `table:"opportunities"`
	Pipeline      float64 `table:"pipeline"`
	PipelineShare float64 `table:"pipeline_share"`
	// Won and Lost count the opportunities won and lost by the as-of time
	// (funnel.OpportunityOutcomes: open deals are neither); WinRate = Won
	// / (Won + Lost); AverageDealSize = WonAmount / won opportunities with
	// an amount.
	Won             int     `table:"won"`
	Lost            int     `table:"lost"`
	WinRate         float64 `table:"win_rate"`
	AverageDealSize float64 `table:"average_deal_size"`
	WonAmount       float64 `table:"won_amount"`
	// Cost allocated to the group (see ABMResult) and Cost / Opportunities;
	// NaN without costs.
	Cost               float64 `table:"cost"`
	CostPerOpportunity float64 `table:"cost_per_opportunity"`
}

// CampaignTargets is one campaign's engaged accounts (with a touch of it)
// and the share of them on the target list. The tagged fields are the
// columns of the campaign_targets table.
type CampaignTargets struct {
	Campaign        string  `table:"campaign"`
	EngagedAccounts int     `table:"engaged_accounts"`
	TargetAccounts  int     `table:"target_accounts"`
	TargetShare     float64 `table:"target_share"`
	BelowMin        bool    `table:"below_min_target_share"`
}

// TierSegment is the ABM metrics of the accounts of one tier (or of the
// accounts without one).
type TierSegment struct {
	Tier Tier
	ABMSegment
}

// abm computes the ABM metrics; the accounts' touch counts must be filled.
// With tiers, each tier (with an account) and the accounts without one
// are a segment too.
func (s *accountSet) abm(accts []Account, cfg Options) (*ABMResult, error) {
	r := &ABMResult{MinTargetShare: cfg.MinTargetShare}
	err := s.segmentMetrics(r, accts, []*ABMSegment{&r.Other, &r.Target}, func(k int) int {
		if accts[k].Target {
			return 1
		}
		return 0
	})
	if err != nil {
		return nil, err
	}
	if s.tier != nil {
		slot := map[Tier]int{}
		for k := range accts {
			slot[accts[k].Tier] = 0
		}
		for _, t := range append(slices.Clone(Tiers), NoTier) {
			if _, ok := slot[t]; ok {
				slot[t] = len(r.Tiers)
				r.Tiers = append(r.Tiers, TierSegment{Tier: t})
			}
		}
		segs := make([]*ABMSegment, len(r.Tiers))
		for j := range segs {
			segs[j] = &r.Tiers[j].ABMSegment
		}
		costs, cost := r.HasCosts, r.UnallocatedCost
		warnings := len(r.Warnings)
		if err := s.segmentMetrics(r, accts, segs, func(k int) int { return slot[accts[k].Tier] }); err != nil {
			return nil, err
		}
		r.HasCosts, r.UnallocatedCost = costs, cost
		r.Warnings = r.Warnings[:warnings] // said once, for target and other
	}
	if err := s.campaignTargets(r, accts, cfg.CampaignBy); err != nil {
		return nil, err
	}
	return r, nil
}

// segmentMetrics fills the metrics of segs, a partition of the accounts
// (seg(k) is the index of account k's segment).
func (s *accountSet) segmentMetrics(r *ABMResult, accts []Account, segs []*ABMSegment, seg func(int) int) error {
	engaged := make([]int, len(segs))
	for k := range accts {
		g := segs[seg(k)]
		g.Accounts++
		if accts[k].Touches > 0 {
			g.EngagedAccounts++
		}
		engaged[seg(k)] += accts[k].PeopleEngaged
		g.Touches += accts[k].Touches
	}
	if s.opps != nil {
		s.abmOpportunities(r, segs, seg)
	}
	r.UnallocatedCost = 0
	if err := s.allocateCosts(r, segs, seg); err != nil {
		return err
	}
	var totalTouches, totalPipeline float64
	for _, g := range segs {
		totalTouches += float64(g.Touches)
		totalPipeline += g.Pipeline
	}
	for j, g := range segs {
		g.Penetration = ratioOr(float64(g.EngagedAccounts), float64(g.Accounts))
		g.ContactsEngagedPerAccount = ratioOr(float64(engaged[j]), float64(g.Accounts))
		g.TouchShare = ratioOr(float64(g.Touches), totalTouches)
		g.PipelineShare = ratioOr(g.Pipeline, totalPipeline)
		g.WinRate = ratioOr(float64(g.Won), float64(g.Won+g.Lost))
		g.CostPerOpportunity = math.NaN()
		if r.HasCosts {
			g.CostPerOpportunity = ratioOr(g.Cost, float64(g.Opportunities))
		} else {
			g.Cost = math.NaN()
		}
	}
	return nil
}

// abmOpportunities counts each segment's opportunities, pipeline, won and
// lost deals and won amounts (seg(k) is account k's segment); without
// outcomes, won and lost stay 0 and a warning says why.
func (s *accountSet) abmOpportunities(r *ABMResult, segs []*ABMSegment, seg func(int) int) {
	t := s.opps
	amount := t.Role(funnel.RoleAmount)
	if amount != nil && amount.Kind != funnel.KindNumber {
		amount = nil
	}
	outcomes, err := s.oppOutcomes()
	if err != nil {
		r.warnf("%v, so win rates are not known", err)
	} else {
		r.OutcomeSource = outcomes.Source()
		r.Warnings = append(r.Warnings, outcomes.Warnings()...)
	}
	wonWithAmount := make([]int, len(segs))
	for k := range s.ids {
		g := segs[seg(k)]
		for _, i := range s.oppRowsOf(k) {
			g.Opportunities++
			v := math.NaN()
			if amount != nil {
				v = amount.Nums[i]
			}
			if !math.IsNaN(v) {
				g.Pipeline += v
			}
			if outcomes == nil {
				continue
			}
			switch outcomes.Of[i] {
			case funnel.OutcomeWon:
				g.Won++
				if !math.IsNaN(v) {
					g.WonAmount += v
					wonWithAmount[seg(k)]++
				}
			case funnel.OutcomeLost:
				g.Lost++
			}
		}
	}
	for j, g := range segs {
		g.AverageDealSize = ratioOr(g.WonAmount, float64(wonWithAmount[j]))
	}
	if amount == nil {
		r.warnf("%s has no amount column, so pipeline and deal sizes are 0", t.Source)
	}
}

// campaignTargets fills r.Campaigns: per value of the touches column by
// ("" means campaign, else channel), the accounts with a touch of it and
// how many of them are targets, most engaged first. Without a campaign or
// channel column it warns and leaves the campaigns out.
func (s *accountSet) campaignTargets(r *ABMResult, accts []Account, campaignBy string) error {
	tt := s.ds.Touches
	by := campaignBy
	var key *funnel.Column
	if by == "" {
		by = funnel.RoleCampaign
		if key = tt.Role(by); key == nil {
			by = funnel.RoleChannel
			key = tt.Role(by)
		}
	} else {
		key = tt.Named(by)
	}
	switch {
	case key == nil && campaignBy != "":
		return fmt.Errorf("accounts: --campaign-by: %s has no column %q (columns: %s)", tt.Source, campaignBy, tt.Headers())
	case key == nil:
		r.warnf("%s has no campaign or channel column, so there is no campaign_targets table", tt.Source)
		return nil
	case key.Kind != funnel.KindText:
		return fmt.Errorf("accounts: --campaign-by: column %q of %s holds %s values, not names", by, tt.Source, key.Kind)
	}
	r.CampaignBy = by
	slot := filled(s.dict.Len(), -1)
	seen := filled(s.dict.Len(), -1)
	for k := range accts {
		for _, i := range s.touchRows(k) {
			c := key.Codes[i]
			if c == funnel.NA || seen[c] == int32(k) {
				continue
			}
			seen[c] = int32(k)
			if slot[c] < 0 {
				slot[c] = int32(len(r.Campaigns))
				r.Campaigns = append(r.Campaigns, CampaignTargets{Campaign: s.dict.String(c)})
			}
			ct := &r.Campaigns[slot[c]]
			ct.EngagedAccounts++
			if accts[k].Target {
				ct.TargetAccounts++
			}
		}
	}
	for j := range r.Campaigns {
		ct := &r.Campaigns[j]
		ct.TargetShare = float64(ct.TargetAccounts) / float64(ct.EngagedAccounts)
		ct.BelowMin = ct.TargetShare < r.MinTargetShare
	}
	slices.SortFunc(r.Campaigns, func(a, b CampaignTargets) int {
		if c := cmp.Compare(b.EngagedAccounts, a.EngagedAccounts); c != 0 {
			return c
		}
		return cmp.Compare(a.Campaign, b.Campaign)
	})
	return nil
}

// allocateCosts splits each campaign's (or channel's) cost between the
// segments in proportion to their touches of it.
func (s *accountSet) allocateCosts(r *ABMResult, segs []*ABMSegment, seg func(int) int) error {
	ct := s.ds.Costs
	if ct == nil {
		return nil
	}
	tt := s.ds.Touches
	var tk *funnel.Column
	var role string
	for _, by := range []string{funnel.RoleCampaign, funnel.RoleChannel} {
		if ct.Role(by) != nil && tt.Role(by) != nil {
			tk, role = tt.Role(by), by
			break
		}
	}
	if tk == nil {
		r.warnf("the costs cannot be matched to touches: neither campaign nor channel is in both %s and %s", ct.Source, tt.Source)
		return nil
	}
	totals, err := funnel.CostsFromTable(ct, role) // the checks of attribute's costs
	if err != nil {
		return err
	}
	r.CostKey, r.HasCosts = role, true
	// The touches' codes of the names (a name in no touch gets a negative
	// key of its own: no touch counts for it, so it is not allocated).
	byKey := map[int32]float64{}
	var keys []int32
	for k, name := range totals.Names {
		c, ok := tt.Dict.Lookup(name)
		if !ok {
			c = int32(-1 - k)
		}
		keys = append(keys, c)
		byKey[c] = totals.Cost[name]
	}
	touches := map[int32][]float64{}
	for _, c := range keys {
		touches[c] = make([]float64, len(segs))
	}
	for k := range s.ids {
		for _, i := range s.touchRows(k) {
			if n := touches[tk.Codes[i]]; n != nil {
				n[seg(k)]++
			}
		}
	}
	for _, c := range keys {
		n := touches[c]
		total := 0.0
		for _, v := range n {
			total += v
		}
		if total == 0 {
			r.UnallocatedCost += byKey[c]
			continue
		}
		for j, g := range segs {
			g.Cost += byKey[c] * n[j] / total
		}
	}
	if r.UnallocatedCost > 0 {
		r.warnf("costs of %g have no touches of their %s by any account and were not allocated", r.UnallocatedCost, r.CostKey)
	}
	return nil
}

// ratioOr returns a / b, NaN when b is 0.
func ratioOr(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

func (r *ABMResult) warnf(format string, args ...any) {
	r.Warnings = append(r.Warnings, fmt.Sprintf(format, args...))
}
