package scoring

import (
	"fmt"
	"math"
	"slices"
	"testing"
)

// denseCopy returns d with every row stored.
func denseCopy(d *Design) *Design {
	dense := NewDesign(d.Names[1:], d.Rows)
	for i := range d.Rows {
		copy(dense.Row(i), d.Row(i))
	}
	return dense
}

func TestDistinctDesignStoresEachRowOnce(t *testing.T) {
	t.Parallel()
	// Rows 0-5 of two terms; rows 0, 2 and 5 are equal, and so are 1 and
	// 4: three distinct rows, numbered in order of first appearance.
	rows := [][2]float64{{1, 0}, {2, 1}, {1, 0}, {0, 0}, {2, 1}, {1, 0}}
	d := DistinctDesign([]string{"a", "b"}, len(rows), func(i int, x []float64) {
		if x[0] != 1 || x[1] != 0 || x[2] != 0 {
			t.Fatalf("row %d starts as %v, want [1 0 0]", i, x)
		}
		x[1], x[2] = rows[i][0], rows[i][1]
	})
	if want := []int32{0, 1, 0, 2, 1, 0}; !slices.Equal(d.Of, want) {
		t.Fatalf("Of = %v, want %v", d.Of, want)
	}
	if want := []float64{1, 1, 0, 1, 2, 1, 1, 0, 0}; !slices.Equal(d.X, want) {
		t.Fatalf("X = %v, want %v", d.X, want)
	}
	for i, r := range rows {
		if got := d.Row(i); !slices.Equal(got, []float64{1, r[0], r[1]}) || d.At(i, 2) != r[1] {
			t.Errorf("row %d = %v, want [1 %v %v]", i, got, r[0], r[1])
		}
	}
	if d.Rows != 6 || d.distinct() != 3 || d.check() != nil {
		t.Errorf("rows %d, distinct %d, check %v", d.Rows, d.distinct(), d.check())
	}
	// -0 and 0 differ bit for bit: kept apart, as the regression's
	// grouping keeps them.
	z := DistinctDesign([]string{"a"}, 2, func(i int, x []float64) { x[1] = []float64{0, math.Copysign(0, -1)}[i] })
	if z.distinct() != 2 {
		t.Errorf("0 and -0 in %d distinct rows, want 2", z.distinct())
	}
	// A value that is not finite is named by its first row, as in a dense
	// design.
	bad := DistinctDesign([]string{"a"}, 3, func(i int, x []float64) { x[1] = []float64{1, math.NaN(), 1}[i] })
	dense := denseCopy(bad)
	if e1, e2 := bad.check(), dense.check(); e1 == nil || e2 == nil || e1.Error() != e2.Error() {
		t.Errorf("check: distinct %v, dense %v", e1, e2)
	}
	defer func() {
		if recover() == nil {
			t.Error("Set on a design of distinct rows did not panic")
		}
	}()
	d.Set(0, 1, 5)
}

func TestDistinctDesignFitsAsTheDenseDesign(t *testing.T) {
	t.Parallel()
	// BuildFeatures' design of distinct rows and a dense copy of it give
	// the same fit bit for bit: the regression groups the same rows in the
	// same order either way. Points, training scores, the model file's
	// fingerprint and cross-validation agree too.
	ds, _ := plantedDataset(20000, 5)
	f, err := BuildFeatures(ds, FeatureConfig{Target: "won_at", AsOf: day(1000, 0), Features: []string{"industry"}})
	if err != nil {
		t.Fatal(err)
	}
	d := f.Design
	if d.Of == nil || d.distinct() > d.Rows/2 {
		t.Fatalf("%d rows in %d distinct rows, want a design of distinct rows with at most half", d.Rows, d.distinct())
	}
	dense := denseCopy(d)
	var subset []int32
	for i := 1; i < d.Rows; i += 2 {
		subset = append(subset, int32(i))
	}
	for _, opts := range []LogisticOptions{{}, {Penalty: PenaltyFirth}, {Rows: subset}} {
		a, err := Logistic(d, f.Y, opts)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Logistic(dense, f.Y, opts)
		if err != nil {
			t.Fatal(err)
		}
		a.stats, b.stats = nil, nil
		// %v prints each float exactly (NaN too, which DeepEqual never finds equal).
		if fa, fb := fmt.Sprintf("%+v", *a), fmt.Sprintf("%+v", *b); fa != fb {
			t.Errorf("penalty %v, %d rows: the fits differ\n%s\n%s", opts.Penalty, len(opts.Rows), fa, fb)
		}
		sa, scoresA, wa := ScalePoints(d, opts.Rows, a)
		sb, scoresB, wb := ScalePoints(dense, opts.Rows, b)
		if fmt.Sprintf("%+v", *sa) != fmt.Sprintf("%+v", *sb) || !slices.Equal(scoresA, scoresB) || !slices.Equal(wa, wb) {
			t.Errorf("penalty %v, %d rows: points differ\n%+v\n%+v", opts.Penalty, len(opts.Rows), sa, sb)
		}
	}
	if fa, fb := fingerprint(d, f.Y), fingerprint(dense, f.Y); fa != fb {
		t.Errorf("fingerprint %s, dense %s", fa, fb)
	}
	ca, err := CrossValidate(d, f.Y, 3, 7, LogisticOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cb, err := CrossValidate(dense, f.Y, 3, 7, LogisticOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprintf("%+v", *ca) != fmt.Sprintf("%+v", *cb) {
		t.Errorf("cross-validation differs\n%+v\n%+v", ca, cb)
	}
}

// TestDistinctDesignInParts builds one design on one goroutine and on two
// (each numbering the distinct rows of half the rows, then merged): the
// same rows, numbered alike, in order of first appearance.
func TestDistinctDesignInParts(t *testing.T) {
	t.Parallel()
	const rows = 5000
	fill := func(i int, x []float64) {
		x[1] = float64(i * 7919 % 13) // 13 values, repeating
		if i%101 == 0 {
			x[2] = float64(i) // distinct rows, in both halves
		}
	}
	one := distinctDesign([]string{"a", "b"}, rows, 1, fill)
	two := distinctDesign([]string{"a", "b"}, rows, 2, fill)
	if !slices.Equal(one.Of, two.Of) || !slices.Equal(one.X, two.X) {
		t.Fatalf("in two parts: %d distinct rows, %d in one; numbering differs", two.distinct(), one.distinct())
	}
	// 13 values of a without b, plus the 50 rows with b set (i = 0 is
	// among the 13: its b is 0).
	if one.distinct() != 13+49 {
		t.Errorf("%d distinct rows, want 62", one.distinct())
	}
	// Numbered in order of first appearance: each row's number is at most
	// one more than the largest before it.
	top := int32(-1)
	for i, g := range two.Of {
		if g > top+1 {
			t.Fatalf("row %d is distinct row %d, after at most %d", i, g, top)
		}
		top = max(top, g)
	}
}
