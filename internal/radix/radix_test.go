package radix

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortHandWorked: keys worked out by hand, with the index they carry.
// 4096 = 2^12 has its only bit in the second digit, 2048 = 2^11 too, so
// the first digit (bits 0-10) is shared by 4096, 2048 and 0 and the sort
// must still order them by the second; equal keys 7 keep index order 1, 4.
func TestSortHandWorked(t *testing.T) {
	t.Parallel()
	keys := []uint64{4096, 7, 2048, 0, 7, 1 << 63}
	idx := []int32{0, 1, 2, 3, 4, 5}
	Sort(keys, idx, nil, nil)
	if want := []uint64{0, 7, 7, 2048, 4096, 1 << 63}; !slices.Equal(keys, want) {
		t.Errorf("keys %v, want %v", keys, want)
	}
	if want := []int32{3, 1, 4, 2, 0, 5}; !slices.Equal(idx, want) {
		t.Errorf("idx %v, want %v", idx, want)
	}
	// All keys equal: no pass at all, idx untouched.
	keys, idx = []uint64{9, 9, 9}, []int32{2, 0, 1}
	Sort(keys, idx, nil, nil)
	if !slices.Equal(idx, []int32{2, 0, 1}) {
		t.Errorf("equal keys moved: %v", idx)
	}
}

// TestSortMatchesStableSort: random keys of several spans (one digit, an
// odd and an even number of digits, all 64 bits), with and without an
// index, against slices.SortStableFunc; scratch space reused across calls.
func TestSortMatchesStableSort(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	var tmp []int64
	var tmpIdx []int32
	for _, n := range []int{0, 1, 2, 511, 5000, 100000} {
		for _, span := range []int64{1, 7, 86400, 1 << 40, 1 << 62} {
			x := make([]int64, n)
			for i := range x {
				x[i] = rng.Int64N(span)
			}
			want := slices.Clone(x)
			slices.Sort(want)
			keysOnly := slices.Clone(x)
			tmp, tmpIdx = Sort(keysOnly, nil, tmp, tmpIdx)
			if !slices.Equal(keysOnly, want) {
				t.Fatalf("n %d span %d: keys not sorted", n, span)
			}
			idx := make([]int32, n)
			for i := range idx {
				idx[i] = int32(i)
			}
			wantIdx := slices.Clone(idx)
			slices.SortStableFunc(wantIdx, func(a, b int32) int { return cmp.Compare(x[a], x[b]) })
			tmp, tmpIdx = Sort(x, idx, tmp, tmpIdx)
			if !slices.Equal(x, want) || !slices.Equal(idx, wantIdx) {
				t.Fatalf("n %d span %d: indexed sort differs from the stable sort", n, span)
			}
		}
	}
	u := []uint64{1<<64 - 1, 1 << 63, 0, 1<<63 - 1}
	Sort(u, nil, nil, nil)
	if !slices.Equal(u, []uint64{0, 1<<63 - 1, 1 << 63, 1<<64 - 1}) {
		t.Errorf("uint64 keys by their top bits: %v", u)
	}
}
