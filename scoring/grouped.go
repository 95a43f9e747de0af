package scoring

import (
	"bytes"
	"hash/maphash"
	"math"
	"unsafe"
)

// groupRows turns the grouping of identical rows on (see grouped); tests
// turn it off to compare both ways.
var groupRows = true

// groupMinRows is the number of rows from which grouping is tried: below
// it a pass over the rows costs less than finding the groups.
const groupMinRows = 4096

// grouped returns the problem with identical design rows merged: one row
// per distinct row of the design (over every column), in the order of
// first appearance, weighted by its number of rows (wt), with y the share
// of them that are positive, and of, the group of each used row. It
// returns pr and nil when grouping is off, the problem is small, or the
// rows are mostly distinct (fewer than two rows per group).
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
	if !groupRows || pr.wt != nil || pr.n < groupMinRows {
		return pr, nil
	}
	p := len(pr.d.Names)
	of := make([]int32, pr.n)
	size := 1 << 12
	slots := make([]int32, size) // group+1, 0 = empty
	var x, m, s []float64        // the groups' rows, counts and positives
	seed := maphash.MakeSeed()   // groups are numbered by first appearance, whatever the hash
	bytesOf := func(r []float64) []byte { return unsafe.Slice((*byte)(unsafe.Pointer(&r[0])), 8*len(r)) }
	hash := func(r []float64) uint64 { return maphash.Bytes(seed, bytesOf(r)) }
	same := func(a, b []float64) bool { return bytes.Equal(bytesOf(a), bytesOf(b)) } // bit for bit
	for k := 0; k < pr.n; k++ {
		i := pr.row(k)
		r := pr.d.X[i*p : (i+1)*p]
		mask := uint64(size - 1)
		g := int32(-1)
		h := hash(r)
		slot := h & mask
		for ; slots[slot] != 0; slot = (slot + 1) & mask {
			c := slots[slot] - 1
			if same(r, x[int(c)*p:int(c+1)*p]) {
				g = c
				break
			}
		}
		if g < 0 {
			g = int32(len(m))
			if 2*len(m) > pr.n || (k >= 1<<16 && 4*len(m) > 3*k) {
				return pr, nil // mostly distinct rows: not worth it
			}
			x = append(x, r...)
			m, s = append(m, 0), append(s, 0)
			slots[slot] = g + 1
			if 2*len(m) > size { // keep the table at most half full
				size *= 2
				slots = make([]int32, size)
				mask = uint64(size - 1)
				for c := range len(m) {
					sl := hash(x[c*p:(c+1)*p]) & mask
					for slots[sl] != 0 {
						sl = (sl + 1) & mask
					}
					slots[sl] = int32(c) + 1
				}
			}
		}
		of[k] = g
		m[g]++
		s[g] += pr.y[i]
	}
	y := make([]float64, len(m))
	for g := range y {
		y[g] = s[g] / m[g]
	}
	gp := &problem{
		d:    &Design{Names: pr.d.Names, X: x, Rows: len(m)},
		y:    y,
		wt:   m,
		cols: pr.cols,
		n:    len(m),
	}
	return gp, of
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
