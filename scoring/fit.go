package scoring

import (
	"fmt"
	"math"
	"sync"

	"github.com/funnel-analytics/funnel/funnel"
	"gonum.org/v1/gonum/stat"
)

// DefaultBins is the number of groups of the calibration and lift tables.
const DefaultBins = 10

// Config is everything `funnel fit` decides: how leads become terms, how
// the regression is fitted, and how it is validated and turned into an
// MQL threshold.
type Config struct {
	Features FeatureConfig
	Logistic LogisticOptions
	// CVFolds > 1 runs stratified cross-validation with Seed.
	CVFolds int
	Seed    uint64
	// Capacity is how many leads a month sales can take: the MQL threshold
	// is then the lowest score that passes at most that many training
	// leads per month (created_at gives the months). 0 = the max-F1 cut-off.
	Capacity float64
	Bins     int // calibration and lift groups; 0 = DefaultBins
	// PointsStep is the step of the points per unit of each term (1, 0.5,
	// 0.1; see PointScale); 0 = DefaultPointsStep.
	PointsStep float64
}

// Model is a fitted lead-score model with its diagnostics.
type Model struct {
	Config     Config
	Features   *Features
	Regression *Regression // nil for a deal-size model
	// Amount is the regression of a deal-size model (Config.Features.Family
	// gamma or lognormal), nil for a win model; such a model has none of
	// the fields below but Warnings.
	Amount *AmountRegression
	Scale  *PointScale
	Scores []float64 // training scores, one per design row
	// Threshold is the recommended MQL cut-off on the score scale, chosen
	// by ThresholdRule: "max_f1" or "capacity".
	Threshold     Threshold
	ThresholdRule string
	// GradeCuts are the training-score quartiles: grade A at or above
	// GradeCuts[0] (75th percentile), B at or above [1], C at or above
	// [2], D below.
	GradeCuts   [3]float64
	CV          *CrossValidation // nil without --cv
	Calibration []CalibrationBin
	Lift        []LiftBin
	Thresholds  []Threshold // at scores 0, 5, ..., 100
	Signals     []Signal
	// Training metrics of the fitted probabilities.
	AUC, LogLoss, Brier float64
	Warnings            []string
}

// Fit builds the features of ds, fits the logistic regression and derives
// points, the MQL threshold, grades and the validation tables; or, for a
// deal-size family (Config.Features.Family), fits AmountFit.
func Fit(ds *funnel.Dataset, cfg Config) (*Model, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	f, err := BuildFeatures(ds, cfg.Features)
	if err != nil {
		return nil, err
	}
	if err := checkRows(ds, cfg.Features, f); err != nil {
		return nil, err
	}
	return fitFeatures(f, cfg, ds.Leads)
}

// withDefaults checks cfg and fills in the defaults of its zero fields.
func (cfg Config) withDefaults() (Config, error) {
	if err := cfg.checkFamily(); err != nil {
		return cfg, err
	}
	if cfg.Bins == 0 {
		cfg.Bins = DefaultBins
	}
	if cfg.PointsStep == 0 {
		cfg.PointsStep = DefaultPointsStep
	}
	if err := CheckPointsStep(cfg.PointsStep); err != nil {
		return cfg, fmt.Errorf("scoring: %w", err)
	}
	if cfg.Logistic.Rows != nil {
		panic("scoring: Fit takes every built row; Config.Logistic.Rows must be nil")
	}
	return cfg, nil
}

// fitFeatures is Fit once the features are built and checked; leads (the
// leads table, nil for features computed elsewhere) serves --capacity.
func fitFeatures(f *Features, cfg Config, leads *funnel.Table) (*Model, error) {
	m := &Model{Config: cfg, Features: f}
	m.Warnings = append(m.Warnings, f.Warnings...)
	if cfg.Features.Family.Amount() {
		return m, m.fitAmount()
	}
	reg, err := Logistic(f.Design, f.Y, cfg.Logistic)
	if err != nil {
		return nil, err
	}
	m.Regression = reg
	m.Warnings = append(m.Warnings, reg.Warnings...)
	// The univariate signals come from the column statistics the
	// regression computed. The metrics of the probabilities (one ranking
	// by probability) run on a goroutine beside the points and the tables
	// of the scores (one ranking by score).
	y := f.Y
	m.Signals = signalsOf(f.Design.Names, reg.stats)
	sortRows := func(v []float64, desc bool) []int {
		if d := f.Design; d.Of != nil { // v is equal within each distinct row
			return orderGrouped(v, d.Of, d.distinct(), desc)
		}
		return order(v, desc)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		byProb := sortRows(reg.Fitted, false)
		m.AUC, m.LogLoss, m.Brier = aucOrdered(reg.Fitted, y, byProb), LogLoss(reg.Fitted, y), Brier(reg.Fitted, y)
		m.Calibration = calibrationOrdered(reg.Fitted, y, byProb, cfg.Bins)
	})
	scale, scores, warnings := ScalePointsStep(f.Design, nil, reg, cfg.PointsStep)
	m.Scale, m.Scores = scale, scores
	m.Warnings = append(m.Warnings, warnings...)
	byScore := sortRows(scores, true)
	ranked := rankOrdered(scores, y, byScore)
	m.Lift = liftOrdered(scores, y, byScore, cfg.Bins)
	var cuts []float64
	for c := 0; c <= 100; c += 5 {
		cuts = append(cuts, float64(c))
	}
	m.Thresholds = ranked.thresholds(cuts)
	wg.Wait()
	sorted := make([]float64, len(scores)) // ascending, from the ranking
	for k, i := range byScore {
		sorted[len(scores)-1-k] = scores[i]
	}
	for k, p := range []float64{0.75, 0.5, 0.25} {
		m.GradeCuts[k] = stat.Quantile(p, stat.Empirical, sorted, nil)
	}
	if cfg.Capacity > 0 {
		if leads == nil {
			return nil, fmt.Errorf("scoring: --capacity needs the leads' created_at, which features computed elsewhere do not hold")
		}
		t, warnings, err := capacityThreshold(leads, f.LeadRows, cfg.Capacity, ranked)
		if err != nil {
			return nil, err
		}
		m.Threshold, m.ThresholdRule = t, "capacity"
		m.Warnings = append(m.Warnings, warnings...)
	} else {
		m.Threshold, m.ThresholdRule = ranked.bestF1(), "max_f1"
	}
	if cfg.CVFolds > 0 {
		cv, err := CrossValidate(f.Design, y, cfg.CVFolds, cfg.Seed, cfg.Logistic)
		if err != nil {
			return nil, err
		}
		m.CV = cv
	}
	return m, nil
}

// trainingMonths returns the span of the training leads' created_at in
// months of 30.4375 days (at least one month).
func trainingMonths(leads *funnel.Table, rows []int32) (float64, error) {
	c := leads.Role(funnel.RoleCreatedAt)
	if c == nil || c.Kind != funnel.KindTime {
		return 0, fmt.Errorf("scoring: --capacity needs the leads' created_at to know how many months the training leads span")
	}
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	for _, i := range rows {
		if t := c.Times[i]; t != funnel.NoTime {
			lo, hi = min(lo, t), max(hi, t)
		}
	}
	if lo > hi {
		return 0, fmt.Errorf("scoring: --capacity needs created_at dates, and %s has none", leads.Source)
	}
	return math.Max(funnel.Days(lo, hi)/30.4375, 1), nil
}

// Grade returns A, B, C or D for a score by the training quartiles.
func (m *Model) Grade(score float64) string { return gradeOf(m.GradeCuts, score) }

func gradeOf(cuts [3]float64, score float64) string {
	switch {
	case score >= cuts[0]:
		return "A"
	case score >= cuts[1]:
		return "B"
	case score >= cuts[2]:
		return "C"
	}
	return "D"
}
