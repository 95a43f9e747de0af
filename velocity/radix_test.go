package velocity

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSortSeconds(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 511, 512, 5000, 100000} {
		for _, span := range []int64{1, 86400, 1 << 40, 1 << 62} {
			x := make([]int64, n)
			for i := range x {
				x[i] = rng.Int64N(span)
			}
			want := slices.Clone(x)
			slices.Sort(want)
			sortSeconds(x, nil)
			if !slices.Equal(x, want) {
				t.Fatalf("n %d span %d: not sorted", n, span)
			}
		}
	}
	x := []int64{5, -1, 3}
	x = append(x, make([]int64, 600)...)
	sortSeconds(x, nil)
	if !slices.IsSorted(x) {
		t.Error("negative values not sorted")
	}
}

// BenchmarkSortSeconds: 200,000 durations of up to 400 days (3 passes).

func BenchmarkSortSeconds(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	src := make([]int64, 200000)
	for i := range src {
		src[i] = r.Int64N(400 * 86400)
	}
	x, tmp := make([]int64, len(src)), []int64(nil)
	b.ResetTimer()
	for range b.N {
		copy(x, src)
		tmp = sortSeconds(x, tmp)
	}
}
