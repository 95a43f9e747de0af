package scoring

import (
	"fmt"
	"math"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/go-gota/gota/dataframe"
)

// checkFamily refuses the options of a win model in a deal-size fit: a
// penalty, cross-validation and a capacity describe a 0/1 outcome.
func (cfg Config) checkFamily() error {
	fam := cfg.Features.Family
	if !fam.Amount() {
		return nil
	}
	switch {
	case cfg.Logistic.Penalty != 0 && cfg.Logistic.Penalty != PenaltyNone:
		return fmt.Errorf("scoring: --penalty %s applies to a win model; --family %s is fitted by maximum likelihood", cfg.Logistic.Penalty, fam)
	case cfg.CVFolds > 0:
		return fmt.Errorf("scoring: --cv validates a win model's ranking; --family %s has no classes to validate", fam)
	case cfg.Capacity > 0:
		return fmt.Errorf("scoring: --capacity sets a win model's MQL threshold; --family %s has none", fam)
	}
	return nil
}

// fitAmount fits the deal-size regression of m's features.
func (m *Model) fitAmount() error {
	cfg := m.Config
	reg, err := AmountFit(m.Features.Design, m.Features.Y, cfg.Features.Family,
		AmountOptions{MaxIter: cfg.Logistic.MaxIter, Epsilon: cfg.Logistic.Epsilon, VIFLimit: cfg.Logistic.VIFLimit})
	if err != nil {
		return err
	}
	m.Amount = reg
	m.Warnings = append(m.Warnings, reg.Warnings...)
	return nil
}

// amountReport is the `funnel fit` report of a deal-size model: meta and
// the table coefficients, whose effect column is exp(estimate), the factor
// on the expected amount per unit of the term.
func (m *Model) amountReport() *funnel.Report {
	r := funnel.NewReport("fit", "Deal-size regression")
	reg, f := m.Amount, m.Features
	r.AddMeta("target", m.Config.Features.Target)
	r.AddMeta("family", reg.Family.String())
	r.AddMeta("model", amountFormula(reg.Family))
	r.AddMeta("rows_used", reg.Rows)
	r.AddMeta("rows_dropped", f.RowsDropped)
	if f.RowsAfterAsOf > 0 {
		r.AddMeta("rows_after_as_of", f.RowsAfterAsOf)
	}
	r.AddMeta("mean_amount", reg.MeanAmount)
	r.AddMeta("reference_levels", referenceLevels(f))
	r.AddMeta("as_of", funnel.FormatTime(f.AsOf, false))
	if cfg := m.Config.Features; cfg.Window > 0 || cfg.HalfLife > 0 || cfg.Transform > TransformNone {
		r.AddMeta("touch_features", fmt.Sprintf("window %s, half-life %s, transform %s", funnel.FormatDays(cfg.Window), funnel.FormatDays(cfg.HalfLife), cfg.Transform))
	}
	if f.TouchesUsed+f.TouchesAfterCutoff > 0 {
		r.AddMeta("touches_used", f.TouchesUsed)
		r.AddMeta("touches_after_cutoff", f.TouchesAfterCutoff)
	}
	r.AddMeta("iterations", reg.Iterations)
	r.AddMeta("converged", reg.Converged)
	r.AddMeta("df_residual", reg.DFResidual)
	r.AddMeta("dispersion", reg.Dispersion)
	r.AddMeta("deviance", reg.Deviance)
	r.AddMeta("null_deviance", reg.NullDeviance)
	r.AddMeta("log_likelihood", reg.LogLikelihood)
	r.AddMeta("aic", reg.AIC)
	if reg.Family == FamilyLogNormal {
		r.AddMeta("aic_amount_scale", reg.AICAmountScale)
		r.AddMeta("smearing", reg.Smearing)
	}
	r.AddMeta("effect_note", "effect = exp(estimate): one more unit of the term multiplies the expected amount by it (1.25 = 25% larger deals); t and p on the residual degrees of freedom")
	r.AddTable("coefficients", amountCoefficientsFrame(reg))
	r.Warnings = append(r.Warnings, m.Warnings...)
	return r
}

// amountFormula states how a family's expected amount is computed.
func amountFormula(f Family) string {
	if f == FamilyGamma {
		return "Gamma GLM, log link: E[amount] = exp(x'b); dispersion by Pearson"
	}
	return "least squares on log(amount): E[amount] = exp(x'b) x smearing (Duan)"
}

// referenceLevels lists the reference level of each categorical column.
func referenceLevels(f *Features) string {
	s := ""
	for _, e := range f.Encodings {
		if e.Kind == "categorical" && e.Split == "" {
			if s != "" {
				s += ", "
			}
			s += e.Column + "=" + e.Reference
		}
	}
	return s
}

// amountCoefficientRow is a row of a deal-size model's coefficients.
type amountCoefficientRow struct {
	Term     string  `table:"term"`
	Estimate float64 `table:"estimate"`
	StdError float64 `table:"std_error"`
	T        float64 `table:"t"`
	PValue   float64 `table:"p_value"`
	Effect   float64 `table:"effect"`
	CILow    float64 `table:"ci_low"`
	CIHigh   float64 `table:"ci_high"`
	VIF      float64 `table:"vif"`
	Note     string  `table:"note"`
}

func amountCoefficientsFrame(reg *AmountRegression) dataframe.DataFrame {
	rows := make([]amountCoefficientRow, len(reg.Terms))
	for j, t := range reg.Terms {
		note := ""
		switch t.Status {
		case TermAliased:
			note = "aliased: dropped"
		case TermConstant:
			note = "constant: dropped"
		}
		rows[j] = amountCoefficientRow{t.Name, t.Estimate, t.StdError, t.T, t.PValue, t.Effect, t.CILow, t.CIHigh, t.VIF, note}
	}
	return funnel.FrameOf(rows)
}

// ModelAmount is what a deal-size model file adds: how its linear
// predictor becomes the expected amount, E[amount] = exp(x'b) x
// Smearing, and its fit.
type ModelAmount struct {
	Smearing     float64 `json:"smearing"` // 1 for the Gamma
	Dispersion   float64 `json:"dispersion"`
	MeanAmount   float64 `json:"mean_amount"`
	Deviance     float64 `json:"deviance"`
	NullDeviance float64 `json:"null_deviance"`
	AIC          float64 `json:"aic"`
}

// amountFile returns the model file of a deal-size model: the family,
// the terms (no points), and ModelAmount.
func (m *Model) amountFile() *ModelFile {
	cfg := m.Config.Features
	reg := m.Amount
	mf := &ModelFile{
		Schema:   ModelSchema,
		Version:  ModelVersion,
		Family:   reg.Family.String(),
		Target:   ModelTarget{Column: cfg.Target},
		Features: m.modelFeatures(),
		Scaling:  ModelScaling{PointsScale: DefaultPointsStep},
		Amount: &ModelAmount{Smearing: reg.Smearing, Dispersion: finite(reg.Dispersion), MeanAmount: reg.MeanAmount,
			Deviance: reg.Deviance, NullDeviance: reg.NullDeviance, AIC: reg.AIC},
		Training: ModelTraining{
			Rows: reg.Rows, RowsDropped: m.Features.RowsDropped, AsOf: funnel.FormatTime(m.Features.AsOf, false),
			Penalty: PenaltyNone.String(), Iterations: reg.Iterations, Converged: reg.Converged, LogLikelihood: reg.LogLikelihood,
		},
		Fingerprint: fingerprint(m.Features.Design, m.Features.Y),
	}
	for _, t := range reg.Terms {
		mf.Terms = append(mf.Terms, modelTerm(t.Name, t.Status, t.Estimate, t.StdError))
	}
	return mf
}

// IsAmount reports whether the file is a deal-size model.
func (mf *ModelFile) IsAmount() bool {
	return mf.Family == FamilyGamma.String() || mf.Family == FamilyLogNormal.String()
}

// checkFamily verifies a model file's family and what it needs.
func (mf *ModelFile) checkFamily() error {
	fam, err := ParseFamily(mf.Family)
	if err != nil {
		return err
	}
	switch {
	case fam.Amount() && mf.Amount == nil:
		return fmt.Errorf("a %s model needs its amount section", fam)
	case fam.Amount() && !(mf.Amount.Smearing > 0 && !math.IsInf(mf.Amount.Smearing, 0)):
		return fmt.Errorf("amount: smearing %v is not a positive number", mf.Amount.Smearing)
	case !fam.Amount() && mf.Amount != nil:
		return fmt.Errorf("a %s model has no amount section", fam)
	}
	return nil
}
