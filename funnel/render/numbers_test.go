package render

import (
	"math"
	"testing"
)

func TestDecimalsFor(t *testing.T) {
	t.Parallel()
	// d = sig - 1 - floor(log10 m), clamped; worked out by hand.
	tests := []struct {
		m        float64
		sig, max int
		want     int
	}{
		{1234.5678, 5, 4, 1}, // floor(log10)=3: 5-1-3
		{30.25, 5, 4, 3},     // floor(log10)=1
		{1, 5, 4, 4},         // floor(log10)=0
		{12345.6, 5, 4, 0},   // floor(log10)=4
		{99999, 5, 4, 0},     // floor(log10)=4
		{100000, 5, 4, 0},    // clamped at 0
		{0.00512, 5, 4, 4},   // 5-1+3 = 7, clamped to 4
		{4619.77, 6, 6, 2},   // meta: 6-1-3
		{0.7312, 6, 6, 6},    // meta: 6-1+1 = 6
		{0, 5, 4, 0},
		{math.Inf(1), 5, 4, 0},
	}
	for _, tc := range tests {
		if got := decimalsFor(tc.m, tc.sig, tc.max); got != tc.want {
			t.Errorf("decimalsFor(%v, %d, %d) = %d, want %d", tc.m, tc.sig, tc.max, got, tc.want)
		}
	}
}

func TestFloatStyleFor(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	tests := []struct {
		name string
		vals []float64
		want int
	}{
		{"credit", []float64{52.5, -3.5, 0.125, nan, 1234.5678, 1e-7}, 1}, // max 1234.5678
		{"share", []float64{0.0375, 0.5, 0, nan, 1}, 4},                   // max 1
		{"median_days", []float64{12.5, 30.25, 9.5}, 3},                   // max 30.25
		{"amount", []float64{1200, -3, 0, nan}, 0},                        // all whole
		{"empty", []float64{nan, nan}, 0},                                 // nothing finite
		{"with_inf", []float64{math.Inf(1), 2.5}, 4},                      // Inf ignored, max 2.5
		{"p_value", []float64{1200.5}, 4},                                 // p-values: always 4
		{"coef_pvalue", []float64{0.5}, 4},
	}
	for _, tc := range tests {
		if got := floatStyleFor(tc.name, tc.vals).decimals; got != tc.want {
			t.Errorf("floatStyleFor(%s, %v) decimals = %d, want %d", tc.name, tc.vals, got, tc.want)
		}
	}
}

func TestIsPValueName(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{
		"p": true, "p_value": true, "pvalue": true, "P_Value": true, "wald_p": true, "coef_p_value": true, "lr_pvalue": true,
		"pp": false, "p_values_count": false, "top": false, "group": false, "estimate": false,
	} {
		if got := isPValueName(name); got != want {
			t.Errorf("isPValueName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestFixed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v    float64
		d    int
		want string
	}{
		{1234.5678, 1, "1234.6"},
		{52.5, 1, "52.5"},
		{0.125, 1, "0.1"},  // exact binary tie: round half to even
		{-0.25, 1, "-0.2"}, // exact binary tie: round half to even
		{88, 1, "88.0"},    // decimals fixed per column
		{1e-7, 1, "1e-07"}, // would read 0.0: 3 significant digits
		{0.00049, 4, "0.0005"},
		{1.2e-8, 4, "1.2e-08"},
		{-0.00001234, 2, "-1.23e-05"},
		{0.004, 2, "0.004"}, // 'g' keeps plain notation down to 1e-4
		{math.Copysign(0, -1), 2, "0.00"},
		{math.NaN(), 2, "NA"},
		{math.Inf(1), 2, "Inf"},
		{math.Inf(-1), 2, "-Inf"},
		{120, 0, "120"},
	}
	for _, tc := range tests {
		if got := fixed(tc.v, tc.d); got != tc.want {
			t.Errorf("fixed(%v, %d) = %q, want %q", tc.v, tc.d, got, tc.want)
		}
	}
}

func TestMetaFloat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v    float64
		want string
	}{
		{-4619.77123, "-4619.77"},   // 6 significant digits
		{0.731234567, "0.731235"},   // 6 decimals
		{2.5, "2.5"},                // trailing zeros dropped
		{9103, "9103"},              // whole
		{123456789.25, "123456789"}, // 0 decimals
		{1.5e-9, "1.5e-09"},         // would read 0.000000
		{math.NaN(), "NA"},
	}
	for _, tc := range tests {
		if got := metaFloat(tc.v); got != tc.want {
			t.Errorf("metaFloat(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

func TestFullFloat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v    float64
		want string
	}{
		{0.1, "0.1"},
		{1.0 / 3, "0.3333333333333333"}, // 16 digits read back exactly
		{-3.5, "-3.5"},
		{1e21, "1e+21"},
		{1e-7, "1e-07"},
		{88, "88"},
		{math.MaxFloat64, "1.7976931348623157e+308"},
		{math.NaN(), ""},
		{math.Inf(1), "Inf"},
		{math.Inf(-1), "-Inf"},
	}
	for _, tc := range tests {
		if got := fullFloat(tc.v); got != tc.want {
			t.Errorf("fullFloat(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

func TestMetaText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v    any
		want string
	}{
		{"markov", "markov"},
		{9103, "9103"},
		{int64(-2), "-2"},
		{uint32(7), "7"},
		{float32(0.5), "0.5"},
		{-4619.77123, "-4619.77"},
		{true, "true"},
		{[]string{"email", "paid"}, "email, paid"},
		{nil, "NA"},
	}
	for _, tc := range tests {
		if got := metaText(tc.v); got != tc.want {
			t.Errorf("metaText(%#v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}
