package accounts

import (
	"fmt"
	"math"
	"slices"

	"github.com/funnel-analytics/funnel/funnel"
	"gonum.org/v1/gonum/stat/distuv"
)

// QuarterIntensity is the share of a quarter's active accounts that were
// high-intensity in it: an account is active in a quarter when it has a
// touch in it, and high-intensity in it when the rule holds at one of
// those touches (the rule only becomes true at a touch). The tagged
// fields are the columns of the quarters table.
type QuarterIntensity struct {
	Quarter       string  `table:"quarter"` // "2026-Q3"
	Active        int     `table:"active_accounts"`
	HighIntensity int     `table:"high_intensity_accounts"`
	Share         float64 `table:"share"` // HighIntensity / Active
}

// intensity sweeps each account's touches in time order and fills the
// touch counts, the high-intensity moment and the per-quarter marks.
//
// At each distinct touch time t it adds the touches at t, drops the
// touches before t - Window, and counts the contacts with at least
// MinTouches touches left; the first t at which MinPeople contacts
// qualify is HighIntensitySince. Memory: one counter per Dict code
// (contacts and activity types are Dict codes), reset after each account.
func (s *accountSet) intensity(accts []Account, cfg Options) []QuarterIntensity {
	n := s.dict.Len()
	inWindow := make([]int32, n) // touches of a contact in the window
	leadSeen := filled(n, -1)    // account that last saw a contact
	typeSeen := filled(n, -1)    // account that last saw an activity type
	type quarterCount struct{ active, high int }
	quarters := map[int]*quarterCount{}
	quarterOf := func(q int) *quarterCount {
		c := quarters[q]
		if c == nil {
			c = &quarterCount{}
			quarters[q] = c
		}
		return c
	}
	minTouches := int32(cfg.MinTouches)
	for k := range accts {
		a := &accts[k]
		a.FirstTouch, a.HighIntensitySince = funnel.NoTime, funnel.NoTime
		rows := s.touchRows(k)
		a.Touches = len(rows)
		if len(rows) == 0 {
			continue
		}
		a.FirstTouch = s.times[rows[0]]
		extra := 0 // engaged contacts not in the leads table
		qualified := 0
		lo := 0
		lastActive, lastHigh := -1, -1 // quarter index of the last mark
		for j := 0; j < len(rows); {
			t := s.times[rows[j]]
			hi := j
			for hi < len(rows) && s.times[rows[hi]] == t {
				i := rows[hi]
				if s.typeCodes != nil {
					if c := s.typeCodes[i]; c != funnel.NA && typeSeen[c] != int32(k) {
						typeSeen[c] = int32(k)
						a.ActivityTypes++
					}
				}
				if s.leadCodes != nil {
					if c := s.leadCodes[i]; c != funnel.NA {
						if leadSeen[c] != int32(k) {
							leadSeen[c] = int32(k)
							a.PeopleEngaged++
							if s.leadAccount[c] != int32(k) {
								extra++
							}
						}
						inWindow[c]++
						if inWindow[c] == minTouches {
							qualified++
						}
					}
				}
				hi++
			}
			for s.times[rows[lo]] < t-cfg.Window {
				if s.leadCodes != nil {
					if c := s.leadCodes[rows[lo]]; c != funnel.NA {
						if inWindow[c] == minTouches {
							qualified--
						}
						inWindow[c]--
					}
				}
				lo++
			}
			y, m, _ := funnel.UTC(t).Date()
			q := y*4 + (int(m)-1)/3
			if q != lastActive {
				quarterOf(q).active++
				lastActive = q
			}
			if qualified >= cfg.MinPeople {
				if a.HighIntensitySince == funnel.NoTime {
					a.HighIntensity, a.HighIntensitySince = true, t
				}
				if q != lastHigh {
					quarterOf(q).high++
					lastHigh = q
				}
			}
			j = hi
		}
		a.People += extra
		if s.leadCodes != nil { // reset the window counters
			for _, i := range rows[lo:] {
				if c := s.leadCodes[i]; c != funnel.NA {
					inWindow[c] = 0
				}
			}
		}
	}
	keys := make([]int, 0, len(quarters))
	for q := range quarters {
		keys = append(keys, q)
	}
	slices.Sort(keys)
	out := make([]QuarterIntensity, len(keys))
	for i, q := range keys {
		c := quarters[q]
		out[i] = QuarterIntensity{
			Quarter: fmt.Sprintf("%d-Q%d", q/4, q%4+1), Active: c.active, HighIntensity: c.high,
			Share: float64(c.high) / float64(c.active),
		}
	}
	return out
}

// OpportunityComparison compares the rate of an opportunity within 30
// days of the anchor (Account.OpportunityWithin30d) between high-intensity
// accounts and the other engaged accounts, over the accounts followed up:
// neither censored nor with an opportunity before the anchor.
type OpportunityComparison struct {
	HighIntensity, Other RateCount
	// Ratio is the high-intensity rate over the other rate, with its 95%
	// interval by the Katz log method (see RiskRatio); Corrected says a
	// zero count was replaced by adding 0.5 to every cell.
	Ratio, Low, High float64
	Corrected        bool
	// Accounts left out: anchored less than 30 days before the as-of
	// time, or with an opportunity before the anchor.
	Censored, PriorPipeline int
	Warnings                []string
}

// RateCount is a proportion: Events of Accounts.
type RateCount struct {
	Accounts, Events int
	Rate             float64 // Events / Accounts, NaN when Accounts is 0
}

func rateCount(events, accounts int) RateCount {
	r := math.NaN()
	if accounts > 0 {
		r = float64(events) / float64(accounts)
	}
	return RateCount{Accounts: accounts, Events: events, Rate: r}
}

// RiskRatioMethod states the interval of RiskRatio, for reports.
const RiskRatioMethod = "Katz log interval: exp(ln(ratio) ± 1.96 sqrt(1/a - 1/n1 + 1/c - 1/n2)); 0.5 added to every cell when a count is 0"

// RiskRatio returns the ratio of the proportions a/n1 and c/n2 and its
// 95% confidence interval by the Katz log method (Katz et al. 1978; R's
// epitools::riskratio.wald):
//
//	ratio = (a/n1) / (c/n2),
//	se = sqrt(1/a - 1/n1 + 1/c - 1/n2),
//	interval = exp(ln(ratio) ± z_0.975 se).
//
// When a or c is 0, 0.5 is added to the events and non-events of both
// groups (n grows by 1; the Haldane-Anscombe correction, which
// riskratio.wald does not make) and corrected is true. It returns NaNs when n1 or n2 is 0, and panics on
// counts outside 0 <= a <= n1, 0 <= c <= n2.
func RiskRatio(a, n1, c, n2 int) (ratio, low, high float64, corrected bool) {
	if a < 0 || c < 0 || a > n1 || c > n2 {
		panic("accounts: risk ratio counts out of range")
	}
	nan := math.NaN()
	if n1 == 0 || n2 == 0 {
		return nan, nan, nan, false
	}
	fa, fn1, fc, fn2 := float64(a), float64(n1), float64(c), float64(n2)
	if a == 0 || c == 0 {
		fa, fn1, fc, fn2 = fa+0.5, fn1+1, fc+0.5, fn2+1
		corrected = true
	}
	ratio = (fa / fn1) / (fc / fn2)
	se := math.Sqrt(1/fa - 1/fn1 + 1/fc - 1/fn2)
	z := distuv.UnitNormal.Quantile(0.975)
	return ratio, math.Exp(math.Log(ratio) - z*se), math.Exp(math.Log(ratio) + z*se), corrected
}

// followUp fills each engaged account's opportunity follow-up and compares
// the rates.
func (s *accountSet) followUp(accts []Account) *OpportunityComparison {
	created := s.opps.TimeRole(funnel.RoleCreatedAt)
	oc := &OpportunityComparison{}
	if created == nil {
		oc.Ratio, oc.Low, oc.High = math.NaN(), math.NaN(), math.NaN()
		oc.HighIntensity, oc.Other = rateCount(0, 0), rateCount(0, 0)
		oc.Warnings = append(oc.Warnings, fmt.Sprintf("%s has no created_at dates, so opportunity_within_30d cannot be worked out", s.opps.Source))
		return oc
	}
	var hiN, hiE, otN, otE int
	undated := 0
	for k := range accts {
		a := &accts[k]
		anchor := a.HighIntensitySince
		if anchor == funnel.NoTime {
			anchor = a.FirstTouch
		}
		if anchor == funnel.NoTime {
			continue
		}
		for _, i := range s.oppRowsOf(k) {
			t := created.Times[i]
			switch {
			case t == funnel.NoTime:
				undated++
			case t < anchor:
				a.PriorOpportunity = true
			case t-anchor <= OpportunityFollowUp:
				a.OpportunityWithin30d = true
			}
		}
		a.Censored = s.asOf-anchor < OpportunityFollowUp
		switch {
		case a.PriorOpportunity:
			oc.PriorPipeline++
		case a.Censored:
			oc.Censored++
		case a.HighIntensity:
			hiN++
			if a.OpportunityWithin30d {
				hiE++
			}
		default:
			otN++
			if a.OpportunityWithin30d {
				otE++
			}
		}
	}
	if undated > 0 {
		oc.Warnings = append(oc.Warnings, fmt.Sprintf("%d opportunities without a created_at date were left out of opportunity_within_30d", undated))
	}
	oc.HighIntensity, oc.Other = rateCount(hiE, hiN), rateCount(otE, otN)
	oc.Ratio, oc.Low, oc.High, oc.Corrected = RiskRatio(hiE, hiN, otE, otN)
	return oc
}
