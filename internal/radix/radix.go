// Package radix is the one radix sort of funnel: a least-significant-digit
// sort of 64-bit keys, optionally carrying an int32 payload (a row index),
// used by velocity (durations in seconds) and scoring (the ranking of
// scores, whose float bits it sorts as order-preserving uint64 keys).
package radix

// digit is the width of a digit in bits: 2048 counters fit in L1 and six
// passes cover 64 bits.
const digit = 11

// Sort sorts keys ascending by an LSD radix sort on 11-bit digits, in
// place. Keys compare as their uint64 bits, so int64 keys sort numerically
// only when none is negative (the caller checks). When idx is not nil
// (it must be as long as keys) it is permuted with keys; the sort is
// stable, so equal keys keep their order in idx.
//
// A digit every key shares is skipped (found from the OR and AND of the
// keys in one pass): durations below 2^33 seconds take 3 passes, scores in
// (0, 1) about 5. tmpKeys and tmpIdx are scratch, grown as needed and
// returned for reuse.
func Sort[K ~uint64 | ~int64](keys []K, idx []int32, tmpKeys []K, tmpIdx []int32) ([]K, []int32) {
	n := len(keys)
	if idx != nil && len(idx) != n {
		panic("radix: Sort needs an index per key")
	}
	if n < 2 {
		return tmpKeys, tmpIdx
	}
	or, and := uint64(0), ^uint64(0)
	for _, k := range keys {
		or, and = or|uint64(k), and&uint64(k)
	}
	differ := or ^ and
	if cap(tmpKeys) < n {
		tmpKeys = make([]K, n)
	}
	tmpKeys = tmpKeys[:n]
	if idx != nil {
		if cap(tmpIdx) < n {
			tmpIdx = make([]int32, n)
		}
		tmpIdx = tmpIdx[:n]
	}
	src, dst := keys, tmpKeys
	srcIdx, dstIdx := idx, tmpIdx
	const mask = 1<<digit - 1
	var count [1 << digit]int
	for shift := uint(0); shift < 64; shift += digit {
		if (differ>>shift)&mask == 0 {
			continue // every key has this digit
		}
		clear(count[:])
		for _, k := range src {
			count[(uint64(k)>>shift)&mask]++
		}
		sum := 0
		for d, c := range count {
			count[d], sum = sum, sum+c
		}
		if idx == nil {
			for _, k := range src {
				d := (uint64(k) >> shift) & mask
				dst[count[d]] = k
				count[d]++
			}
		} else {
			for j, k := range src {
				d := (uint64(k) >> shift) & mask
				dst[count[d]], dstIdx[count[d]] = k, srcIdx[j]
				count[d]++
			}
			srcIdx, dstIdx = dstIdx, srcIdx
		}
		src, dst = dst, src
	}
	if &src[0] != &keys[0] { // an odd number of passes: the result is in tmp
		copy(keys, src)
		if idx != nil {
			copy(idx, srcIdx)
		}
	}
	return tmpKeys, tmpIdx
}
