package scoring

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"
)

// Errors of a fit that the data, not the caller, caused.
var (
	ErrNoRows      = errors.New("scoring: no rows to fit")
	ErrNoPositives = errors.New("scoring: the target has no positive rows, so there is nothing to learn from")
	ErrNoNegatives = errors.New("scoring: the target has no negative rows, so there is nothing to learn from")
)

// DefaultVIFLimit is the variance inflation factor above which a fit warns
// that terms measure nearly the same thing.
const DefaultVIFLimit = 10

// LogisticOptions controls Logistic. The zero value fits by maximum
// likelihood with the default controls.
type LogisticOptions struct {
	Penalty  Penalty // zero means PenaltyNone
	Lambda   float64 // strength of the l1 or l2 penalty (see Penalty); must be > 0 for them
	MaxIter  int     // iteration limit; 0 means DefaultMaxIter
	Epsilon  float64 // convergence tolerance; 0 means DefaultEpsilon
	VIFLimit float64 // warn above this VIF; 0 means DefaultVIFLimit, negative disables

	// Rows restricts the fit to these design rows (cross-validation
	// folds); nil fits every row.
	Rows []int32

	// rowByRow fits without merging identical rows (see grouped); tests
	// set it to compare both ways.
	rowByRow bool
}

// TermStatus says whether a term was estimated or dropped.
type TermStatus int

// Term statuses.
const (
	TermEstimated TermStatus = iota + 1
	TermConstant             // dropped: the term takes one value in every row
	TermAliased              // dropped: an exact linear combination of earlier terms (NA in R's glm)
)

// String returns estimated, constant or aliased.
func (s TermStatus) String() string {
	switch s {
	case TermEstimated:
		return "estimated"
	case TermConstant:
		return "constant"
	case TermAliased:
		return "aliased"
	}
	return fmt.Sprintf("TermStatus(%d)", int(s))
}

// Term is one coefficient of a fit with its Wald statistics:
//
//	z = estimate / std_error,  p_value = 2 Φ(-|z|),
//	odds_ratio = exp(estimate),  ci = exp(estimate ± Φ^-1(0.975) std_error).
//
// Dropped terms have NaN statistics and contribute 0 to predictions. A
// separated term keeps only its Estimate (where the iterations stopped):
// its other statistics are NaN, and so is any statistic that would not be
// finite. Fits with the l1 penalty have no standard errors (NaN). With the l2 penalty
// the standard errors are from the inverse of the penalized information
// X'WX + nλD; with Firth's, from (X'WX)^-1 at the estimate, as logistf.
type Term struct {
	Name      string
	Status    TermStatus
	Estimate  float64
	StdError  float64
	Z         float64
	PValue    float64
	OddsRatio float64
	CILow     float64 // 95% Wald interval, odds-ratio scale
	CIHigh    float64
	// VIF is the term's variance inflation factor among the estimated
	// terms (NaN for the intercept and dropped terms).
	VIF float64
	// Separated is +1 or -1 when the term takes part in a separation of
	// the classes (penalty none): its maximum-likelihood estimate is
	// +Inf or -Inf and Estimate only holds where the iterations stopped.
	// The intercept is marked too when it diverges along with the terms
	// (complete separation), not when it stays finite (a level whose rows
	// are all positive).
	Separated int
}

// Regression is a fitted logistic regression.
type Regression struct {
	Terms      []Term // one per design column, in design order (intercept first)
	Penalty    Penalty
	Lambda     float64
	Rows       int // rows used
	Positives  int // rows with target 1
	Iterations int
	Converged  bool
	// LogLikelihood is the unpenalized ℓ(β̂) = Σ y log μ + (1-y) log(1-μ);
	// PenalizedLogLikelihood is the maximized objective (see Penalty).
	LogLikelihood          float64
	PenalizedLogLikelihood float64
	NullLogLikelihood      float64 // intercept-only model
	Deviance               float64 // -2 LogLikelihood
	NullDeviance           float64 // -2 NullLogLikelihood
	// DF is the number of parameters counted by AIC and BIC: the estimated
	// terms, the intercept included (for l1, those not zero).
	DF         int
	AIC        float64 // -2ℓ + 2 DF
	BIC        float64 // -2ℓ + DF log(Rows)
	McFaddenR2 float64 // 1 - ℓ / ℓ_null
	// Fitted holds the training probabilities, one per used row, in the
	// order of the design (or of LogisticOptions.Rows).
	Fitted   []float64
	Warnings []string

	stats []classStats // of every design column over the used rows (Fit's signals)
}

// Coefficients returns the estimate of every design column (0 for dropped
// terms), for use with the design's rows.
func (r *Regression) Coefficients() []float64 {
	b := make([]float64, len(r.Terms))
	for j, t := range r.Terms {
		if t.Status == TermEstimated {
			b[j] = t.Estimate
		}
	}
	return b
}

// LinearPredictor returns x'β for a design row x (intercept first).
func (r *Regression) LinearPredictor(x []float64) float64 {
	if len(x) != len(r.Terms) {
		panic("scoring: row length differs from the model's terms")
	}
	s := 0.0
	for j, t := range r.Terms {
		if t.Status == TermEstimated {
			s += t.Estimate * x[j]
		}
	}
	return s
}

// Probability returns 1 / (1 + exp(-x'β)) for a design row x.
func (r *Regression) Probability(x []float64) float64 {
	mu, _, _ := logistic(r.LinearPredictor(x), 0)
	return mu
}

// Predict returns the probability of every row of d, whose terms must be
// the model's.
func (r *Regression) Predict(d *Design) []float64 {
	out := make([]float64, d.Rows)
	for i := range out {
		out[i] = r.Probability(d.Row(i))
	}
	return out
}

// Logistic fits a logistic regression of y (0 or 1 per design row) on the
// terms of d.
//
// Before fitting it drops constant terms and aliased terms (in column
// order, a term within relative distance AliasTolerance of the span of the
// terms kept before it, the rule of R's glm, which reports them as NA) and
// warns about each, and warns about terms whose VIF exceeds the limit. It
// fits by the Newton/IRLS iteration for the chosen penalty, each iteration
// one streamed pass over the rows. Without a penalty it then checks for
// separation (each term alone, and the direction in which a diverging fit
// moves) and marks and names the separated terms, with the remedy.
//
// It returns ErrNoPositives or ErrNoNegatives when y has a single class,
// and an error naming the term and row of a value that is not finite. It
// panics when len(y) != d.Rows or y holds a value other than 0 and 1.
func Logistic(d *Design, y []float64, opts LogisticOptions) (*Regression, error) {
	if len(y) != d.Rows {
		panic(fmt.Sprintf("scoring: %d target values for %d design rows", len(y), d.Rows))
	}
	if err := d.check(); err != nil {
		return nil, err
	}
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	pr := newProblem(d, y, opts.Rows)
	if pr.n == 0 {
		return nil, ErrNoRows
	}
	positives := pr.positives()
	switch positives {
	case 0:
		return nil, ErrNoPositives
	case pr.n:
		return nil, ErrNoNegatives
	}
	reg := &Regression{Penalty: opts.Penalty, Lambda: opts.Lambda, Rows: pr.n, Positives: positives}
	p := d.Cols()
	reg.Terms = make([]Term, p)
	for j := range reg.Terms {
		reg.Terms[j] = Term{Name: d.Names[j], Status: TermEstimated, VIF: math.NaN()}
	}

	// Identical rows are merged (the binomial form of the same likelihood)
	// for every pass below; the fitted values are given per row again.
	gp, of := pr, []int32(nil)
	if !opts.rowByRow {
		gp, of = pr.grouped()
	}
	stats := gp.columnStats()
	cols := reg.dropConstant(d.Names, stats)
	model := reg.dropAliased(gp, d.Names, cols, opts.VIFLimit)

	pm := gp.withCols(model)
	st := pm.solve(opts, pr.n)
	reg.Iterations, reg.Converged = st.iterations, st.converged
	reg.warnFit(pm, d.Names, stats, st, model)
	reg.setTerms(st, model, stats)
	reg.setSummaries(st)
	reg.Fitted, reg.stats = pm.fitted(st.beta, of, pr.n), stats
	return reg, nil
}

// positives returns the number of used rows with target 1; it panics on
// a target other than 0 and 1.
func (pr *problem) positives() int {
	positives := 0
	for k := 0; k < pr.n; k++ {
		switch pr.y[pr.row(k)] {
		case 1:
			positives++
		case 0:
		default:
			panic(fmt.Sprintf("scoring: target value %v in row %d is not 0 or 1", pr.y[pr.row(k)], pr.row(k)+1))
		}
	}
	return positives
}

// dropConstant marks the terms that take one value in every row (stats,
// per design column) TermConstant and warns about them; it returns the
// other design columns, the intercept first.
func (r *Regression) dropConstant(names []string, stats []classStats) []int {
	cols := []int{0}
	var constants []string
	for j := 1; j < len(r.Terms); j++ {
		if stats[j].constant() {
			r.Terms[j].Status = TermConstant
			constants = append(constants, fmt.Sprintf("%q (%g in every row)", names[j], math.Min(stats[j].min[0], stats[j].min[1])))
			continue
		}
		cols = append(cols, j)
	}
	if len(constants) > 0 {
		r.warnf("constant terms dropped: %s", strings.Join(constants, ", "))
	}
	return cols
}

// dropAliased marks the columns cols of gp that are aliased (see
// Logistic) TermAliased and warns about them, warns when more columns
// vary than there are rows, sets the VIF of the terms kept and warns
// about those above vifLimit (when > 0). It returns the design columns
// of the model: cols without the aliased ones.
func (r *Regression) dropAliased(gp *problem, names []string, cols []int, vifLimit float64) []int {
	factor := gp.withCols(cols).qrFactor()
	q := len(cols)
	aliased := aliasedColumns(factor, q, AliasTolerance)
	var keptPos, model []int
	var aliasedNames []string
	for m, c := range cols {
		if aliased[m] {
			if c == 0 {
				panic("scoring: intercept aliased")
			}
			r.Terms[c].Status = TermAliased
			aliasedNames = append(aliasedNames, fmt.Sprintf("%q", names[c]))
			continue
		}
		keptPos = append(keptPos, m)
		model = append(model, c)
	}
	if len(aliasedNames) > 0 {
		r.warnf("aliased terms dropped (each is an exact linear combination of the terms before it; R's glm reports NA for them): %s", strings.Join(aliasedNames, ", "))
	}
	r.warnMoreTermsThanRows(len(cols), r.Rows)
	vif := varianceInflation(factor, q, keptPos)
	var high []int
	for m, c := range cols {
		if !math.IsNaN(vif[m]) {
			r.Terms[c].VIF = vif[m]
			if vifLimit > 0 && vif[m] > vifLimit {
				high = append(high, c)
			}
		}
	}
	if len(high) > 0 {
		sort.SliceStable(high, func(a, b int) bool { return r.Terms[high[a]].VIF > r.Terms[high[b]].VIF })
		var parts []string
		for _, c := range high {
			parts = append(parts, fmt.Sprintf("%q (VIF %.1f)", names[c], r.Terms[c].VIF))
		}
		r.warnf("terms with a variance inflation factor above %g measure nearly the same thing (do not count one behaviour twice; consider keeping one): %s", vifLimit, strings.Join(parts, ", "))
	}
	return model
}

// solve fits the model by the iteration of opts.Penalty; the l1 and l2
// penalties weigh opts.Lambda times n, the rows used.
func (pr *problem) solve(opts LogisticOptions, n int) *fitState {
	lambdaN := opts.Lambda * float64(n)
	var st *fitState
	switch opts.Penalty {
	case PenaltyNone:
		st = pr.newton(0, opts.MaxIter, opts.Epsilon)
	case PenaltyL2:
		st = pr.newton(lambdaN, opts.MaxIter, opts.Epsilon)
	case PenaltyL1:
		st = pr.lasso(lambdaN, opts.MaxIter, opts.Epsilon)
	case PenaltyFirth:
		st = pr.firth(opts.MaxIter, opts.Epsilon)
	}
	return st
}

// warnFit marks and names the separated terms of a fit without a penalty
// (model: the design columns of pm), and warns when the fit st became
// singular, halted or did not converge.
func (r *Regression) warnFit(pm *problem, names []string, stats []classStats, st *fitState, model []int) {
	if r.Penalty == PenaltyNone {
		sep := pm.detectSeparation(names, stats, st)
		for m, sign := range sep.sign {
			r.Terms[model[m]].Separated = sign
		}
		r.Warnings = append(r.Warnings, sep.messages...)
	}
	switch {
	case st.singular && hasSeparation(r.Terms):
		r.warnf("the information matrix became singular after %d iterations (the separation above), so standard errors are not available", st.iterations)
	case st.singular:
		r.warnf("the information matrix is singular after %d iterations (nearly collinear terms?), so standard errors are not available", st.iterations)
	case st.halted:
		r.warnf("the fit stopped after %d iterations: no step improved the likelihood", st.iterations)
	case !st.converged:
		r.warnf("the fit did not converge in %d iterations", st.iterations)
	}
}

// setTerms sets the estimates of the model's terms (model: their design
// columns) from st and their Wald statistics (see Term), NaN for dropped
// terms, and DF; then settles the statistics that are not finite.
func (r *Regression) setTerms(st *fitState, model []int, stats []classStats) {
	z975 := distuv.UnitNormal.Quantile(0.975)
	nan := math.NaN()
	for j := range r.Terms {
		t := &r.Terms[j]
		if t.Status != TermEstimated {
			t.Estimate, t.StdError, t.Z, t.PValue, t.OddsRatio, t.CILow, t.CIHigh = nan, nan, nan, nan, nan, nan, nan
		}
	}
	qm := len(model)
	r.DF = 0
	for m, c := range model {
		t := &r.Terms[c]
		t.Estimate = st.beta[m]
		t.OddsRatio = math.Exp(t.Estimate)
		t.StdError, t.Z, t.PValue, t.CILow, t.CIHigh = nan, nan, nan, nan, nan
		if r.Penalty != PenaltyL1 && st.cov != nil {
			t.StdError = math.Sqrt(st.cov[m*qm+m])
			t.Z = t.Estimate / t.StdError
			t.PValue = 2 * distuv.UnitNormal.CDF(-math.Abs(t.Z))
			t.CILow = math.Exp(t.Estimate - z975*t.StdError)
			t.CIHigh = math.Exp(t.Estimate + z975*t.StdError)
		}
		if r.Penalty != PenaltyL1 || t.Estimate != 0 || c == 0 {
			r.DF++
		}
	}
	r.settleStatistics(func(j int) float64 { return stats[j].lo() }, func(j int) float64 { return stats[j].hi() })
}

// setSummaries sets the fit's likelihoods, deviances, AIC, BIC and
// McFadden's R² from st, Rows, Positives and DF.
func (r *Regression) setSummaries(st *fitState) {
	n := float64(r.Rows)
	positives := r.Positives
	ybar := float64(positives) / n
	r.LogLikelihood = st.loglik
	r.PenalizedLogLikelihood = st.objective
	r.NullLogLikelihood = float64(positives)*math.Log(ybar) + (n-float64(positives))*math.Log(1-ybar)
	r.Deviance = -2 * r.LogLikelihood
	r.NullDeviance = -2 * r.NullLogLikelihood
	r.AIC = r.Deviance + 2*float64(r.DF)
	r.BIC = r.Deviance + float64(r.DF)*math.Log(n)
	r.McFaddenR2 = 1 - r.LogLikelihood/r.NullLogLikelihood
}

// fitted returns the probabilities at beta of the rows of pr, or, when
// pr's rows are the groups of identical rows (of maps each of the n rows
// used to its group, see grouped), of each of the n rows.
func (pr *problem) fitted(beta []float64, of []int32, n int) []float64 {
	fitted := make([]float64, pr.n)
	pr.forChunks(func(_, _, lo, hi int) {
		for k := lo; k < hi; k++ {
			fitted[k], _, _ = logistic(pr.eta(pr.row(k), beta), 0)
		}
	})
	if of == nil {
		return fitted
	}
	out := make([]float64, n)
	for k, g := range of {
		out[k] = fitted[g]
	}
	return out
}

// withDefaults fills zero options and validates the rest.
func (o LogisticOptions) withDefaults() (LogisticOptions, error) {
	if o.Penalty == 0 {
		o.Penalty = PenaltyNone
	}
	if o.MaxIter == 0 {
		o.MaxIter = DefaultMaxIter
	}
	if o.Epsilon == 0 {
		o.Epsilon = DefaultEpsilon
	}
	if o.VIFLimit == 0 {
		o.VIFLimit = DefaultVIFLimit
	}
	switch o.Penalty {
	case PenaltyNone, PenaltyFirth:
		if o.Lambda != 0 {
			return o, fmt.Errorf("scoring: --lambda applies to the l1 and l2 penalties, not %s", o.Penalty)
		}
	case PenaltyL1, PenaltyL2:
		if !(o.Lambda > 0) || math.IsInf(o.Lambda, 0) {
			return o, fmt.Errorf("scoring: the %s penalty needs --lambda > 0 (got %g)", o.Penalty, o.Lambda)
		}
	default:
		panic(fmt.Sprintf("scoring: unknown penalty %d", int(o.Penalty)))
	}
	if o.MaxIter < 0 || !(o.Epsilon > 0) {
		panic("scoring: MaxIter and Epsilon must be positive")
	}
	return o, nil
}

// hasSeparation reports whether any term is marked separated.
func hasSeparation(terms []Term) bool {
	for _, t := range terms {
		if t.Separated != 0 {
			return true
		}
	}
	return false
}

func (r *Regression) warnf(format string, args ...any) {
	r.Warnings = append(r.Warnings, fmt.Sprintf(format, args...))
}
