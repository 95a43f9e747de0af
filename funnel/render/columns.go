package render

import (
	"fmt"
	"math"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"github.com/funnel-analytics/funnel/funnel"
)

// colKind is the type of a table column as the renderers see it.
type colKind int

const (
	kindString colKind = iota + 1
	kindInt
	kindFloat
	kindBool
)

// column is one column of a result table, read out of its gota series once
// so that every renderer sees the same typed values. na marks missing
// values of every kind; for floats NaN is missing too.
type column struct {
	name   string
	kind   colKind
	strs   []string
	ints   []int
	floats []float64
	bools  []bool
	na     []bool
	// guarded marks string values that went through GuardFormula already
	// (or must not: numbers written as text), so writers leave them as
	// they are.
	guarded bool
	// currency is the ISO 4217 code of a number column's amounts
	// (funnel.Report.Currencies), "" when none is known.
	currency string
}

// numeric reports whether the column holds numbers (right-aligned).
func (c *column) numeric() bool { return c.kind == kindInt || c.kind == kindFloat }

// frame is a result table ready to write.
type frame struct {
	name  string
	rows  int
	cols  []column
	units []funnel.Unit // the unit of each row's numbers (Report.RowUnits), nil for none
	// moneyRows is the currency of the rows units calls money
	// (Report.Currencies' column ""), "" when none is known.
	moneyRows string
}

// reportFrame reads table t of r with what the report says of its rows'
// units and its columns' currencies.
func reportFrame(r *funnel.Report, t funnel.NamedFrame) (frame, error) {
	fr, err := readFrame(t.Name, t.Frame)
	if err != nil {
		return frame{}, err
	}
	if u := r.RowUnits[t.Name]; len(u) == fr.rows {
		fr.units = u
	}
	fr.moneyRows = r.Currency(t.Name, "")
	for j := range fr.cols {
		if fr.cols[j].numeric() {
			fr.cols[j].currency = r.Currency(t.Name, fr.cols[j].name)
		}
	}
	return fr, nil
}

// readFrame reads a gota DataFrame into typed columns.
func readFrame(name string, df dataframe.DataFrame) (frame, error) {
	if df.Err != nil {
		return frame{}, fmt.Errorf("render: table %s: %w", name, df.Err)
	}
	fr := frame{name: name, rows: df.Nrow()}
	for _, cn := range df.Names() {
		s := df.Col(cn)
		if s.Err != nil {
			return frame{}, fmt.Errorf("render: table %s column %s: %w", name, cn, s.Err)
		}
		c, err := readSeries(cn, s)
		if err != nil {
			return frame{}, fmt.Errorf("render: table %s: %w", name, err)
		}
		fr.cols = append(fr.cols, c)
	}
	return fr, nil
}

func readSeries(name string, s series.Series) (column, error) {
	n := s.Len()
	c := column{name: name, na: make([]bool, n)}
	switch s.Type() {
	case series.String:
		c.kind = kindString
		c.strs = make([]string, n)
		for i := range n {
			e := s.Elem(i)
			if e.IsNA() {
				c.na[i] = true
				continue
			}
			c.strs[i] = e.String()
		}
	case series.Int:
		c.kind = kindInt
		c.ints = make([]int, n)
		for i := range n {
			e := s.Elem(i)
			if e.IsNA() {
				c.na[i] = true
				continue
			}
			v, err := e.Int()
			if err != nil {
				return column{}, fmt.Errorf("column %s row %d: %w", name, i+1, err)
			}
			c.ints[i] = v
		}
	case series.Float:
		c.kind = kindFloat
		c.floats = make([]float64, n)
		for i := range n {
			e := s.Elem(i)
			v := e.Float()
			if e.IsNA() || math.IsNaN(v) {
				c.na[i] = true
				v = math.NaN()
			}
			c.floats[i] = v
		}
	case series.Bool:
		c.kind = kindBool
		c.bools = make([]bool, n)
		for i := range n {
			e := s.Elem(i)
			if e.IsNA() {
				c.na[i] = true
				continue
			}
			v, err := e.Bool()
			if err != nil {
				return column{}, fmt.Errorf("column %s row %d: %w", name, i+1, err)
			}
			c.bools[i] = v
		}
	default:
		return column{}, fmt.Errorf("column %s: unsupported series type %q", name, s.Type())
	}
	return c, nil
}
