package scoring

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
)

// InterceptName is the name of the intercept term, column 0 of every Design.
const InterceptName = "(intercept)"

// Design is a model matrix: Rows rows of len(Names) terms, stored
// row-major in X. Column 0 is the intercept (all ones, named
// InterceptName); the other columns are the terms: counts, numeric
// attributes, or 0/1 indicators named column=level.
//
// A dense Design (Of nil) holds every row: row i is X[i*Cols():(i+1)*Cols()].
// A Design of distinct rows (Of set, see DistinctDesign) holds each
// distinct row once, and row i is distinct row Of[i]: lead features are
// mostly small counts and indicators, so 500,000 leads may have 50,000
// distinct rows. Read rows with Row or At, which serve both.
type Design struct {
	Names []string  // term names; Names[0] == InterceptName
	X     []float64 // row-major values: Rows rows, or the distinct rows when Of is set
	Rows  int
	Of    []int32 // when set, the distinct row (of X) of each of the Rows rows
}

// NewDesign returns a Design of rows rows for the given terms (without the
// intercept, which it adds as column 0 and fills with ones); the other
// values are zero. It panics when a term is named like the intercept or
// twice.
func NewDesign(terms []string, rows int) *Design {
	if rows < 0 {
		panic("scoring: negative row count")
	}
	names := designNames(terms)
	p := len(names)
	x := make([]float64, rows*p)
	for i := 0; i < rows; i++ {
		x[i*p] = 1
	}
	return &Design{Names: names, X: x, Rows: rows}
}

// designNames returns the intercept and terms, and panics when a term is
// named like the intercept or twice.
func designNames(terms []string) []string {
	names := make([]string, 0, len(terms)+1)
	names = append(names, InterceptName)
	seen := map[string]bool{InterceptName: true}
	for _, t := range terms {
		if seen[t] {
			panic(fmt.Sprintf("scoring: term %q given twice", t))
		}
		seen[t] = true
		names = append(names, t)
	}
	return names
}

// DistinctDesign builds a Design of distinct rows (see Design) for the
// given terms (without the intercept, which it adds as column 0): row i
// is what fill(i, x) writes into x, whose intercept is 1 and whose other
// values are zero before each call. Rows equal bit for bit are stored
// once, numbered in order of first appearance. It panics when a term is
// named like the intercept or twice.
//
// A large design is built on two goroutines, each over half the rows, so
// fill must be safe to call for different rows at once.
func DistinctDesign(terms []string, rows int, fill func(i int, x []float64)) *Design {
	if rows < 0 {
		panic("scoring: negative row count")
	}
	return distinctDesign(terms, rows, distinctParts(rows), fill)
}

// distinctDesign is DistinctDesign on parts goroutines, each over
// 1/parts of the rows.
func distinctDesign(terms []string, rows, parts int, fill func(i int, x []float64)) *Design {
	names := designNames(terms)
	p := len(names)
	// Each part numbers the distinct rows of its rows; the first part's
	// set then takes the others' distinct rows in their order, which
	// numbers every distinct row in order of first appearance over all
	// rows.
	of := make([]int32, rows)
	sets := make([]*rowSet, parts)
	var wg sync.WaitGroup
	for k := range parts {
		wg.Go(func() {
			set := newRowSet(p)
			x := make([]float64, p)
			for i := rows * k / parts; i < rows*(k+1)/parts; i++ {
				clear(x)
				x[0] = 1
				fill(i, x)
				of[i], _ = set.add(x)
			}
			sets[k] = set
		})
	}
	wg.Wait()
	set := sets[0]
	for k := 1; k < parts; k++ {
		s := sets[k]
		renumber := make([]int32, s.len())
		for g := range renumber {
			renumber[g], _ = set.add(s.row(g))
		}
		for i := rows * k / parts; i < rows*(k+1)/parts; i++ {
			of[i] = renumber[of[i]]
		}
	}
	return &Design{Names: names, X: set.rows(), Rows: rows, Of: of}
}

// distinctParallelRows is the smallest design DistinctDesign builds on
// two goroutines.
const distinctParallelRows = 1 << 15

// distinctParts returns the number of goroutines DistinctDesign numbers
// the distinct rows of a design of rows rows on.
func distinctParts(rows int) int {
	if rows >= distinctParallelRows && runtime.GOMAXPROCS(0) > 1 {
		return 2
	}
	return 1
}

// Cols returns the number of columns, the intercept included.
func (d *Design) Cols() int { return len(d.Names) }

// Row returns row i (a view into X, intercept first; of a Design of
// distinct rows, shared with the rows equal to it).
func (d *Design) Row(i int) []float64 {
	if d.Of != nil {
		i = int(d.Of[i])
	}
	p := len(d.Names)
	return d.X[i*p : (i+1)*p : (i+1)*p]
}

// Set sets the value of term j (0 is the intercept) in row i of a dense
// Design; it panics on a Design of distinct rows, whose rows are shared.
func (d *Design) Set(i, j int, v float64) {
	if d.Of != nil {
		panic("scoring: Set on a design of distinct rows")
	}
	d.X[i*len(d.Names)+j] = v
}

// At returns the value of term j in row i.
func (d *Design) At(i, j int) float64 { return d.Row(i)[j] }

// distinct returns the number of rows X holds.
func (d *Design) distinct() int {
	if d.Of == nil {
		return d.Rows
	}
	return len(d.X) / len(d.Names)
}

// Term returns the column index of the term called name, or -1.
func (d *Design) Term(name string) int {
	for j, n := range d.Names {
		if n == name {
			return j
		}
	}
	return -1
}

// check panics on a malformed Design (a programming mistake) and returns an
// error naming the term and row of the first value that is not finite.
func (d *Design) check() error {
	p := len(d.Names)
	if p == 0 || d.Names[0] != InterceptName {
		panic("scoring: design without the intercept as column 0")
	}
	if d.Of == nil && len(d.X) != d.Rows*p {
		panic(fmt.Sprintf("scoring: design has %d values, want %d rows x %d terms", len(d.X), d.Rows, p))
	}
	if d.Of != nil && (len(d.Of) != d.Rows || len(d.X)%p != 0) {
		panic(fmt.Sprintf("scoring: design of distinct rows has %d values and %d row indexes, want a multiple of %d terms and %d", len(d.X), len(d.Of), p, d.Rows))
	}
	for k, v := range d.X {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			row := k / p
			if d.Of != nil { // the first row that is this distinct row
				row = slices.Index(d.Of, int32(row))
			}
			return fmt.Errorf("scoring: term %q has the value %v in row %d", d.Names[k%p], v, row+1)
		}
	}
	return nil
}

// distinctRows returns, for the given rows of a Design of distinct rows
// (every row when nil), a dense view of its distinct rows, the distinct
// rows those rows use (each once, in order of first use), and for each
// row the position of its distinct row among them.
func (d *Design) distinctRows(rows []int32) (*Design, []int32, []int32) {
	n := len(rows)
	if rows == nil {
		n = d.Rows
	}
	pos := make([]int32, d.distinct()) // position+1 among used, 0 = not used yet
	var used []int32
	of := make([]int32, n)
	for k := range n {
		i := k
		if rows != nil {
			i = int(rows[k])
		}
		g := d.Of[i]
		if pos[g] == 0 {
			used = append(used, g)
			pos[g] = int32(len(used))
		}
		of[k] = pos[g] - 1
	}
	return &Design{Names: d.Names, X: d.X, Rows: d.distinct()}, used, of
}

// distinctValues returns the values of the given distinct rows of a
// Design of distinct rows, in that order: X itself when they are all of
// its distinct rows in their order (every row used, as a rule).
func (d *Design) distinctValues(rows []int32) []float64 {
	identity := len(rows) == d.distinct()
	for k, g := range rows {
		identity = identity && int(g) == k
	}
	if identity {
		return d.X
	}
	p := len(d.Names)
	x := make([]float64, 0, len(rows)*p)
	for _, g := range rows {
		x = append(x, d.X[int(g)*p:int(g+1)*p]...)
	}
	return x
}
