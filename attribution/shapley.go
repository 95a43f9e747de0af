package attribution

import (
	"fmt"
	"math"
	"math/bits"
	"strings"
)

// MaxShapleyChannels is the largest number of channels for exact Shapley
// values (2^20 coalitions).
const MaxShapleyChannels = 20

// DefaultShapleyMinJourneys is the default support guard of ShapleyRate: a
// coalition whose journeys number fewer is not measured (see ShapleyModel).
const DefaultShapleyMinJourneys = 30

// ShapleyFunction is the characteristic function v(S) of ShapleyModel.
type ShapleyFunction int

// The characteristic functions. Their String values are the ids of
// `--shapley-value` and of the shapley_function meta entry.
const (
	// ShapleyAuto is ShapleyRate when null journeys are known (and there
	// is at least one), else ShapleyConversions.
	ShapleyAuto ShapleyFunction = iota
	// ShapleyRate: v(S) is the conversion rate of the journeys whose
	// channel set lies within S (needs null journeys).
	ShapleyRate
	// ShapleyConversions: v(S) is the number of conversions of the
	// journeys whose channel set lies within S.
	ShapleyConversions
)

// String returns the function's id: "auto", "rate" or "conversions".
func (f ShapleyFunction) String() string {
	switch f {
	case ShapleyAuto:
		return "auto"
	case ShapleyRate:
		return "rate"
	case ShapleyConversions:
		return "conversions"
	}
	return fmt.Sprintf("ShapleyFunction(%d)", int(f))
}

// ParseShapleyFunction reads "rate" or "conversions" (case-insensitive).
func ParseShapleyFunction(s string) (ShapleyFunction, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "rate":
		return ShapleyRate, nil
	case "conversions":
		return ShapleyConversions, nil
	}
	return 0, fmt.Errorf("unknown Shapley characteristic function %q (rate or conversions)", s)
}

// ShapleyConfig parameterizes ShapleyModel. The zero value is the default:
// the rate function when null journeys are known, with a support guard of
// DefaultShapleyMinJourneys journeys.
type ShapleyConfig struct {
	Function ShapleyFunction
	// MinJourneys is the support guard of ShapleyRate: coalitions covering
	// fewer journeys are not measured and are worth 0. 0 means
	// DefaultShapleyMinJourneys; a negative value turns the guard off (only
	// coalitions without any journey are worth 0).
	MinJourneys int
}

// ShapleyResult is the Shapley model's attribution.
type ShapleyResult struct {
	Credit
	// Function is the characteristic function used (never ShapleyAuto) and
	// Definition states it in words, as meta and --help do.
	Function   ShapleyFunction
	Definition string
	// MinJourneys is the support guard applied (ShapleyRate only); 0 when
	// off.
	MinJourneys float64
	// Unmeasured counts the coalitions that cover some journeys but fewer
	// than MinJourneys, and so are worth 0 (ShapleyRate only).
	Unmeasured int
	// Phi and PhiValue are the raw Shapley values of v and of its value
	// analogue u, before scaling to the totals.
	Phi, PhiValue []float64
	// TouchedConversions and TouchedValue are, per channel, the conversions
	// and value of the journeys that touch it: the most credit a channel
	// can plausibly earn.
	TouchedConversions, TouchedValue []float64
	// Warnings tells of implausible credit (negative, or above the
	// channel's touched conversions or value) and of the conversions
	// function used for lack of journeys.
	Warnings []string
}

// ShapleyModel computes exact Shapley values over the channels, treating
// each channel as a player and a journey as covered by coalition S when
// every channel it touched is in S. With C(S), V(S) and T(S) the
// conversions, conversion value and journeys (converting plus null) of the
// journeys whose channel set is a subset of S, and m the support guard
// (cfg.MinJourneys, default 30):
//
//	ShapleyRate:         v(S) = C(S) / T(S),  u(S) = V(S) / T(S)   when T(S) ≥ m and T(S) > 0
//	                     v(S) = u(S) = 0                            otherwise (S not measured)
//	ShapleyConversions:  v(S) = C(S),         u(S) = V(S)
//
//	φ_i = Σ_{S ⊆ N∖{i}} |S|! (n-|S|-1)! / n! · (v(S ∪ {i}) - v(S))
//	conversions_i = φ_i / v(N) × total conversions,  value_i = φ^u_i / u(N) × total value
//
// The Shapley values sum to v(N) - v(∅) = v(N), so the scaled credits sum
// to the totals.
//
// The guard: the rate of a coalition covering a handful of journeys is
// noise (one converting journey of two is a rate of 50%), and the scaling
// by total conversions / v(N) multiplies it by every journey of the data.
// A coalition covering fewer than m journeys is therefore treated as the
// empty coalition is (no journeys measured: worth 0). Since T only grows
// with S, this is the rule "take the rate of the largest sub-coalition
// with at least m journeys": an unmeasured coalition has none but ∅. When
// the data hold fewer than m journeys in all, no rate is measured and the
// conversions function is used instead, with a warning. Shrinking toward
// the overall rate p, (C(S) + m·p) / (T(S) + m), is not used: it values
// every small coalition at about p and so hands each rare channel about
// 1/n of all conversions through the step from ∅.
//
// The rate function credits a channel for raising the conversion rate of
// the journeys it joins, not for the conversions it brings: a channel
// whose journeys convert less than the rest gets a negative credit, and on
// data where every channel converts at about the same rate the credit is
// split about equally, whatever each channel's volume. Channels whose
// credit is negative or above the conversions (value) of the journeys that
// touch them are named in Warnings. The conversions function has no such
// outcome: its Harsanyi dividends are the conversions of the journeys with
// exactly that channel set, so each channel's credit is the linear share of
// each journey over its distinct channels, between 0 and its touched
// conversions.
//
// ShapleyAuto picks ShapleyRate when null journeys are known and
// ShapleyConversions otherwise; ShapleyRate without null journeys is
// ErrNeedsNulls. C, V and T of every coalition come from one subset-sum
// (zeta) transform and φ from one pass over the coalitions: O(2^n n) time,
// O(2^n) memory. More than MaxShapleyChannels channels is
// ErrTooManyChannels.
func ShapleyModel(j *Journeys, cfg ShapleyConfig) (*ShapleyResult, error) {
	n := j.NumChannels()
	if n > MaxShapleyChannels {
		return nil, fmt.Errorf("%w: %d channels, at most %d (use --by with fewer levels, e.g. channel instead of campaign)",
			ErrTooManyChannels, n, MaxShapleyChannels)
	}
	totalConv, totalValue, totalNull := j.Totals()
	if totalConv <= 0 {
		return nil, ErrNoConversions
	}
	fn, minJ, warnings, err := shapleyFunction(cfg, j.NullsKnown() && totalNull > 0, totalConv+totalNull, n)
	if err != nil {
		return nil, err
	}
	rate := fn == ShapleyRate
	res := &ShapleyResult{
		Credit:     Credit{Model: Shapley, Conversions: make([]float64, n), Value: make([]float64, n)},
		Function:   fn,
		Definition: shapleyDefinition(fn, minJ),
		Warnings:   warnings,
	}
	conv, val, tot, negativeValue := res.coalitionSums(j, rate)
	if rate {
		res.MinJourneys = minJ
		res.Unmeasured = coalitionRates(conv, val, tot, minJ)
	}
	res.Phi, res.PhiValue = shapleyValues(conv, val, n)
	size := 1 << n
	vN, uN := conv[size-1], val[size-1]
	for i := 0; i < n; i++ {
		res.Conversions[i] = res.Phi[i] / vN * totalConv
		if uN != 0 {
			res.Value[i] = res.PhiValue[i] / uN * totalValue
		}
	}
	if err := checkSums(&res.Credit, totalConv, totalValue); err != nil {
		return nil, err
	}
	res.checkPlausible(j, !negativeValue)
	return res, nil
}

// shapleyFunction settles the characteristic function of cfg and its
// support guard: ShapleyAuto is ShapleyRate when haveNulls, else
// ShapleyConversions; ShapleyRate without null journeys is ErrNeedsNulls;
// with fewer journeys in all than the guard, ShapleyRate falls back to
// ShapleyConversions, with a warning when there are n > 1 channels.
func shapleyFunction(cfg ShapleyConfig, haveNulls bool, journeys float64, n int) (fn ShapleyFunction, minJ float64, warnings []string, err error) {
	fn = cfg.Function
	switch fn {
	case ShapleyAuto:
		fn = ShapleyConversions
		if haveNulls {
			fn = ShapleyRate
		}
	case ShapleyRate:
		if !haveNulls {
			return fn, 0, nil, fmt.Errorf("%w (every journey converts); use --shapley-value conversions", ErrNeedsNulls)
		}
	case ShapleyConversions:
	default:
		panic("attribution: unknown ShapleyFunction")
	}
	minJ = float64(cfg.MinJourneys)
	switch {
	case cfg.MinJourneys == 0:
		minJ = DefaultShapleyMinJourneys
	case cfg.MinJourneys < 0:
		minJ = 0
	}
	if fn == ShapleyRate && journeys < minJ {
		fn = ShapleyConversions
		if n > 1 { // with one channel both functions give it everything
			warnings = append(warnings, fmt.Sprintf(
				"%s journeys, fewer than the %s that measure a conversion rate (--shapley-min-journeys): used the conversions function instead",
				fmtCount(journeys), fmtCount(minJ)))
		}
	}
	return fn, minJ, warnings, nil
}

// shapleyDefinition states characteristic function fn with guard minJ in
// words, for the meta.
func shapleyDefinition(fn ShapleyFunction, minJ float64) string {
	if fn != ShapleyRate {
		return "v(S) = conversions of the journeys whose channel set is within S"
	}
	d := "v(S) = conversions / journeys of the journeys whose channel set is within S"
	if minJ > 0 {
		d += fmt.Sprintf(", 0 when they number fewer than %s (not measured)", fmtCount(minJ))
	} else {
		d += ", 0 when there are none"
	}
	return d + "; credits scaled to total conversions"
}

// coalitionSums returns, per coalition S (a bit mask of channel codes),
// the conversions C(S), value V(S) and (when rate) journeys T(S) of the
// journeys whose channel set lies within S, and whether some journey has
// a negative value. It sets r's TouchedConversions and TouchedValue.
func (r *ShapleyResult) coalitionSums(j *Journeys, rate bool) (conv, val, tot []float64, negativeValue bool) {
	n := j.NumChannels()
	size := 1 << n
	conv = make([]float64, size)
	val = make([]float64, size)
	touchedC, touchedV := make([]float64, n), make([]float64, n)
	if rate {
		tot = make([]float64, size)
	}
	for p := 0; p < j.NumPaths(); p++ {
		c, v, nl := j.PathCounts(p)
		if c+nl == 0 {
			continue
		}
		mask := 0
		for _, ch := range j.Path(p) {
			mask |= 1 << ch
		}
		conv[mask] += c
		val[mask] += v
		if rate {
			tot[mask] += c + nl
		}
		if v < 0 {
			negativeValue = true
		}
		for m := mask; m != 0; m &= m - 1 {
			i := bits.TrailingZeros(uint(m))
			touchedC[i] += c
			touchedV[i] += v
		}
	}
	r.TouchedConversions, r.TouchedValue = touchedC, touchedV
	zeta(conv, n)
	zeta(val, n)
	if rate {
		zeta(tot, n)
	}
	return conv, val, tot, negativeValue
}

// coalitionRates turns the sums of each coalition into rates: conv and val
// divided by the journeys tot when they number at least minJ (and more
// than 0), else 0. It returns the number of coalitions left unmeasured
// (some journeys, fewer than minJ).
func coalitionRates(conv, val, tot []float64, minJ float64) (unmeasured int) {
	for s := range conv {
		if tot[s] > 0 && tot[s] >= minJ {
			conv[s] /= tot[s]
			val[s] /= tot[s]
			continue
		}
		if tot[s] > 0 {
			unmeasured++
		}
		conv[s], val[s] = 0, 0
	}
	return unmeasured
}

// shapleyValues returns the Shapley values φ of the n players of the
// games v and u (indexed by coalition bit mask), in one pass over the
// coalitions: φ_i = Σ_{S ∌ i} |S|! (n-|S|-1)! / n! · (v(S ∪ {i}) - v(S)).
func shapleyValues(v, u []float64, n int) (phiV, phiU []float64) {
	// weight[k] = k! (n-k-1)! / n! = 1 / (n · C(n-1, k))
	weight := make([]float64, n)
	binom := 1.0
	for k := 0; k < n; k++ {
		weight[k] = 1 / (float64(n) * binom)
		binom = binom * float64(n-1-k) / float64(k+1)
	}
	phiV, phiU = make([]float64, n), make([]float64, n)
	for s := 0; s < len(v)-1; s++ { // the full coalition has no i to add
		w := weight[bits.OnesCount(uint(s))]
		for i := 0; i < n; i++ {
			if s&(1<<i) != 0 {
				continue
			}
			t := s | 1<<i
			phiV[i] += w * (v[t] - v[s])
			phiU[i] += w * (u[t] - u[s])
		}
	}
	return phiV, phiU
}

// checkPlausible warns of channels whose credit is negative or above the
// conversions (and, when no journey has a negative value, the value) of
// the journeys that touch them.
func (r *ShapleyResult) checkPlausible(j *Journeys, checkValue bool) {
	var bad []string
	outside := func(x, hi float64) bool {
		tol := 1e-9 * math.Max(1, math.Abs(hi))
		return x < -tol || x > hi+tol
	}
	for i := range r.Conversions {
		var what []string
		if outside(r.Conversions[i], r.TouchedConversions[i]) {
			what = append(what, fmt.Sprintf("%.6g conversions of %.6g", r.Conversions[i], r.TouchedConversions[i]))
		}
		if checkValue && outside(r.Value[i], r.TouchedValue[i]) {
			what = append(what, fmt.Sprintf("value %.6g of %.6g", r.Value[i], r.TouchedValue[i]))
		}
		if len(what) > 0 {
			bad = append(bad, fmt.Sprintf("%s (%s)", j.ChannelName(int32(i)), strings.Join(what, ", ")))
		}
	}
	if len(bad) == 0 {
		return
	}
	msg := fmt.Sprintf("credit below 0 or above the conversions (value) of the journeys that touch the channel: %s", strings.Join(bad, "; "))
	if r.Function == ShapleyRate {
		msg += ": the rate function credits a channel for raising the conversion rate of the journeys it joins, not for the conversions it brings; use --shapley-value conversions for credit within those bounds"
	}
	r.Warnings = append(r.Warnings, msg)
}

// fmtCount writes a journey count: a whole number without decimals.
func fmtCount(x float64) string {
	return fmt.Sprintf("%.10g", x)
}

// zeta replaces a[S] by Σ_{T ⊆ S} a[T] (the subset-sum transform), in
// O(2^n n).
func zeta(a []float64, n int) {
	for i := 0; i < n; i++ {
		bit := 1 << i
		for s := range a {
			if s&bit != 0 {
				a[s] += a[s^bit]
			}
		}
	}
}
