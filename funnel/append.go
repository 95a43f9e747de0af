package funnel

import (
	"fmt"
	"math"
	"slices"
)

// tablePart is a file a table was appended from (Append): its name and
// its first row in the table.
type tablePart struct {
	source string
	first  int
}

// Append returns one table holding the rows of a and then those of b,
// two tables of one kind read into one Dict (two exports of touches):
// columns are matched by role, and attribute columns (no role) by header;
// a column of one table that the other lacks is missing on the other's
// rows, and a role whose headers differ is named by the role. Where names
// the file and line each row came from. A column of amounts keeps the
// currency either file named (Column.Currency). A role or header of two
// kinds (a value read as numbers in one file and as text in the other),
// or of amounts in two currencies, is an error naming both files and
// columns.
func Append(a, b *Table) (*Table, error) {
	if a.Kind != b.Kind || a.Dict != b.Dict {
		panic("funnel: Append of tables of two kinds or two Dicts")
	}
	n := a.Rows + b.Rows
	out := &Table{Kind: a.Kind, Source: a.Source + " and " + b.Source, Rows: n, Dict: a.Dict}
	out.parts = a.partsOrSelf()
	for _, p := range b.partsOrSelf() {
		p.first += a.Rows
		out.parts = append(out.parts, p)
	}
	used := make([]bool, len(b.Columns))
	for _, ca := range a.Columns {
		k := slices.IndexFunc(b.Columns, func(cb *Column) bool { return sameColumn(ca, cb) })
		var cb *Column
		if k >= 0 {
			cb, used[k] = b.Columns[k], true
			switch {
			case cb.Kind != ca.Kind && ca.Role == "":
				out.Columns = append(out.Columns, joinAsText(a, ca, b, cb))
				continue
			case cb.Kind != ca.Kind:
				return nil, fmt.Errorf("%s: column %q is %s, %s: column %q is %s: they cannot be read as one column", a.Source, ca.Name, ca.Kind, b.Source, cb.Name, cb.Kind)
			case ca.Currency != "" && cb.Currency != "" && ca.Currency != cb.Currency:
				return nil, fmt.Errorf("%s: column %q is in %s, %s: column %q is in %s: they cannot be read as one column", a.Source, ca.Name, ca.Currency, b.Source, cb.Name, cb.Currency)
			}
		}
		out.Columns = append(out.Columns, joinColumns(ca, a.Rows, cb, b.Rows))
	}
	for k, cb := range b.Columns {
		if !used[k] {
			out.Columns = append(out.Columns, joinColumns(nil, a.Rows, cb, b.Rows))
		}
	}
	if a.Lines != nil && b.Lines != nil {
		out.Lines = append(slices.Clip(a.Lines), b.Lines...)
	}
	out.Header = slices.Clone(a.Header)
	for _, h := range b.Header {
		if !slices.Contains(out.Header, h) {
			out.Header = append(out.Header, h)
		}
	}
	return out, nil
}

// partsOrSelf returns t's parts, or t as its one part.
func (t *Table) partsOrSelf() []tablePart {
	if t.parts != nil {
		return slices.Clone(t.parts)
	}
	return []tablePart{{source: t.Source}}
}

// sameColumn tells whether a and b are one column: the same role, or
// both without a role and the same header.
func sameColumn(a, b *Column) bool {
	if a.Role != "" || b.Role != "" {
		return a.Role == b.Role
	}
	return a.Name == b.Name
}

// joinColumns returns the column of a's na rows and then b's nb, either
// nil for a column one table lacks (missing values there); the layout is
// a's when it is there, and the name too, unless the two headers differ:
// then the role, the name both files bind, so that a message about a row
// of either names its column by a name its file answers to.
func joinColumns(a *Column, na int, b *Column, nb int) *Column {
	first := a
	if first == nil {
		first = b
	}
	name := first.Name
	if a != nil && b != nil && a.Name != b.Name {
		name = a.Role
	}
	c := &Column{Name: name, Role: first.Role, Kind: first.Kind, Layout: first.Layout,
		DateOnly: (a == nil || a.DateOnly) && (b == nil || b.DateOnly)}
	for _, src := range []*Column{a, b} {
		if src != nil && c.Currency == "" {
			c.Currency = src.Currency // the one both name (Append), or the one named
		}
	}
	part := func(src *Column, rows int) {
		if src == nil {
			c.Missing += rows
		} else {
			c.Missing += src.Missing
		}
		switch c.Kind {
		case KindText:
			c.Codes = appendOrFill(c.Codes, src, func(s *Column) []int32 { return s.Codes }, rows, NA)
		case KindNumber:
			c.Nums = appendOrFill(c.Nums, src, func(s *Column) []float64 { return s.Nums }, rows, math.NaN())
		case KindBool:
			c.Bools = appendOrFill(c.Bools, src, func(s *Column) []int8 { return s.Bools }, rows, -1)
		case KindTime:
			c.Times = appendOrFill(c.Times, src, func(s *Column) []int64 { return s.Times }, rows, NoTime)
		}
	}
	part(a, na)
	part(b, nb)
	return c
}

// appendOrFill appends src's values (of), or rows of missing when src is nil.
func appendOrFill[T any](dst []T, src *Column, of func(*Column) []T, rows int, missing T) []T {
	if src != nil {
		return append(dst, of(src)...)
	}
	for range rows {
		dst = append(dst, missing)
	}
	return dst
}

// joinAsText returns attribute column ca of a and then cb of b as one text
// column of their values as each table writes them (Table.Text).
func joinAsText(a *Table, ca *Column, b *Table, cb *Column) *Column {
	c := &Column{Name: ca.Name, Kind: KindText, Codes: make([]int32, 0, a.Rows+b.Rows)}
	for _, p := range []struct {
		t   *Table
		col *Column
	}{{a, ca}, {b, cb}} {
		for i := 0; i < p.t.Rows; i++ {
			code := NA
			if !p.col.IsNA(i) {
				code = a.Dict.Code(p.t.Text(p.col, i))
			} else {
				c.Missing++
			}
			c.Codes = append(c.Codes, code)
		}
	}
	return c
}
