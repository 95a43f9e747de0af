package scoring

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// separation is what the separation checks found for one fit.
type separation struct {
	sign     []int    // per model column: +1 (estimate diverges to +Inf), -1, or 0
	messages []string // one warning per finding
}

// detectSeparation runs both separation checks on a maximum-likelihood fit
// of the model columns: each term on its own, then the fit's last step as
// a separating direction. A term found by both is reported once.
//
// The direction check runs only when the fit looks divergent: it did not
// converge, or some term moves the log-odds by more than 10 (an odds ratio
// above 22,000) across its training range; it then tries cleaning
// thresholds from 1e-4 to 1e-1 (see certifySeparation). When it certifies
// the step, the step's signs are the directions reported, also for terms
// that separate on their own (jointly with the other terms a term may
// diverge the other way), and the intercept is marked too when it moves
// along (sign[0]): its estimate then diverges as well.
func (pr *problem) detectSeparation(names []string, stats []classStats, st *fitState) *separation {
	sep := &separation{sign: make([]int, len(pr.cols))}
	alone := univariateSeparation(names, pr.cols, stats, sep)
	aloneSign := slices.Clone(sep.sign)
	divergent := !st.converged
	for m, c := range pr.cols {
		if m > 0 && math.Abs(st.beta[m])*(stats[c].hi()-stats[c].lo()) > 10 {
			divergent = true
		}
	}
	var signs []int
	if divergent {
		for _, clean := range []float64{1e-4, 1e-3, 1e-2, 1e-1} {
			if signs = pr.certifySeparation(st.lastStep, stats, clean); signs != nil {
				break
			}
		}
	}
	var found []string
	var dirs []int
	for m, s := range signs {
		if m == 0 || s == 0 {
			continue
		}
		if sep.sign[m] == 0 {
			found = append(found, names[pr.cols[m]])
			dirs = append(dirs, s)
		}
		sep.sign[m] = s
	}
	for m, how := range alone {
		if how != "" {
			name := names[pr.cols[m]]
			if sep.sign[m] != aloneSign[m] {
				how += ", but together with the other terms the fit drives it the other way"
			}
			sep.messages = append(sep.messages, separationMessage(how, []string{name}, []int{sep.sign[m]}))
		}
	}
	if len(found) > 0 {
		quoted := make([]string, len(found))
		for i, n := range found {
			quoted[i] = fmt.Sprintf("%q", n)
		}
		how := fmt.Sprintf("the fit diverges along %s: together with the intercept they separate positives from negatives", strings.Join(quoted, ", "))
		sep.messages = append(sep.messages, separationMessage(how, found, dirs))
	}
	if signs != nil && signs[0] != 0 && slices.ContainsFunc(sep.sign[1:], func(s int) bool { return s != 0 }) {
		sep.sign[0] = signs[0]
	}
	return sep
}

// univariateSeparation checks each model term on its own: when every
// negative row has x <= c and every positive row has x >= c for some c (or
// the reverse), the direction (intercept -c, term 1) separates the classes,
// so the maximum-likelihood estimate does not exist and the term's
// coefficient diverges. For a 0/1 indicator or a count this is the case
// "every row with the term present has the same outcome". It needs only
// the per-class extremes of columnStats. It sets the sign of each such
// term and returns, per model column, how the term separates ("" for the
// others).
func univariateSeparation(names []string, cols []int, stats []classStats, sep *separation) []string {
	hows := make([]string, len(cols))
	for m, c := range cols {
		if c == 0 {
			continue
		}
		s := &stats[c]
		if s.constant() {
			continue
		}
		var sign int
		switch {
		case s.max[0] <= s.min[1]:
			sign = +1
		case s.max[1] <= s.min[0]:
			sign = -1
		default:
			continue
		}
		sep.sign[m] = sign
		name := names[c]
		switch {
		case s.min[0] == 0 && s.max[0] == 0 && s.min[1] >= 0:
			hows[m] = fmt.Sprintf("every row with %q present is positive (%d rows)", name, s.nonzero[1])
		case s.min[1] == 0 && s.max[1] == 0 && s.min[0] >= 0:
			hows[m] = fmt.Sprintf("every row with %q present is negative (%d rows)", name, s.nonzero[0])
		case sign > 0:
			hows[m] = fmt.Sprintf("%q separates the outcome on its own (positives have %s >= %g, negatives <= %g)", name, name, s.min[1], s.max[0])
		default:
			hows[m] = fmt.Sprintf("%q separates the outcome on its own (positives have %s <= %g, negatives >= %g)", name, name, s.max[1], s.min[0])
		}
	}
	return hows
}

// separationMessage words a separation warning with the remedy.
func separationMessage(how string, names []string, signs []int) string {
	var dirs []string
	for i, n := range names {
		inf := "+Inf"
		if signs[i] < 0 {
			inf = "-Inf"
		}
		dirs = append(dirs, fmt.Sprintf("%q toward %s", n, inf))
	}
	return fmt.Sprintf("separation: %s; the maximum-likelihood estimate does not exist and the coefficient diverges (%s), so the reported value is only where the iterations stopped; refit with --penalty firth or --penalty l2",
		how, strings.Join(dirs, ", "))
}

// certifySeparation checks whether direction d (over the model columns; the
// last Newton step of a diverging fit) separates the classes: with
// ỹ_i = 2y_i - 1, a direction with ỹ_i x_i'd >= 0 for every row and > 0
// for some is a certificate of (quasi-)complete separation (Albert and
// Anderson 1984): the likelihood rises without bound along it. Components
// of d that move the linear predictor by less than clean times the largest
// component are first set to zero (the converged, finite part of the
// step). It returns the signs of the separating direction's components
// (the intercept's first), or nil when d is no certificate. One streamed
// pass.
func (pr *problem) certifySeparation(d []float64, stats []classStats, clean float64) []int {
	q := len(pr.cols)
	if len(d) != q {
		return nil
	}
	scale := make([]float64, q)
	maxScale := 0.0
	for m, c := range pr.cols {
		s := &stats[c]
		ext := math.Max(math.Max(math.Abs(s.min[0]), math.Abs(s.max[0])), math.Max(math.Abs(s.min[1]), math.Abs(s.max[1])))
		scale[m] = math.Abs(d[m]) * ext
		maxScale = math.Max(maxScale, scale[m])
	}
	if maxScale == 0 || math.IsNaN(maxScale) || math.IsInf(maxScale, 0) {
		return nil
	}
	dir := make([]float64, q)
	terms := 0
	for m := range dir {
		if scale[m] >= clean*maxScale {
			dir[m] = d[m]
			if m > 0 {
				terms++
			}
		}
	}
	if terms == 0 {
		return nil
	}
	maxAbs, minSigned := 0.0, math.Inf(1)
	nchunks := (pr.n + chunkRows - 1) / chunkRows
	ext := make([][2]float64, nchunks)
	pr.forChunks(func(_, chunk, lo, hi int) {
		ma, ms := 0.0, math.Inf(1)
		for k := lo; k < hi; k++ {
			i := pr.row(k)
			e := pr.eta(i, dir)
			neg, pos := pr.classCounts(i)
			ma = math.Max(ma, math.Abs(e))
			if pos > 0 {
				ms = math.Min(ms, e)
			}
			if neg > 0 {
				ms = math.Min(ms, -e)
			}
		}
		ext[chunk] = [2]float64{ma, ms}
	})
	for _, e := range ext {
		maxAbs = math.Max(maxAbs, e[0])
		minSigned = math.Min(minSigned, e[1])
	}
	if maxAbs == 0 || minSigned < -1e-9*maxAbs {
		return nil
	}
	signs := make([]int, q)
	for m := 0; m < q; m++ {
		switch {
		case dir[m] > 0:
			signs[m] = 1
		case dir[m] < 0:
			signs[m] = -1
		}
	}
	return signs
}
