package scoring

import (
	"fmt"
	"math"
)

// PointsRoundingSlack is the most, in points, that rounding a term's points
// to whole numbers may move its contribution across the term's training
// range (10% of the 0-100 scale) before ScalePoints keeps decimals: counts
// ranging up to 20 always get whole points; wide numeric attributes such
// as employees or revenue get the decimals they need.
const PointsRoundingSlack = 10

// PointScale turns a fitted regression into lead-score points.
//
// With β_j the estimates and η'_i = Σ_{j≥1} β_j x_ij the linear predictor
// of training row i without the intercept, the scaling is
//
//	k       = 100 / (max_i η'_i - min_i η'_i)    (points per unit of log-odds)
//	p_j     = round(k β_j)                       (points per unit of term j)
//	score_i = Σ_{j≥1} p_j x_ij - offset,  offset = min_i Σ_{j≥1} p_j x_ij,
//
// so training scores run from exactly 0 to about 100 (rounding moves the top
// by a few points), and one point is 1/k of log-odds:
// logit p_i ≈ β_0 + (score_i + offset) / k. Points may be negative. A term
// whose whole-point rounding would move its contribution across its
// training range by more than PointsRoundingSlack points (a numeric term
// with a wide range, such as employees) keeps the decimals it needs: p_j =
// k β_j rounded to the fewest decimals that keep that error within the
// slack. Separated terms (whose estimate is not finite) and dropped terms
// get no points.
type PointScale struct {
	Terms   []string  // design term names, intercept first
	Points  []float64 // points per unit of each term; 0 for the intercept
	Factor  float64   // k, points per unit of log-odds (0 when all rows tie within MinPredictorSpan)
	Offset  float64   // subtracted from the points sum
	Decimal []int     // decimals kept for each term's points (0 = whole points)
}

// Formula states the scaling for a report's meta.
func (s *PointScale) Formula() string {
	sign, off := "-", s.Offset
	if off < 0 {
		sign, off = "+", -off
	}
	return fmt.Sprintf("score = sum(points x value) %s %s; points = estimate x %.6g, rounded; 0-100 = the training range of the linear predictor", sign, trimFloat(off), s.Factor)
}

// Score returns the score of a design row x.
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

// ScalePoints derives the PointScale of reg from the rows of d it was fitted
// on (rows, or every row when nil), and returns the training scores too.
// It returns a warning when separated terms were left without points or
// the linear predictor is the same for every row.
func ScalePoints(d *Design, rows []int32, reg *Regression) (*PointScale, []float64, []string) {
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
	s := &PointScale{Terms: append([]string(nil), d.Names...), Points: make([]float64, p), Decimal: make([]int, p)}
	if !(hi-lo > MinPredictorSpan) {
		warnings = append(warnings, fmt.Sprintf("points: every training row has the same linear predictor (within %g log-odds), so every score is 0", MinPredictorSpan))
		return s, make([]float64, n), warnings
	}
	s.Factor = 100 / (hi - lo)
	for j := 1; j < p; j++ {
		raw := s.Factor * beta[j]
		span := colHi[j] - colLo[j]
		for dec := 0; dec <= 12; dec++ {
			scale := math.Pow(10, float64(dec))
			s.Points[j] = math.Round(raw*scale) / scale
			s.Decimal[j] = dec
			if math.Abs(raw-s.Points[j])*span <= PointsRoundingSlack {
				break
			}
		}
		if s.Points[j] == 0 {
			s.Points[j] = 0 // a small negative weight rounds to -0: print 0, not -0
		}
	}
	scores := make([]float64, pr.n)
	offset := math.Inf(1)
	for k := range scores {
		scores[k] = s.Score(d.Row(pr.row(k))) // s.Offset is still 0
		offset = math.Min(offset, scores[k])
	}
	s.Offset = offset
	for k := range scores {
		scores[k] -= s.Offset
	}
	if of != nil {
		all := make([]float64, n)
		for k, g := range of {
			all[k] = scores[g]
		}
		scores = all
	}
	return s, scores, warnings
}

// MinPredictorSpan is the least span, in log-odds, of the training rows'
// linear predictor that ScalePoints spreads over 0-100 points: a model
// whose predictions differ by less tells the leads apart by nothing but
// rounding noise, which a 0-100 scale would blow up into points.
const MinPredictorSpan = 1e-6

// trimFloat formats v without needless digits.
func trimFloat(v float64) string { return fmt.Sprintf("%.10g", v) }
