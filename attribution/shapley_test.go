package attribution

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

// threeChannels: five paths over a, b, c (conversions, value, nulls):
//
//	a          2 conv, value 20, 8 null    T = 10
//	b          3 conv, value 60, 2 null    T = 5
//	a > b      4 conv, value 40, 6 null    T = 10
//	c          1 conv, value 10, 1 null    T = 2
//	b > c > b  2 conv, value 30, 0 null    T = 2 (a cycle: set {b, c})
//
// 12 conversions, value 160, 29 journeys. Coalition sums (C, V, T):
// a 2/20/10, b 3/60/5, c 1/10/2, ab 9/120/25, ac 3/30/12, bc 6/100/9,
// abc 12/160/29. Touched (conversions, value): a 6/60, b 9/130, c 3/40.
var threeChannels = []pathRow{
	{[]string{"a"}, 2, 20, 8},
	{[]string{"b"}, 3, 60, 2},
	{[]string{"a", "b"}, 4, 40, 6},
	{[]string{"c"}, 1, 10, 1},
	{[]string{"b", "c", "b"}, 2, 30, 0},
}

// TestShapleyByHand works small games out by hand. For three players
//
//	φ_a = v(a)/3 + (v(ab) - v(b))/6 + (v(ac) - v(c))/6 + (v(abc) - v(bc))/3
//
// and alike for b and c; the fractions were checked with Python's
// fractions.Fraction over all 6 orders of arrival.
func TestShapleyByHand(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		nulls      bool
		rows       []pathRow
		cfg        ShapleyConfig
		conv, val  []float64
		fn         ShapleyFunction
		minJ       float64
		unmeasured int
		definition string
		warn       string // "" for no warning, else a substring of the one warning
	}{
		{
			// Null journeys unknown: v(S) = conversions of journeys within S.
			// Dividends: {a} 2, {a,b} 1, {b,c} 3, so φ_a = 2 + 1/2,
			// φ_b = 1/2 + 3/2, φ_c = 3/2 (values alike with 20, 10, 60).
			name:  "counts",
			nulls: false,
			rows: []pathRow{
				{[]string{"a"}, 2, 20, 0},
				{[]string{"a", "b", "a"}, 1, 10, 0},
				{[]string{"b", "c"}, 3, 60, 0},
			},
			conv:       []float64{2.5, 2, 1.5},
			val:        []float64{25, 35, 30},
			fn:         ShapleyConversions,
			definition: "v(S) = conversions of the journeys whose channel set is within S",
		},
		{
			// Rates, guard off: {a} 1 conv + 1 null, {b} 1 + 3, {a,b} 2 + 0.
			// v(a) = 1/2, v(b) = 1/4, v(ab) = 4/8 = 1/2.
			// φ_a = 1/2·1/2 + 1/2·(1/2 - 1/4) = 3/8, φ_b = 1/2·1/4 + 0 = 1/8;
			// scaled to 4 conversions: 3 and 1. Values 10, 20, 50:
			// u(a) = 5, u(b) = 5, u(ab) = 10: φ^u = 5 and 5, of 80: 40 each.
			// Touched: a 3 conversions, value 60; b 3, 70: in bounds.
			name:  "rates",
			nulls: true,
			rows: []pathRow{
				{[]string{"a"}, 1, 10, 1},
				{[]string{"b"}, 1, 20, 3},
				{[]string{"a", "b"}, 2, 50, 0},
			},
			cfg:        ShapleyConfig{MinJourneys: -1},
			conv:       []float64{3, 1},
			val:        []float64{40, 40},
			fn:         ShapleyRate,
			definition: "v(S) = conversions / journeys of the journeys whose channel set is within S, 0 when there are none; credits scaled to total conversions",
		},
		{
			// The same data by default: 8 journeys, fewer than the 30 that
			// measure a rate, so the conversions function: dividends {a} 1,
			// {b} 1, {a,b} 2: a 2, b 2; values a 10 + 25, b 20 + 25.
			name:  "rates, fewer journeys than the guard",
			nulls: true,
			rows: []pathRow{
				{[]string{"a"}, 1, 10, 1},
				{[]string{"b"}, 1, 20, 3},
				{[]string{"a", "b"}, 2, 50, 0},
			},
			conv:       []float64{2, 2},
			val:        []float64{35, 45},
			fn:         ShapleyConversions,
			definition: "v(S) = conversions of the journeys whose channel set is within S",
			warn:       "8 journeys, fewer than the 30 that measure a conversion rate (--shapley-min-journeys): used the conversions function instead",
		},
		{
			// threeChannels, conversions: dividends a 2, b 3, ab 4, c 1,
			// bc 2: φ_a = 2 + 4/2 = 4, φ_b = 3 + 2 + 1 = 6, φ_c = 1 + 1 = 2;
			// values: a 20 + 20 = 40, b 60 + 20 + 15 = 95, c 10 + 15 = 25.
			name:       "three channels, conversions",
			nulls:      true,
			rows:       threeChannels,
			cfg:        ShapleyConfig{Function: ShapleyConversions},
			conv:       []float64{4, 6, 2},
			val:        []float64{40, 95, 25},
			fn:         ShapleyConversions,
			definition: "v(S) = conversions of the journeys whose channel set is within S",
		},
		{
			// threeChannels, rates, guard off: v(a) 1/5, v(b) 3/5, v(c) 1/2,
			// v(ab) 9/25, v(ac) 1/4, v(bc) 2/3, v(abc) 12/29.
			// φ_a = 1/15 + (9/25 - 3/5)/6 + (1/4 - 1/2)/6 + (12/29 - 2/3)/3
			//     = -5183/52200; credit φ·12/(12/29) = φ·29 = -5183/1800.
			// φ_b = 1/5 + (9/25 - 1/5)/6 + (2/3 - 1/2)/6 + (12/29 - 1/4)/3
			//     = 4033/13050 → 4033/450; φ_c = 10651/52200 → 10651/1800.
			// u: a 2, b 12, c 5, ab 24/5, ac 5/2, bc 100/9, abc 160/29;
			// value credits φ^u·29: -44077/540, 25412/135, 28829/540.
			// a is negative; c's 5.92 conversions exceed its touched 3.
			name:       "three channels, rates, guard off",
			nulls:      true,
			rows:       threeChannels,
			cfg:        ShapleyConfig{Function: ShapleyRate, MinJourneys: -1},
			conv:       []float64{-5183.0 / 1800, 4033.0 / 450, 10651.0 / 1800},
			val:        []float64{-44077.0 / 540, 25412.0 / 135, 28829.0 / 540},
			fn:         ShapleyRate,
			definition: "v(S) = conversions / journeys of the journeys whose channel set is within S, 0 when there are none; credits scaled to total conversions",
			warn:       "a (-2.87944 conversions of 6, value -81.6241 of 60); b (value 188.237 of 130); c (5.91722 conversions of 3, value 53.387 of 40): the rate function",
		},
		{
			// Guard 6: b (5 journeys) and c (2) are not measured: v(b) =
			// v(c) = 0, the rest as above.
			// φ_a = 1/15 + 9/25/6 + 1/4/6 + (12/29 - 2/3)/3 = 4387/52200
			// φ_b = 0 + (9/25 - 1/5)/6 + 2/3/6 + (12/29 - 1/4)/3 = 5021/26100
			// φ_c = 0 + (1/4 - 1/5)/6 + 2/3/6 + (12/29 - 9/25)/3 = 7171/52200
			// credits ×29: 4387/1800, 5021/900, 7171/1800; values with u(b)
			// = u(c) = 0: 293/540, 26029/270, 34049/540.
			name:       "three channels, rates, guard 6",
			nulls:      true,
			rows:       threeChannels,
			cfg:        ShapleyConfig{Function: ShapleyRate, MinJourneys: 6},
			conv:       []float64{4387.0 / 1800, 5021.0 / 900, 7171.0 / 1800},
			val:        []float64{293.0 / 540, 26029.0 / 270, 34049.0 / 540},
			fn:         ShapleyRate,
			minJ:       6,
			unmeasured: 2,
			definition: "v(S) = conversions / journeys of the journeys whose channel set is within S, 0 when they number fewer than 6 (not measured); credits scaled to total conversions",
			warn:       ": c (3.98389 conversions of 3, value 63.0537 of 40): the rate",
		},
		{
			// Guard 11: a (10), b, c and bc (9) are not measured; only ab
			// (9/25, u 24/5), ac (1/4, u 5/2) and abc are.
			// φ_a = 0 + 9/25/6 + 1/4/6 + 12/29/3 = 4169/17400 → ×29 4169/600
			// φ_b = 0 + 9/25/6 + 0 + (12/29 - 1/4)/3 = 997/8700 → 997/300
			// φ_c = 0 + 1/4/6 + 0 + (12/29 - 9/25)/3 = 1037/17400 → 1037/600
			// values: 5317/60, 1571/30, 1141/60.
			name:       "three channels, rates, guard 11",
			nulls:      true,
			rows:       threeChannels,
			cfg:        ShapleyConfig{MinJourneys: 11},
			conv:       []float64{4169.0 / 600, 997.0 / 300, 1037.0 / 600},
			val:        []float64{5317.0 / 60, 1571.0 / 30, 1141.0 / 60},
			fn:         ShapleyRate,
			minJ:       11,
			unmeasured: 4,
			definition: "v(S) = conversions / journeys of the journeys whose channel set is within S, 0 when they number fewer than 11 (not measured); credits scaled to total conversions",
			warn:       ": a (6.94833 conversions of 6, value 88.6167 of 60): the rate",
		},
	} {
		j := NewJourneys("channel")
		j.SetNullsKnown(tc.nulls)
		addPaths(j, tc.rows...)
		r, err := ShapleyModel(j, tc.cfg)
		if err != nil {
			t.Fatal(err)
		}
		if r.Function != tc.fn || r.Definition != tc.definition || r.MinJourneys != tc.minJ || r.Unmeasured != tc.unmeasured {
			t.Errorf("%s: function %v, min journeys %v, unmeasured %d, definition %q; want %v, %v, %d, %q",
				tc.name, r.Function, r.MinJourneys, r.Unmeasured, r.Definition, tc.fn, tc.minJ, tc.unmeasured, tc.definition)
		}
		for c := range tc.conv {
			if !scalar.EqualWithinAbs(r.Conversions[c], tc.conv[c], 1e-12) || !scalar.EqualWithinAbs(r.Value[c], tc.val[c], 1e-12) {
				t.Errorf("%s channel %s: %v, %v; want %v, %v", tc.name, j.ChannelName(int32(c)),
					r.Conversions[c], r.Value[c], tc.conv[c], tc.val[c])
			}
		}
		switch {
		case tc.warn == "" && len(r.Warnings) > 0:
			t.Errorf("%s: warnings %q", tc.name, r.Warnings)
		case tc.warn != "" && (len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], tc.warn)):
			t.Errorf("%s: warnings %q, want one with %q", tc.name, r.Warnings, tc.warn)
		}
	}
}

// TestShapleyTouched: the conversions and value of the journeys touching
// each channel of threeChannels (a: paths a, a>b; b: b, a>b, b>c>b; c: c,
// b>c>b).
func TestShapleyTouched(t *testing.T) {
	t.Parallel()
	j := NewJourneys("channel")
	addPaths(j, threeChannels...)
	r, err := ShapleyModel(j, ShapleyConfig{})
	if err != nil {
		t.Fatal(err)
	}
	wantC, wantV := []float64{6, 9, 3}, []float64{60, 130, 40}
	for c := range wantC {
		if r.TouchedConversions[c] != wantC[c] || r.TouchedValue[c] != wantV[c] {
			t.Errorf("channel %d touched %v, %v; want %v, %v", c, r.TouchedConversions[c], r.TouchedValue[c], wantC[c], wantV[c])
		}
	}
}

// TestShapleyNeedsNulls: the rate function asked for on journeys without
// null ones is an error; by default they get the conversions function.
func TestShapleyNeedsNulls(t *testing.T) {
	t.Parallel()
	for _, known := range []bool{false, true} {
		j := NewJourneys("channel")
		j.SetNullsKnown(known)
		addPaths(j, pathRow{[]string{"a", "b"}, 2, 20, 0}, pathRow{[]string{"b"}, 1, 5, 0})
		if _, err := ShapleyModel(j, ShapleyConfig{Function: ShapleyRate}); !errors.Is(err, ErrNeedsNulls) {
			t.Errorf("nulls known %v: error %v, want ErrNeedsNulls", known, err)
		}
		r, err := ShapleyModel(j, ShapleyConfig{})
		if err != nil {
			t.Fatal(err)
		}
		// Dividends {a,b} 2, {b} 1: a 1, b 2 (values 10, 15).
		if r.Function != ShapleyConversions || r.Conversions[0] != 1 || r.Conversions[1] != 2 || r.Value[0] != 10 || r.Value[1] != 15 {
			t.Errorf("nulls known %v: %v %v %v", known, r.Function, r.Conversions, r.Value)
		}
	}
}

// TestShapleyBruteForce compares the O(2^n n) computation with the
// definition over all n! orders of arrival, v evaluated by scanning the
// journeys, on random journeys over 5 channels, with the guard off and at
// 5 and 12 journeys.
func TestShapleyBruteForce(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 11))
	const n = 5
	for trial := 0; trial < 6; trial++ {
		minJ := []int{-1, 5, 12}[trial%3]
		j := NewJourneys("channel")
		for c := 0; c < n; c++ {
			j.Channel(fmt.Sprint("ch", c))
		}
		for k := 0; k < 30; k++ {
			path := make([]int32, 1+rng.IntN(4))
			for i := range path {
				path[i] = int32(rng.IntN(n))
			}
			conv := float64(rng.IntN(3))
			j.AddPath(path, conv, conv*float64(rng.IntN(100)), float64(rng.IntN(4)))
		}
		r, err := ShapleyModel(j, ShapleyConfig{MinJourneys: minJ})
		if err != nil {
			t.Fatal(err)
		}
		v := func(S int) (float64, float64) {
			var c, val, tot float64
			for p := 0; p < j.NumPaths(); p++ {
				mask := 0
				for _, ch := range j.Path(p) {
					mask |= 1 << ch
				}
				if mask&^S == 0 {
					pc, pv, pn := j.PathCounts(p)
					c, val, tot = c+pc, val+pv, tot+pc+pn
				}
			}
			if tot == 0 || tot < float64(minJ) {
				return 0, 0
			}
			return c / tot, val / tot
		}
		phi, phiV := make([]float64, n), make([]float64, n)
		perm := []int{0, 1, 2, 3, 4}
		count := 0
		var permute func(k int)
		permute = func(k int) {
			if k == n {
				count++
				S := 0
				for _, i := range perm {
					b, bv := v(S)
					S |= 1 << i
					a, av := v(S)
					phi[i] += a - b
					phiV[i] += av - bv
				}
				return
			}
			for i := k; i < n; i++ {
				perm[k], perm[i] = perm[i], perm[k]
				permute(k + 1)
				perm[k], perm[i] = perm[i], perm[k]
			}
		}
		permute(0)
		for i := 0; i < n; i++ {
			if !scalar.EqualWithinAbs(r.Phi[i], phi[i]/float64(count), 1e-12) ||
				!scalar.EqualWithinAbs(r.PhiValue[i], phiV[i]/float64(count), 1e-9) {
				t.Errorf("trial %d (guard %d) channel %d: φ %v / %v, brute force %v / %v", trial, minJ, i,
					r.Phi[i], r.PhiValue[i], phi[i]/float64(count), phiV[i]/float64(count))
			}
		}
	}
}

// TestShapleyPathData: on ChannelAttribution's PathData (12 channels,
// 88387 journeys) the credits are checked against an independent
// computation: v of every coalition by scanning the distinct channel sets,
// φ by the subset formula, and (conversions function) the linear share of
// each journey over its distinct channels. Before the guard, the rate
// function gave mi (4 conversions on its 15 journeys) 2203.27 conversions,
// because its 8 single-channel journeys convert at 2/8 and that rate is
// scaled by all 88387 journeys; the guard at 30 leaves it 9.4.
func TestShapleyPathData(t *testing.T) {
	t.Parallel()
	j := pathData(t)
	n := j.NumChannels()
	totalConv, totalValue, _ := j.Totals()
	type agg struct{ c, v, t float64 }
	sets := map[int]agg{}
	touched := make([]float64, n)
	linear := make([]float64, n)
	for p := 0; p < j.NumPaths(); p++ {
		c, v, nl := j.PathCounts(p)
		mask := 0
		for _, ch := range j.Path(p) {
			mask |= 1 << ch
		}
		a := sets[mask]
		sets[mask] = agg{a.c + c, a.v + v, a.t + c + nl}
		k := 0
		for i := 0; i < n; i++ {
			if mask&(1<<i) != 0 {
				touched[i] += c
				k++
			}
		}
		for i := 0; i < n; i++ {
			if mask&(1<<i) != 0 {
				linear[i] += c / float64(k)
			}
		}
	}
	// shapley by the subset formula with v(S) from the channel sets.
	shapley := func(minJ float64) []float64 {
		v := make([]float64, 1<<n)
		for s := range v {
			var c, tot float64
			for m, a := range sets {
				if m&^s == 0 {
					c, tot = c+a.c, tot+a.t
				}
			}
			if tot > 0 && tot >= minJ {
				v[s] = c / tot
			}
		}
		fact := func(k int) float64 {
			f := 1.0
			for i := 2; i <= k; i++ {
				f *= float64(i)
			}
			return f
		}
		out := make([]float64, n)
		for i := 0; i < n; i++ {
			for s := range v {
				if s&(1<<i) == 0 {
					k := 0
					for b := s; b != 0; b &= b - 1 {
						k++
					}
					out[i] += fact(k) * fact(n-k-1) / fact(n) * (v[s|1<<i] - v[s])
				}
			}
			out[i] *= totalConv / v[len(v)-1]
		}
		return out
	}
	mi := -1
	for i, name := range j.Channels() {
		if name == "mi" {
			mi = i
		}
	}
	if mi < 0 || touched[mi] != 4 {
		t.Fatalf("mi is channel %d, touched %v", mi, touched)
	}

	for _, tc := range []struct {
		name string
		cfg  ShapleyConfig
		want []float64
	}{
		{"conversions", ShapleyConfig{Function: ShapleyConversions}, linear},
		{"rate, guard off", ShapleyConfig{MinJourneys: -1}, shapley(0)},
		{"rate, guard 30", ShapleyConfig{}, shapley(30)},
	} {
		r, err := ShapleyModel(j, tc.cfg)
		if err != nil {
			t.Fatal(err)
		}
		sc, sv := 0.0, 0.0
		var outside []string
		for i := 0; i < n; i++ {
			sc += r.Conversions[i]
			sv += r.Value[i]
			if !scalar.EqualWithinAbsOrRel(r.Conversions[i], tc.want[i], 1e-9, 1e-9) {
				t.Errorf("%s %s: %v conversions, want %v", tc.name, j.ChannelName(int32(i)), r.Conversions[i], tc.want[i])
			}
			if r.TouchedConversions[i] != touched[i] {
				t.Errorf("%s %s: touched %v, want %v", tc.name, j.ChannelName(int32(i)), r.TouchedConversions[i], touched[i])
			}
			if tc.want[i] < 0 || tc.want[i] > touched[i] {
				outside = append(outside, j.ChannelName(int32(i)))
			}
		}
		if !scalar.EqualWithinAbsOrRel(sc, totalConv, 1e-9, 1e-12) || !scalar.EqualWithinAbsOrRel(sv, totalValue, 1e-9, 1e-12) {
			t.Errorf("%s: sums %v, %v; want %v, %v", tc.name, sc, sv, totalConv, totalValue)
		}
		// The warning names the channels outside [0, touched].
		if len(outside) == 0 {
			if tc.cfg.Function == ShapleyConversions && len(r.Warnings) > 0 {
				t.Errorf("%s: warnings %q", tc.name, r.Warnings)
			}
			continue
		}
		if len(r.Warnings) != 1 {
			t.Fatalf("%s: warnings %q, want one naming %q", tc.name, r.Warnings, outside)
		}
		for _, o := range outside {
			if w := r.Warnings[0]; !strings.Contains(w, ": "+o+" (") && !strings.Contains(w, "; "+o+" (") {
				t.Errorf("%s: warning %q does not name %s", tc.name, r.Warnings[0], o)
			}
		}
	}
	// The guard's bookkeeping: the coalitions it leaves unmeasured are
	// those whose journeys number more than 0 and fewer than 30, counted
	// from the channel sets.
	unmeasured := 0
	for sub := 0; sub < 1<<n; sub++ {
		tot := 0.0
		for m, a := range sets {
			if m&^sub == 0 {
				tot += a.t
			}
		}
		if tot > 0 && tot < 30 {
			unmeasured++
		}
	}
	guarded, _ := ShapleyModel(j, ShapleyConfig{})
	if guarded.MinJourneys != 30 || guarded.Unmeasured != unmeasured || unmeasured == 0 {
		t.Errorf("guard %v, %d unmeasured coalitions; want 30, %d", guarded.MinJourneys, guarded.Unmeasured, unmeasured)
	}
}

func TestShapleyTooManyChannels(t *testing.T) {
	t.Parallel()
	j := NewJourneys("campaign")
	for c := 0; c <= MaxShapleyChannels; c++ {
		j.AddPath([]int32{j.Channel(fmt.Sprint("c", c))}, 1, 0, 1)
	}
	_, err := ShapleyModel(j, ShapleyConfig{})
	if !errors.Is(err, ErrTooManyChannels) {
		t.Fatalf("error %v, want ErrTooManyChannels", err)
	}
	// By default Attribute leaves Shapley out with a warning (and warns
	// that the conversions carry no value).
	res, err := Attribute(j, Config{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Shapley != nil || len(res.Warnings) != 2 || !strings.HasPrefix(res.Warnings[0], "shapley left out") {
		t.Errorf("shapley %v, warnings %q", res.Shapley, res.Warnings)
	}
}

func TestParseShapleyFunction(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want ShapleyFunction
		err  bool
	}{
		{"rate", ShapleyRate, false},
		{" Conversions ", ShapleyConversions, false},
		{"auto", 0, true},
		{"count", 0, true},
	} {
		got, err := ParseShapleyFunction(tc.in)
		if got != tc.want || (err != nil) != tc.err {
			t.Errorf("%q: %v, %v", tc.in, got, err)
		}
		if err == nil && got.String() != strings.ToLower(strings.TrimSpace(tc.in)) {
			t.Errorf("%q: String %q", tc.in, got.String())
		}
	}
}

// TestShapleyReport: Attribute passes Config.Shapley to the model, prefixes
// its warnings and the report states the function in meta (threeChannels
// with the guard at 6: see TestShapleyByHand; coalitions b and c are not
// measured).
func TestShapleyReport(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		cfg  ShapleyConfig
		meta map[string]any
		warn string
	}{
		{ShapleyConfig{MinJourneys: 6}, map[string]any{
			"shapley_function": "rate", "shapley_min_journeys": int64(6), "shapley_unmeasured_coalitions": 2,
			"shapley_definition": "v(S) = conversions / journeys of the journeys whose channel set is within S, 0 when they number fewer than 6 (not measured); credits scaled to total conversions",
		}, "shapley: credit below 0 or above the conversions (value) of the journeys that touch the channel: c ("},
		{ShapleyConfig{Function: ShapleyConversions}, map[string]any{
			"shapley_function":   "conversions",
			"shapley_definition": "v(S) = conversions of the journeys whose channel set is within S",
		}, ""},
	} {
		j := NewJourneys("channel")
		addPaths(j, threeChannels...)
		res, err := Attribute(j, Config{Models: []Model{Shapley}, Shapley: tc.cfg})
		if err != nil {
			t.Fatal(err)
		}
		rep := res.Report()
		for k, want := range tc.meta {
			if got, ok := rep.MetaValue(k); !ok || got != want {
				t.Errorf("%v: meta %s = %#v, want %#v", tc.cfg, k, got, want)
			}
		}
		if _, ok := rep.MetaValue("shapley_min_journeys"); ok != (tc.cfg.Function != ShapleyConversions) {
			t.Errorf("%v: shapley_min_journeys present %v", tc.cfg, ok)
		}
		if tc.warn == "" && len(rep.Warnings) > 0 || tc.warn != "" && (len(rep.Warnings) != 1 || !strings.HasPrefix(rep.Warnings[0], tc.warn)) {
			t.Errorf("%v: warnings %q, want %q", tc.cfg, rep.Warnings, tc.warn)
		}
	}
}
