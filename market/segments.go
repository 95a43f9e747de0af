package market

import (
	"slices"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/velocity"
)

// segments holds the market segments of each base row: none for a row
// that is not a target, one for most targets, and one per combination of
// its values for a target whose --by values hold several
// (Options.SplitValues: "API;Forecasting" is in segment API and in
// segment Forecasting).
type segments struct {
	first []int32           // a segment of each base row, -1 for none
	more  map[int32][]int32 // the further segments of split rows
}

func newSegments(rows int) *segments {
	s := &segments{first: make([]int32, rows)}
	for i := range s.first {
		s.first[i] = -1
	}
	return s
}

// add puts base row r in segment g (once).
func (s *segments) add(r int, g int32) {
	switch {
	case s.first[r] < 0:
		s.first[r] = g
	case s.first[r] == g || slices.Contains(s.more[int32(r)], g):
	default:
		if s.more == nil {
			s.more = map[int32][]int32{}
		}
		s.more[int32(r)] = append(s.more[int32(r)], g)
	}
}

// each calls fn with each segment of base row r.
func (s *segments) each(r int, fn func(g int32)) {
	if s.first[r] < 0 {
		return
	}
	fn(s.first[r])
	for _, g := range s.more[int32(r)] {
		fn(g)
	}
}

// splitMembers splits the multi-value --by values of rows 0..n-1 at sep:
// it returns the row of each member (one per combination of a row's
// values: "API;Forecasting" by region EMEA gives API/EMEA and
// Forecasting/EMEA) and the --by columns of the members, which hold their
// values (see ByColumn.Values). Only text columns split; a value of
// separators only is missing (""). When sep is "" or no value holds it,
// the members are the rows and the columns are cols.
func splitMembers(n int, cols []*velocity.ByColumn, sep string) (rowOf []int, members []*velocity.ByColumn) {
	text := func(bc *velocity.ByColumn, r int) string {
		if tr := bc.RowOf(r); tr >= 0 {
			return bc.Table.Text(bc.Col, tr)
		}
		return ""
	}
	split := false
	for _, bc := range cols {
		for r := 0; r < n && sep != "" && bc.Col.Kind == funnel.KindText && !split; r++ {
			split = strings.Contains(text(bc, r), sep)
		}
	}
	rowOf = make([]int, n)
	for r := range rowOf {
		rowOf[r] = r
	}
	if !split {
		return rowOf, cols
	}
	rowOf = rowOf[:0]
	vals := make([][]string, len(cols))
	per := make([][]string, len(cols))
	for r := 0; r < n; r++ {
		combos := 1
		for j, bc := range cols {
			v := text(bc, r)
			per[j] = per[j][:0]
			if bc.Col.Kind == funnel.KindText {
				per[j] = funnel.SplitValues(per[j], v, sep)
				v = ""
			}
			if len(per[j]) == 0 {
				per[j] = append(per[j], v)
			}
			combos *= len(per[j])
		}
		for c := 0; c < combos; c++ {
			k := c
			for j := len(cols) - 1; j >= 0; j-- {
				vals[j] = append(vals[j], per[j][k%len(per[j])])
				k /= len(per[j])
			}
			rowOf = append(rowOf, r)
		}
	}
	members = make([]*velocity.ByColumn, len(cols))
	for j, bc := range cols {
		members[j] = &velocity.ByColumn{Table: bc.Table, Col: bc.Col, Values: vals[j]}
	}
	return rowOf, members
}
