// Deal size: the regressions of a positive amount (an opportunity's
// amount) on the same terms as the win model, by a Gamma GLM with log link
// or by least squares on the log of the amount (log-normal).

package scoring

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Family is the distribution a fit assumes for its target: binomial (a
// 0/1 outcome: Logistic) or one of the deal-size families of AmountFit.
type Family int

// Families.
const (
	FamilyBinomial  Family = iota + 1 // 0/1 target, logit link (Logistic)
	FamilyGamma                       // positive amount, Gamma GLM with log link
	FamilyLogNormal                   // positive amount, least squares on log(amount)
)

// String returns binomial, gamma or lognormal.
func (f Family) String() string {
	switch f {
	case FamilyBinomial:
		return "binomial"
	case FamilyGamma:
		return "gamma"
	case FamilyLogNormal:
		return "lognormal"
	}
	return fmt.Sprintf("Family(%d)", int(f))
}

// Amount reports whether the family models an amount (gamma, lognormal).
func (f Family) Amount() bool { return f == FamilyGamma || f == FamilyLogNormal }

// ParseFamily reads a family name: binomial (or logistic, or ""), gamma,
// lognormal (or log-normal).
func ParseFamily(s string) (Family, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "binomial", "logistic":
		return FamilyBinomial, nil
	case "gamma":
		return FamilyGamma, nil
	case "lognormal", "log-normal":
		return FamilyLogNormal, nil
	}
	return 0, fmt.Errorf("unknown family %q (use binomial, gamma or lognormal)", s)
}

// AmountOptions controls AmountFit. The zero value uses the defaults.
type AmountOptions struct {
	MaxIter  int     // iteration limit of the Gamma fit; 0 means DefaultMaxIter
	Epsilon  float64 // convergence tolerance; 0 means DefaultEpsilon
	VIFLimit float64 // warn above this VIF; 0 means DefaultVIFLimit, negative disables
}

// AmountTerm is one coefficient of a deal-size fit with its t statistics
// on the residual degrees of freedom df (as R's summary.glm and
// summary.lm):
//
//	t = estimate / std_error,  p_value = 2 P(T_df > |t|),
//	effect = exp(estimate),  ci = exp(estimate ± t_{df,0.975} std_error).
//
// Effect is the factor by which one more unit of the term multiplies the
// expected amount (1.25: 25% larger deals). Dropped terms have NaN
// statistics and contribute 0 to predictions.
type AmountTerm struct {
	Name     string
	Status   TermStatus
	Estimate float64
	StdError float64
	T        float64
	PValue   float64
	Effect   float64
	CILow    float64 // 95% interval of Effect
	CIHigh   float64
	VIF      float64 // as Term.VIF
}

// AmountRegression is a fitted deal-size regression. With n rows, q
// estimated terms (the intercept included), μ_i the fitted amount and
// df = n - q:
//
// Gamma (R's glm(amount ~ ., family = Gamma(link = "log"))): log μ = x'β,
// fitted by IRLS, whose working weights are all 1 for this family and link
// (dμ/dη = μ, V(μ) = μ²): each iteration is the least-squares step
// β ← β + (X'X)^-1 X'r, r_i = (y_i - μ_i)/μ_i, started, as R starts from
// μ = y, at the least-squares fit of log y. Then
//
//	deviance   = 2 Σ (-log(y_i/μ_i) + (y_i - μ_i)/μ_i)
//	null       = the same at μ_i = mean(y)
//	dispersion = Σ r_i² / df                        (Pearson, as summary.glm)
//	std_error  = sqrt(dispersion [(X'X)^-1]_jj)
//	AIC        = -2 Σ log f(y_i; shape 1/φ, scale μ_i φ) + 2 (q + 1),  φ = deviance / n
//	loglik     = q + 1 - AIC/2                      (as R's logLik)
//	E[amount]  = μ = exp(x'β)
//
// Log-normal (R's lm(log(amount) ~ .)): log y = x'β + ε by least squares,
// e_i the residuals, RSS = Σ e_i²:
//
//	deviance   = RSS,  null = Σ (log y_i - mean log y)²
//	dispersion = σ² = RSS / df
//	loglik     = -n/2 (log(2π RSS/n) + 1),  AIC = -2 loglik + 2 (q + 1)
//	E[amount]  = exp(x'β) × smearing,  smearing = mean(exp(e_i))  (Duan)
//
// The log-normal's AIC is on the scale of log(amount); AICAmountScale
// adds the Jacobian 2 Σ log y_i, which puts it on the scale of the
// amount, where it compares with the Gamma's AIC on the same rows.
type AmountRegression struct {
	Family         Family
	Terms          []AmountTerm // one per design column, in design order
	Rows           int
	DFResidual     int
	Iterations     int // 1 for the log-normal
	Converged      bool
	Dispersion     float64
	Deviance       float64
	NullDeviance   float64
	LogLikelihood  float64
	AIC            float64
	AICAmountScale float64
	Smearing       float64 // log-normal: Duan's factor; Gamma: 1
	MeanAmount     float64 // mean of the target
	// Fitted holds the expected amount of every row, in design order.
	Fitted   []float64
	Warnings []string
}

// Coefficients returns the estimate of every design column (0 for dropped
// terms).
func (r *AmountRegression) Coefficients() []float64 {
	b := make([]float64, len(r.Terms))
	for j, t := range r.Terms {
		if t.Status == TermEstimated {
			b[j] = t.Estimate
		}
	}
	return b
}

// AmountFit fits a deal-size regression (family FamilyGamma or
// FamilyLogNormal) of the positive amounts y (one per design row) on the
// terms of d. Constant and aliased terms are dropped, and high VIFs
// warned about, by the rules of Logistic. It panics when len(y) !=
// d.Rows, on an amount that is not positive and finite (callers leave
// such rows out), or on another family.
func AmountFit(d *Design, y []float64, family Family, opts AmountOptions) (*AmountRegression, error) {
	if len(y) != d.Rows {
		panic(fmt.Sprintf("scoring: %d amounts for %d design rows", len(y), d.Rows))
	}
	if !family.Amount() {
		panic(fmt.Sprintf("scoring: AmountFit of family %s", family))
	}
	if err := d.check(); err != nil {
		return nil, err
	}
	if d.Rows == 0 {
		return nil, ErrNoRows
	}
	lo := LogisticOptions{MaxIter: opts.MaxIter, Epsilon: opts.Epsilon, VIFLimit: opts.VIFLimit}
	lo, _ = lo.withDefaults()
	ly := make([]float64, len(y))
	sumY, sumLY := 0.0, 0.0
	for i, v := range y {
		if !(v > 0) || math.IsInf(v, 0) {
			panic(fmt.Sprintf("scoring: amount %v in row %d is not positive", v, i+1))
		}
		ly[i] = math.Log(v)
		sumY += v
		sumLY += ly[i]
	}
	pr := newProblem(d, y, nil)
	n := float64(pr.n)

	// Terms dropped and VIFs by the rules (and the code) of Logistic.
	reg := &Regression{Penalty: PenaltyNone, Rows: pr.n, Terms: make([]Term, d.Cols())}
	for j := range reg.Terms {
		reg.Terms[j] = Term{Name: d.Names[j], Status: TermEstimated, VIF: math.NaN()}
	}
	cols := reg.dropConstant(d.Names, pr.columnStats())
	model := reg.dropAliased(pr, d.Names, cols, lo.VIFLimit)
	pm := pr.withCols(model)

	ar := &AmountRegression{Family: family, Rows: pr.n, DFResidual: pr.n - len(model), Smearing: 1, MeanAmount: sumY / n}
	ar.Warnings = append(ar.Warnings, reg.Warnings...)
	st, err := pm.amountSolve(family, ly, lo.MaxIter, lo.Epsilon)
	if err != nil {
		return nil, err
	}
	ar.Iterations, ar.Converged = st.iterations, st.converged
	if !st.converged {
		ar.Warnings = append(ar.Warnings, fmt.Sprintf("the fit did not converge in %d iterations", st.iterations))
	}
	ar.Deviance = st.dev
	ar.Dispersion = st.pearson / float64(ar.DFResidual)
	if ar.DFResidual <= 0 {
		ar.Dispersion = math.NaN()
	}
	ar.setTerms(reg.Terms, st, model)
	ar.setFitted(pm, st.beta, ly, sumLY)
	ar.setSummaries(sumY, sumLY, ly, len(model))
	return ar, nil
}

// amountState is the outcome of amountSolve.
type amountState struct {
	beta         []float64
	cov          []float64 // (X'X)^-1, q x q
	dev, pearson float64
	iterations   int
	converged    bool
}

// amountStepTolerance is the Gamma fit's second convergence rule: every
// coefficient moved by at most this many of its unscaled standard errors,
// sqrt([(X'X)^-1]_jj), in the last step. IRLS with the log link converges
// linearly, and the deviance rule alone stops while the smaller
// coefficients still move in their sixth digit.
const amountStepTolerance = 1e-10

// amountSolve fits the model's columns of pr to the amounts: the
// least-squares fit of ly = log y (refined once), which is the log-normal
// fit and the Gamma fit's start, and then for the Gamma the IRLS steps
// (see AmountRegression), a step that does not lower the deviance halved,
// until the deviance rule of Logistic (eps) and amountStepTolerance both hold.
func (pr *problem) amountSolve(family Family, ly []float64, maxIter int, eps float64) (*amountState, error) {
	q := len(pr.cols)
	rf := pr.qrFactor()
	info := make([]float64, q*q) // X'X = R'R
	for i := 0; i < q; i++ {
		for j := 0; j < q; j++ {
			s := 0.0
			for k := 0; k <= min(i, j); k++ {
				s += rf[k*q+i] * rf[k*q+j]
			}
			info[i*q+j] = s
		}
	}
	var chol mat.Cholesky
	if !chol.Factorize(symDense(q, info)) {
		return nil, fmt.Errorf("scoring: the terms are collinear: X'X is singular")
	}
	step := mat.NewVecDense(q, nil)
	solve := func(g []float64) []float64 {
		if err := chol.SolveVecTo(step, mat.NewVecDense(q, g)); err != nil && !isCondition(err) {
			panic("scoring: solving X'X after its factorization: " + err.Error())
		}
		return append([]float64(nil), step.RawVector().Data...)
	}
	st := &amountState{beta: make([]float64, q), cov: covariance(q, info), iterations: 1, converged: true}
	if st.cov == nil {
		return nil, fmt.Errorf("scoring: the terms are collinear: X'X is singular")
	}
	// Least squares on log y, with one step of iterative refinement.
	for range 2 {
		g, _, _ := pr.amountSweep(st.beta, FamilyLogNormal, ly)
		floatsAdd(st.beta, solve(g))
	}
	g, dev, pearson := pr.amountSweep(st.beta, family, ly)
	if family == FamilyGamma {
		st.iterations, st.converged = 0, false
		for st.iterations < maxIter {
			var ng []float64
			var npearson float64
			next, ndev, ok := halveStep(st.beta, solve(g), dev, eps, func(b []float64) (ndev float64) {
				ng, ndev, npearson = pr.amountSweep(b, family, ly)
				return ndev
			})
			if !ok {
				break
			}
			st.iterations++
			conv := devianceConverged(ndev, dev, eps)
			for j := range next { // and every coefficient settled on its own scale
				conv = conv && math.Abs(next[j]-st.beta[j]) <= amountStepTolerance*math.Sqrt(st.cov[j*q+j])
			}
			st.beta, g, dev, pearson = next, ng, ndev, npearson
			if conv {
				st.converged = true
				break
			}
		}
	}
	st.dev, st.pearson = dev, pearson
	return st, nil
}

// floatsAdd adds b to a.
func floatsAdd(a, b []float64) {
	for j := range a {
		a[j] += b[j]
	}
}

// amountSweep computes in one pass at beta the score X'r and the sums of
// the deviance and Pearson terms: for the Gamma r_i = (y_i - μ_i)/μ_i,
// μ_i = exp(η_i); for the log-normal r_i = log y_i - η_i (deviance and
// Pearson sum both RSS). ly holds log y.
func (pr *problem) amountSweep(beta []float64, family Family, ly []float64) (grad []float64, dev, pearson float64) {
	q := len(pr.cols)
	gamma := family == FamilyGamma
	sum := pr.parallel(2+q, func(_, lo, hi int, out []float64) {
		g := out[2:]
		for k := lo; k < hi; k++ {
			i := pr.row(k)
			x := pr.d.Row(i)
			eta := 0.0
			for j, c := range pr.cols {
				eta += x[c] * beta[j]
			}
			var r float64
			if gamma {
				mu := math.Exp(eta)
				r = (pr.y[i] - mu) / mu
				out[0] += 2 * (r - (ly[i] - eta)) // -log(y/μ) + (y-μ)/μ, doubled
			} else {
				r = ly[i] - eta
				out[0] += r * r
			}
			out[1] += r * r
			for j, c := range pr.cols {
				g[j] += x[c] * r
			}
		}
	})
	return sum[2:], sum[0], sum[1]
}

// setTerms sets the terms from the statuses and VIFs of terms (the
// dropping done for Logistic) and the estimates of st (model: their
// design columns), with their t statistics (see AmountTerm).
func (r *AmountRegression) setTerms(terms []Term, st *amountState, model []int) {
	nan := math.NaN()
	r.Terms = make([]AmountTerm, len(terms))
	for j, t := range terms {
		r.Terms[j] = AmountTerm{Name: t.Name, Status: t.Status, Estimate: nan, StdError: nan, T: nan, PValue: nan, Effect: nan, CILow: nan, CIHigh: nan, VIF: t.VIF}
	}
	df := float64(r.DFResidual)
	var tq float64
	var dist distuv.StudentsT
	if r.DFResidual > 0 {
		dist = distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}
		tq = dist.Quantile(0.975)
	}
	q := len(model)
	for m, c := range model {
		t := &r.Terms[c]
		t.Estimate = st.beta[m]
		t.Effect = math.Exp(t.Estimate)
		if r.DFResidual <= 0 || st.cov == nil {
			continue
		}
		t.StdError = math.Sqrt(r.Dispersion * st.cov[m*q+m])
		t.T = t.Estimate / t.StdError
		t.PValue = 2 * dist.CDF(-math.Abs(t.T))
		t.CILow = math.Exp(t.Estimate - tq*t.StdError)
		t.CIHigh = math.Exp(t.Estimate + tq*t.StdError)
	}
}

// setFitted sets Fitted and, for the log-normal, the smearing factor,
// and for the Gamma the AIC and log-likelihood, from the linear
// predictors at beta (one pass).
func (r *AmountRegression) setFitted(pm *problem, beta, ly []float64, sumLY float64) {
	r.Fitted = make([]float64, pm.n)
	// sums: exp(e_i) (log-normal), η_i and y_i/μ_i (Gamma).
	sum := pm.parallel(3, func(_, lo, hi int, out []float64) {
		for k := lo; k < hi; k++ {
			i := pm.row(k)
			eta := pm.eta(i, beta)
			mu := math.Exp(eta)
			r.Fitted[k] = mu
			out[0] += math.Exp(ly[i] - eta)
			out[1] += eta
			out[2] += pm.y[i] / mu
		}
	})
	n := float64(pm.n)
	q := float64(len(pm.cols))
	if r.Family == FamilyLogNormal {
		r.Smearing = sum[0] / n
		for k := range r.Fitted {
			r.Fitted[k] *= r.Smearing
		}
		return
	}
	// Σ log f(y; k, θ_i) = Σ -lgamma(k) - k log θ_i + (k-1) log y_i - y_i/θ_i,
	// k = 1/φ, θ_i = μ_i φ.
	phi := r.Deviance / n
	k := 1 / phi
	lg, _ := math.Lgamma(k)
	ll := -n*lg - k*(n*math.Log(phi)+sum[1]) + (k-1)*sumLY - sum[2]/phi
	r.AIC = -2*ll + 2 + 2*q
	r.AICAmountScale = r.AIC
	r.LogLikelihood = q + 1 - r.AIC/2
}

// setSummaries sets the null deviance and, for the log-normal, the
// log-likelihood and AICs (q estimated terms).
func (r *AmountRegression) setSummaries(sumY, sumLY float64, ly []float64, q int) {
	n := float64(r.Rows)
	if r.Family == FamilyGamma {
		// 2 Σ (-log(y/ȳ) + (y-ȳ)/ȳ) = 2 (n log ȳ - Σ log y).
		r.NullDeviance = 2 * (n*math.Log(sumY/n) - sumLY)
		return
	}
	mean := sumLY / n
	ss := 0.0
	for _, v := range ly {
		ss += (v - mean) * (v - mean)
	}
	r.NullDeviance = ss
	r.LogLikelihood = -n / 2 * (math.Log(2*math.Pi*r.Deviance/n) + 1)
	r.AIC = -2*r.LogLikelihood + 2*float64(q+1)
	r.AICAmountScale = r.AIC + 2*sumLY
}
