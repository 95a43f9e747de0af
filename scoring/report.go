package scoring

import (
	"fmt"
	"math"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/go-gota/gota/dataframe"
)

// SignalsNote is stated next to the signals table.
const SignalsNote = "signals are univariate: a term's share among converted leads shows association with converting, not that it causes it; the coefficients adjust each term for the others"

// Report returns the fit as the `funnel fit` report: meta, and the tables
// coefficients (the main table), signals, calibration, lift, thresholds
// and, with cross-validation, cv.
func (m *Model) Report() *funnel.Report {
	if m.Amount != nil {
		return m.amountReport()
	}
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
	if f.RowsAfterAsOf > 0 {
		r.AddMeta("rows_after_as_of", f.RowsAfterAsOf)
	}
	r.AddMeta("positives", reg.Positives)
	r.AddMeta("positive_share", float64(reg.Positives)/float64(reg.Rows))
	r.AddMeta("reference_levels", referenceLevels(f))
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
	r.AddTable("lift", funnel.FrameOf(m.Lift))
	r.AddTable("thresholds", funnel.FrameOf(m.Thresholds))
	if m.CV != nil {
		r.AddTable("cv", funnel.FrameOf(m.CV.Folds))
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

// coefficientRow is a row of the coefficients table: a term's Wald
// statistics, its points per unit and a note for a dropped or separated
// term.
type coefficientRow struct {
	Term      string  `table:"term"`
	Estimate  float64 `table:"estimate"`
	StdError  float64 `table:"std_error"`
	Z         float64 `table:"z"`
	PValue    float64 `table:"p_value"`
	OddsRatio float64 `table:"odds_ratio"`
	CILow     float64 `table:"ci_low"`
	CIHigh    float64 `table:"ci_high"`
	Points    float64 `table:"points"`
	VIF       float64 `table:"vif"`
	Note      string  `table:"note"`
}

// coefficientsFrame is the coefficients table: the Wald statistics, the
// points per unit and a note for dropped and separated terms.
func (m *Model) coefficientsFrame() dataframe.DataFrame {
	rows := make([]coefficientRow, len(m.Regression.Terms))
	for j, t := range m.Regression.Terms {
		pts := m.Scale.Points[j]
		if j == 0 || t.Status != TermEstimated {
			pts = math.NaN()
		}
		rows[j] = coefficientRow{t.Name, t.Estimate, t.StdError, t.Z, t.PValue, t.OddsRatio, t.CILow, t.CIHigh, pts, t.VIF, m.coefficientNote(t)}
	}
	return funnel.FrameOf(rows)
}

// coefficientNote is the note of term t in the coefficients table: why it
// was dropped, that it is separated, that it is large, or its VIF above
// the limit; "" for none.
func (m *Model) coefficientNote(t Term) string {
	switch {
	case t.Status == TermAliased:
		return "aliased: dropped"
	case t.Status == TermConstant:
		return "constant: dropped"
	case t.Separated > 0:
		return "separated: estimate diverges to +Inf"
	case t.Separated < 0:
		return "separated: estimate diverges to -Inf"
	case isLarge(t):
		return fmt.Sprintf("large: above %g, see warnings", LargeEstimate)
	case !math.IsNaN(t.VIF) && t.VIF > m.Config.Logistic.vifLimit():
		return fmt.Sprintf("VIF %.1f", t.VIF)
	}
	return ""
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

// signalRow is a row of the signals table: a Signal, its Indicator shown
// as the measure of its positives and negatives columns (share or mean).
type signalRow struct {
	Term        string  `table:"term"`
	Measure     string  `table:"measure"`
	Positives   float64 `table:"positives"`
	Negatives   float64 `table:"negatives"`
	Lift        float64 `table:"lift"`
	Correlation float64 `table:"correlation"`
	RowsPresent int     `table:"rows_present"`
}

func signalsFrame(sig []Signal) dataframe.DataFrame {
	rows := make([]signalRow, len(sig))
	for i, s := range sig {
		measure := "mean"
		if s.Indicator {
			measure = "share"
		}
		rows[i] = signalRow{s.Term, measure, s.MeanPositive, s.MeanNegative, s.Lift, s.Correlation, s.RowsPresent}
	}
	return funnel.FrameOf(rows)
}

// CalibrationFrame is the calibration table of bins: bin, mean_predicted,
// observed_rate, count.
func CalibrationFrame(bins []CalibrationBin) dataframe.DataFrame { return funnel.FrameOf(bins) }
