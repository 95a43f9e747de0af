package ingest

import (
	"math/rand/v2"
	"testing"
)

// TestCountRepeats: hashes 5 and 7 each repeat (7 twice), 0 is a value
// like any other; the first repeat is at index 3.
func TestCountRepeats(t *testing.T) {
	t.Parallel()
	hs := []uint64{7, 5, 0, 7, 9, 5, 7}
	if n, first := countRepeats(hs); n != 3 || first != 3 {
		t.Errorf("countRepeats = %d, %d; want 3, 3", n, first)
	}
	if n, first := countRepeats([]uint64{1, 2, 3}); n != 0 || first != -1 {
		t.Errorf("no repeats: %d, %d", n, first)
	}
	// Many buckets: 100,000 distinct random hashes, then index 50,000's
	// again at the end.
	rng := rand.New(rand.NewPCG(1, 2))
	big := make([]uint64, 100_000)
	for i := range big {
		big[i] = rng.Uint64()
	}
	big = append(big, big[50_000])
	if n, first := countRepeats(big); n != 1 || first != 100_000 {
		t.Errorf("big: %d, %d; want 1, 100000", n, first)
	}
	// Passes: 2.5M hashes are read in 4 passes of their top 2 bits; the
	// repeats (index 10 at the end, index 2,000,000 twice) fall in
	// different passes and are counted once each time they come again.
	huge := make([]uint64, 2_500_000)
	for i := range huge {
		huge[i] = rng.Uint64()
	}
	huge[2_000_000] = 3 << 62 // a pass of its own (top bits 11)
	huge[10] = 1 << 62        // top bits 01
	huge = append(huge, huge[10], huge[2_000_000], huge[2_000_000])
	if n, first := countRepeats(huge); n != 3 || first != 2_500_000 {
		t.Errorf("passes: %d, %d; want 3, 2500000", n, first)
	}
	var s rowSet
	for i, h := range hs {
		if seen := s.add(h); seen != (i == 3 || i == 5 || i == 6) {
			t.Errorf("rowSet.add(%d) at %d = %v", h, i, seen)
		}
	}
}

// BenchmarkCountRepeats counts the repeats of 1M distinct row hashes, the
// end-of-file cost of the repeat warning of a 1M-row touch file (ns/op
// over 1e6 is per row).
func BenchmarkCountRepeats(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	hs := make([]uint64, 1_000_000)
	for i := range hs {
		hs[i] = rng.Uint64()
	}
	for b.Loop() {
		countRepeats(hs)
	}
}
