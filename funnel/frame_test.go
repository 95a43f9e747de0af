package funnel

import (
	"math"
	"reflect"
	"slices"
	"testing"

	"github.com/go-gota/gota/series"
)

type frameLevel int

func (l frameLevel) String() string { return [...]string{"low", "high"}[l] }

type frameBase struct {
	ID string `table:"id"`
}

type frameRow struct {
	frameBase
	Count   int        `table:"count"`
	Rate    float64    `table:"rate"`
	Won     bool       `table:"won"`
	Level   frameLevel `table:"level"`
	skipped int
	Note    string `table:"-"`
	Big     uint32 `table:"big"`
}

// FrameOf makes the columns the hand-written builders made: the names and
// types of the tags in field order, the embedded struct's field first, a
// Stringer as its text, NaN as NA, omitted and untagged fields left out.
func TestFrameOf(t *testing.T) {
	rows := []frameRow{
		{frameBase{"a"}, 3, 0.25, true, 1, 7, "x", 9},
		{frameBase{"b"}, 0, math.NaN(), false, 0, 0, "", 0},
	}
	df := FrameOf(rows, "big")
	if got, want := df.Names(), []string{"id", "count", "rate", "won", "level"}; !slices.Equal(got, want) {
		t.Fatalf("columns %v, want %v", got, want)
	}
	want := []series.Type{series.String, series.Int, series.Float, series.Bool, series.String}
	for i, typ := range df.Types() {
		if typ != want[i] {
			t.Errorf("column %s is %s, want %s", df.Names()[i], typ, want[i])
		}
	}
	if got := df.Col("id").Records(); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("id %v", got)
	}
	if got := df.Col("level").Records(); !slices.Equal(got, []string{"high", "low"}) {
		t.Errorf("level %v", got)
	}
	if got := df.Col("rate").Records(); !slices.Equal(got, []string{"0.250000", "NaN"}) {
		t.Errorf("rate %v", got)
	}
	if got := df.Col("won").Records(); !slices.Equal(got, []string{"true", "false"}) {
		t.Errorf("won %v", got)
	}
	if n := FrameOf(rows).Ncol(); n != 6 {
		t.Errorf("without omit: %d columns, want 6", n)
	}
	if got := FrameOf([]*frameRow{&rows[1], &rows[0]}).Col("count").Records(); !slices.Equal(got, []string{"0", "3"}) {
		t.Errorf("pointers: count %v", got)
	}
	empty := FrameOf([]frameRow(nil))
	if empty.Nrow() != 0 || empty.Ncol() != 6 || empty.Types()[2] != series.Float {
		t.Errorf("empty: %d rows, %d columns, types %v", empty.Nrow(), empty.Ncol(), empty.Types())
	}
}

// InsertColumns puts the new columns before column at, keeping both
// tables' values.
func TestInsertColumns(t *testing.T) {
	t.Parallel()
	var base, two, none FrameBuilder
	base.Strings("a", []string{"a1", "a2"})
	base.Ints("b", []int{1, 2})
	two.Floats("x", []float64{0.5, 1.5})
	two.Strings("y", []string{"y1", "y2"})
	for _, c := range []struct {
		at   int
		cols *FrameBuilder
		want []string
	}{
		{0, &two, []string{"x", "y", "a", "b"}},
		{1, &two, []string{"a", "x", "y", "b"}},
		{2, &two, []string{"a", "b", "x", "y"}},
		{1, &none, []string{"a", "b"}},
	} {
		df := InsertColumns(base.Frame(), c.at, c.cols.Frame())
		if df.Err != nil {
			t.Fatalf("at %d: %v", c.at, df.Err)
		}
		if got := df.Names(); !reflect.DeepEqual(got, c.want) {
			t.Errorf("at %d: columns %v, want %v", c.at, got, c.want)
		}
		if got := df.Col("x"); c.cols == &two && !reflect.DeepEqual(got.Float(), []float64{0.5, 1.5}) {
			t.Errorf("at %d: x = %v", c.at, got.Float())
		}
		if got := df.Col("a").Records(); !reflect.DeepEqual(got, []string{"a1", "a2"}) {
			t.Errorf("at %d: a = %v", c.at, got)
		}
	}
}
