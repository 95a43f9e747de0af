package scoring

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// chunkRows is the number of rows of one unit of parallel work. Partial
// sums are kept per chunk and added in chunk order, so results do not
// depend on the number of CPUs: same input, same bits.
const chunkRows = 8192

// blockRows is the number of rows gathered into one column-major block for
// the SYRK-like accumulation of X'WX.
const blockRows = 256

// problem is the data of one fit: the target and the rows and columns of
// the Design that the model uses.
type problem struct {
	d    *Design
	y    []float64
	rows []int32 // rows used, nil for all
	cols []int   // design columns in the model, column 0 (intercept) first
	n    int     // number of rows used
	// wt is the number of rows each design row stands for when identical
	// rows are grouped (see grouped); nil: one each. y is then the share
	// of positives.
	wt []float64
}

func newProblem(d *Design, y []float64, rows []int32) *problem {
	n := d.Rows
	if rows != nil {
		n = len(rows)
	}
	return &problem{d: d, y: y, rows: rows, n: n}
}

// row returns the design row of the k-th used row.
func (pr *problem) row(k int) int {
	if pr.rows == nil {
		return k
	}
	return int(pr.rows[k])
}

// withCols returns a copy of pr using columns cols.
func (pr *problem) withCols(cols []int) *problem {
	c := *pr
	c.cols = cols
	return &c
}

// forChunks runs fn over the used rows in chunks of chunkRows, on up to
// GOMAXPROCS goroutines, and returns the number of chunks. fn gets the
// worker number (for per-worker scratch space) and the chunk number (for
// per-chunk results, which callers combine in chunk order so that results
// do not depend on the number of CPUs).
func (pr *problem) forChunks(fn func(worker, chunk, lo, hi int)) int {
	nchunks := (pr.n + chunkRows - 1) / chunkRows
	workers := min(runtime.GOMAXPROCS(0), nchunks)
	if workers <= 1 {
		for c := 0; c < nchunks; c++ {
			fn(0, c, c*chunkRows, min((c+1)*chunkRows, pr.n))
		}
		return nchunks
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for {
				c := int(next.Add(1) - 1)
				if c >= nchunks {
					return
				}
				fn(w, c, c*chunkRows, min((c+1)*chunkRows, pr.n))
			}
		}(w)
	}
	wg.Wait()
	return nchunks
}

// parallel runs fn over the used rows in chunks, each chunk writing its
// partial sums into a zeroed slice of length width, and returns their
// total, added in chunk order.
func (pr *problem) parallel(width int, fn func(worker, lo, hi int, out []float64)) []float64 {
	nchunks := (pr.n + chunkRows - 1) / chunkRows
	parts := make([]float64, nchunks*width)
	pr.forChunks(func(worker, c, lo, hi int) {
		fn(worker, lo, hi, parts[c*width:(c+1)*width])
	})
	sum := make([]float64, width)
	for c := 0; c < nchunks; c++ {
		for i, v := range parts[c*width : (c+1)*width] {
			sum[i] += v
		}
	}
	return sum
}

// logistic returns mu = 1/(1+exp(-eta)), the weight w = mu(1-mu) and the
// log-likelihood term y*eta - log(1+exp(eta)), computed without overflow.
func logistic(eta, y float64) (mu, w, ll float64) {
	e := math.Exp(-math.Abs(eta)) // in (0, 1]
	s := 1 + e
	w = e / (s * s)
	l := log1pSmall(e, s)
	if eta >= 0 {
		mu = 1 / s
		ll = (y-1)*eta - l
	} else {
		mu = e / s
		ll = y*eta - l
	}
	return mu, w, ll
}

// log1pSmall returns log(1+e) for e in [0, 1] given s = 1+e: math.Log
// (assembly on amd64) where 1+e loses nothing that matters, math.Log1p
// for small e.
func log1pSmall(e, s float64) float64 {
	if e < 1e-4 {
		return math.Log1p(e)
	}
	return math.Log(s)
}

// eta returns x'beta for design row i over the model's columns.
func (pr *problem) eta(i int, beta []float64) float64 {
	x := pr.d.Row(i)
	s := 0.0
	for j, c := range pr.cols {
		s += x[c] * beta[j]
	}
	return s
}

// sweepResult is what one pass over the rows computes at beta.
type sweepResult struct {
	loglik float64   // sum of y*eta - log(1+exp(eta))
	grad   []float64 // score X'(y - mu), or Firth's modified score
	info   []float64 // X'WX, q x q row-major (both triangles filled)
}

// sweep computes, in one streamed pass at beta, the log-likelihood, the
// score X'(y-mu) and the information X'WX (w = mu(1-mu)), accumulating
// X'WX block by block as a SYRK of sqrt(w)X: no n x n weight matrix, no
// per-row allocation.
func (pr *problem) sweep(beta []float64) sweepResult {
	q := len(pr.cols)
	width := 1 + q + q*q
	scratch := make([][]float64, runtime.GOMAXPROCS(0))
	sum := pr.parallel(width, func(worker, lo, hi int, out []float64) {
		if scratch[worker] == nil {
			scratch[worker] = make([]float64, q*blockRows)
		}
		a := scratch[worker]
		grad := out[1 : 1+q]
		info := blas64.Symmetric{N: q, Stride: q, Uplo: blas.Upper, Data: out[1+q:]}
		ll := 0.0
		for b0 := lo; b0 < hi; b0 += blockRows {
			nb := min(blockRows, hi-b0)
			for t := 0; t < nb; t++ {
				i := pr.row(b0 + t)
				x := pr.d.Row(i)
				eta := 0.0
				for j, c := range pr.cols {
					eta += x[c] * beta[j]
				}
				y, m := pr.y[i], pr.weight(i)
				mu, w, l := logistic(eta, y)
				ll += m * l
				r := m * (y - mu)
				sw := math.Sqrt(m * w)
				for j, c := range pr.cols {
					grad[j] += x[c] * r
					a[j*blockRows+t] = sw * x[c]
				}
			}
			blas64.Syrk(blas.NoTrans, 1, blas64.General{Rows: q, Cols: nb, Stride: blockRows, Data: a}, 1, info)
		}
		out[0] = ll
	})
	info := sum[1+q:]
	for j := 0; j < q; j++ {
		for k := 0; k < j; k++ {
			info[j*q+k] = info[k*q+j]
		}
	}
	return sweepResult{loglik: sum[0], grad: sum[1 : 1+q], info: info}
}

// firthScore computes Firth's modified score at beta,
//
//	U*_j = sum_i x_ij (y_i - mu_i + h_i (1/2 - mu_i)),
//
// where h_i = w_i x_i' (X'WX)^-1 x_i is the diagonal of the hat matrix
// W^1/2 X (X'WX)^-1 X' W^1/2, and u is the upper Cholesky factor of X'WX
// at beta (X'WX = u'u, so h_i = |u^-T sqrt(w_i) x_i|^2).
func (pr *problem) firthScore(beta []float64, u blas64.Triangular) []float64 {
	q := len(pr.cols)
	scratch := make([][]float64, runtime.GOMAXPROCS(0))
	return pr.parallel(q, func(worker, lo, hi int, grad []float64) {
		if scratch[worker] == nil {
			scratch[worker] = make([]float64, q*blockRows+2*blockRows)
		}
		a := scratch[worker][:q*blockRows]
		res := scratch[worker][q*blockRows : q*blockRows+blockRows]
		half := scratch[worker][q*blockRows+blockRows:]
		for b0 := lo; b0 < hi; b0 += blockRows {
			nb := min(blockRows, hi-b0)
			for t := 0; t < nb; t++ {
				i := pr.row(b0 + t)
				x := pr.d.Row(i)
				eta := 0.0
				for j, c := range pr.cols {
					eta += x[c] * beta[j]
				}
				m := pr.weight(i)
				mu, w, _ := logistic(eta, pr.y[i])
				res[t] = m * (pr.y[i] - mu)
				half[t] = 0.5 - mu
				sw := math.Sqrt(m * w) // h below is then the group's hat value, m times a row's
				for j, c := range pr.cols {
					a[j*blockRows+t] = sw * x[c]
				}
			}
			// a <- u^-T a: column t of a becomes u^-T sqrt(w_t) x_t.
			blas64.Trsm(blas.Left, blas.Trans, 1, u, blas64.General{Rows: q, Cols: nb, Stride: blockRows, Data: a})
			for t := 0; t < nb; t++ {
				h := 0.0
				for j := 0; j < q; j++ {
					z := a[j*blockRows+t]
					h += z * z
				}
				res[t] += h * half[t]
			}
			for t := 0; t < nb; t++ {
				i := pr.row(b0 + t)
				x := pr.d.Row(i)
				r := res[t]
				for j, c := range pr.cols {
					grad[j] += x[c] * r
				}
			}
		}
	})
}
