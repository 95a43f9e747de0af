package scoring

import (
	"fmt"
	"math"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

// SignalsNote is stated next to the signals table.
const SignalsNote = "signals are univariate: a term's share among converted leads shows association with converting, not that it causes it; the coefficients adjust each term for the others"

// Report returns the fit as the `funnel fit` report: meta, and the tables
// coefficients (the main table), signals, calibration, lift, thresholds
// and, with cross-validation, cv.
func (m *Model) Report() *funnel.Report {
	r := funnel.NewReport("fit", "Lead-score weights")
	reg, f := m.Regression, m.Features
	cfg := m.Config.Features
	target := cfg.Target
	if cfg.TargetStage != "" {
		target = "stage " + cfg.TargetStage
	}
	r.AddMeta("target", target)
	r.AddMeta("rows_used", reg.Rows)
	r.AddMeta("rows_dropped", f.RowsDropped)
	r.AddMeta("positives", reg.Positives)
	r.AddMeta("positive_share", float64(reg.Positives)/float64(reg.Rows))
	var refs []string
	for _, e := range f.Encodings {
		if e.Kind == "categorical" && e.Split == "" {
			refs = append(refs, e.Column+"="+e.Reference)
		}
	}
	r.AddMeta("reference_levels", strings.Join(refs, ", "))
	r.AddMeta("as_of", funnel.FormatTime(f.AsOf, false))
	if m.Config.Features.Window > 0 || m.Config.Features.HalfLife > 0 || cfg.Transform > TransformNone {
		r.AddMeta("touch_features", fmt.Sprintf("window %s, half-life %s, transform %s", funnel.FormatDays(cfg.Window), funnel.FormatDays(cfg.HalfLife), cfg.Transform))
	}
	if f.TouchesUsed+f.TouchesAfterCutoff > 0 {
		r.AddMeta("touches_used", f.TouchesUsed)
		r.AddMeta("touches_after_cutoff", f.TouchesAfterCutoff)
	}
	r.AddMeta("penalty", reg.Penalty.String())
	if reg.Penalty == PenaltyL1 || reg.Penalty == PenaltyL2 {
		r.AddMeta("lambda", reg.Lambda)
	}
	r.AddMeta("iterations", reg.Iterations)
	r.AddMeta("converged", reg.Converged)
	r.AddMeta("log_likelihood", reg.LogLikelihood)
	r.AddMeta("null_log_likelihood", reg.NullLogLikelihood)
	r.AddMeta("aic", reg.AIC)
	r.AddMeta("bic", reg.BIC)
	r.AddMeta("mcfadden_r2", reg.McFaddenR2)
	r.AddMeta("auc", m.AUC)
	r.AddMeta("log_loss", m.LogLoss)
	r.AddMeta("brier", m.Brier)
	if m.CV != nil {
		r.AddMeta("cv_folds", len(m.CV.Folds))
		r.AddMeta("cv_auc", meanSD(m.CV.MeanAUC, m.CV.SDAUC))
		r.AddMeta("cv_log_loss", meanSD(m.CV.MeanLogLoss, m.CV.SDLogLoss))
		r.AddMeta("cv_brier", meanSD(m.CV.MeanBrier, m.CV.SDBrier))
	}
	r.AddMeta("points_scaling", m.Scale.Formula())
	r.AddMeta("mql_threshold", m.Threshold.Cutoff)
	r.AddMeta("mql_threshold_rule", m.ThresholdRule)
	r.AddMeta("mql_precision", m.Threshold.Precision)
	r.AddMeta("mql_recall", m.Threshold.Recall)
	r.AddMeta("mql_share", m.Threshold.Share)
	r.AddMeta("grade_cuts", fmt.Sprintf("A >= %g, B >= %g, C >= %g", m.GradeCuts[0], m.GradeCuts[1], m.GradeCuts[2]))
	r.AddMeta("signals_note", SignalsNote)

	r.AddTable("coefficients", m.coefficientsFrame())
	r.AddTable("signals", signalsFrame(m.Signals))
	r.AddTable("calibration", CalibrationFrame(m.Calibration))
	r.AddTable("lift", liftFrame(m.Lift))
	r.AddTable("thresholds", thresholdsFrame(m.Thresholds))
	if m.CV != nil {
		r.AddTable("cv", cvFrame(m.CV))
	}
	r.AddChart(funnel.Chart{Kind: funnel.LineChart, Title: "Calibration", Table: "calibration", X: "bin", Series: []string{"mean_predicted", "observed_rate"}, XTitle: "bin (by predicted probability)", YTitle: "rate"})
	r.AddChart(funnel.Chart{Kind: funnel.BarChart, Title: "Lift by decile", Table: "lift", X: "decile", Series: []string{"lift"}, XTitle: "decile (1 = highest scores)", YTitle: "lift"})
	r.Warnings = append(r.Warnings, m.Warnings...)
	if m.CV != nil {
		r.Warnings = append(r.Warnings, m.CV.Warnings...)
	}
	return r
}

// meanSD formats "mean +/- sd" with 4 decimals, NA for a value that is
// not finite.
func meanSD(mean, sd float64) string {
	f := func(v float64) string {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return "NA"
		}
		return fmt.Sprintf("%.4f", v)
	}
	return f(mean) + " +/- " + f(sd)
}

// coefficientsFrame is the coefficients table: the Wald statistics, the
// points per unit and a note for dropped and separated terms.
func (m *Model) coefficientsFrame() dataframe.DataFrame {
	terms := m.Regression.Terms
	n := len(terms)
	name := make([]string, n)
	cols := make([][]float64, 9)
	for k := range cols {
		cols[k] = make([]float64, n)
	}
	note := make([]string, n)
	for j, t := range terms {
		name[j] = t.Name
		pts := m.Scale.Points[j]
		if j == 0 || t.Status != TermEstimated {
			pts = math.NaN()
		}
		for k, v := range []float64{t.Estimate, t.StdError, t.Z, t.PValue, t.OddsRatio, t.CILow, t.CIHigh, pts, t.VIF} {
			cols[k][j] = v
		}
		switch {
		case t.Status == TermAliased:
			note[j] = "aliased: dropped"
		case t.Status == TermConstant:
			note[j] = "constant: dropped"
		case t.Separated > 0:
			note[j] = "separated: estimate diverges to +Inf"
		case t.Separated < 0:
			note[j] = "separated: estimate diverges to -Inf"
		case isLarge(t):
			note[j] = fmt.Sprintf("large: above %g, see warnings", LargeEstimate)
		case !math.IsNaN(t.VIF) && t.VIF > m.Config.Logistic.vifLimit():
			note[j] = fmt.Sprintf("VIF %.1f", t.VIF)
		}
	}
	return dataframe.New(
		series.New(name, series.String, "term"),
		series.New(cols[0], series.Float, "estimate"),
		series.New(cols[1], series.Float, "std_error"),
		series.New(cols[2], series.Float, "z"),
		series.New(cols[3], series.Float, "p_value"),
		series.New(cols[4], series.Float, "odds_ratio"),
		series.New(cols[5], series.Float, "ci_low"),
		series.New(cols[6], series.Float, "ci_high"),
		series.New(cols[7], series.Float, "points"),
		series.New(cols[8], series.Float, "vif"),
		series.New(note, series.String, "note"),
	)
}

// vifLimit is the effective VIF warning limit.
func (o LogisticOptions) vifLimit() float64 {
	switch {
	case o.VIFLimit == 0:
		return DefaultVIFLimit
	case o.VIFLimit < 0:
		return math.Inf(1)
	}
	return o.VIFLimit
}

func signalsFrame(sig []Signal) dataframe.DataFrame {
	n := len(sig)
	term, kind := make([]string, n), make([]string, n)
	pos, neg, lift, corr := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	present := make([]int, n)
	for i, s := range sig {
		term[i], pos[i], neg[i], lift[i], corr[i], present[i] = s.Term, s.MeanPositive, s.MeanNegative, s.Lift, s.Correlation, s.RowsPresent
		kind[i] = "mean"
		if s.Indicator {
			kind[i] = "share"
		}
	}
	return dataframe.New(
		series.New(term, series.String, "term"),
		series.New(kind, series.String, "measure"),
		series.New(pos, series.Float, "positives"),
		series.New(neg, series.Float, "negatives"),
		series.New(lift, series.Float, "lift"),
		series.New(corr, series.Float, "correlation"),
		series.New(present, series.Int, "rows_present"),
	)
}

// CalibrationFrame is the calibration table of bins: bin, mean_predicted,
// observed_rate, count.
func CalibrationFrame(bins []CalibrationBin) dataframe.DataFrame {
	n := len(bins)
	bin, count := make([]int, n), make([]int, n)
	mp, or := make([]float64, n), make([]float64, n)
	for i, b := range bins {
		bin[i], count[i], mp[i], or[i] = b.Bin, b.Count, b.MeanPredicted, b.ObservedRate
	}
	return dataframe.New(
		series.New(bin, series.Int, "bin"),
		series.New(mp, series.Float, "mean_predicted"),
		series.New(or, series.Float, "observed_rate"),
		series.New(count, series.Int, "count"),
	)
}

func liftFrame(bins []LiftBin) dataframe.DataFrame {
	n := len(bins)
	dec, count, pos := make([]int, n), make([]int, n), make([]int, n)
	minScore, rate, lift, gain, cumLift := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i, b := range bins {
		dec[i], count[i], pos[i] = b.Decile, b.Count, b.Positives
		minScore[i], rate[i], lift[i], gain[i], cumLift[i] = b.MinScore, b.Rate, b.Lift, b.CumulativeGain, b.CumulativeLift
	}
	return dataframe.New(
		series.New(dec, series.Int, "decile"),
		series.New(count, series.Int, "count"),
		series.New(pos, series.Int, "positives"),
		series.New(minScore, series.Float, "min_score"),
		series.New(rate, series.Float, "rate"),
		series.New(lift, series.Float, "lift"),
		series.New(gain, series.Float, "cumulative_gain"),
		series.New(cumLift, series.Float, "cumulative_lift"),
	)
}

func thresholdsFrame(ts []Threshold) dataframe.DataFrame {
	n := len(ts)
	cut, prec, rec, f1, share := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	above := make([]int, n)
	for i, t := range ts {
		cut[i], prec[i], rec[i], f1[i], share[i], above[i] = t.Cutoff, t.Precision, t.Recall, t.F1, t.Share, t.Above
	}
	return dataframe.New(
		series.New(cut, series.Float, "cutoff"),
		series.New(prec, series.Float, "precision"),
		series.New(rec, series.Float, "recall"),
		series.New(f1, series.Float, "f1"),
		series.New(share, series.Float, "share_above"),
		series.New(above, series.Int, "leads_above"),
	)
}

func cvFrame(cv *CrossValidation) dataframe.DataFrame {
	n := len(cv.Folds)
	fold, rows, pos := make([]int, n), make([]int, n), make([]int, n)
	auc, ll, br := make([]float64, n), make([]float64, n), make([]float64, n)
	for i, f := range cv.Folds {
		fold[i], rows[i], pos[i], auc[i], ll[i], br[i] = f.Fold, f.Rows, f.Positives, f.AUC, f.LogLoss, f.Brier
	}
	return dataframe.New(
		series.New(fold, series.Int, "fold"),
		series.New(rows, series.Int, "rows"),
		series.New(pos, series.Int, "positives"),
		series.New(auc, series.Float, "auc"),
		series.New(ll, series.Float, "log_loss"),
		series.New(br, series.Float, "brier"),
	)
}
