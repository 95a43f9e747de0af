package attribution

import (
	"errors"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

const day = 86400

// handJourneys are four journeys whose credits are worked out by hand in
// TestHeuristicByHand:
//
//	J1  a > b > a > c   converted, value 100, touches 3, 2, 1, 0 days before
//	    the conversion; lead created by b, opportunity by the second a,
//	    closed by c
//	J2  b               converted, value 10 (a single touch)
//	J3  c > a           converted, value 40, touches 1 and 0 days before;
//	    lead by c, opportunity and close by a
//	J4  a > b           not converted
func handJourneys(t testing.TB) *Journeys {
	t.Helper()
	j := NewJourneys("channel")
	a, b, c := j.Channel("a"), j.Channel("b"), j.Channel("c")
	end := int64(100 * day)
	for _, jr := range []Journey{
		{Channels: []int32{a, b, a, c}, Times: []int64{end - 3*day, end - 2*day, end - day, end}, End: end,
			Converted: true, Value: 100, Markers: &Markers{Lead: 1, Opportunity: 2, Won: 3}},
		{Channels: []int32{b}, Times: []int64{end}, End: end, Converted: true, Value: 10,
			Markers: &Markers{}},
		{Channels: []int32{c, a}, Times: []int64{end - day, end}, End: end, Converted: true, Value: 40,
			Markers: &Markers{Lead: 0, Opportunity: 1, Won: 1}},
		{Channels: []int32{a, b}, Times: []int64{end - day, end}, End: end},
	} {
		if err := j.AddJourney(jr); err != nil {
			t.Fatal(err)
		}
	}
	return j
}

// TestHeuristicByHand: credits of a, b, c worked out by hand (shares per
// journey in the comments; values are shares times 100, 10 and 40).
func TestHeuristicByHand(t *testing.T) {
	t.Parallel()
	j := handJourneys(t)
	for _, tc := range []struct {
		model Model
		cfg   HeuristicConfig
		conv  [3]float64
		value [3]float64
	}{
		// J1 a, J2 b, J3 c
		{FirstTouch, HeuristicConfig{}, [3]float64{1, 1, 1}, [3]float64{100, 10, 40}},
		// J1 c, J2 b, J3 a
		{LastTouch, HeuristicConfig{}, [3]float64{1, 1, 1}, [3]float64{40, 10, 100}},
		// J1 a 2/4 (two touches), b 1/4, c 1/4; J2 b 1; J3 c 1/2, a 1/2
		{LinearTouch, HeuristicConfig{}, [3]float64{1, 1.25, 0.75}, [3]float64{70, 35, 45}},
		// J1 a .4+.1, b .1, c .4; J2 b 1; J3 two touches 50/50
		{PositionBased, HeuristicConfig{}, [3]float64{1, 1.1, 0.9}, [3]float64{70, 20, 60}},
		// first .3, middle .4 (.2 per middle touch), last .3:
		// J1 a .3+.2, b .2, c .3; J2 b 1; J3 50/50
		{Custom, HeuristicConfig{Custom: Weights{First: 0.3, Middle: 0.4, Last: 0.3}}, [3]float64{1, 1.2, 0.8}, [3]float64{70, 30, 50}},
		// half-life 1 day, J1 weights 1/8, 1/4, 1/2, 1 (sum 15/8): a 1/3,
		// b 2/15, c 8/15; J2 b 1; J3 c 1/2, a 1 (sum 3/2): c 1/3, a 2/3
		{TimeDecay, HeuristicConfig{HalfLife: day}, [3]float64{1, 17.0 / 15, 13.0 / 15}, [3]float64{60, 70.0 / 3, 200.0 / 3}},
		// J1 first a .3, lead b .3, opportunity a .3, c the 10% rest:
		// a .6, b .3, c .1; J2 every marker on b: 1; J3 c .3+.3, a .3, no
		// other touch: scaled, c 2/3, a 1/3
		{WShaped, HeuristicConfig{}, [3]float64{0.6 + 1.0/3, 1.3, 0.1 + 2.0/3}, [3]float64{60 + 40.0/3, 40, 10 + 80.0/3}},
		// J1 a .225+.225, b .225, c .225, no other touch: scaled by 1/.9;
		// J2 b 1; J3 c .45, a .45: 50/50
		{FullPath, HeuristicConfig{}, [3]float64{1, 1.25, 0.75}, [3]float64{70, 35, 45}},
	} {
		cr, err := Heuristic(j, tc.model, tc.cfg)
		if err != nil {
			t.Fatalf("%s: %v", tc.model, err)
		}
		for c := 0; c < 3; c++ {
			if !scalar.EqualWithinAbs(cr.Conversions[c], tc.conv[c], 1e-12) || !scalar.EqualWithinAbs(cr.Value[c], tc.value[c], 1e-12) {
				t.Errorf("%s %s: got %v, %v; want %v, %v", tc.model, j.ChannelName(int32(c)),
					cr.Conversions[c], cr.Value[c], tc.conv[c], tc.value[c])
			}
		}
	}
}

// TestMarkerWeights: the share rules on their own (worked by hand).
func TestMarkerWeights(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		n      int
		at     []int
		shares []float64
		rest   float64
		want   []float64
	}{
		{"u-shape one touch", 1, []int{0, 0}, []float64{.4, .4}, .2, []float64{1}},
		{"u-shape two touches", 2, []int{0, 1}, []float64{.4, .4}, .2, []float64{.5, .5}},
		{"u-shape five touches", 5, []int{0, 4}, []float64{.4, .4}, .2, []float64{.4, .2 / 3, .2 / 3, .2 / 3, .4}},
		{"w-shape distinct", 5, []int{0, 2, 3}, []float64{.3, .3, .3}, .1, []float64{.3, .05, .3, .3, .05}},
		{"w-shape lead on first", 3, []int{0, 0, 2}, []float64{.3, .3, .3}, .1, []float64{.6, .1, .3}},
		{"zero shares", 2, []int{0, 1}, []float64{0, 0}, 1, []float64{.5, .5}},
	} {
		w := make([]float64, tc.n)
		markerWeights(w, tc.at, tc.shares, tc.rest)
		for i := range w {
			if !scalar.EqualWithinAbs(w[i], tc.want[i], 1e-15) {
				t.Errorf("%s: %v, want %v", tc.name, w, tc.want)
				break
			}
		}
	}
}

func TestHeuristicErrors(t *testing.T) {
	t.Parallel()
	paths := NewJourneys("channel")
	paths.AddPath([]int32{paths.Channel("a")}, 1, 1, 0)
	noMarkers := NewJourneys("channel")
	if err := noMarkers.AddJourney(Journey{Channels: []int32{noMarkers.Channel("a")}, Times: []int64{0}, Converted: true}); err != nil {
		t.Fatal(err)
	}
	noConv := NewJourneys("channel")
	noConv.AddPath([]int32{noConv.Channel("a")}, 0, 0, 3)
	for _, tc := range []struct {
		name  string
		j     *Journeys
		model Model
		cfg   HeuristicConfig
		want  error
	}{
		{"time decay on paths", paths, TimeDecay, HeuristicConfig{}, ErrNeedsTimestamps},
		{"w_shaped on paths", paths, WShaped, HeuristicConfig{}, ErrNeedsMarkers},
		{"full_path without markers", noMarkers, FullPath, HeuristicConfig{}, ErrNeedsMarkers},
		{"no conversions", noConv, FirstTouch, HeuristicConfig{}, ErrNoConversions},
	} {
		if _, err := Heuristic(tc.j, tc.model, tc.cfg); !errors.Is(err, tc.want) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.want)
		}
	}
	if _, err := Heuristic(paths, Custom, HeuristicConfig{}); err == nil {
		t.Error("custom without weights: no error")
	}
	if _, err := Heuristic(paths, PositionBased, HeuristicConfig{Position: Weights{-1, 1, 1}}); err == nil {
		t.Error("negative position weights: no error")
	}
}

func TestParseWeights(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want Weights
		ok   bool
	}{
		{"first=0.3,last=0.3,middle=0.4", Weights{0.3, 0.4, 0.3}, true},
		{" First = 30% , Last=30 ", Weights{30, 0, 30}, true},
		{"40,20,40", Weights{40, 20, 40}, true},
		{"40,20", Weights{}, false},
		{"first=x", Weights{}, false},
		{"first=1,top=2", Weights{}, false},
		{"first=-1,last=2", Weights{}, false},
		{"0,0,0", Weights{}, false},
	} {
		got, err := ParseWeights(tc.in)
		if (err == nil) != tc.ok || (tc.ok && got != tc.want) {
			t.Errorf("ParseWeights(%q) = %+v, %v", tc.in, got, err)
		}
	}
}
