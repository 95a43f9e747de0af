package funnel

import (
	"fmt"
	"math"
)

// Kind is the type of a column's values.
type Kind uint8

// Column kinds.
const (
	KindText   Kind = iota + 1 // interned strings, Column.Codes
	KindNumber                 // float64, Column.Nums
	KindBool                   // 0/1, Column.Bools
	KindTime                   // Unix seconds, Column.Times
)

// String returns the kind's name: text, number, bool or time.
func (k Kind) String() string {
	switch k {
	case KindText:
		return "text"
	case KindNumber:
		return "number"
	case KindBool:
		return "bool"
	case KindTime:
		return "time"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Column is one typed column of a Table. Exactly one of the value slices is
// set, the one for its Kind; all have the Table's row count. Missing values
// are NA (text), NaN (number), -1 (bool) and NoTime (time); NaN never comes
// from the data, because ingest rejects NaN and Inf values.
type Column struct {
	Name     string    // header as written in the file
	Role     string    // canonical role it is bound to, "" for an attribute
	Kind     Kind      // type of the values
	Codes    []int32   // KindText: codes into the Table's Dict, NA when missing
	Nums     []float64 // KindNumber: NaN when missing
	Bools    []int8    // KindBool: 0 or 1, -1 when missing
	Times    []int64   // KindTime: Unix seconds (UTC), NoTime when missing
	DateOnly bool      // KindTime: every value was a date without a time of day
	Layout   string    // KindTime: the detected layout, e.g. "YYYY-MM-DD HH:MM:SS"
	// Currency is, for KindNumber, the ISO 4217 code of the currency its
	// amounts were written in ("$1,200" and "USD 1,200" are "USD"; ingest
	// allows one a column); "" when no value named one.
	Currency string
	Missing  int // number of missing values
}

// IsNA reports whether row i of c is missing.
func (c *Column) IsNA(i int) bool {
	switch c.Kind {
	case KindText:
		return c.Codes[i] == NA
	case KindNumber:
		return math.IsNaN(c.Nums[i])
	case KindBool:
		return c.Bools[i] < 0
	case KindTime:
		return c.Times[i] == NoTime
	}
	return true
}

// Table is a typed, columnar table read from one export file.
type Table struct {
	Kind    TableKind // which input it is (leads, touches, ...)
	Source  string    // file name as given by the user ("-" for stdin)
	Rows    int       // number of data rows
	Dict    *Dict     // strings of every text column (shared within a Dataset)
	Columns []*Column // in file order
	// Header holds every header of the file, in order, the columns not
	// read (ingest.Options.Keep) too; nil when not recorded.
	Header []string
	// Lines holds the source line (or sheet row) of each data row, so that
	// analyses can name the line of a bad value; nil when not recorded.
	Lines []int32
	// parts are the files of a table made by Append (nil: Source alone).
	parts []tablePart
}

// Role returns the column bound to role, or nil.
func (t *Table) Role(role string) *Column {
	if t == nil {
		return nil
	}
	for _, c := range t.Columns {
		if c.Role == role {
			return c
		}
	}
	return nil
}

// ContentItemHeaders and ContentURLHeaders name the touches' columns of
// the content item a touch read, by its name or id and by its page: the
// first of each list that the touches have (Named). Content stages join an
// inventory on them (package content); signals count the most read
// items by them (package signals).
var (
	ContentItemHeaders = []string{"item", "content_item", "content", "asset"}
	ContentURLHeaders  = []string{"url", "page_url", "page", "page_path"}
)

// Named returns the column whose header or role is name, or nil: a
// header equal to name first, then a role, then a header and then a role
// that is the same name by NameKey (case, spaces and punctuation aside),
// as headers bind to roles.
func (t *Table) Named(name string) *Column {
	if t == nil || name == "" {
		return nil
	}
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	if c := t.Role(name); c != nil {
		return c
	}
	k := NameKey(name)
	if k == "" {
		return nil
	}
	for _, c := range t.Columns {
		if NameKey(c.Name) == k {
			return c
		}
	}
	for _, c := range t.Columns {
		if c.Role != "" && NameKey(c.Role) == k {
			return c
		}
	}
	return nil
}

// TimeRole returns the column bound to role when it holds times, else nil.
func (t *Table) TimeRole(role string) *Column {
	c := t.Role(role)
	if c == nil || c.Kind != KindTime {
		return nil
	}
	return c
}

// Has reports whether the table has a column bound to role.
func (t *Table) Has(role string) bool { return t.Role(role) != nil }

// Text returns the string at row i of a text column (or the formatted value
// of any other kind), "" when missing.
func (t *Table) Text(c *Column, i int) string {
	switch c.Kind {
	case KindText:
		return t.Dict.String(c.Codes[i])
	case KindNumber:
		if math.IsNaN(c.Nums[i]) {
			return ""
		}
		return fmt.Sprint(c.Nums[i])
	case KindBool:
		switch c.Bools[i] {
		case 0:
			return "false"
		case 1:
			return "true"
		}
		return ""
	case KindTime:
		return FormatTime(c.Times[i], c.DateOnly)
	}
	return ""
}

// Where returns "file:line" for row i, for error messages.
func (t *Table) Where(i int) string {
	source, first := t.Source, 0
	for _, p := range t.parts { // in order of their first rows
		if p.first <= i {
			source, first = p.source, p.first
		}
	}
	if t.Lines != nil && i < len(t.Lines) {
		return fmt.Sprintf("%s:%d", source, t.Lines[i])
	}
	return fmt.Sprintf("%s:row %d", source, i-first+1)
}
