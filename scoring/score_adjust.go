// Score decay and the recycle penalty: a win model's score adjusted for
// the time since a lead's last activity and for sales having returned it.

package scoring

import (
	"fmt"
	"math"

	"github.com/funnel-analytics/funnel/funnel"
)

// checkScoreOptions refuses the options that do not fit the model: decay
// and penalty adjust points, which a deal-size model has none of.
func checkScoreOptions(mf *ModelFile, opts ScoreOptions) error {
	switch {
	case opts.HalfLife < 0:
		return fmt.Errorf("scoring: the decay half-life must be positive")
	case opts.RecyclePenalty < 0 || math.IsNaN(opts.RecyclePenalty) || math.IsInf(opts.RecyclePenalty, 0):
		return fmt.Errorf("scoring: the recycle penalty %g must be a number of points, 0 or more", opts.RecyclePenalty)
	case mf.IsAmount() && opts.adjusts():
		return fmt.Errorf("scoring: --decay and --recycle-penalty adjust a win model's points, and this is a %s deal-size model (give the win model as --win-model to score both)", mf.Family)
	case mf.IsAmount() && opts.Amount != nil:
		return fmt.Errorf("scoring: two deal-size models: the one scored with a deal-size model must be a win model")
	case opts.Amount != nil && !opts.Amount.IsAmount():
		return fmt.Errorf("scoring: the deal-size model is a win model (family binomial); give one fitted with --family gamma or lognormal")
	case opts.RecyclePenalty > 0 && opts.Recycled == nil:
		return fmt.Errorf("scoring: --recycle-penalty needs the stage history (--stages) to find the recycled leads")
	}
	return nil
}

// adjusts reports whether the options decay or penalize the scores
// (adjustScores), which needs each lead's latest touch.
func (opts ScoreOptions) adjusts() bool { return opts.HalfLife > 0 || opts.RecyclePenalty > 0 }

// adjustScores decays and penalizes the scores of sc's leads (grades
// cuts grades, the MQL threshold mf's), with h = HalfLife in days, P =
// RecyclePenalty:
//
//	days          = (as_of - last activity) / 86400
//	decayed_score = raw_score × 2^(-days / h)          (raw_score when h = 0)
//	penalty       = P if the lead was recycled before as_of (an entry into a
//	                stage right after one into a higher stage, as velocity
//	                counts recycles) and has no touch after its latest
//	                recycle; else 0
//	score         = max(0, decayed_score - penalty)
//
// The last activity is the lead's latest touch before as_of (of any
// activity type, inside the model's window or not), else its created_at;
// a lead with neither is not decayed (a warning counts them). The decay
// is that of the touch counts of `funnel fit --decay`: half the points
// after one half-life without activity. The grade and MQL flag follow
// the adjusted score; the reasons stay the model's points.
func (sc *Scoring) adjustScores(leads *funnel.Table, mf *ModelFile, grades [3]float64) {
	opts := sc.opts
	created := leads.TimeRole(funnel.RoleCreatedAt)
	h := float64(opts.HalfLife) / funnel.SecondsPerDay
	unknown, recycled, penalized := 0, 0, 0
	for k := range sc.Leads {
		l := &sc.Leads[k]
		l.RawScore, l.DecayedScore, l.DaysSinceActivity = l.Score, l.Score, math.NaN()
		if math.IsNaN(l.Score) {
			continue
		}
		touch := funnel.NoTime
		if sc.lastTouch != nil {
			touch = sc.lastTouch[l.Row]
		}
		last := touch
		if last == funnel.NoTime && created != nil {
			last = created.Times[l.Row]
		}
		if last != funnel.NoTime {
			l.DaysSinceActivity = float64(sc.AsOf-last) / funnel.SecondsPerDay
		} else {
			unknown++
		}
		if h > 0 && !math.IsNaN(l.DaysSinceActivity) {
			l.DecayedScore = tidyTotal(l.Score * math.Exp2(-l.DaysSinceActivity/h))
		}
		if t, ok := opts.Recycled[l.LeadID]; ok && opts.RecyclePenalty > 0 && t < sc.AsOf {
			l.RecycledAt = t
			recycled++
			if touch == funnel.NoTime || touch <= t {
				l.Penalty = opts.RecyclePenalty
				penalized++
			}
		}
		l.Score = tidyTotal(math.Max(ScoreMin, l.DecayedScore-l.Penalty))
		l.Grade, l.MQL = gradeOf(grades, l.Score), l.Score >= mf.Threshold.Score
	}
	sc.recycled, sc.penalized = recycled, penalized
	if unknown > 0 && h > 0 {
		sc.Warnings = append(sc.Warnings, fmt.Sprintf("%d leads have no touch before the as-of date and no created_at: their scores are not decayed", unknown))
	}
}

// adjustMeta records the decay and the penalty in the report's meta.
func (sc *Scoring) adjustMeta(r *funnel.Report) {
	opts := sc.opts
	if !opts.adjusts() {
		return
	}
	formula := "score = max(0, decayed_score - penalty)"
	if opts.HalfLife > 0 {
		r.AddMeta("decay_half_life", funnel.FormatDays(opts.HalfLife))
		formula += fmt.Sprintf(", decayed_score = raw_score x 2^(-days_since_activity / %g)", float64(opts.HalfLife)/funnel.SecondsPerDay)
	} else {
		formula += ", decayed_score = raw_score"
	}
	if opts.RecyclePenalty > 0 {
		r.AddMeta("recycle_penalty", opts.RecyclePenalty)
		r.AddMeta("leads_recycled", sc.recycled)
		r.AddMeta("leads_penalized", sc.penalized)
		formula += fmt.Sprintf(", penalty = %g points for a lead recycled with no touch since", opts.RecyclePenalty)
	}
	r.AddMeta("score_adjustment", formula)
}

// adjustColumns adds the decay and penalty columns of the scores table.
func (sc *Scoring) adjustColumns(t *funnel.FrameBuilder) {
	opts := sc.opts
	if !opts.adjusts() {
		return
	}
	n := len(sc.Leads)
	raw, days, decayed, penalty := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	at := make([]string, n)
	for k, l := range sc.Leads {
		raw[k], days[k], decayed[k], penalty[k] = l.RawScore, l.DaysSinceActivity, l.DecayedScore, l.Penalty
		if l.RecycledAt != funnel.NoTime {
			at[k] = funnel.FormatTime(l.RecycledAt, false)
		}
	}
	t.Floats("raw_score", raw)
	t.Floats("days_since_activity", days)
	if opts.HalfLife > 0 {
		t.Floats("decayed_score", decayed)
	}
	if opts.RecyclePenalty > 0 {
		t.Strings("recycled_at", at)
		t.Floats("penalty", penalty)
	}
}
