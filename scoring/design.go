package scoring

import (
	"fmt"
	"math"
)

// InterceptName is the name of the intercept term, column 0 of every Design.
const InterceptName = "(intercept)"

// Design is a dense model matrix: Rows rows of len(Names) terms, stored
// row-major in X (row i is X[i*Cols():(i+1)*Cols()]). Column 0 is the
// intercept (all ones, named InterceptName); the other columns are the
// terms: counts, numeric attributes, or 0/1 indicators named column=level.
type Design struct {
	Names []string  // term names; Names[0] == InterceptName
	X     []float64 // row-major values, Rows*len(Names)
	Rows  int
}

// NewDesign returns a Design of rows rows for the given terms (without the
// intercept, which it adds as column 0 and fills with ones); the other
// values are zero. It panics when a term is named like the intercept or
// twice.
func NewDesign(terms []string, rows int) *Design {
	if rows < 0 {
		panic("scoring: negative row count")
	}
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
	p := len(names)
	x := make([]float64, rows*p)
	for i := 0; i < rows; i++ {
		x[i*p] = 1
	}
	return &Design{Names: names, X: x, Rows: rows}
}

// Cols returns the number of columns, the intercept included.
func (d *Design) Cols() int { return len(d.Names) }

// Row returns row i (a view into X, intercept first).
func (d *Design) Row(i int) []float64 {
	p := len(d.Names)
	return d.X[i*p : (i+1)*p : (i+1)*p]
}

// Set sets the value of term j (0 is the intercept) in row i.
func (d *Design) Set(i, j int, v float64) { d.X[i*len(d.Names)+j] = v }

// At returns the value of term j in row i.
func (d *Design) At(i, j int) float64 { return d.X[i*len(d.Names)+j] }

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
	if len(d.X) != d.Rows*p {
		panic(fmt.Sprintf("scoring: design has %d values, want %d rows x %d terms", len(d.X), d.Rows, p))
	}
	for k, v := range d.X {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("scoring: term %q has the value %v in row %d", d.Names[k%p], v, k/p+1)
		}
	}
	return nil
}
