package scoring

import (
	"bytes"
	"hash/maphash"
	"math"
	"math/bits"
	"unsafe"
)

// groupMinRows is the number of rows from which grouping is tried: below
// it a pass over the rows costs less than finding the groups.
const groupMinRows = 4096

// grouped returns the problem with identical design rows merged: one row
// per distinct row of the design (over every column), in the order of
// first appearance, weighted by its number of rows (wt), with y the share
// of them that are positive, and of, the group of each used row. It
// returns pr and nil when the problem is small, or the
// rows are mostly distinct (fewer than two rows per group). The rows of a
// Design of distinct rows (see Design) are grouped by its row index, with
// no hashing: the groups are its distinct rows, renumbered when a subset
// of rows is used.
//
// The grouped problem is the binomial form of the same likelihood: a
// group of m rows with s positives adds s*eta - m*log(1+exp(eta)) =
// m*(s/m*eta - log(1+exp(eta))) to the log-likelihood, m*(s/m - mu)*x to
// the score and m*w*xx' to the information, so every pass (sweep,
// firthScore, qrFactor, columnStats, certifySeparation) gives what it
// gives on the rows, up to rounding, in a fraction of the time: lead
// features are mostly small counts and indicators, and on 500,000 leads
// with seven activity counts and an industry there are about 56,000
// distinct rows.
func (pr *problem) grouped() (*problem, []int32) {
	if pr.wt != nil || pr.n < groupMinRows {
		return pr, nil
	}
	d := pr.d
	// A group per distinct row, numbered in order of first use: of a
	// Design of distinct rows, its distinct rows (distinctRows); else the
	// rows found equal here.
	var set *rowSet
	var of, used []int32
	if d.Of != nil {
		_, used, of = d.distinctRows(pr.rows)
	} else {
		set, of = newRowSet(len(d.Names)), make([]int32, pr.n)
	}
	var m, s []float64 // the groups' counts and positives
	for k := 0; k < pr.n; k++ {
		i := pr.row(k)
		if set != nil {
			of[k], _ = set.add(d.Row(i))
		}
		g := of[k]
		if n := int(g); n == len(m) { // a new group
			if 2*n > pr.n || (k >= 1<<16 && 4*n > 3*k) {
				return pr, nil // mostly distinct rows: not worth it
			}
			m, s = append(m, 0), append(s, 0)
		}
		m[g]++
		s[g] += pr.y[i]
	}
	var x []float64 // the groups' rows
	if set != nil {
		x = set.rows()
	} else {
		x = d.distinctValues(used)
	}
	y := make([]float64, len(m))
	for g := range y {
		y[g] = s[g] / m[g]
	}
	gp := &problem{
		d:    &Design{Names: d.Names, X: x, Rows: len(m)},
		y:    y,
		wt:   m,
		cols: pr.cols,
		n:    len(m),
	}
	return gp, of
}

// rowSet numbers distinct rows of p values, equal bit for bit, in order
// of first appearance, and keeps one copy of each. The copies are kept in
// chunks that double in size (rowChunk0 rows, then twice as many, ...),
// so that adding rows never copies the rows before them: growing one
// slice by append copies each row about four times over and leaves the
// old copies to the collector (on 500k leads, 28 MB of fresh memory for
// 5 MB of rows).
type rowSet struct {
	p      int
	n      int         // distinct rows
	chunks [][]float64 // chunk k holds rows rowChunk0*(2^k-1) up to rowChunk0*(2^(k+1)-1), row-major
	slots  []int32     // row number+1, 0 = empty; at most half full
	seed   maphash.Seed
}

// rowChunk0 is the number of rows of a rowSet's first chunk.
const rowChunk0 = 64

func newRowSet(p int) *rowSet {
	return &rowSet{p: p, slots: make([]int32, 1<<12), seed: maphash.MakeSeed()}
}

func (s *rowSet) len() int { return s.n }

// row returns distinct row c.
func (s *rowSet) row(c int) []float64 {
	k := bits.Len(uint(c/rowChunk0+1)) - 1
	off := (c - rowChunk0*(1<<k-1)) * s.p
	return s.chunks[k][off : off+s.p : off+s.p]
}

// rows returns the distinct rows, row-major, in one slice (the chunk
// itself when there is one).
func (s *rowSet) rows() []float64 {
	if len(s.chunks) == 1 {
		return s.chunks[0][:s.n*s.p]
	}
	x := make([]float64, 0, s.n*s.p)
	for _, ch := range s.chunks {
		x = append(x, ch[:min(len(ch), s.n*s.p-len(x))]...)
	}
	return x
}

func (s *rowSet) hash(r []float64) uint64 { return maphash.Bytes(s.seed, rowBytes(r)) }

func rowBytes(r []float64) []byte { return unsafe.Slice((*byte)(unsafe.Pointer(&r[0])), 8*len(r)) }

// add returns the number of r's distinct row, and whether it is new (r
// is then copied).
func (s *rowSet) add(r []float64) (int32, bool) {
	mask := uint64(len(s.slots) - 1)
	slot := s.hash(r) & mask
	for ; s.slots[slot] != 0; slot = (slot + 1) & mask {
		c := int(s.slots[slot] - 1)
		if bytes.Equal(rowBytes(r), rowBytes(s.row(c))) {
			return int32(c), false
		}
	}
	g := s.n
	if g == rowChunk0*(1<<len(s.chunks)-1) { // the chunks are full
		s.chunks = append(s.chunks, make([]float64, rowChunk0<<len(s.chunks)*s.p))
	}
	s.n++
	copy(s.row(g), r)
	s.slots[slot] = int32(g) + 1
	if n := g + 1; 2*n > len(s.slots) {
		s.slots = make([]int32, 2*len(s.slots))
		mask = uint64(len(s.slots) - 1)
		for c := range n {
			sl := s.hash(s.row(c)) & mask
			for s.slots[sl] != 0 {
				sl = (sl + 1) & mask
			}
			s.slots[sl] = int32(c) + 1
		}
	}
	return int32(g), true
}

// weight returns the number of rows that design row i stands for.
func (pr *problem) weight(i int) float64 {
	if pr.wt == nil {
		return 1
	}
	return pr.wt[i]
}

// classCounts returns how many of the rows that design row i stands for
// are negative and positive.
func (pr *problem) classCounts(i int) (neg, pos int) {
	if pr.wt == nil {
		if pr.y[i] == 1 {
			return 0, 1
		}
		return 1, 0
	}
	m := pr.wt[i]
	ps := math.Round(pr.y[i] * m)
	return int(m - ps), int(ps)
}
