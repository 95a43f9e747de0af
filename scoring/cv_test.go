package scoring

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestStratifiedFolds(t *testing.T) {
	t.Parallel()
	_, y := leadsDesign(t, nil)
	folds := StratifiedFolds(y, 5, 42)
	var rows, pos [5]int
	for i, f := range folds {
		rows[f]++
		if y[i] == 1 {
			pos[f]++
		}
	}
	// leads.csv has 1500 rows, 378 positive: 75 or 76 positives and 300 rows per fold.
	for f := range rows {
		if rows[f] != 300 || pos[f] < 75 || pos[f] > 76 {
			t.Errorf("fold %d: %d rows, %d positives", f, rows[f], pos[f])
		}
	}
	if !slices.Equal(folds, StratifiedFolds(y, 5, 42)) {
		t.Error("same seed, different folds")
	}
	if slices.Equal(folds, StratifiedFolds(y, 5, 43)) {
		t.Error("another seed, same folds")
	}
}

func TestCrossValidate(t *testing.T) {
	t.Parallel()
	d, y := leadsDesign(t, mainTerms)
	cv, err := CrossValidate(d, y, 5, 7, LogisticOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Each fold equals a fit on the other folds' rows (Logistic, checked
	// against R) measured on the held-out rows (AUC, checked against
	// scikit-learn).
	folds := StratifiedFolds(y, 5, 7)
	var aucs []float64
	for f := 0; f < 5; f++ {
		var train []int32
		var p, yt []float64
		for i, g := range folds {
			if g != f {
				train = append(train, int32(i))
			}
		}
		reg, err := Logistic(d, y, LogisticOptions{Rows: train})
		if err != nil {
			t.Fatal(err)
		}
		for i, g := range folds {
			if g == f {
				p = append(p, reg.Probability(d.Row(i)))
				yt = append(yt, y[i])
			}
		}
		got := cv.Folds[f]
		if got.Fold != f+1 || got.Rows != 300 || got.AUC != AUC(p, yt) || got.LogLoss != LogLoss(p, yt) || got.Brier != Brier(p, yt) {
			t.Errorf("fold %d = %+v, want AUC %v log-loss %v Brier %v", f+1, got, AUC(p, yt), LogLoss(p, yt), Brier(p, yt))
		}
		aucs = append(aucs, got.AUC)
	}
	mean := (aucs[0] + aucs[1] + aucs[2] + aucs[3] + aucs[4]) / 5
	ss := 0.0
	for _, a := range aucs {
		ss += (a - mean) * (a - mean)
	}
	if !near(cv.MeanAUC, mean, 1e-14) || !near(cv.SDAUC, math.Sqrt(ss/4), 1e-12) {
		t.Errorf("mean %v sd %v, want %v %v", cv.MeanAUC, cv.SDAUC, mean, math.Sqrt(ss/4))
	}
	// Held-out AUC of a sensible model sits near the training AUC (0.715).
	if cv.MeanAUC < 0.65 || cv.MeanAUC > 0.75 {
		t.Errorf("mean AUC %v", cv.MeanAUC)
	}
	for _, c := range []struct {
		k    int
		want string
	}{{1, "at least 2 folds"}, {379, "need at least 379 positive"}} {
		if _, err := CrossValidate(d, y, c.k, 1, LogisticOptions{}); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("k=%d: %v", c.k, err)
		}
	}
}
