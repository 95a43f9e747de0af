package ingest

import (
	"math/bits"
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
// of a file, it parts hs by their top bits into buckets of some 1024 and
// finds the repeats of each in a set that stays in the caches: some 14 ns
// a hash, where a set of them all, probed a row at a time, misses the
// caches at every row (see rowSet).
func countRepeats(hs []uint64) (n, first int) {
	nb := bits.Len(uint(len(hs) >> 10)) // some 1024 hashes a bucket
	shift := uint(64 - nb)
	bucket := func(h uint64) uint64 {
		if nb == 0 {
			return 0
		}
		return h >> shift
	}
	start := make([]int, 1<<nb+1)
	for _, h := range hs {
		start[bucket(h)+1]++
	}
	for b := 1; b < len(start); b++ {
		start[b] += start[b-1]
	}
	sorted := make([]uint64, len(hs))
	next := append([]int(nil), start[:len(start)-1]...)
	for _, h := range hs {
		b := bucket(h)
		sorted[next[b]] = h
		next[b]++
	}
	repeated := map[uint64]bool{}
	var set rowSet // one bucket at a time: it stays in the caches
	for b := 0; b+1 < len(start); b++ {
		set.clear(start[b+1] - start[b])
		for _, h := range sorted[start[b]:start[b+1]] {
			if set.add(h) {
				n++
				repeated[h] = false
			}
		}
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
