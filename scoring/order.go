package scoring

import (
	"math"

	"github.com/funnel-analytics/funnel/internal/radix"
)

// order returns the row indices sorted by score, ascending or (desc)
// descending, ties in row order: a deterministic, stable ranking. NaN
// ranks below every number (above in descending order), -0 ties with 0,
// as cmp.Compare orders them.
//
// It is radix.Sort (the one radix sort, shared with velocity) on keys
// whose unsigned order is that order (sortKey), carrying the row indices:
// stable, so ties stay in row order, and O(n) where a comparison sort of
// 500,000 training scores took most of a fit's ranking time.
func order(scores []float64, desc bool) []int {
	n := len(scores)
	keys, idx := make([]uint64, n), make([]int32, n)
	for i, v := range scores {
		keys[i], idx[i] = sortKey(v, desc), int32(i)
	}
	radix.Sort(keys, idx, nil, nil)
	out := make([]int, n)
	for k, i := range idx {
		out[k] = int(i)
	}
	return out
}

// sortKey maps v to a uint64 whose unsigned order is cmp.Compare's order
// of the floats (NaN lowest, -0 = 0), reversed when desc.
func sortKey(v float64, desc bool) uint64 {
	var k uint64
	switch {
	case math.IsNaN(v):
		k = 0
	default:
		if v == 0 {
			v = 0 // -0 ties with 0
		}
		b := math.Float64bits(v)
		if b>>63 == 1 {
			k = ^b // negative: larger magnitude is smaller
		} else {
			k = b | 1<<63
		}
		if k == 0 { // only NaN takes 0
			k = 1
		}
	}
	if desc {
		k = ^k
	}
	return k
}

// orderGrouped is order for the rows of a Design of distinct rows, whose
// values are equal within a distinct row: values[i] is the value of
// distinct row of[i] (of groups). It sorts the groups' values, ranks them
// (equal values share a rank, as cmp.Compare says) and lays the rows out
// rank by rank, each rank's rows in row order: the order order gives, in
// O(rows + groups) and without order's 16 bytes of keys a row.
func orderGrouped(values []float64, of []int32, groups int, desc bool) []int {
	if len(of) != len(values) {
		panic("scoring: orderGrouped needs a group per value")
	}
	gv := make([]float64, groups)
	for i, g := range of {
		gv[g] = values[i]
	}
	rank := make([]int32, groups)
	r := int32(-1)
	var prev uint64
	for k, g := range order(gv, desc) {
		if key := sortKey(gv[g], desc); k == 0 || key != prev {
			r, prev = r+1, key
		}
		rank[g] = r
	}
	start := make([]int, r+2) // rows of rank below r, then the next free place of rank r
	for _, g := range of {
		start[rank[g]+1]++
	}
	for k := 1; k < len(start); k++ {
		start[k] += start[k-1]
	}
	out := make([]int, len(of))
	for i, g := range of {
		out[start[rank[g]]] = i
		start[rank[g]]++
	}
	return out
}
