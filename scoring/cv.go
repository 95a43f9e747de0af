package scoring

import (
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat"
)

// FoldMetrics are the held-out metrics of one cross-validation fold.
// The tags name the columns of the fit's cv table.
type FoldMetrics struct {
	Fold      int     `table:"fold"`      // 1-based
	Rows      int     `table:"rows"`      // held-out rows
	Positives int     `table:"positives"` // held-out positive rows
	AUC       float64 `table:"auc"`
	LogLoss   float64 `table:"log_loss"`
	Brier     float64 `table:"brier"`
}

// CrossValidation is the outcome of CrossValidate: per-fold metrics and
// their mean and sample standard deviation (n-1) over the folds.
type CrossValidation struct {
	Folds                  []FoldMetrics
	MeanAUC, SDAUC         float64
	MeanLogLoss, SDLogLoss float64
	MeanBrier, SDBrier     float64
	// Warnings are the folds' fit warnings, each prefixed with its fold.
	Warnings []string
}

// StratifiedFolds assigns each row of the 0/1 target y to one of k folds
// (0-based), so that every fold gets the same number of positives and of
// negatives, give or take one: positives and negatives are each shuffled
// with a PCG generator seeded by seed, then dealt round-robin (negatives
// continuing where positives stopped, which evens fold sizes).
func StratifiedFolds(y []float64, k int, seed uint64) []int {
	if k < 1 {
		panic("scoring: fewer than one fold")
	}
	rng := rand.New(rand.NewPCG(seed, 0x66756e6e656c)) // "funnel"
	var pos, neg []int
	for i, v := range y {
		if v == 1 {
			pos = append(pos, i)
		} else {
			neg = append(neg, i)
		}
	}
	folds := make([]int, len(y))
	next := 0
	for _, class := range [][]int{pos, neg} {
		rng.Shuffle(len(class), func(a, b int) { class[a], class[b] = class[b], class[a] })
		for _, i := range class {
			folds[i] = next % k
			next++
		}
	}
	return folds
}

// CrossValidate estimates out-of-sample performance by stratified k-fold
// cross-validation (StratifiedFolds with seed): each fold is held out in
// turn, the model is fitted with opts on the other rows (dropping, within
// that fit, terms constant or aliased there), and AUC, log-loss and Brier
// score are measured on the held-out rows. It returns an error when k is
// below 2 or above the number of positives or of negatives.
func CrossValidate(d *Design, y []float64, k int, seed uint64, opts LogisticOptions) (*CrossValidation, error) {
	if len(y) != d.Rows {
		panic("scoring: target and design differ in rows")
	}
	positives := 0
	for _, v := range y {
		if v == 1 {
			positives++
		}
	}
	if k < 2 {
		return nil, fmt.Errorf("scoring: cross-validation needs at least 2 folds (got %d)", k)
	}
	if k > positives || k > len(y)-positives {
		most := min(positives, len(y)-positives)
		hint := fmt.Sprintf("; use --cv %d or fewer", most)
		if most < 2 {
			hint = "; too few for cross-validation"
		}
		return nil, fmt.Errorf("scoring: %d folds need at least %d positive and %d negative rows (have %d and %d)%s", k, k, k, positives, len(y)-positives, hint)
	}
	folds := StratifiedFolds(y, k, seed)
	cv := &CrossValidation{}
	var aucs, losses, briers []float64
	for f := 0; f < k; f++ {
		var train []int32
		var test []int
		for i, g := range folds {
			if g == f {
				test = append(test, i)
			} else {
				train = append(train, int32(i))
			}
		}
		o := opts
		o.Rows = train
		reg, err := Logistic(d, y, o)
		if err != nil {
			return nil, fmt.Errorf("cross-validation fold %d: %w", f+1, err)
		}
		for _, w := range reg.Warnings {
			cv.Warnings = append(cv.Warnings, fmt.Sprintf("cv fold %d: %s", f+1, w))
		}
		p := make([]float64, len(test))
		yt := make([]float64, len(test))
		fm := FoldMetrics{Fold: f + 1, Rows: len(test)}
		for t, i := range test {
			p[t] = reg.Probability(d.Row(i))
			yt[t] = y[i]
			if y[i] == 1 {
				fm.Positives++
			}
		}
		fm.AUC, fm.LogLoss, fm.Brier = AUC(p, yt), LogLoss(p, yt), Brier(p, yt)
		cv.Folds = append(cv.Folds, fm)
		aucs, losses, briers = append(aucs, fm.AUC), append(losses, fm.LogLoss), append(briers, fm.Brier)
	}
	cv.MeanAUC, cv.SDAUC = stat.MeanStdDev(aucs, nil)
	cv.MeanLogLoss, cv.SDLogLoss = stat.MeanStdDev(losses, nil)
	cv.MeanBrier, cv.SDBrier = stat.MeanStdDev(briers, nil)
	return cv, nil
}
