package attribution

import (
	"cmp"
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// sparseChain is the transient part of an absorbing Markov chain in CSR
// form: row s holds the probabilities p(s,t) of moving from transient
// state s to transient state t. Whatever probability a row lacks goes to
// the absorbing states (conversion, null).
type sparseChain struct {
	n        int
	rowStart []int32 // len n+1
	col      []int32
	p        []float64
	// visits, when set, weighs each state by how often the journeys visit
	// it (the coarse correction of solveGaussSeidel).
	visits []float64
	// denseMax is the largest block solved by dense LU; 0 means
	// denseBlockMax. Tests set it to force either path.
	denseMax int
}

// denseBlockMax is the largest strongly connected block solved by dense LU
// (gonum mat); larger blocks are solved by Gauss-Seidel sweeps to machine
// precision. Tests force either path with sparseChain.denseMax.
const denseBlockMax = 200

// gaussSeidelMaxSweeps bounds the sweeps of one iterative block solve.
const gaussSeidelMaxSweeps = 100000

// absorbSolver solves (I - Q) X = R on the states reachable from state 0
// through kept states, one strongly connected block at a time.
type absorbSolver struct {
	c     *sparseChain
	keep  []bool      // nil keeps every state
	rhs   [][]float64 // rhs[k][s]
	x     [][]float64 // x[k][s], zero outside the reachable kept states
	start [][]float64 // the iterative solves' first guess; nil: 0
	local []int32     // scratch: index of a state within its block, -1 otherwise
	// Tarjan state
	index, low []int32
	onStack    []bool
	stack      []int32
	counter    int32
	err        error
}

// solve returns X with (I - Q) X = R restricted to the states that are kept
// and reachable from state 0 (X is 0 elsewhere: a removed state absorbs
// into null). keep may be nil. The blocks are found by Tarjan's algorithm,
// which emits them in reverse topological order, so each block's exits are
// known when it is solved:
//
//	x_B = (I - Q_BB)^-1 (r_B + Q_B,out x_out)
func (c *sparseChain) solve(keep []bool, rhs, start [][]float64) ([][]float64, error) {
	s := &absorbSolver{c: c, keep: keep, rhs: rhs, start: start}
	s.x = make([][]float64, len(rhs))
	for k := range rhs {
		s.x[k] = make([]float64, c.n)
	}
	s.local = make([]int32, c.n)
	s.index = make([]int32, c.n)
	s.low = make([]int32, c.n)
	s.onStack = make([]bool, c.n)
	for i := range s.index {
		s.index[i] = -1
		s.local[i] = -1
	}
	if keep == nil || keep[0] {
		s.tarjan(0)
	}
	return s.x, s.err
}

func (s *absorbSolver) kept(v int32) bool { return s.keep == nil || s.keep[v] }

// tarjan runs an iterative Tarjan's strongly connected components search
// from root, solving each block as it is completed.
func (s *absorbSolver) tarjan(root int32) {
	type frame struct {
		v   int32
		pos int32
	}
	c := s.c
	visit := func(v int32) {
		s.index[v] = s.counter
		s.low[v] = s.counter
		s.counter++
		s.stack = append(s.stack, v)
		s.onStack[v] = true
	}
	visit(root)
	call := []frame{{root, c.rowStart[root]}}
	for len(call) > 0 {
		f := &call[len(call)-1]
		v := f.v
		if f.pos < c.rowStart[v+1] {
			w := c.col[f.pos]
			f.pos++
			if !s.kept(w) || c.p[f.pos-1] == 0 {
				continue
			}
			if s.index[w] < 0 {
				visit(w)
				call = append(call, frame{w, c.rowStart[w]})
			} else if s.onStack[w] && s.index[w] < s.low[v] {
				s.low[v] = s.index[w]
			}
			continue
		}
		call = call[:len(call)-1]
		if len(call) > 0 {
			u := call[len(call)-1].v
			if s.low[v] < s.low[u] {
				s.low[u] = s.low[v]
			}
		}
		if s.low[v] == s.index[v] {
			k := len(s.stack) - 1
			for s.stack[k] != v {
				k--
			}
			block := s.stack[k:]
			for _, b := range block {
				s.onStack[b] = false
			}
			if s.err == nil {
				s.err = s.solveBlock(block)
			}
			s.stack = s.stack[:k]
		}
	}
}

// solveBlock solves one strongly connected block whose exits are solved.
func (s *absorbSolver) solveBlock(block []int32) error {
	c := s.c
	nr := len(s.rhs)
	m := len(block)
	for i, v := range block {
		s.local[v] = int32(i)
	}
	defer func() {
		for _, v := range block {
			s.local[v] = -1
		}
	}()
	// b = r_B + Q_B,out x_out (x is still 0 inside the block).
	b := make([]float64, m*nr)
	selfLoop := false
	for i, v := range block {
		for k := 0; k < nr; k++ {
			sum := s.rhs[k][v]
			for e := c.rowStart[v]; e < c.rowStart[v+1]; e++ {
				if s.local[c.col[e]] < 0 {
					sum += c.p[e] * s.x[k][c.col[e]]
				}
			}
			b[i*nr+k] = sum
		}
		if m == 1 {
			for e := c.rowStart[v]; e < c.rowStart[v+1]; e++ {
				if c.col[e] == v && c.p[e] != 0 {
					selfLoop = true
				}
			}
		}
	}
	if m == 1 && !selfLoop {
		for k := 0; k < nr; k++ {
			s.x[k][block[0]] = b[k]
		}
		return nil
	}
	if denseMax := cmp.Or(s.c.denseMax, denseBlockMax); m <= denseMax {
		return s.solveDense(block, b)
	}
	return s.solveGaussSeidel(block, b)
}

// solveDense solves (I - Q_BB) X = b by LU with partial pivoting (gonum).
func (s *absorbSolver) solveDense(block []int32, b []float64) error {
	c := s.c
	nr := len(s.rhs)
	m := len(block)
	a := mat.NewDense(m, m, nil)
	for i, v := range block {
		a.Set(i, i, 1)
		for e := c.rowStart[v]; e < c.rowStart[v+1]; e++ {
			if l := s.local[c.col[e]]; l >= 0 {
				a.Set(i, int(l), a.At(i, int(l))-c.p[e])
			}
		}
	}
	var lu mat.LU
	lu.Factorize(a)
	var x mat.Dense
	if err := lu.SolveTo(&x, false, mat.NewDense(m, nr, b)); err != nil {
		var cond mat.Condition
		if !errors.As(err, &cond) {
			return fmt.Errorf("attribution: Markov chain solve: %w", err)
		}
		return fmt.Errorf("attribution: Markov chain block of %d states is singular (condition %.3g): %w", m, float64(cond), ErrNoConvergence)
	}
	for i, v := range block {
		for k := 0; k < nr; k++ {
			s.x[k][v] = x.At(i, k)
		}
	}
	return nil
}

// solveGaussSeidel solves (I - Q_BB) X = b by Gauss-Seidel sweeps, each
// followed by a coarse correction. I - Q_BB is a nonsingular M-matrix (every
// state of an absorbing chain reaches an absorbing state), so the sweeps
// converge, but at a rate of one minus the chance of leaving the block per
// step: on a long journey that revisits its states (a chain whose walk
// mixes fast but is absorbed only at the end) that is tens of thousands of
// sweeps. The slow error is then nearly constant over the block, and the
// correction removes it: with the residual ρ = b - (I - Q_BB) x and the
// states' visit counts w (sparseChain.visits; 1 when unknown),
//
//	x += α 1,   α = Σ w_i ρ_i / Σ w_i ℓ_i,   ℓ_i = 1 - Σ_{j in B} Q_ij
//
// (a Petrov-Galerkin correction on the one aggregate B: w is the chain's
// left visit vector, 1 the direction of the slow error). A sweep visits
// the block's states in the reverse of the order the search found them,
// so that a journey's later states, whose values the earlier ones need, are
// updated first. The sweeps start from the solver's first guess (the full
// chain's solution, for a removal) and stop when one changes no value by
// more than 1e-15 of the largest value or of the first guess (or, below
// 1e-12, when the changes stop shrinking: rounding noise).
func (s *absorbSolver) solveGaussSeidel(block []int32, b []float64) error {
	nr := len(s.rhs)
	g := s.blockSystem(block)
	m := len(block)
	x := make([]float64, m*nr)
	startAbs := 0.0 // the scale of the first guess: a solution of 0 converges to it
	if s.start != nil {
		for i, v := range block {
			for k := 0; k < nr; k++ {
				x[i*nr+k] = s.start[k][v]
				startAbs = math.Max(startAbs, math.Abs(x[i*nr+k]))
			}
		}
	}
	num := make([]float64, nr)
	prevDelta := math.Inf(1)
	for sweep := 0; sweep < gaussSeidelMaxSweeps; sweep++ {
		maxDelta, maxAbs := 0.0, startAbs
		for i := m - 1; i >= 0; i-- {
			for k := 0; k < nr; k++ {
				sum := b[i*nr+k]
				for e := g.rowStart[i]; e < g.rowStart[i+1]; e++ {
					sum += g.p[e] * x[int(g.col[e])*nr+k]
				}
				nv := sum / g.diag[i]
				if d := math.Abs(nv - x[i*nr+k]); d > maxDelta {
					maxDelta = d
				}
				if a := math.Abs(nv); a > maxAbs {
					maxAbs = a
				}
				x[i*nr+k] = nv
			}
		}
		if g.wLeak > 0 {
			clear(num)
			for i := 0; i < m; i++ {
				for k := 0; k < nr; k++ {
					res := b[i*nr+k] - g.diag[i]*x[i*nr+k]
					for e := g.rowStart[i]; e < g.rowStart[i+1]; e++ {
						res += g.p[e] * x[int(g.col[e])*nr+k]
					}
					num[k] += g.w[i] * res
				}
			}
			for k := 0; k < nr; k++ {
				alpha := num[k] / g.wLeak
				for i := 0; i < m; i++ {
					x[i*nr+k] += alpha
				}
				maxDelta = math.Max(maxDelta, math.Abs(alpha))
			}
		}
		// Converged, or stuck at the rounding floor.
		if maxDelta <= 1e-15*maxAbs || (maxDelta <= 1e-12*maxAbs && maxDelta >= prevDelta) {
			for i, v := range block {
				for k := 0; k < nr; k++ {
					s.x[k][v] = x[i*nr+k]
				}
			}
			return nil
		}
		prevDelta = maxDelta
	}
	return fmt.Errorf("attribution: block of %d states after %d sweeps: %w", len(block), gaussSeidelMaxSweeps, ErrNoConvergence)
}

// blockSystem is one block's part of I - Q in local indices: the
// off-diagonal transitions within the block in CSR form, the diagonal
// 1 - Q_ii, the visit weights w and Σ w_i ℓ_i (see solveGaussSeidel).
type blockSystem struct {
	rowStart []int32
	col      []int32
	p        []float64
	diag, w  []float64
	wLeak    float64
}

// blockSystem gathers the block's system from the chain (s.local holds
// the block's local indices).
func (s *absorbSolver) blockSystem(block []int32) *blockSystem {
	c := s.c
	m := len(block)
	g := &blockSystem{rowStart: make([]int32, m+1), diag: make([]float64, m), w: make([]float64, m)}
	for i, v := range block {
		leak := 1.0
		g.diag[i] = 1
		for e := c.rowStart[v]; e < c.rowStart[v+1]; e++ {
			l := s.local[c.col[e]]
			if l < 0 {
				continue
			}
			leak -= c.p[e]
			if int(l) == i {
				g.diag[i] -= c.p[e]
			} else {
				g.col = append(g.col, l)
				g.p = append(g.p, c.p[e])
			}
		}
		g.rowStart[i+1] = int32(len(g.col))
		g.w[i] = 1
		if c.visits != nil {
			g.w[i] = c.visits[v]
		}
		g.wLeak += g.w[i] * math.Max(leak, 0)
	}
	return g
}
