package attribution_test

import (
	"fmt"

	"github.com/funnel-analytics/funnel/attribution"
)

// Three paths: a > b (1 conversion worth 30, 1 null), a (1 conversion worth
// 50, 2 nulls), b (1 conversion worth 10).
func handPaths() *attribution.Journeys {
	j := attribution.NewJourneys("channel")
	a, b := j.Channel("a"), j.Channel("b")
	j.AddPath([]int32{a, b}, 1, 30, 1)
	j.AddPath([]int32{a}, 1, 50, 2)
	j.AddPath([]int32{b}, 1, 10, 0)
	return j
}

func ExampleMarkovModel() {
	j := handPaths()
	r, err := attribution.MarkovModel(j, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("P(conversion) %.4f\n", r.ConversionProbability)
	for c, name := range j.Channels() {
		fmt.Printf("%s removal effect %.4f conversions %.4f value %.4f\n", name, r.RemovalEffect[c], r.Conversions[c], r.Value[c])
	}
	// Output:
	// P(conversion) 0.5000
	// a removal effect 0.7778 conversions 1.6154 value 59.1429
	// b removal effect 0.6667 conversions 1.3846 value 30.8571
}

func ExampleHeuristic() {
	j := handPaths()
	cr, err := attribution.Heuristic(j, attribution.LinearTouch, attribution.HeuristicConfig{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for c, name := range j.Channels() {
		fmt.Printf("%s %.1f conversions, value %.1f\n", name, cr.Conversions[c], cr.Value[c])
	}
	// Output:
	// a 1.5 conversions, value 65.0
	// b 1.5 conversions, value 25.0
}

// With null journeys known, v(S) is a conversion rate: v(a) = 1/3,
// v(b) = 1/1, v(ab) = 3/6, so φ_a = (1/3 + (1/2 - 1))/2 = -1/12 and
// φ_b = (1 + (1/2 - 1/3))/2 = 7/12, scaled by 3 / (1/2): a channel whose
// journeys convert less than the rest gets a negative credit (and a
// warning). The guard is off here: by default a coalition covering fewer
// than 30 journeys is worth 0. With the conversions function each journey's
// conversions are split over its distinct channels: a 1/2 + 1, b 1/2 + 1.
func ExampleShapleyModel() {
	j := handPaths()
	for _, cfg := range []attribution.ShapleyConfig{
		{Function: attribution.ShapleyRate, MinJourneys: -1},
		{Function: attribution.ShapleyConversions},
	} {
		r, err := attribution.ShapleyModel(j, cfg)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(r.Function)
		for c, name := range j.Channels() {
			fmt.Printf("%s %.4f conversions\n", name, r.Conversions[c])
		}
	}
	// Output:
	// rate
	// a -0.5000 conversions
	// b 3.5000 conversions
	// conversions
	// a 1.5000 conversions
	// b 1.5000 conversions
}
