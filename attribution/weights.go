package attribution

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Weights are the shares of the first touch, the middle touches (together)
// and the last touch of position_based and custom.
type Weights struct {
	First, Middle, Last float64
}

// DefaultPositionWeights is U-shaped position_based: 40% first, 20% middle,
// 40% last.
var DefaultPositionWeights = Weights{First: 0.4, Middle: 0.2, Last: 0.4}

// ParseWeights reads position weights as users write them: named,
// "first=0.3,middle=0.4,last=0.3" (any order, missing names are 0), or
// three numbers in the order first, middle, last ("40,20,40"). Weights are
// shares: they are scaled to sum to 1 when used.
func ParseWeights(s string) (Weights, error) {
	var w Weights
	fields := strings.Split(s, ",")
	named := strings.Contains(s, "=")
	if !named && len(fields) != 3 {
		return w, fmt.Errorf("weights %q: give first=,middle=,last= or three numbers (first,middle,last)", s)
	}
	for i, f := range fields {
		name, val := "", strings.TrimSpace(f)
		if named {
			k, v, ok := strings.Cut(f, "=")
			if !ok {
				return w, fmt.Errorf("weights %q: %q is not name=value", s, f)
			}
			name, val = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		} else {
			name = []string{"first", "middle", "last"}[i]
		}
		x, err := strconv.ParseFloat(strings.TrimSuffix(val, "%"), 64)
		if err != nil || x < 0 || math.IsInf(x, 0) || math.IsNaN(x) {
			return w, fmt.Errorf("weights %q: %q is not a non-negative number", s, val)
		}
		switch name {
		case "first":
			w.First = x
		case "middle":
			w.Middle = x
		case "last":
			w.Last = x
		default:
			return w, fmt.Errorf("weights %q: unknown position %q (first, middle, last)", s, name)
		}
	}
	return w, w.validate("position")
}

func (w Weights) validate(name string) error {
	for _, x := range []float64{w.First, w.Middle, w.Last} {
		if !(x >= 0) || math.IsInf(x, 0) {
			return fmt.Errorf("%s weights must be non-negative numbers, got first=%v middle=%v last=%v", name, w.First, w.Middle, w.Last)
		}
	}
	if w.First+w.Middle+w.Last <= 0 {
		return fmt.Errorf("%s weights are all zero", name)
	}
	return nil
}

// normalized returns w scaled to sum to 1.
func (w Weights) normalized() Weights {
	s := w.First + w.Middle + w.Last
	return Weights{w.First / s, w.Middle / s, w.Last / s}
}

// markerWeights fills w (one weight per touch) with shares[i] on touch
// at[i] (shares on one touch add up) and rest split equally over the
// touches that carry no marker; when every touch carries a marker the
// marker shares are scaled to sum to 1 (all equal when they are all zero).
func markerWeights(w []float64, at []int, shares []float64, rest float64) {
	for i := range w {
		w[i] = 0
	}
	marked := 0
	sum := 0.0
	for k, i := range at {
		if !isMarked(at[:k], i) {
			marked++
		}
		w[i] += shares[k]
		sum += shares[k]
	}
	others := len(w) - marked
	if others > 0 {
		share := rest / float64(others)
		for i := range w {
			if !isMarked(at, i) {
				w[i] = share
			}
		}
		return
	}
	if sum == 0 {
		for i := range w {
			w[i] = 1 / float64(len(w))
		}
		return
	}
	for i := range w {
		w[i] /= sum
	}
}

func isMarked(at []int, i int) bool {
	for _, a := range at {
		if a == i {
			return true
		}
	}
	return false
}

// decayWeights fills w with the normalized weights
//
//	w_i = 2^(-Δt_i/h) / Σ_k 2^(-Δt_k/h)
//
// computed relative to the youngest touch so that old journeys do not
// underflow.
func decayWeights(w []float64, ages []int32, h float64) {
	minAge := ages[0]
	for _, a := range ages {
		if a < minAge {
			minAge = a
		}
	}
	sum := 0.0
	for i, a := range ages {
		w[i] = math.Exp2(-float64(a-minAge) / h)
		sum += w[i]
	}
	for i := range w {
		w[i] /= sum
	}
}
