package scoring

import (
	"math"
	"testing"
)

// dealTerms are the terms of the deal-size references over
// testdata/scoring/deals.csv (made by make_deals.R, R 4.2.2).
var dealTerms = []string{"visits", "webinar", "trial", "industry=Finance", "industry=Healthcare", "employees"}

// amountRef is one term of an R reference: estimate, std. error, t, p.
type amountRef struct {
	term            string
	est, se, tv, pv float64
}

func checkRel(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol*math.Abs(want) {
		t.Errorf("%s = %.17g, want %.17g (R; relative tolerance %g)", what, got, want, tol)
	}
}

func checkAmountTerms(t *testing.T, r *AmountRegression, refs []amountRef) {
	t.Helper()
	if len(r.Terms) != len(refs) {
		t.Fatalf("%d terms, want %d", len(r.Terms), len(refs))
	}
	for j, ref := range refs {
		tm := r.Terms[j]
		if tm.Name != ref.term {
			t.Fatalf("term %d is %q, want %q", j, tm.Name, ref.term)
		}
		checkRel(t, tm.Name+" estimate", tm.Estimate, ref.est, 1e-6)
		checkRel(t, tm.Name+" std_error", tm.StdError, ref.se, 1e-6)
		checkRel(t, tm.Name+" t", tm.T, ref.tv, 1e-6)
		checkRel(t, tm.Name+" p_value", tm.PValue, ref.pv, 1e-6)
		checkRel(t, tm.Name+" effect", tm.Effect, math.Exp(ref.est), 1e-6)
	}
}

// TestAmountFitGammaMatchesR checks the Gamma fit against
//
//	g <- glm(amount ~ visits + webinar + trial + industry + employees,
//	         family = Gamma(link = "log"), data = d,
//	         control = glm.control(epsilon = 1e-16, maxit = 1000))
//
// (industry releveled to Software): coef(summary(g)), summary(g)$dispersion,
// deviance(g), g$null.deviance, AIC(g), logLik(g), fitted(g)[1:3], and the
// t interval exp(coef ± qt(0.975, df) se) of visits.
func TestAmountFitGammaMatchesR(t *testing.T) {
	d, y := fixtureDesign(t, "deals.csv", "amount", dealTerms)
	r, err := AmountFit(d, y, FamilyGamma, AmountOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkAmountTerms(t, r, []amountRef{
		{InterceptName, 1.0249581759166583e+01, 1.4528236639245959e-01, 70.54938609327713550, 5.2722124931753230e-113},
		{"visits", 9.2938579514250413e-02, 3.2593926301335306e-02, 2.85140791738376453, 4.9975658571871752e-03},
		{"webinar", 6.7702186860349275e-02, 6.6327372755874317e-02, 1.02072770331994178, 3.0910720579248230e-01},
		{"trial", 2.5987329070475756e-01, 1.1957321949599611e-01, 2.17334024959877725, 3.1401103300786111e-02},
		{"industry=Finance", 4.9220097841141258e-01, 1.2894510569594339e-01, 3.81713579398692282, 2.0043086777111362e-04},
		{"industry=Healthcare", 2.2052495038931547e-02, 1.5617246559068157e-01, 0.14120603754012426, 8.8790590204570852e-01},
		{"employees", 1.2249620035421297e-04, 5.9950017719123539e-05, 2.04330549038583076, 4.2858370933548148e-02},
	})
	if r.DFResidual != 143 || r.Rows != 150 || !r.Converged {
		t.Errorf("df %d rows %d converged %v, want 143 150 true", r.DFResidual, r.Rows, r.Converged)
	}
	checkRel(t, "dispersion", r.Dispersion, 0.47414666343669171, 1e-6)
	checkRel(t, "deviance", r.Deviance, 74.650098150758183, 1e-6)
	checkRel(t, "null deviance", r.NullDeviance, 94.88871814117212, 1e-6)
	checkRel(t, "AIC", r.AIC, 3553.1021782837738, 1e-6)
	checkRel(t, "AIC amount scale", r.AICAmountScale, 3553.1021782837738, 1e-6)
	checkRel(t, "log-likelihood", r.LogLikelihood, -1768.5510891418869, 1e-6)
	for i, want := range []float64{33390.317371148849, 57696.56870204991, 52241.60907780462} {
		checkRel(t, "fitted", r.Fitted[i], want, 1e-6)
	}
	checkRel(t, "visits ci_low", r.Terms[1].CILow, 1.0289207318183617, 1e-6)
	checkRel(t, "visits ci_high", r.Terms[1].CIHigh, 1.1704247760036386, 1e-6)
	if r.Smearing != 1 {
		t.Errorf("smearing %v, want 1 for the Gamma", r.Smearing)
	}
}

// TestAmountFitLogNormalMatchesR checks the log-normal fit against
//
//	l <- lm(log(amount) ~ visits + webinar + trial + industry + employees, data = d)
//
// coef(summary(l)), summary(l)$sigma^2, deviance(l) (RSS), the null sum of
// squares, AIC(l), logLik(l), Duan's smearing mean(exp(residuals(l))),
// AIC(l) + 2 sum(log(amount)) and exp(fitted(l)[1:3]) times the smearing.
func TestAmountFitLogNormalMatchesR(t *testing.T) {
	d, y := fixtureDesign(t, "deals.csv", "amount", dealTerms)
	r, err := AmountFit(d, y, FamilyLogNormal, AmountOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkAmountTerms(t, r, []amountRef{
		{InterceptName, 9.96763639850884430871, 1.6684317025381984e-01, 59.74254974503900684, 5.1290777901519849e-103},
		{"visits", 0.09319872216030654355, 3.7431067032897586e-02, 2.48987617901449676, 1.3923993061462149e-02},
		{"webinar", 0.06100541035911218046, 7.6170766074273338e-02, 0.80090320083726640, 4.2451636800831993e-01},
		{"trial", 0.30416793583772022691, 1.3731862657217350e-01, 2.21505227244500702, 2.8338253282926891e-02},
		{"industry=Finance", 0.53498682496238025852, 1.4808135878589096e-01, 3.61278981600858495, 4.1861077310335307e-04},
		{"industry=Healthcare", 0.11713577461946640679, 1.7934942768702913e-01, 0.65311485032376204, 5.1473092889875804e-01},
		{"employees", 0.00011193592320462434, 6.8846972013187005e-05, 1.62586559628481608, 1.0618005734545861e-01},
	})
	checkRel(t, "sigma^2", r.Dispersion, 0.62532206796722267, 1e-6)
	checkRel(t, "RSS", r.Deviance, 89.421055719312832, 1e-6)
	checkRel(t, "null SS", r.NullDeviance, 108.49625776449136, 1e-6)
	checkRel(t, "AIC", r.AIC, 364.08969240232892, 1e-6)
	checkRel(t, "log-likelihood", r.LogLikelihood, -174.04484620116446, 1e-6)
	checkRel(t, "smearing", r.Smearing, 1.2835264100650765, 1e-6)
	checkRel(t, "AIC amount scale", r.AICAmountScale, 3567.8386258049482, 1e-6)
	for i, want := range []float64{35404.537920510556, 60167.343057641971, 54138.704695351} {
		checkRel(t, "expected amount", r.Fitted[i], want, 1e-6)
	}
}

// TestAmountFitDropsAliased: a term that is a multiple of another is
// dropped (NA in R) and the fit is that without it.
func TestAmountFitDropsAliased(t *testing.T) {
	d, y := fixtureDesign(t, "deals.csv", "amount", []string{"visits", "trial"})
	d2 := NewDesign([]string{"visits", "trial", "visits2"}, d.Rows)
	for i := 0; i < d.Rows; i++ {
		d2.Set(i, 1, d.At(i, 1))
		d2.Set(i, 2, d.At(i, 2))
		d2.Set(i, 3, 2*d.At(i, 1))
	}
	a, err := AmountFit(d, y, FamilyGamma, AmountOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := AmountFit(d2, y, FamilyGamma, AmountOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if b.Terms[3].Status != TermAliased || len(b.Warnings) == 0 {
		t.Fatalf("visits2 %s, warnings %q: want aliased with a warning", b.Terms[3].Status, b.Warnings)
	}
	for j := 0; j < 3; j++ {
		checkRel(t, a.Terms[j].Name, b.Terms[j].Estimate, a.Terms[j].Estimate, 1e-12)
	}
}

func TestParseFamily(t *testing.T) {
	for s, want := range map[string]Family{"": FamilyBinomial, "Gamma": FamilyGamma, "log-normal": FamilyLogNormal, "lognormal": FamilyLogNormal} {
		if f, err := ParseFamily(s); err != nil || f != want {
			t.Errorf("ParseFamily(%q) = %v, %v; want %v", s, f, err, want)
		}
	}
	if _, err := ParseFamily("poisson"); err == nil {
		t.Error("ParseFamily(poisson): no error")
	}
}
