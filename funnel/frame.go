package funnel

import (
	"fmt"
	"reflect"
	"slices"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

// FrameBuilder collects the columns of one report table in order; Frame
// returns the table. The zero value is an empty builder. It is shared by
// the analyses that build their tables column by column (velocity,
// market), so that a column's gota type follows from its Go type in one
// place.
type FrameBuilder struct{ cols []series.Series }

// Strings adds a text column.
func (f *FrameBuilder) Strings(name string, v []string) {
	f.cols = append(f.cols, series.New(v, series.String, name))
}

// Ints adds an integer column.
func (f *FrameBuilder) Ints(name string, v []int) {
	f.cols = append(f.cols, series.New(v, series.Int, name))
}

// Floats adds a number column (NaN is shown as NA).
func (f *FrameBuilder) Floats(name string, v []float64) {
	f.cols = append(f.cols, series.New(v, series.Float, name))
}

// Bools adds a boolean column.
func (f *FrameBuilder) Bools(name string, v []bool) {
	f.cols = append(f.cols, series.New(v, series.Bool, name))
}

// GroupColumns adds one text column per name for the n rows of a grouped
// table: column j holds value j of each row's group labels (group(i)).
func (f *FrameBuilder) GroupColumns(names []string, n int, group func(i int) []string) {
	for j, name := range names {
		v := make([]string, n)
		for i := range v {
			v[i] = group(i)[j]
		}
		f.Strings(name, v)
	}
}

// Frame returns the table of the columns added so far.
func (f *FrameBuilder) Frame() dataframe.DataFrame { return dataframe.New(f.cols...) }

// FrameOf returns the table of rows (structs, or pointers to structs, none
// nil), one row per element: one column per
// exported field tagged `table:"name"`, in the order of the fields, typed
// by the field's Go type: a string or fmt.Stringer is text, an integer is
// an Int column, a float a Float column (NaN shown as NA), a bool a Bool
// column. Fields of an embedded struct are columns in its place. Columns
// named in omit are left out (a table whose optional columns apply to
// some runs only). It reads the fields by reflection, which suits result
// tables of up to some thousands of rows; a table with a row per lead is
// built column by column with a FrameBuilder.
//
// A field of another type panics: that is a programming error the tests
// of the table's package find, not a data error.
func FrameOf[T any](rows []T, omit ...string) dataframe.DataFrame {
	var f FrameBuilder
	v := reflect.ValueOf(rows)
	elem := reflect.TypeOf((*T)(nil)).Elem()
	ptr := elem.Kind() == reflect.Pointer
	if ptr {
		elem = elem.Elem()
	}
	for _, c := range tableColumns(elem, nil) {
		if slices.Contains(omit, c.name) {
			continue
		}
		cell := func(i int) reflect.Value {
			if ptr {
				return v.Index(i).Elem().FieldByIndex(c.index)
			}
			return v.Index(i).FieldByIndex(c.index)
		}
		n := v.Len()
		switch {
		case c.typ.Implements(stringerType):
			s := make([]string, n)
			for i := range s {
				s[i] = cell(i).Interface().(fmt.Stringer).String()
			}
			f.Strings(c.name, s)
		case c.typ.Kind() == reflect.String:
			s := make([]string, n)
			for i := range s {
				s[i] = cell(i).String()
			}
			f.Strings(c.name, s)
		case c.typ.Kind() >= reflect.Int && c.typ.Kind() <= reflect.Int64:
			s := make([]int, n)
			for i := range s {
				s[i] = int(cell(i).Int())
			}
			f.Ints(c.name, s)
		case c.typ.Kind() >= reflect.Uint && c.typ.Kind() <= reflect.Uint64:
			s := make([]int, n)
			for i := range s {
				s[i] = int(cell(i).Uint())
			}
			f.Ints(c.name, s)
		case c.typ.Kind() == reflect.Float64 || c.typ.Kind() == reflect.Float32:
			s := make([]float64, n)
			for i := range s {
				s[i] = cell(i).Float()
			}
			f.Floats(c.name, s)
		case c.typ.Kind() == reflect.Bool:
			s := make([]bool, n)
			for i := range s {
				s[i] = cell(i).Bool()
			}
			f.Bools(c.name, s)
		default:
			panic(fmt.Sprintf("funnel.FrameOf: field %s of %s is a %s, not a table column type", c.name, elem, c.typ))
		}
	}
	return f.Frame()
}

var stringerType = reflect.TypeOf((*fmt.Stringer)(nil)).Elem()

// tableColumn is a tagged field: its column name, its index path (through
// embedded structs) and its type.
type tableColumn struct {
	name  string
	index []int
	typ   reflect.Type
}

// tableColumns lists the tagged fields of struct type t in order, the
// fields of embedded structs in their place.
func tableColumns(t reflect.Type, prefix []int) []tableColumn {
	var cols []tableColumn
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		index := append(append([]int(nil), prefix...), i)
		if sf.Anonymous && sf.Type.Kind() == reflect.Struct && sf.Tag.Get("table") == "" {
			cols = append(cols, tableColumns(sf.Type, index)...)
			continue
		}
		name := sf.Tag.Get("table")
		if name == "" || name == "-" || !sf.IsExported() {
			continue
		}
		cols = append(cols, tableColumn{name: name, index: index, typ: sf.Type})
	}
	return cols
}

// InsertColumns returns table df with the columns of table cols inserted
// before its column at (df.Ncol() appends them); cols without columns
// leaves df as it is. Result tables made by FrameOf use it for the
// columns a row's field cannot tag: the --by group columns of a []string
// field, a column per ladder stage.
func InsertColumns(df dataframe.DataFrame, at int, cols dataframe.DataFrame) dataframe.DataFrame {
	if cols.Ncol() == 0 {
		return df
	}
	n, k := df.Ncol(), cols.Ncol()
	order := make([]int, 0, n+k)
	for i := range at {
		order = append(order, i)
	}
	for i := range k {
		order = append(order, n+i)
	}
	for i := at; i < n; i++ {
		order = append(order, i)
	}
	return df.CBind(cols).Select(order)
}
