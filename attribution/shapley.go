package attribution

import (
	"fmt"
	"math/bits"
)

// MaxShapleyChannels is the largest number of channels for exact Shapley
// values (2^20 coalitions).
const MaxShapleyChannels = 20

// Characteristic functions of ShapleyModel, as stated in meta and help.
const (
	ShapleyRateDefinition  = "v(S) = conversions / journeys over the journeys whose channel set is within S (null journeys known); credits scaled to total conversions"
	ShapleyCountDefinition = "v(S) = conversions of the journeys whose channel set is within S (null journeys unknown)"
)

// ShapleyResult is the Shapley model's attribution.
type ShapleyResult struct {
	Credit
	// Rate tells which characteristic function was used: the conversion
	// rate (null journeys known) or the conversion count.
	Rate       bool
	Definition string
	// Phi and PhiValue are the raw Shapley values of v and of its value
	// analogue u, before scaling to the totals.
	Phi, PhiValue []float64
}

// ShapleyModel computes exact Shapley values over the channels, treating
// each channel as a player and a journey as covered by coalition S when
// every channel it touched is in S. With C(S), V(S) and T(S) the
// conversions, conversion value and journeys (converting plus null) of the
// journeys whose channel set is a subset of S:
//
//	null journeys known:  v(S) = C(S) / T(S),  u(S) = V(S) / T(S)   (0 when T(S) = 0)
//	otherwise:            v(S) = C(S),         u(S) = V(S)
//
//	φ_i = Σ_{S ⊆ N∖{i}} |S|! (n-|S|-1)! / n! · (v(S ∪ {i}) - v(S))
//	conversions_i = φ_i / v(N) × total conversions,  value_i = φ^u_i / u(N) × total value
//
// The Shapley values sum to v(N) - v(∅) = v(N), so the scaled credits sum
// to the totals. With conversion rates a channel whose journeys convert
// less than the others can get a negative credit. Without null journeys
// the credit equals the linear share of each journey over its distinct
// channels (the Harsanyi dividends of v are the conversions of the journeys
// with exactly that channel set).
//
// C, V and T of every coalition come from one subset-sum (zeta) transform
// and φ from one pass over the coalitions: O(2^n n) time, O(2^n) memory.
// More than MaxShapleyChannels channels is ErrTooManyChannels.
func ShapleyModel(j *Journeys) (*ShapleyResult, error) {
	n := j.NumChannels()
	if n > MaxShapleyChannels {
		return nil, fmt.Errorf("%w: %d channels, at most %d (use --by with fewer levels, e.g. channel instead of campaign)",
			ErrTooManyChannels, n, MaxShapleyChannels)
	}
	totalConv, totalValue, totalNull := j.Totals()
	if totalConv <= 0 {
		return nil, ErrNoConversions
	}
	rate := j.NullsKnown() && totalNull > 0
	size := 1 << n
	conv := make([]float64, size)
	val := make([]float64, size)
	var tot []float64
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
	}
	zeta(conv, n)
	zeta(val, n)
	if rate {
		zeta(tot, n)
		for s := range conv {
			if tot[s] > 0 {
				conv[s] /= tot[s]
				val[s] /= tot[s]
			} else {
				conv[s], val[s] = 0, 0
			}
		}
	}
	// weight[k] = k! (n-k-1)! / n! = 1 / (n · C(n-1, k))
	weight := make([]float64, n)
	binom := 1.0
	for k := 0; k < n; k++ {
		weight[k] = 1 / (float64(n) * binom)
		binom = binom * float64(n-1-k) / float64(k+1)
	}
	res := &ShapleyResult{
		Credit:     Credit{Model: Shapley, Conversions: make([]float64, n), Value: make([]float64, n)},
		Rate:       rate,
		Definition: ShapleyCountDefinition,
		Phi:        make([]float64, n),
		PhiValue:   make([]float64, n),
	}
	if rate {
		res.Definition = ShapleyRateDefinition
	}
	for s := 0; s < size-1; s++ { // the full coalition has no i to add
		w := weight[bits.OnesCount(uint(s))]
		for i := 0; i < n; i++ {
			if s&(1<<i) != 0 {
				continue
			}
			t := s | 1<<i
			res.Phi[i] += w * (conv[t] - conv[s])
			res.PhiValue[i] += w * (val[t] - val[s])
		}
	}
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
	return res, nil
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
