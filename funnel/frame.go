package funnel

import (
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
