package ingest

import (
	"errors"
	"fmt"
	"math"
	"testing"
)

func TestParseNumber(t *testing.T) {
	t.Parallel()
	// Expected values worked out by hand from the written digits.
	cases := []struct {
		in   string
		want float64
	}{
		{"0", 0},
		{"42", 42},
		{"-17.25", -17.25},
		{"1,234,567.89", 1234567.89},
		{"1.234.567,89", 1234567.89},
		{"1 234,5", 1234.5},
		{"1\u00a0234,5", 1234.5},         // no-break space (French Excel)
		{"1\u202f234\u202f567", 1234567}, // narrow no-break space
		{"1'234.50", 1234.5},             // Swiss apostrophe
		{"1 234.5", 1234.5},
		{"12,5", 12.5},
		{"0,25", 0.25},
		{".5", 0.5},
		{"$1,200", 1200},
		{"USD 1,200", 1200},
		{"1,200 USD", 1200},
		{"usd1200", 1200},
		{"€1.200,00", 1200},
		{"1.200,00 €", 1200},
		{"£3.50", 3.5},
		{"¥1,000", 1000},
		{"US$ 99.99", 99.99},
		{"12.5%", 0.125},
		{"12,5 %", 0.125},
		{"-3%", -0.03},
		{"(1,200)", -1200},
		{"($1,200.50)", -1200.5},
		{"-$5", -5},
		{"$-5", -5},
		{"−7", -7}, // U+2212 MINUS SIGN
		{"+8", 8},
		{"1e5", 100000},
		{"1.5E3", 1500},
		{"2.5e-3", 0.0025},
		{"1,234", 1234},  // ambiguous alone: US-style
		{"1.234", 1.234}, // ambiguous alone: US-style
		{"0.123", 0.123}, // a leading 0 is never a thousands group
		{"0,123", 0.123}, // so this can only be European
		{"1234.567", 1234.567},
		{"007", 7},
	}
	for _, c := range cases {
		got, err := ParseNumber(c.in)
		if err != nil {
			t.Errorf("ParseNumber(%q): %v", c.in, err)
			continue
		}
		if got != c.want {
			t.Errorf("ParseNumber(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestParseNumberErrors(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"NaN", `cannot parse "NaN" as a number (NaN is not a finite number)`},
		{"-Inf", `cannot parse "-Inf" as a number (Inf is not a finite number)`},
		{"infinity", `cannot parse "infinity" as a number (infinity is not a finite number)`},
		{"1e400", `cannot parse "1e400" as a number (out of range)`},
		{"-1e400", `cannot parse "-1e400" as a number (out of range)`},
		{"abc", `cannot parse "abc" as a number (unexpected 'a')`},
		{"12 apples", `cannot parse "12 apples" as a number (unexpected 'a')`},
		{"1,2,3", `cannot parse "1,2,3" as a number (bad thousands grouping)`},
		{"1.234,5.6", `cannot parse "1.234,5.6" as a number (two decimal separators)`},
		{"1,234.5,6", `cannot parse "1,234.5,6" as a number (two decimal separators)`},
		{"--5", `cannot parse "--5" as a number (more than one sign)`},
		{"(-5)", `cannot parse "(-5)" as a number (more than one sign)`},
		{"$", `cannot parse "$" as a number (no digits)`},
		{"1e", `cannot parse "1e" as a number (bad exponent)`},
		{"1,234e5", `cannot parse "1,234e5" as a number (exponent with thousands separators)`},
		{"0x1p3", `cannot parse "0x1p3" as a number (unexpected 'x')`},
		{"EUR", `cannot parse "EUR" as a number (unexpected 'E')`},
	}
	for _, c := range cases {
		_, err := ParseNumber(c.in)
		if err == nil {
			t.Errorf("ParseNumber(%q): no error", c.in)
			continue
		}
		if err.Error() != c.want {
			t.Errorf("ParseNumber(%q)\n got %s\nwant %s", c.in, err, c.want)
		}
		if !errors.Is(err, ErrBadNumber) {
			t.Errorf("ParseNumber(%q): %v is not ErrBadNumber", c.in, err)
		}
	}
}

// TestNumberColumn checks the per-column style decision (see numStyle).
func TestNumberColumn(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		values []string // "" is NA
		want   []float64
		err    string // error of the first value that fails
	}{
		{"ambiguous then European", []string{"1.234", "", "2,5"}, []float64{1234, naNum, 2.5}, ""},
		{"ambiguous then US", []string{"1,234", "1,234.5"}, []float64{1234, 1234.5}, ""},
		{"comma thousands then decimal comma", []string{"1,234", "2,5"}, []float64{1.234, 2.5}, ""},
		{"never settled is US", []string{"1,200", "4,300", "85"}, []float64{1200, 4300, 85}, ""},
		{"European settled first", []string{"1.234,5", "1.234", "7"}, []float64{1234.5, 1234, 7}, ""},
		{"US then European", []string{"1,234.5", "2,5"}, nil,
			`cannot parse "2,5" as a number (a European-style number (1.234,5) in a column of US-style numbers (1,234.5) since line 2)`},
		{"European then US", []string{"2,5", "1,234.5"}, nil,
			`cannot parse "1,234.5" as a number (a US-style number (1,234.5) in a column of European-style numbers (1.234,5) since line 2)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var nc numColumn
			var nums []float64
			for i, v := range c.values {
				if v == "" {
					nums = append(nums, naNum)
					continue
				}
				got, err := nc.parse(v, i+2, nums)
				if err != nil {
					if err.Error() != c.err {
						t.Fatalf("error\n got %v\nwant %s", err, c.err)
					}
					return
				}
				nc.commit(len(nums))
				nums = append(nums, got)
			}
			if c.err != "" {
				t.Fatalf("no error, want %s", c.err)
			}
			for i := range c.want {
				if !(nums[i] == c.want[i] || (math.IsNaN(nums[i]) && math.IsNaN(c.want[i]))) {
					t.Errorf("%q = %v, want %v", c.values[i], nums[i], c.want[i])
				}
			}
		})
	}
}

func TestParseBool(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want bool
	}{
		{"1", true}, {"0", false}, {"true", true}, {"FALSE", false}, {"Yes", true}, {"no", false},
		{"Y", true}, {"n", false}, {"t", true}, {"F", false}, {" TRUE ", true},
	}
	for _, c := range cases {
		got, err := ParseBool(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseBool(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	for _, in := range []string{"2", "yess", "on", "Closed Won", ""} {
		_, err := ParseBool(in)
		want := `cannot parse "` + in + `" as a boolean (expected 1/0, true/false, yes/no, y/n or t/f; --positive VALUE names another true value)`
		if err == nil || err.Error() != want || !errors.Is(err, ErrBadBool) {
			t.Errorf("ParseBool(%q) error %v, want %s", in, err, want)
		}
	}
}

func TestBoolColumnPositive(t *testing.T) {
	t.Parallel()
	plain := newBoolColumn(Options{})
	pos := newBoolColumn(Options{Positive: []string{" Closed Won "}})
	cases := []struct {
		in       string
		plain    int8 // -2: error
		positive int8
	}{
		{"Closed Won", -2, 1},
		{"closed won", -2, 1}, // positive values match in any case
		{"Closed Lost", -2, 0},
		{"Negotiation", -2, 0},
		{"yes", 1, 1},
		{"no", 0, 0},
	}
	for _, c := range cases {
		for _, k := range []struct {
			col  *boolColumn
			want int8
		}{{&plain, c.plain}, {&pos, c.positive}} {
			got, err := k.col.parse(c.in)
			if k.want == -2 {
				if err == nil {
					t.Errorf("%q: no error", c.in)
				}
				continue
			}
			if err != nil || got != k.want {
				t.Errorf("%q (positive %v) = %d, %v; want %d", c.in, k.col.positive, got, err, k.want)
			}
		}
	}
}

func TestIsNA(t *testing.T) {
	t.Parallel()
	opts := Options{NAValues: []string{"N/A", " - ", "Select"}}
	cases := []struct {
		in   string
		want bool
	}{
		{"", true}, {"   ", true}, {"\t", true}, {"N/A", true}, {" N/A ", true}, {"-", true}, {"Select", true},
		{"n/a", false}, // exact match only
		{"NA", false}, {"0", false}, {"--", false}, {"Selected", false},
		// null and NULL always are, whatever NAValues say; other cases are values.
		{"null", true}, {" NULL ", true}, {"Null", false}, {"nulls", false}, {"(null)", false},
	}
	for _, c := range cases {
		if got := IsNA(c.in, opts); got != c.want {
			t.Errorf("IsNA(%q) = %v, want %v", c.in, got, c.want)
		}
	}
	if !IsNA("null", Options{}) || !IsNA("NULL", Options{}) {
		t.Errorf("null is not missing without NAValues")
	}
}

func ExampleParseNumber() {
	for _, s := range []string{"USD 1,200.50", "1.234.567,89 €", "(1,200)", "12.5%"} {
		v, _ := ParseNumber(s)
		fmt.Println(v)
	}
	_, err := ParseNumber("NaN")
	fmt.Println(err)
	// Output:
	// 1200.5
	// 1.23456789e+06
	// -1200
	// 0.125
	// cannot parse "NaN" as a number (NaN is not a finite number)
}
