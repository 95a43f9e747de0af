package scoring

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// referenceOrder is the comparison sort order replaced: cmp.Compare on
// the scores (reversed when desc), ties by row.
func referenceOrder(scores []float64, desc bool) []int {
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		c := cmp.Compare(scores[a], scores[b])
		if desc {
			c = -c
		}
		return c
	})
	return idx
}

func TestOrderMatchesComparisonSort(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	special := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 5e-324, -5e-324,
		math.MaxFloat64, -math.MaxFloat64, 1, -1, 0.5, 0.5}
	for _, n := range []int{0, 1, 2, 13, 1000, 100000} {
		for trial := range 3 {
			s := make([]float64, n)
			for i := range s {
				switch {
				case trial == 0:
					s[i] = r.Float64() // probabilities
				case trial == 1:
					s[i] = float64(r.IntN(7) - 3) // many ties
				default:
					s[i] = special[r.IntN(len(special))]
				}
			}
			for _, desc := range []bool{false, true} {
				got, want := order(s, desc), referenceOrder(s, desc)
				if !slices.Equal(got, want) {
					t.Fatalf("n %d trial %d desc %v: order differs from the comparison sort", n, trial, desc)
				}
			}
		}
	}
}

func BenchmarkOrder(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	s := make([]float64, 500000)
	for i := range s {
		s[i] = 1 / (1 + math.Exp(-4*r.NormFloat64()))
	}
	b.Run("radix", func(b *testing.B) {
		for range b.N {
			order(s, true)
		}
	})
	b.Run("comparison", func(b *testing.B) {
		for range b.N {
			referenceOrder(s, true)
		}
	})
}

// TestOrderGroupedMatchesOrder: rows whose values come from groups (ties
// within and across groups, -0 and 0, NaN, groups no row uses) are
// ordered as order orders them.
func TestOrderGroupedMatchesOrder(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(5, 6))
	special := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 5e-324, 1, 0.5, 0.5}
	for _, n := range []int{0, 1, 7, 1000, 50000} {
		for trial := range 3 {
			groups := 1 + r.IntN(n/4+2)
			gv := make([]float64, groups)
			for g := range gv {
				switch trial {
				case 0:
					gv[g] = r.Float64()
				case 1:
					gv[g] = float64(r.IntN(5)) // equal values in different groups
				default:
					gv[g] = special[r.IntN(len(special))]
				}
			}
			of := make([]int32, n)
			values := make([]float64, n)
			for i := range of {
				of[i] = int32(r.IntN(groups))
				values[i] = gv[of[i]]
			}
			for _, desc := range []bool{false, true} {
				got, want := orderGrouped(values, of, groups, desc), order(values, desc)
				if !slices.Equal(got, want) {
					t.Fatalf("n %d trial %d desc %v: orderGrouped differs from order", n, trial, desc)
				}
			}
		}
	}
}
