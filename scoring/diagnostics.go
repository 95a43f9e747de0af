package scoring

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// AliasTolerance is the rank-detection tolerance of R's glm (glm.control's
// epsilon is for convergence; the QR tolerance of glm.fit is 1e-7): a term
// is aliased when the part of its column not explained by the terms kept
// before it has a norm below 1e-7 times the column's norm.
const AliasTolerance = 1e-7

// classStats are the per-class summaries of one design column.
type classStats struct {
	n        [2]int     // rows of class 0 and 1
	min, max [2]float64 // extremes by class
	sum      [2]float64 // sum of x by class
	sumSq    [2]float64 // sum of (x-shift)^2 by class
	nonzero  [2]int     // rows with x != 0 by class
	shift    float64    // the value subtracted before squaring (x of the first row)
}

// mean returns the mean of x among rows of class c (NaN without rows).
func (s *classStats) mean(c int) float64 { return s.sum[c] / float64(s.n[c]) }

// lo and hi return the column's extremes over both classes.
func (s *classStats) lo() float64 { return math.Min(s.min[0], s.min[1]) }
func (s *classStats) hi() float64 { return math.Max(s.max[0], s.max[1]) }

// constant reports whether the column takes a single value.
func (s *classStats) constant() bool { return s.lo() == s.hi() }

// variance returns the population variance of x over all rows.
func (s *classStats) variance() float64 {
	n := float64(s.n[0] + s.n[1])
	m := (s.sum[0]+s.sum[1])/n - s.shift
	return math.Max((s.sumSq[0]+s.sumSq[1])/n-m*m, 0)
}

// columnStats summarizes every design column by class in one pass.
func (pr *problem) columnStats() []classStats {
	p := len(pr.d.Names)
	stats := make([]classStats, p)
	first := pr.d.Row(pr.row(0))
	for j := range stats {
		s := &stats[j]
		s.shift = first[j]
		for c := 0; c < 2; c++ {
			s.min[c], s.max[c] = math.Inf(1), math.Inf(-1)
		}
	}
	nchunks := (pr.n + chunkRows - 1) / chunkRows
	parts := make([][]classStats, nchunks)
	pr.forChunks(func(_, chunk, lo, hi int) {
		part := make([]classStats, p)
		copy(part, stats)
		for k := lo; k < hi; k++ {
			i := pr.row(k)
			neg, pos := pr.classCounts(i)
			x := pr.d.Row(i)
			for c, cnt := range [2]int{neg, pos} {
				if cnt == 0 {
					continue
				}
				f := float64(cnt)
				for j, v := range x {
					s := &part[j]
					s.n[c] += cnt
					if v < s.min[c] {
						s.min[c] = v
					}
					if v > s.max[c] {
						s.max[c] = v
					}
					s.sum[c] += f * v
					dv := v - s.shift
					s.sumSq[c] += f * dv * dv
					if v != 0 {
						s.nonzero[c] += cnt
					}
				}
			}
		}
		parts[chunk] = part
	})
	for _, part := range parts {
		for j := range stats {
			s, t := &stats[j], &part[j]
			for c := 0; c < 2; c++ {
				s.n[c] += t.n[c]
				s.min[c] = math.Min(s.min[c], t.min[c])
				s.max[c] = math.Max(s.max[c], t.max[c])
				s.sum[c] += t.sum[c]
				s.sumSq[c] += t.sumSq[c]
				s.nonzero[c] += t.nonzero[c]
			}
		}
	}
	return stats
}

// aliasedColumns applies the rule of R's QR with limited column pivoting
// (LINPACK dqrdc2, as used by glm.fit) to the columns of the q x q
// triangular factor r of X: in column order, a column is aliased when the
// norm of its component orthogonal to the columns kept before it is below
// tol times its own norm. The later of two collinear columns is the one
// dropped, as in R. (R carries the geometry of X, so this is the decision
// dqrdc2 takes on X itself.)
func aliasedColumns(r []float64, q int, tol float64) []bool {
	aliased := make([]bool, q)
	var basis [][]float64
	v := make([]float64, q)
	for j := 0; j < q; j++ {
		for i := 0; i < q; i++ {
			v[i] = r[i*q+j]
		}
		norm0 := floats.Norm(v, 2)
		if norm0 == 0 {
			aliased[j] = true
			continue
		}
		for pass := 0; pass < 2; pass++ { // Gram-Schmidt twice is enough
			for _, b := range basis {
				floats.AddScaled(v, -floats.Dot(b, v), b)
			}
		}
		norm := floats.Norm(v, 2)
		if norm < tol*norm0 {
			aliased[j] = true
			continue
		}
		b := make([]float64, q)
		floats.ScaleTo(b, 1/norm, v)
		basis = append(basis, b)
	}
	return aliased
}

// varianceInflation returns the variance inflation factor of each kept
// column but the first (the intercept), from the triangular factor r of
// all q columns:
//
//	VIF_j = 1 / (1 - R²_j),
//
// where R²_j is the R² of the regression of term j on the other kept terms
// and an intercept; equivalently VIF_j = |x̃_j|² [(X̃'X̃)^-1]_jj with X̃ the
// centered columns. With the intercept first, the trailing block of the
// triangular factor of the kept columns is the factor of X̃, so no
// cross-products are formed. vif[0] is NaN (the intercept); columns not
// kept get NaN.
func varianceInflation(r []float64, q int, kept []int) []float64 {
	vif := make([]float64, q)
	for j := range vif {
		vif[j] = math.NaN()
	}
	k := len(kept)
	if k < 2 {
		return vif
	}
	sub := mat.NewDense(q, k, nil)
	for i := 0; i < q; i++ {
		for c, j := range kept {
			sub.Set(i, c, r[i*q+j])
		}
	}
	var qr mat.QR
	qr.Factorize(sub)
	var rk mat.Dense
	qr.RTo(&rk)
	m := k - 1
	r22 := mat.NewTriDense(m, mat.Upper, nil)
	for i := 0; i < m; i++ {
		for j := i; j < m; j++ {
			r22.SetTri(i, j, rk.At(i+1, j+1))
		}
	}
	var inv mat.TriDense
	if err := inv.InverseTri(r22); err != nil {
		if _, ok := err.(mat.Condition); !ok {
			return vif
		}
	}
	raw := inv.RawTriangular()
	if raw.Uplo != blas.Upper {
		panic("scoring: unexpected triangle")
	}
	for c := 0; c < m; c++ {
		colNorm2, rowNorm2 := 0.0, 0.0
		for i := 0; i <= c; i++ {
			v := r22.At(i, c)
			colNorm2 += v * v
		}
		for j := c; j < m; j++ {
			v := inv.At(c, j)
			rowNorm2 += v * v
		}
		vif[kept[c+1]] = colNorm2 * rowNorm2
	}
	return vif
}
