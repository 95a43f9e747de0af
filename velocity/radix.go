package velocity

import (
	"math/bits"
	"slices"
)

// sortSeconds sorts non-negative durations in place by an LSD radix sort
// on 11-bit digits (as many passes as the largest value needs), using tmp
// (grown as needed, returned for reuse). Short or negative-holding slices
// fall back to slices.Sort.
func sortSeconds(x, tmp []int64) []int64 {
	if len(x) < 512 {
		slices.Sort(x)
		return tmp
	}
	var hi uint64
	for _, v := range x {
		if v < 0 {
			slices.Sort(x)
			return tmp
		}
		hi |= uint64(v)
	}
	const digit = 11
	passes := (bits.Len64(hi) + digit - 1) / digit
	if cap(tmp) < len(x) {
		tmp = make([]int64, len(x))
	}
	tmp = tmp[:len(x)]
	src, dst := x, tmp
	var count [1 << digit]int
	for p := 0; p < passes; p++ {
		shift := uint(p * digit)
		clear(count[:])
		for _, v := range src {
			count[(uint64(v)>>shift)&(1<<digit-1)]++
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, v := range src {
			d := (uint64(v) >> shift) & (1<<digit - 1)
			dst[count[d]] = v
			count[d]++
		}
		src, dst = dst, src
	}
	if passes%2 == 1 {
		copy(x, src)
	}
	return tmp
}
