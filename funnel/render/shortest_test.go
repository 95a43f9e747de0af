package render

import "testing"

func TestShortestFloat(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		v    float64
		want string
	}{
		{21418721, "21418721"},
		{1.95892636e9, "1958926360"},
		{0.4850574712643678, "0.4850574712643678"},
		{-3.5, "-3.5"},
		{0, "0"},
		{1e21, "1e+21"},
		{123456789012345678901, "123456789012345680000"}, // below 1e21: plain, as JavaScript prints it
		{1e-7, "1e-07"},
		{0.000001, "0.000001"},
		{2.1256459575262997e-30, "2.1256459575262997e-30"},
	} {
		if got := shortestFloat(tc.v); got != tc.want {
			t.Errorf("shortestFloat(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}
