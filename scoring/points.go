package scoring

import (
	"fmt"
	"math"
	"strings"
)

// PointsRoundingSlack is the most, in steps of the points scale, that
// rounding a term's points to the step may move its contribution across
// the term's training range before ScalePoints keeps finer points: with
// whole points (step 1, 10 points, 10% of the 0-100 scale) counts ranging
// up to 20 always get whole points; wide numeric attributes such as
// employees or revenue get the decimals they need.
const PointsRoundingSlack = 10

// DefaultPointsStep is the points step of `funnel fit` without
// --points-scale, and of a model file that does not state one: whole
// points.
const DefaultPointsStep = 1

// ScoreMin and ScoreMax bound the score: a points total outside them (a
// lead beyond the training range of the linear predictor, or the top
// training leads moved up by rounding) is clamped to them.
const (
	ScoreMin = 0
	ScoreMax = 100
)

// CheckPointsStep returns an error unless step is a decimal step of the
// points scale: above 0, at most 10, with at most 6 decimals (1, 0.5,
// 0.1, 0.25).
func CheckPointsStep(step float64) error {
	if !(step > 0 && step <= 10) || math.Abs(step*1e6-math.Round(step*1e6)) > 1e-6 {
		return fmt.Errorf("%g is not a points step: want a decimal step above 0 and at most 10, such as 1, 0.5 or 0.1", step)
	}
	return nil
}

// stepDecimals returns the decimals of a decimal step (0 for 1, 1 for 0.5).
func stepDecimals(step float64) int {
	for d := 0; d < 6; d++ {
		v := step * math.Pow(10, float64(d))
		if math.Abs(v-math.Round(v)) < 1e-9 {
			return d
		}
	}
	return 6
}

// PointScale turns a fitted regression into lead-score points.
//
// With β_j the estimates and η'_i = Σ_{j≥1} β_j x_ij the linear predictor
// of training row i without the intercept, and s the points step
// (Step: 1 for whole points, 0.5, 0.1), the scaling is
//
//	k       = 100 / (max_i η'_i - min_i η'_i)    (points per unit of log-odds)
//	p_j     = s × round(k β_j / s)               (points per unit of term j)
//	total_i = Σ_{j≥1} p_j x_ij - offset,  offset = min_i Σ_{j≥1} p_j x_ij
//	score_i = total_i clamped to [0, 100]
//
// so training scores run from exactly 0 to about 100, and one point is
// 1/k of log-odds: logit p_i ≈ β_0 + (total_i + offset) / k. Rounding
// moves a row's total from its scaled linear predictor k η'_i - offset by
// the gap Σ_{j≥1} (p_j - k β_j) x_ij (the top training rows may pass 100 by
// it; their score is clamped, and ScalePoints warns). Points may be
// negative. A term whose rounding to the step would move its contribution
// across its training range by more than PointsRoundingSlack steps (a
// numeric term with a wide range, such as employees) keeps finer points:
// p_j = k β_j rounded to the coarsest step s/10^d that keeps that error
// within the slack. Separated terms (whose estimate is not finite) and
// dropped terms get no points.
type PointScale struct {
	Terms   []string  // design term names, intercept first
	Points  []float64 // points per unit of each term; 0 for the intercept
	Factor  float64   // k, points per unit of log-odds (0 when all rows tie within MinPredictorSpan)
	Offset  float64   // subtracted from the points sum
	Step    float64   // s, the points step (DefaultPointsStep when 0)
	Decimal []int     // decimals kept for each term's points (0 = whole points)
}

// Formula states the scaling for a report's meta.
func (s *PointScale) Formula() string {
	sign, off := "-", s.Offset
	if off < 0 {
		sign, off = "+", -off
	}
	return fmt.Sprintf("score = sum(points x value) %s %s, clamped to 0-100; points = estimate x %.6g, rounded to steps of %s; 0-100 = the training range of the linear predictor",
		sign, trimFloat(off), s.Factor, trimFloat(orStep(s.Step)))
}

// orStep returns step, or DefaultPointsStep when it is 0 (not stated).
func orStep(step float64) float64 {
	if step == 0 {
		return DefaultPointsStep
	}
	return step
}

// Score returns the points total of a design row x, not clamped.
func (s *PointScale) Score(x []float64) float64 {
	if len(x) != len(s.Points) {
		panic("scoring: row length differs from the scale's terms")
	}
	v := 0.0
	for j := 1; j < len(x); j++ {
		v += s.Points[j] * x[j]
	}
	return v - s.Offset
}

// ClampScore returns a points total clamped to [ScoreMin, ScoreMax].
func ClampScore(v float64) float64 { return math.Min(math.Max(v, ScoreMin), ScoreMax) }

// tidyTotal rounds a points total to 9 decimals, dropping the binary
// noise of summing decimal points (97.55999999999999 is 97.56, and a
// top training total of 100.00000000000001 is 100, not above it).
func tidyTotal(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e9 {
		return v
	}
	return math.Round(v*1e9) / 1e9
}

// ScalePoints is ScalePointsStep with whole points (DefaultPointsStep).
func ScalePoints(d *Design, rows []int32, reg *Regression) (*PointScale, []float64, []string) {
	return ScalePointsStep(d, rows, reg, DefaultPointsStep)
}

// ScalePointsStep derives the PointScale of reg, with points in steps of
// step, from the rows of d it was fitted on (rows, or every row when
// nil), and returns the training scores too, clamped to 0-100. It returns
// a warning when separated terms were left without points, when the
// linear predictor is the same for every row, when rounding moves a
// training row's total more than 1 point from its scaled linear predictor
// (pointsGap), and when training totals fall outside 0-100. It panics
// when step fails CheckPointsStep.
func ScalePointsStep(d *Design, rows []int32, reg *Regression, step float64) (*PointScale, []float64, []string) {
	if err := CheckPointsStep(step); err != nil {
		panic("scoring: " + err.Error())
	}
	p := d.Cols()
	if len(reg.Terms) != p {
		panic("scoring: regression and design differ in terms")
	}
	// Of a Design of distinct rows, the work is done once per distinct row
	// used (its score is the score of every row equal to it).
	n, of := len(rows), []int32(nil)
	if rows == nil {
		n = d.Rows
	}
	if d.Of != nil {
		d, rows, of = d.distinctRows(rows)
	}
	pr := newProblem(d, nil, rows)
	beta := make([]float64, p)
	var warnings []string
	for j := 1; j < p; j++ {
		t := reg.Terms[j]
		switch {
		case t.Status != TermEstimated:
		case t.Separated != 0:
			warnings = append(warnings, fmt.Sprintf("points: separated term %q gets no points (its estimate is not finite)", t.Name))
		default:
			beta[j] = t.Estimate
		}
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	colLo, colHi := make([]float64, p), make([]float64, p)
	for j := range colLo {
		colLo[j], colHi[j] = math.Inf(1), math.Inf(-1)
	}
	for k := 0; k < pr.n; k++ {
		x := d.Row(pr.row(k))
		e := 0.0
		for j := 1; j < p; j++ {
			e += beta[j] * x[j]
			colLo[j] = math.Min(colLo[j], x[j])
			colHi[j] = math.Max(colHi[j], x[j])
		}
		lo, hi = math.Min(lo, e), math.Max(hi, e)
	}
	s := &PointScale{Terms: append([]string(nil), d.Names...), Points: make([]float64, p), Step: step, Decimal: make([]int, p)}
	if !(hi-lo > MinPredictorSpan) {
		warnings = append(warnings, fmt.Sprintf("points: every training row has the same linear predictor (within %g log-odds), so every score is 0", MinPredictorSpan))
		return s, make([]float64, n), warnings
	}
	s.Factor = 100 / (hi - lo)
	for j := 1; j < p; j++ {
		s.Points[j], s.Decimal[j] = roundPoints(s.Factor*beta[j], colHi[j]-colLo[j], step)
	}
	scores := make([]float64, pr.n)
	offset := math.Inf(1)
	for k := range scores {
		scores[k] = s.Score(d.Row(pr.row(k))) // s.Offset is still 0
		offset = math.Min(offset, scores[k])
	}
	s.Offset = offset
	var weight []int // training rows each distinct row stands for
	if of != nil {
		weight = make([]int, pr.n)
		for _, g := range of {
			weight[g]++
		}
	}
	var gaps pointsGap
	var out outOfScale
	for k := range scores {
		scores[k] = tidyTotal(scores[k] - s.Offset)
		w := 1
		if weight != nil {
			w = weight[k]
		}
		x, gap := d.Row(pr.row(k)), 0.0
		for j := 1; j < p; j++ {
			gap += (s.Points[j] - s.Factor*beta[j]) * x[j]
		}
		gaps.add(gap, w)
		out.add(scores[k], w)
		scores[k] = ClampScore(scores[k])
	}
	warnings = append(warnings, gaps.warning("training leads", step, s.zeroTerms(reg, beta, colLo, colHi))...)
	warnings = append(warnings, out.warning("training leads")...)
	if of != nil {
		all := make([]float64, n)
		for k, g := range of {
			all[k] = scores[g]
		}
		scores = all
	}
	return s, scores, warnings
}

// roundPoints rounds raw points per unit of a term whose training values
// span span to the step, or to the coarsest step/10^d that keeps the
// rounding's error across the span within PointsRoundingSlack steps, and
// returns them with their decimals.
func roundPoints(raw, span, step float64) (float64, int) {
	dec0 := stepDecimals(step)
	var v float64
	var dec int
	for d := 0; d <= 12; d++ {
		st := step / math.Pow(10, float64(d))
		dec = dec0 + d
		v = math.Round(raw/st) * st
		v = math.Round(v*math.Pow(10, float64(dec))) / math.Pow(10, float64(dec)) // 0.30000000000000004 -> 0.3
		if math.Abs(raw-v)*span <= PointsRoundingSlack*step {
			break
		}
	}
	if v == 0 {
		v = 0 // a small negative weight rounds to -0: print 0, not -0
	}
	return v, dec
}

// zeroTerms names the estimated terms that rounding left without points
// though they move the log-odds across their training range, with that
// reach, e.g. "employees (0.16 log-odds)".
func (s *PointScale) zeroTerms(reg *Regression, beta, colLo, colHi []float64) []string {
	var out []string
	for j := 1; j < len(beta); j++ {
		if beta[j] != 0 && s.Points[j] == 0 && colHi[j] > colLo[j] {
			out = append(out, fmt.Sprintf("%s (%.2g log-odds)", reg.Terms[j].Name, math.Abs(beta[j])*(colHi[j]-colLo[j])))
		}
	}
	return out
}

// pointsGap gathers, over leads, the gap between each lead's points total
// and its scaled linear predictor, Σ_{j≥1} (points_j - k β_j) x_j: what
// rounding the points moved its score.
type pointsGap struct {
	largest    float64 // largest |gap|
	off, leads int     // leads more than 1 point off; leads seen
}

// gapSlack is how far past 1 point a gap must be to count as more than 1
// point off: gaps of exactly 1 are common (whole points against a factor
// that makes them so), and the last bits of their sum differ between
// builds (FMA), which must not move the count.
const gapSlack = 1e-9

// add adds w leads whose points total is gap from their scaled linear
// predictor.
func (g *pointsGap) add(gap float64, w int) {
	v := math.Abs(gap)
	g.largest = math.Max(g.largest, v)
	if v > 1+gapSlack {
		g.off += w
	}
	g.leads += w
}

// warning says how far rounding moved the scores of the leads (who) when
// any is more than 1 point off, or a term got no points (zero), with the
// finer step that would help.
func (g *pointsGap) warning(who string, step float64, zero []string) []string {
	if g.off == 0 && len(zero) == 0 {
		return nil
	}
	w := fmt.Sprintf("points: rounding each term's points to steps of %s moves scores up to %.1f points from the scaled linear predictor (%d of %d %s more than 1 point off)",
		trimFloat(step), g.largest, g.off, g.leads, who)
	if len(zero) > 0 {
		w += "; no points for " + strings.Join(zero, ", ")
	}
	if finer := step / 10; finer >= 1e-6 {
		w += fmt.Sprintf("; fit with --points-scale %s for finer points", trimFloat(finer))
	}
	return []string{w}
}

// outOfScale counts the points totals outside 0-100, which are clamped.
type outOfScale struct {
	above, below int
	high, low    float64 // highest total above 100, lowest below 0
}

func (o *outOfScale) add(total float64, w int) {
	switch {
	case total > ScoreMax:
		if o.above == 0 || total > o.high {
			o.high = total
		}
		o.above += w
	case total < ScoreMin:
		if o.below == 0 || total < o.low {
			o.low = total
		}
		o.below += w
	}
}

// warning says how many leads (who) were clamped to 0 or 100.
func (o *outOfScale) warning(who string) []string {
	var parts []string
	if o.above > 0 {
		parts = append(parts, fmt.Sprintf("%s above 100: %d (up to %.6g), scored 100", who, o.above, o.high))
	}
	if o.below > 0 {
		parts = append(parts, fmt.Sprintf("%s below 0: %d (down to %.6g), scored 0", who, o.below, o.low))
	}
	if parts == nil {
		return nil
	}
	return []string{"points: scores are clamped to 0-100: " + strings.Join(parts, "; ")}
}

// MinPredictorSpan is the least span, in log-odds, of the training rows'
// linear predictor that ScalePoints spreads over 0-100 points: a model
// whose predictions differ by less tells the leads apart by nothing but
// rounding noise, which a 0-100 scale would blow up into points.
const MinPredictorSpan = 1e-6

// trimFloat formats v without needless digits.
func trimFloat(v float64) string { return fmt.Sprintf("%.10g", v) }
