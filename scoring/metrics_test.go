package scoring

import (
	"fmt"
	"math"
	"reflect"
	"testing"
)

// rFitted returns R's fitted probabilities of the main fit
// (ref_main_fitted.csv, make_fixtures.R) and the target.
func rFitted(t *testing.T) ([]float64, []float64) {
	t.Helper()
	_, y := leadsDesign(t, nil)
	_, recs := readCSV(t, "ref_main_fitted.csv")
	p := make([]float64, len(recs))
	for i, r := range recs {
		p[i] = parseFloat(t, r[0])
	}
	return p, y
}

// leadsColumn returns a numeric column of leads.csv.
func leadsColumn(t *testing.T, name string) []float64 {
	t.Helper()
	d, _ := leadsDesign(t, []string{name})
	x := make([]float64, d.Rows)
	for i := range x {
		x[i] = d.At(i, 1)
	}
	return x
}

func TestAUC(t *testing.T) {
	t.Parallel()
	py := readRefStats(t, "ref_python.csv")
	fitted, y := rFitted(t)
	cases := []struct {
		name   string
		scores []float64
		y      []float64
		want   float64
	}{
		// By hand: pairs (pos, neg) = (0.8 vs 0.1, 0.4), (0.4 vs 0.1, 0.4):
		// 1 + 1 + 1 + 0.5 = 3.5 of 4.
		{"hand, one tie", []float64{0.1, 0.4, 0.4, 0.8}, []float64{0, 0, 1, 1}, 0.875},
		{"all tied", []float64{1, 1, 1, 1}, []float64{0, 1, 0, 1}, 0.5},
		// scikit-learn 1.2.1 roc_auc_score, make_python_refs.py.
		{"fitted probabilities", fitted, y, py["main/auc"]},
		{"visits (many ties)", leadsColumn(t, "visits"), y, py["visits/auc"]},
		{"pricing (mostly zero)", leadsColumn(t, "pricing"), y, py["pricing/auc"]},
	}
	for _, c := range cases {
		if got := AUC(c.scores, c.y); !near(got, c.want, 1e-12) {
			t.Errorf("%s: AUC = %.15g, want %.15g", c.name, got, c.want)
		}
	}
	if got := AUC([]float64{1, 2}, []float64{1, 1}); !math.IsNaN(got) {
		t.Errorf("one class: AUC = %v, want NaN", got)
	}
}

func TestLogLossAndBrier(t *testing.T) {
	t.Parallel()
	py := readRefStats(t, "ref_python.csv")
	fitted, y := rFitted(t)
	// scikit-learn 1.2.1 log_loss and brier_score_loss, make_python_refs.py.
	if got := LogLoss(fitted, y); !near(got, py["main/log_loss"], 1e-12) {
		t.Errorf("LogLoss = %.15g, want %.15g", got, py["main/log_loss"])
	}
	if got := Brier(fitted, y); !near(got, py["main/brier"], 1e-12) {
		t.Errorf("Brier = %.15g, want %.15g", got, py["main/brier"])
	}
	// By hand: -(log 0.8 + log 0.5)/2 and ((0.2)² + 0.5²)/2.
	if got, want := LogLoss([]float64{0.8, 0.5}, []float64{1, 0}), -(math.Log(0.8)+math.Log(0.5))/2; !near(got, want, 1e-15) {
		t.Errorf("LogLoss hand = %v, want %v", got, want)
	}
	if got := Brier([]float64{0.8, 0.5}, []float64{1, 0}); !near(got, 0.145, 1e-15) {
		t.Errorf("Brier hand = %v, want 0.145", got)
	}
	// Clipping: p = 0 for a positive costs -log(1e-15).
	if got := LogLoss([]float64{0}, []float64{1}); !near(got, -math.Log(1e-15), 1e-12) {
		t.Errorf("LogLoss clipped = %v", got)
	}
}

func TestCalibrationAndLift(t *testing.T) {
	t.Parallel()
	// numpy: stable sorts, array_split into 10 (make_python_refs.py).
	py := readRefStats(t, "ref_python.csv")
	fitted, y := rFitted(t)
	cal := Calibration(fitted, y, 10)
	if len(cal) != 10 {
		t.Fatalf("%d bins", len(cal))
	}
	for _, b := range cal {
		k := fmt.Sprintf("calibration/%d/", b.Bin)
		if float64(b.Count) != py[k+"count"] || !near(b.MeanPredicted, py[k+"mean_predicted"], 1e-12) || !near(b.ObservedRate, py[k+"observed_rate"], 1e-12) {
			t.Errorf("bin %d = %+v, numpy %v %v %v", b.Bin, b, py[k+"count"], py[k+"mean_predicted"], py[k+"observed_rate"])
		}
	}
	lift := Lift(fitted, y, 10)
	for _, b := range lift {
		k := fmt.Sprintf("lift/%d/", b.Decile)
		if float64(b.Positives) != py[k+"positives"] || !near(b.Lift, py[k+"lift"], 1e-12) || !near(b.CumulativeGain, py[k+"cumulative_gain"], 1e-12) {
			t.Errorf("decile %d = %+v, numpy %v %v %v", b.Decile, b, py[k+"positives"], py[k+"lift"], py[k+"cumulative_gain"])
		}
	}
	if last := lift[9]; !near(last.CumulativeGain, 1, 1e-15) || !near(last.CumulativeLift, 1, 1e-15) {
		t.Errorf("last decile cumulative gain %v lift %v, want 1 and 1", last.CumulativeGain, last.CumulativeLift)
	}
	// By hand: 5 rows in 2 bins -> sizes 3 and 2 (numpy's array_split).
	small := Calibration([]float64{0.9, 0.1, 0.5, 0.3, 0.7}, []float64{1, 0, 1, 0, 0}, 2)
	want := []CalibrationBin{{Bin: 1, Count: 3, MeanPredicted: 0.3, ObservedRate: 1.0 / 3}, {Bin: 2, Count: 2, MeanPredicted: 0.8, ObservedRate: 0.5}}
	for i := range want {
		if small[i].Bin != want[i].Bin || small[i].Count != want[i].Count || !near(small[i].MeanPredicted, want[i].MeanPredicted, 1e-15) || !near(small[i].ObservedRate, want[i].ObservedRate, 1e-15) {
			t.Errorf("small bin %d = %+v, want %+v", i, small[i], want[i])
		}
	}
}

func TestThresholds(t *testing.T) {
	t.Parallel()
	// scikit-learn 1.2.1 precision_score, recall_score, f1_score of p >= cut-off (make_python_refs.py).
	py := readRefStats(t, "ref_python.csv")
	fitted, y := rFitted(t)
	cuts := []float64{0.1, 0.25, 0.5}
	for i, th := range Thresholds(fitted, y, cuts) {
		k := fmt.Sprintf("threshold/%g/", cuts[i])
		if !near(th.Precision, py[k+"precision"], 1e-12) || !near(th.Recall, py[k+"recall"], 1e-12) || !near(th.F1, py[k+"f1"], 1e-12) || !near(th.Share, py[k+"share"], 1e-12) {
			t.Errorf("cut-off %g = %+v, sklearn %v %v %v %v", cuts[i], th, py[k+"precision"], py[k+"recall"], py[k+"f1"], py[k+"share"])
		}
	}
	best := BestF1(fitted, y)
	if best.Cutoff != py["threshold/best_f1_cutoff"] || !near(best.F1, py["threshold/best_f1"], 1e-12) {
		t.Errorf("BestF1 = %+v, sklearn search %v at %v", best, py["threshold/best_f1"], py["threshold/best_f1_cutoff"])
	}
	// By hand: scores 90 80 80 50 20 (positives at 90 and 50). Capacity 2
	// rows: 80 would flag 3, so the cut-off is 90 (1 row, precision 1,
	// recall 1/2). Capacity 4: cut-off 50 flags 4, 2 positives.
	scores, lab := []float64{80, 90, 50, 20, 80}, []float64{0, 1, 1, 0, 0}
	for _, c := range []struct {
		capacity  int
		cut       float64
		above, tp int
		ok        bool
	}{{2, 90, 1, 1, true}, {4, 50, 4, 2, true}, {5, 20, 5, 2, true}, {0, 0, 0, 0, false}} {
		th, ok := CapacityCutoff(scores, lab, c.capacity)
		if ok != c.ok || th.Cutoff != c.cut || th.Above != c.above || th.Positives != c.tp {
			t.Errorf("capacity %d: %+v %v, want cut-off %v above %d tp %d", c.capacity, th, ok, c.cut, c.above, c.tp)
		}
	}
	// By hand, cut-off 80: flags 90, 80, 80; TP 1; precision 1/3, recall 1/2, F1 2/(3+2).
	th := Thresholds(scores, lab, []float64{80})[0]
	if th.Above != 3 || !near(th.Precision, 1.0/3, 1e-15) || !near(th.Recall, 0.5, 1e-15) || !near(th.F1, 0.4, 1e-15) || !near(th.Share, 0.6, 1e-15) {
		t.Errorf("cut-off 80: %+v", th)
	}
}

func TestFitAUCMatchesSklearn(t *testing.T) {
	t.Parallel()
	// Our fitted probabilities rank the rows as R's do: AUC equals
	// scikit-learn's on R's fitted values (make_python_refs.py).
	py := readRefStats(t, "ref_python.csv")
	d, y := leadsDesign(t, mainTerms)
	reg, err := Logistic(d, y, LogisticOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := AUC(reg.Fitted, y); !near(got, py["main/auc"], 1e-12) {
		t.Errorf("AUC = %.15g, sklearn %.15g", got, py["main/auc"])
	}
	if got := LogLoss(reg.Fitted, y); !near(got, py["main/log_loss"], 1e-9) {
		t.Errorf("log-loss = %.15g, sklearn %.15g", got, py["main/log_loss"])
	}
}

func TestCalibrationFewerRowsThanBins(t *testing.T) {
	t.Parallel()
	// Three open leads in a month and ten bins (the report's model
	// health): one bin a lead, none empty, so no 0/0 mean.
	got := Calibration([]float64{0.9, 0.1, 0.5}, []float64{1, 0, 0}, 10)
	want := []CalibrationBin{{Bin: 1, Count: 1, MeanPredicted: 0.1, ObservedRate: 0}, {Bin: 2, Count: 1, MeanPredicted: 0.5, ObservedRate: 0}, {Bin: 3, Count: 1, MeanPredicted: 0.9, ObservedRate: 1}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Calibration = %+v, want %+v", got, want)
	}
}
