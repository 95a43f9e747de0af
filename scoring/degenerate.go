package scoring

import (
	"fmt"
	"math"
	"strings"
)

// LargeEstimate is the size, in log-odds per unit, above which an
// estimate or a standard error of a term that is not marked separated is
// called out in a warning and in the coefficients' note: such a number is
// either a term measured in tiny units (rescale it) or a fit that did not
// settle, and never something to read as it stands.
const LargeEstimate = 1e6

// warnMoreTermsThanRows warns when the design has more columns that vary
// (q, with the intercept) than rows: at most n of them can be estimated,
// the others are aliased, and a maximum-likelihood fit reproduces the
// training rows.
func (r *Regression) warnMoreTermsThanRows(q, n int) {
	if q <= n {
		return
	}
	exact := ""
	if r.Penalty == PenaltyNone {
		exact = " and the fit reproduces the training rows exactly"
	}
	r.warnf("the design has %d terms (with the intercept) for %d rows: at most %d can be estimated%s; use fewer --features or more leads", q, n, n, exact)
}

// settleStatistics makes the terms' statistics printable after a fit
// (see Term): a separated term (the intercept included) keeps only the
// estimate where the iterations stopped, since its Wald statistics and
// odds ratio describe no maximum; any other statistic that is not finite
// (an odds ratio or interval that overflows) becomes NaN, with a warning;
// and an estimate or standard error above LargeEstimate gets a warning
// naming the term and its range (colLo, colHi: the term's training
// extremes, by design column).
func (r *Regression) settleStatistics(colLo, colHi func(j int) float64) {
	nan := math.NaN()
	var overflow, large []string
	for j := range r.Terms {
		t := &r.Terms[j]
		if t.Status != TermEstimated {
			continue
		}
		if t.Separated != 0 {
			t.StdError, t.Z, t.PValue, t.OddsRatio, t.CILow, t.CIHigh = nan, nan, nan, nan, nan, nan
			continue
		}
		bad := false
		for _, v := range []*float64{&t.StdError, &t.Z, &t.PValue, &t.OddsRatio, &t.CILow, &t.CIHigh} {
			if math.IsInf(*v, 0) {
				*v, bad = nan, true
			}
		}
		if bad {
			overflow = append(overflow, fmt.Sprintf("%q", t.Name))
		}
		if isLarge(*t) {
			what := fmt.Sprintf("%q (estimate %.3g, std error %.3g", t.Name, t.Estimate, t.StdError)
			if j > 0 {
				what += fmt.Sprintf(", values from %.3g to %.3g", colLo(j), colHi(j))
			}
			large = append(large, what+")")
		}
	}
	if len(overflow) > 0 {
		r.warnf("the odds ratio or its 95%% interval of %s is too large for a number and is left out (NA)", strings.Join(overflow, ", "))
	}
	if len(large) > 0 {
		r.warnf("estimates or standard errors above %g log-odds per unit, not to be read as they stand: %s; a term whose values are tiny needs other units (for decayed touch counts, a longer --decay or a --window), and a fit that did not settle needs --penalty l2 or firth", LargeEstimate, strings.Join(large, ", "))
	}
}

// isLarge reports whether an estimated, unseparated term has an estimate
// or standard error above LargeEstimate.
func isLarge(t Term) bool {
	return t.Status == TermEstimated && t.Separated == 0 && (math.Abs(t.Estimate) > LargeEstimate || t.StdError > LargeEstimate)
}
