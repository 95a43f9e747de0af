package scoring

import (
	"math"
	"slices"
)

// checkPair panics when a and b differ in length (a caller's mistake).
func checkPair(a, y []float64) {
	if len(a) != len(y) {
		panic("scoring: scores and labels differ in length")
	}
}

// AUC returns the area under the ROC curve of scores for the 0/1 labels y,
// the Mann-Whitney statistic
//
//	AUC = (R₁ - n₁(n₁+1)/2) / (n₁ n₀),
//
// with R₁ the sum of the positives' ranks (tied scores share their average
// rank, so a tie counts one half). NaN when a class is empty.
func AUC(scores, y []float64) float64 {
	checkPair(scores, y)
	return aucOrdered(scores, y, order(scores, false))
}

// aucOrdered is AUC given the rows in ascending order of score.
func aucOrdered(scores, y []float64, idx []int) float64 {
	n := len(scores)
	var rankSum, n1 float64
	for lo := 0; lo < n; {
		hi := lo + 1
		for hi < n && scores[idx[hi]] == scores[idx[lo]] {
			hi++
		}
		avg := float64(lo+hi+1) / 2 // ranks lo+1..hi
		for _, i := range idx[lo:hi] {
			if y[i] == 1 {
				rankSum += avg
				n1++
			}
		}
		lo = hi
	}
	n0 := float64(n) - n1
	if n1 == 0 || n0 == 0 {
		return math.NaN()
	}
	return (rankSum - n1*(n1+1)/2) / (n1 * n0)
}

// LogLossClip bounds probabilities away from 0 and 1 in LogLoss, as
// scikit-learn's log_loss (eps = 1e-15) does.
const LogLossClip = 1e-15

// LogLoss returns the mean negative log-likelihood of probabilities p for
// the 0/1 labels y, -1/n Σ y log p + (1-y) log(1-p), with p clipped to
// [LogLossClip, 1-LogLossClip].
func LogLoss(p, y []float64) float64 {
	checkPair(p, y)
	s := 0.0
	for i, v := range p {
		v = math.Min(math.Max(v, LogLossClip), 1-LogLossClip)
		if y[i] == 1 {
			s -= math.Log(v)
		} else {
			s -= math.Log1p(-v)
		}
	}
	return s / float64(len(p))
}

// Brier returns the Brier score, the mean of (p - y)².
func Brier(p, y []float64) float64 {
	checkPair(p, y)
	s := 0.0
	for i, v := range p {
		d := v - y[i]
		s += d * d
	}
	return s / float64(len(p))
}

// equalBins returns the row indices sorted by score (ascending, or
// descending when desc; ties in row order) and split into bins groups of
// nearly equal size, the first n mod bins groups one larger (numpy's
// array_split). Tied scores may fall in two neighbouring bins.
func equalBins(scores []float64, bins int, desc bool) [][]int {
	return splitBins(order(scores, desc), bins)
}

// splitBins splits ordered row indices into bins groups (see equalBins),
// or into one group a row when there are fewer rows than bins: no group
// is ever empty (an empty calibration group has no mean).
func splitBins(idx []int, bins int) [][]int {
	if bins < 1 {
		panic("scoring: fewer than one bin")
	}
	n := len(idx)
	bins = min(bins, n)
	out := make([][]int, 0, bins)
	size, extra := n/bins, n%bins
	lo := 0
	for b := 0; b < bins; b++ {
		hi := lo + size
		if b < extra {
			hi++
		}
		out = append(out, idx[lo:hi])
		lo = hi
	}
	return out
}

// CalibrationBin is one row of a calibration table (see
// CalibrationFrame; the tags name its columns).
type CalibrationBin struct {
	Bin           int     `table:"bin"`            // 1 = lowest predicted probabilities
	MeanPredicted float64 `table:"mean_predicted"` // mean predicted probability
	ObservedRate  float64 `table:"observed_rate"`  // share of positives
	Count         int     `table:"count"`          // rows in the bin
}

// Calibration groups the rows by predicted probability p into bins of
// nearly equal count (deciles for bins = 10; see equalBins for ties) and
// compares, in each, the mean prediction with the observed positive rate.
// Empty bins (fewer rows than bins) have NaN means.
func Calibration(p, y []float64, bins int) []CalibrationBin {
	checkPair(p, y)
	return calibrationOrdered(p, y, order(p, false), bins)
}

// calibrationOrdered is Calibration given the rows in ascending order of p.
func calibrationOrdered(p, y []float64, idx []int, bins int) []CalibrationBin {
	var out []CalibrationBin
	for b, rows := range splitBins(idx, bins) {
		var sp, sy float64
		for _, i := range rows {
			sp += p[i]
			sy += y[i]
		}
		n := float64(len(rows))
		out = append(out, CalibrationBin{Bin: b + 1, Count: len(rows), MeanPredicted: sp / n, ObservedRate: sy / n})
	}
	return out
}

// LiftBin is one row of a lift (gains) table; the tags name its columns.
type LiftBin struct {
	Decile    int     `table:"decile"`    // 1 = highest scores
	Count     int     `table:"count"`     // rows in the group
	Positives int     `table:"positives"` // positive rows in the group
	MinScore  float64 `table:"min_score"` // lowest score in the group
	Rate      float64 `table:"rate"`      // Positives / Count
	Lift      float64 `table:"lift"`      // Rate / overall positive rate
	// CumulativeGain is the share of all positives in this and the
	// higher groups; CumulativeLift is their positive rate over the
	// overall rate.
	CumulativeGain float64 `table:"cumulative_gain"`
	CumulativeLift float64 `table:"cumulative_lift"`
}

// Lift ranks the rows by score, highest first, splits them into bins
// groups of nearly equal count (see equalBins) and reports each group's
// positive rate against the overall rate, with cumulative gains.
func Lift(scores, y []float64, bins int) []LiftBin {
	checkPair(scores, y)
	return liftOrdered(scores, y, order(scores, true), bins)
}

// liftOrdered is Lift given the rows in descending order of score.
func liftOrdered(scores, y []float64, idx []int, bins int) []LiftBin {
	total := 0.0
	for _, v := range y {
		total += v
	}
	base := total / float64(len(y))
	var out []LiftBin
	var cumN, cumPos float64
	for b, rows := range splitBins(idx, bins) {
		lb := LiftBin{Decile: b + 1, Count: len(rows), MinScore: math.NaN()}
		for _, i := range rows {
			if y[i] == 1 {
				lb.Positives++
			}
			if math.IsNaN(lb.MinScore) || scores[i] < lb.MinScore {
				lb.MinScore = scores[i]
			}
		}
		cumN += float64(lb.Count)
		cumPos += float64(lb.Positives)
		lb.Rate = float64(lb.Positives) / float64(lb.Count)
		lb.Lift = lb.Rate / base
		lb.CumulativeGain = cumPos / total
		lb.CumulativeLift = cumPos / cumN / base
		out = append(out, lb)
	}
	return out
}

// Threshold is the confusion summary of flagging every row whose score is
// at or above Cutoff:
//
//	precision = TP / Above,  recall = TP / positives,
//	F1 = 2 precision recall / (precision + recall) = 2 TP / (Above + positives),
//	share = Above / rows.
//
// The tags name the columns of the fit's thresholds table.
type Threshold struct {
	Cutoff    float64 `table:"cutoff"`
	Precision float64 `table:"precision"` // NaN when nothing is flagged
	Recall    float64 `table:"recall"`
	F1        float64 `table:"f1"`
	Share     float64 `table:"share_above"`
	Above     int     `table:"leads_above"` // rows flagged
	Positives int     // flagged rows that are positive (TP)
}

// ranked holds scores sorted descending with cumulative positive counts.
type ranked struct {
	scores []float64 // descending
	cumPos []int     // cumPos[k] = positives among the first k rows
	total  int       // positives
}

func rank(scores, y []float64) ranked {
	checkPair(scores, y)
	return rankOrdered(scores, y, order(scores, true))
}

// rankOrdered is rank given the rows in descending order of score.
func rankOrdered(scores, y []float64, idx []int) ranked {
	r := ranked{scores: make([]float64, len(idx)), cumPos: make([]int, len(idx)+1)}
	for k, i := range idx {
		r.scores[k] = scores[i]
		r.cumPos[k+1] = r.cumPos[k]
		if y[i] == 1 {
			r.cumPos[k+1]++
		}
	}
	r.total = r.cumPos[len(idx)]
	return r
}

// at returns the Threshold of flagging the first above rows (cut-off c).
func (r ranked) at(c float64, above int) Threshold {
	tp := r.cumPos[above]
	t := Threshold{Cutoff: c, Above: above, Positives: tp, Precision: math.NaN()}
	n := len(r.scores)
	t.Share = float64(above) / float64(n)
	if above > 0 {
		t.Precision = float64(tp) / float64(above)
	}
	t.Recall = float64(tp) / float64(r.total)
	t.F1 = 2 * float64(tp) / float64(above+r.total)
	return t
}

// countAtLeast returns how many scores are >= c.
func (r ranked) countAtLeast(c float64) int {
	k, _ := slices.BinarySearchFunc(r.scores, c, func(s, c float64) int {
		if s >= c {
			return -1
		}
		return 1
	})
	return k
}

// Thresholds returns the Threshold of each cut-off.
func Thresholds(scores, y []float64, cutoffs []float64) []Threshold {
	return rank(scores, y).thresholds(cutoffs)
}

func (r ranked) thresholds(cutoffs []float64) []Threshold {
	out := make([]Threshold, len(cutoffs))
	for i, c := range cutoffs {
		out[i] = r.at(c, r.countAtLeast(c))
	}
	return out
}

// BestF1 returns the cut-off, among the distinct scores, whose flagging
// has the largest F1 (the highest such cut-off on ties).
func BestF1(scores, y []float64) Threshold { return rank(scores, y).bestF1() }

func (r ranked) bestF1() Threshold {
	best := Threshold{F1: -1}
	for k := 0; k < len(r.scores); {
		hi := k + 1
		for hi < len(r.scores) && r.scores[hi] == r.scores[k] {
			hi++
		}
		if t := r.at(r.scores[k], hi); t.F1 > best.F1 {
			best = t
		}
		k = hi
	}
	return best
}

// CapacityCutoff returns the lowest cut-off, among the distinct scores,
// that flags at most maxAbove rows: the MQL threshold when sales can take
// maxAbove leads (capacity per month times the months the rows span). ok
// is false when even the highest score is shared by more rows.
func CapacityCutoff(scores, y []float64, maxAbove int) (t Threshold, ok bool) {
	return rank(scores, y).capacity(maxAbove)
}

func (r ranked) capacity(maxAbove int) (t Threshold, ok bool) {
	for k := 0; k < len(r.scores); {
		hi := k + 1
		for hi < len(r.scores) && r.scores[hi] == r.scores[k] {
			hi++
		}
		if hi > maxAbove {
			break
		}
		t, ok = r.at(r.scores[k], hi), true
		k = hi
	}
	return t, ok
}
