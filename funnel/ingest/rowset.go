package ingest

import (
	"math/bits"
	"slices"
)

// rowSet is a set of 64-bit row hashes, for --dedupe (see
// loader.repeated): open addressing with linear probing in a power-of-two
// table kept at most half full, 0 standing for an empty slot. A row costs
// 16 bytes and one probe, about half of what a Go map costs; but a probe
// of a table larger than the caches is a cache miss, which made reading
// 1M touches 2.5 times as slow: without --dedupe the hashes are kept in
// order and counted at the end instead (countRepeats).
type rowSet struct {
	slots []uint64
	n     int
	zero  bool // holds 0
}

// add adds h and reports whether it was there already.
func (s *rowSet) add(h uint64) (seen bool) {
	if h == 0 { // 0 marks an empty slot
		seen, s.zero = s.zero, true
		return seen
	}
	if 2*(s.n+1) > len(s.slots) {
		s.grow()
	}
	mask := uint64(len(s.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case h:
			return true
		case 0:
			s.slots[i] = h
			s.n++
			return false
		}
	}
}

// clear empties the set, with room for n hashes.
func (s *rowSet) clear(n int) {
	size := 1024
	for size < 2*n {
		size *= 2
	}
	if size > cap(s.slots) {
		s.slots = make([]uint64, size)
	} else {
		s.slots = s.slots[:size]
		clear(s.slots)
	}
	s.n, s.zero = 0, false
}

// reserve makes room for n hashes in all, so that a table of a known size
// is not rehashed as it grows.
func (s *rowSet) reserve(n int) {
	for 2*n > len(s.slots) {
		s.grow()
	}
}

// grow doubles the table (1024 slots first) and rehashes it.
func (s *rowSet) grow() {
	old := s.slots
	s.slots = make([]uint64, max(2*len(old), 1024))
	mask := uint64(len(s.slots) - 1)
	for _, h := range old {
		if h == 0 {
			continue
		}
		i := h & mask
		for s.slots[i] != 0 {
			i = (i + 1) & mask
		}
		s.slots[i] = h
	}
}

// countRepeats counts the hashes of hs that equal an earlier one, and
// returns the index of the first (-1 when none). Called once, at the end
// of a file. A set of all the hashes, probed a row at a time, misses the
// caches at every row (see rowSet); so hs is read in passes, each taking
// the hashes of one range of top bits (some 1M, into a buffer reused from
// pass to pass, never a copy of hs), which are parted by their next bits
// into buckets of some 1024 whose repeats a set that stays in the caches
// finds: some 14 ns a hash, and 16 bytes a hash of a pass at the most.
func countRepeats(hs []uint64) (n, first int) {
	pb := bits.Len(uint(len(hs) >> 20)) // passes: 2^pb, some 1M hashes each
	repeated := map[uint64]bool{}
	var chunk, sorted []uint64
	var set rowSet
	for p := range uint64(1) << pb {
		chunk = chunk[:0]
		for _, h := range hs {
			if pb == 0 || h>>(64-pb) == p {
				chunk = append(chunk, h)
			}
		}
		sorted = countChunk(chunk, sorted, pb, &set, repeated, &n)
	}
	if n == 0 {
		return 0, -1
	}
	for i, h := range hs {
		if seen, ok := repeated[h]; ok {
			if seen {
				return n, i
			}
			repeated[h] = true
		}
	}
	return n, -1
}

// countChunk counts into n the repeats among the hashes of chunk, whose
// top pb bits are the same, and marks each repeated hash in repeated
// (false): it parts them by their next bits into buckets of some 1024
// (into sorted, which it returns for the next chunk) and finds the repeats
// of each bucket with set.
func countChunk(chunk, sorted []uint64, pb int, set *rowSet, repeated map[uint64]bool, n *int) []uint64 {
	nb := bits.Len(uint(len(chunk) >> 10)) // some 1024 hashes a bucket
	bucket := func(h uint64) uint64 {
		if nb == 0 {
			return 0
		}
		return h << uint(pb) >> uint(64-nb)
	}
	start := make([]int, 1<<nb+1)
	for _, h := range chunk {
		start[bucket(h)+1]++
	}
	for b := 1; b < len(start); b++ {
		start[b] += start[b-1]
	}
	sorted = slices.Grow(sorted[:0], len(chunk))[:len(chunk)]
	next := append([]int(nil), start[:len(start)-1]...)
	for _, h := range chunk {
		b := bucket(h)
		sorted[next[b]] = h
		next[b]++
	}
	for b := 0; b+1 < len(start); b++ {
		set.clear(start[b+1] - start[b])
		for _, h := range sorted[start[b]:start[b+1]] {
			if set.add(h) {
				*n++
				repeated[h] = false
			}
		}
	}
	return sorted
}
