package attribution

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

// TestShapleyByHand works two small games out by hand.
func TestShapleyByHand(t *testing.T) {
	for _, tc := range []struct {
		name       string
		nulls      bool
		rows       []pathRow
		conv, val  []float64
		rate       bool
		definition string
	}{
		{
			// Null journeys unknown: v(S) = conversions of journeys within S.
			// Dividends: {a} 2, {a,b} 1, {b,c} 3, so φ_a = 2 + 1/2,
			// φ_b = 1/2 + 3/2, φ_c = 3/2 (values alike with 20, 10, 60).
			name:  "counts",
			nulls: false,
			rows: []pathRow{
				{[]string{"a"}, 2, 20, 0},
				{[]string{"a", "b", "a"}, 1, 10, 0},
				{[]string{"b", "c"}, 3, 60, 0},
			},
			conv:       []float64{2.5, 2, 1.5},
			val:        []float64{25, 35, 30},
			definition: ShapleyCountDefinition,
		},
		{
			// Rates: {a} 1 conv + 1 null, {b} 1 + 3, {a,b} 2 + 0.
			// v(a) = 1/2, v(b) = 1/4, v(ab) = 4/8 = 1/2.
			// φ_a = 1/2·1/2 + 1/2·(1/2 - 1/4) = 3/8, φ_b = 1/2·1/4 + 0 = 1/8;
			// scaled to 4 conversions: 3 and 1. Values 10, 20, 50:
			// u(a) = 5, u(b) = 5, u(ab) = 10: φ^u = 5 and 5, of 80: 40 each.
			name:  "rates",
			nulls: true,
			rows: []pathRow{
				{[]string{"a"}, 1, 10, 1},
				{[]string{"b"}, 1, 20, 3},
				{[]string{"a", "b"}, 2, 50, 0},
			},
			conv:       []float64{3, 1},
			val:        []float64{40, 40},
			rate:       true,
			definition: ShapleyRateDefinition,
		},
	} {
		j := NewJourneys("channel")
		j.SetNullsKnown(tc.nulls)
		addPaths(j, tc.rows...)
		r, err := ShapleyModel(j)
		if err != nil {
			t.Fatal(err)
		}
		if r.Rate != tc.rate || r.Definition != tc.definition {
			t.Errorf("%s: rate %v, definition %q", tc.name, r.Rate, r.Definition)
		}
		for c := range tc.conv {
			if !scalar.EqualWithinAbs(r.Conversions[c], tc.conv[c], 1e-12) || !scalar.EqualWithinAbs(r.Value[c], tc.val[c], 1e-12) {
				t.Errorf("%s channel %s: %v, %v; want %v, %v", tc.name, j.ChannelName(int32(c)),
					r.Conversions[c], r.Value[c], tc.conv[c], tc.val[c])
			}
		}
	}
}

// TestShapleyBruteForce compares the O(2^n n) computation with the
// definition over all n! orders of arrival, v evaluated by scanning the
// journeys, on random journeys over 5 channels.
func TestShapleyBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	const n = 5
	for trial := 0; trial < 5; trial++ {
		j := NewJourneys("channel")
		for c := 0; c < n; c++ {
			j.Channel(fmt.Sprint("ch", c))
		}
		for k := 0; k < 30; k++ {
			path := make([]int32, 1+rng.IntN(4))
			for i := range path {
				path[i] = int32(rng.IntN(n))
			}
			conv := float64(rng.IntN(3))
			j.AddPath(path, conv, conv*float64(rng.IntN(100)), float64(rng.IntN(4)))
		}
		r, err := ShapleyModel(j)
		if err != nil {
			t.Fatal(err)
		}
		v := func(S int) (float64, float64) {
			var c, val, tot float64
			for p := 0; p < j.NumPaths(); p++ {
				mask := 0
				for _, ch := range j.Path(p) {
					mask |= 1 << ch
				}
				if mask&^S == 0 {
					pc, pv, pn := j.PathCounts(p)
					c, val, tot = c+pc, val+pv, tot+pc+pn
				}
			}
			if tot == 0 {
				return 0, 0
			}
			return c / tot, val / tot
		}
		phi, phiV := make([]float64, n), make([]float64, n)
		perm := []int{0, 1, 2, 3, 4}
		count := 0
		var permute func(k int)
		permute = func(k int) {
			if k == n {
				count++
				S := 0
				for _, i := range perm {
					b, bv := v(S)
					S |= 1 << i
					a, av := v(S)
					phi[i] += a - b
					phiV[i] += av - bv
				}
				return
			}
			for i := k; i < n; i++ {
				perm[k], perm[i] = perm[i], perm[k]
				permute(k + 1)
				perm[k], perm[i] = perm[i], perm[k]
			}
		}
		permute(0)
		for i := 0; i < n; i++ {
			if !scalar.EqualWithinAbs(r.Phi[i], phi[i]/float64(count), 1e-12) ||
				!scalar.EqualWithinAbs(r.PhiValue[i], phiV[i]/float64(count), 1e-9) {
				t.Errorf("trial %d channel %d: φ %v / %v, brute force %v / %v", trial, i,
					r.Phi[i], r.PhiValue[i], phi[i]/float64(count), phiV[i]/float64(count))
			}
		}
	}
}

func TestShapleyTooManyChannels(t *testing.T) {
	j := NewJourneys("campaign")
	for c := 0; c <= MaxShapleyChannels; c++ {
		j.AddPath([]int32{j.Channel(fmt.Sprint("c", c))}, 1, 0, 1)
	}
	_, err := ShapleyModel(j)
	if !errors.Is(err, ErrTooManyChannels) {
		t.Fatalf("error %v, want ErrTooManyChannels", err)
	}
	// By default Attribute leaves Shapley out with a warning.
	res, err := Attribute(j, Config{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Shapley != nil || len(res.Warnings) != 1 {
		t.Errorf("shapley %v, warnings %q", res.Shapley, res.Warnings)
	}
}
