package scoring

import (
	"errors"
	"strings"
	"testing"
)

func TestSeparationNamed(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		design func(t *testing.T) (*Design, []float64)
		want   map[string]int // separated terms and their direction
		phrase string
	}{
		{
			// make_fixtures.R: partner is 1 on 15 rows, all won. R's glm
			// stops silently at partner = 16.4 (se 341, ref_separation.txt).
			"indicator all positive",
			func(t *testing.T) (*Design, []float64) { return leadsDesign(t, sepTerms) },
			map[string]int{"partner": +1},
			`every row with "partner" present is positive (15 rows)`,
		},
		{
			// x = 1..6, y = 0 0 0 1 1 1: complete separation by x alone.
			"numeric complete",
			func(t *testing.T) (*Design, []float64) {
				d := NewDesign([]string{"x"}, 6)
				for i := 0; i < 6; i++ {
					d.Set(i, 1, float64(i+1))
				}
				return d, []float64{0, 0, 0, 1, 1, 1}
			},
			// The intercept diverges with x (toward -Inf: the boundary
			// -c + x = 0 lies between 3 and 4), so it is marked too.
			map[string]int{"x": +1, InterceptName: -1},
			`"x" separates the outcome on its own (positives have x >= 4, negatives <= 3)`,
		},
		{
			// Neither a nor b separates alone, but a - b does: rows with
			// a > b are all positive, rows with a < b all negative, ties mixed
			// (quasi-complete separation found from the diverging fit).
			"two terms together",
			func(t *testing.T) (*Design, []float64) {
				rows := [][3]float64{ // a, b, y
					{1, 0, 1}, {2, 1, 1}, {3, 0, 1}, {0, 2, 0}, {1, 3, 0}, {2, 4, 0},
					{1, 1, 0}, {1, 1, 1}, {2, 2, 0}, {2, 2, 1}, {0, 0, 1}, {0, 0, 0},
					{3, 3, 1}, {3, 3, 0}, {4, 2, 1}, {2, 5, 0},
				}
				d := NewDesign([]string{"a", "b"}, len(rows))
				y := make([]float64, len(rows))
				for i, r := range rows {
					d.Set(i, 1, r[0])
					d.Set(i, 2, r[1])
					y[i] = r[2]
				}
				return d, y
			},
			map[string]int{"a": +1, "b": -1},
			`the fit diverges along "a", "b"`,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, y := c.design(t)
			reg, err := Logistic(d, y, LogisticOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for _, term := range reg.Terms {
				if term.Separated != c.want[term.Name] {
					t.Errorf("%s: Separated = %d, want %d", term.Name, term.Separated, c.want[term.Name])
				}
			}
			w := strings.Join(reg.Warnings, "\n")
			if !strings.Contains(w, c.phrase) || !strings.Contains(w, "--penalty firth") {
				t.Errorf("warnings %q lack %q and the remedy", reg.Warnings, c.phrase)
			}
			// The same data with Firth's penalty: finite, nothing flagged.
			firth, err := Logistic(d, y, LogisticOptions{Penalty: PenaltyFirth})
			if err != nil {
				t.Fatal(err)
			}
			for _, term := range firth.Terms {
				if term.Separated != 0 {
					t.Errorf("firth: %s flagged", term.Name)
				}
			}
		})
	}
}

func TestNoSeparationOnOrdinaryData(t *testing.T) {
	t.Parallel()
	d, y := leadsDesign(t, mainTerms)
	reg, err := Logistic(d, y, LogisticOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, term := range reg.Terms {
		if term.Separated != 0 {
			t.Errorf("%s flagged as separated", term.Name)
		}
	}
}

func TestLogisticDataErrors(t *testing.T) {
	t.Parallel()
	d := NewDesign([]string{"x"}, 3)
	d.Set(0, 1, 1)
	d.Set(1, 1, 2)
	if _, err := Logistic(d, []float64{0, 0, 0}, LogisticOptions{}); !errors.Is(err, ErrNoPositives) {
		t.Errorf("all negative: %v", err)
	}
	if _, err := Logistic(d, []float64{1, 1, 1}, LogisticOptions{}); !errors.Is(err, ErrNoNegatives) {
		t.Errorf("all positive: %v", err)
	}
	d.Set(2, 1, nan)
	_, err := Logistic(d, []float64{0, 1, 0}, LogisticOptions{})
	if err == nil || err.Error() != `scoring: term "x" has the value NaN in row 3` {
		t.Errorf("NaN: %v", err)
	}
}
