package scoring

import (
	"math"
	"runtime"

	"gonum.org/v1/gonum/floats"
)

// qrFactor returns the q x q upper-triangular factor R of the QR
// decomposition X = QR of the model's columns over the used rows (row-major,
// signs of the diagonal unspecified). It streams the rows once: each chunk
// is reduced by Householder reflections of [R; block] (a TSQR), and the
// chunks' factors are merged in chunk order. R carries the geometry of X
// (column norms, angles, distances to spans) with the accuracy of a
// Householder QR, which is what R's glm uses for rank detection.
func (pr *problem) qrFactor() []float64 {
	q := len(pr.cols)
	scratch := make([][]float64, runtime.GOMAXPROCS(0))
	width := q * q
	parts := make([][]float64, (pr.n+chunkRows-1)/chunkRows)
	pr.forChunks(func(worker, chunk, lo, hi int) {
		if scratch[worker] == nil {
			scratch[worker] = make([]float64, q*blockRows)
		}
		a := scratch[worker]
		r := make([]float64, width)
		for b0 := lo; b0 < hi; b0 += blockRows {
			nb := min(blockRows, hi-b0)
			for t := 0; t < nb; t++ {
				i := pr.row(b0 + t)
				x := pr.d.Row(i)
				sw := math.Sqrt(pr.weight(i)) // a row standing for m rows: R'R = X'X either way
				for j, c := range pr.cols {
					a[j*blockRows+t] = sw * x[c]
				}
			}
			qrAppend(r, q, a, blockRows, nb)
		}
		parts[chunk] = r
	})
	r := make([]float64, width)
	a := make([]float64, q*q)
	for _, part := range parts {
		// Append the chunk's R as a block of q rows, column-major.
		for i := 0; i < q; i++ {
			for j := 0; j < q; j++ {
				a[j*q+i] = part[i*q+j]
			}
		}
		qrAppend(r, q, a, q, q)
	}
	return r
}

// qrAppend updates the upper-triangular q x q factor r (row-major) of a
// matrix M to the factor of M with nb more rows appended. The new rows are
// given column-major in a: column j is a[j*stride : j*stride+nb]; a is
// overwritten. It applies one Householder reflection per column to
// [r; a], in the convention of LAPACK's dlarfg.
func qrAppend(r []float64, q int, a []float64, stride, nb int) {
	for j := 0; j < q; j++ {
		v := a[j*stride : j*stride+nb]
		norm := floats.Norm(v, 2)
		if norm == 0 {
			continue
		}
		alpha := r[j*q+j]
		beta := -math.Copysign(math.Hypot(alpha, norm), alpha)
		tau := (beta - alpha) / beta
		floats.Scale(1/(alpha-beta), v)
		r[j*q+j] = beta
		for k := j + 1; k < q; k++ {
			ak := a[k*stride : k*stride+nb]
			f := tau * (r[j*q+k] + floats.Dot(v, ak))
			r[j*q+k] -= f
			floats.AddScaled(ak, -f, v)
		}
	}
}
