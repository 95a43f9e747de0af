package scoring

import (
	"fmt"
	"math"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// FarScore is how far, in points, a score may lie outside the training
// range 0-100 before Score warns that the lead's values lie far beyond
// what the model was trained on.
const FarScore = 1000

// outliers collects the leads whose score is not a number or lies far
// outside the training range.
type outliers struct {
	broken, far           int
	firstBroken, firstFar string
	// gaps and scale gather the rounding gaps of the finite scores and
	// the totals outside 0-100, which check clamps.
	gaps  pointsGap
	scale outOfScale
}

// check makes lead l printable: a lead whose linear predictor or score is
// not finite (values so large that the arithmetic overflows) gets no
// probability, score or grade (NaN, ""), and is not an MQL; a lead whose
// score lies more than FarScore points outside 0-100 is counted. A finite
// score's rounding gap (its points total less its scaled linear
// predictor) is gathered, and the score is clamped to 0-100 (l.total
// keeps the total). It reports whether the lead has a finite score.
func (o *outliers) check(l *ScoredLead, leads *funnel.Table, eta, gap float64) bool {
	if math.IsNaN(eta) || math.IsNaN(l.Score) || math.IsInf(l.Score, 0) {
		o.broken++
		if o.firstBroken == "" {
			o.firstBroken = fmt.Sprintf("%s (lead %s)", leads.Where(l.Row), l.LeadID)
		}
		l.Probability, l.Score, l.Grade, l.MQL = math.NaN(), math.NaN(), "", false
		return false
	}
	if l.Score < -FarScore || l.Score > 100+FarScore {
		o.far++
		if o.firstFar == "" {
			o.firstFar = fmt.Sprintf("lead %s scores %.4g", l.LeadID, l.Score)
		}
	}
	o.gaps.add(gap, 1)
	o.scale.add(l.Score, 1)
	l.total, l.Score = l.Score, ClampScore(l.Score)
	return true
}

// warnings words what check found; step is the model's points step.
func (o *outliers) warnings(step float64) []string {
	var w []string
	if o.broken > 0 {
		w = append(w, fmt.Sprintf("%d leads have values too large for the model's arithmetic and get no score (NA), first %s", o.broken, o.firstBroken))
	}
	if o.far > 0 {
		w = append(w, fmt.Sprintf("%d leads score more than %d points outside the training range 0-100 (%s): their values lie far beyond what the model was trained on", o.far, FarScore, o.firstFar))
	}
	w = append(w, o.gaps.warning("leads", step, nil)...)
	return append(w, o.scale.warning("leads")...)
}

// separatedTerms warns when the model has separated terms: they have no
// points, and the probabilities use their estimates where the training
// fit stopped.
func separatedTerms(mf *ModelFile) []string {
	var names []string
	for _, t := range mf.Terms {
		if t.Separated != 0 && t.Status == TermEstimated.String() && t.Name != InterceptName {
			names = append(names, fmt.Sprintf("%q", t.Name))
		}
	}
	if len(names) == 0 {
		return nil
	}
	return []string{fmt.Sprintf("the model has separated terms (%s): they get no points, and the probabilities use their estimates where the training fit stopped; refit with --penalty firth or --penalty l2", strings.Join(names, ", "))}
}

// noTouchCounted words the warning that scoring counted no touch, so that
// every touch count of the model is 0.
func noTouchCounted(f *Features, cfg FeatureConfig) string {
	msg := "no touch was counted, so every touch count is 0"
	var why []string
	if f.TouchesAfterCutoff > 0 {
		why = append(why, fmt.Sprintf("%d at or after the as-of date", f.TouchesAfterCutoff))
	}
	if f.TouchesBeforeWindow > 0 {
		why = append(why, fmt.Sprintf("%d more than the model's window of %s before it", f.TouchesBeforeWindow, funnel.FormatDays(cfg.Window)))
	}
	if len(why) > 0 {
		msg += " (of the leads' touches, " + strings.Join(why, ", ") + ")"
	}
	return msg
}
