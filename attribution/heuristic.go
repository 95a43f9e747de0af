package attribution

import (
	"fmt"
	"math"
)

// Credit is one model's credit per channel (indexed by channel code):
// conversions and conversion value. Every model's credits sum to the total
// conversions and total value of the journeys.
type Credit struct {
	Model       Model
	Conversions []float64
	Value       []float64
}

// DefaultHalfLife of time_decay: 7 days, in seconds.
const DefaultHalfLife int64 = 7 * 86400

// Shares of w_shaped (first, lead-creation, opportunity-creation touches;
// the rest over the other touches) and full_path (first, lead-creation,
// opportunity-creation, closed-won touches; the rest over the others).
const (
	WShapedShare  = 0.30
	WShapedRest   = 0.10
	FullPathShare = 0.225
	FullPathRest  = 0.10
)

// Tolerances of the check that credits sum to the totals.
const (
	sumTolRel = 1e-9
	sumTolAbs = 1e-9
)

// HeuristicConfig holds the parameters of the rule-based models.
type HeuristicConfig struct {
	Position Weights // position_based; zero value means DefaultPositionWeights
	Custom   Weights // custom; must be set to use Custom
	HalfLife int64   // time_decay half-life in seconds; 0 means DefaultHalfLife
}

// Heuristic computes rule-based model m (FirstTouch ... Custom) on the
// journeys. Per converting journey of n touches, touch i gets the share w_i
// of the journey's conversion and value (shares sum to 1):
//
//	first_touch     w_0 = 1
//	last_touch      w_{n-1} = 1
//	linear_touch    w_i = 1/n (a channel touched twice gets two shares)
//	position_based  first and last touch: First and Last weights, the
//	                Middle weight split equally over the other n-2 touches
//	custom          as position_based with the custom weights
//	time_decay      w_i ∝ 2^(-Δt_i/h), Δt_i = end time - touch time, h the half-life
//	w_shaped        30% each to the first, lead-creation and opportunity-
//	                creation touches, 10% split over the other touches
//	full_path       22.5% each to the first, lead-creation, opportunity-
//	                creation and closed-won touches, 10% over the others
//
// Marker shares that fall on the same touch add up; when no other touch is
// left for the rest share, the marker shares are scaled to sum to 1. So
// position_based gives one touch 100% and two touches 50/50, and a w_shaped
// journey whose lead and opportunity were created by its first touch and
// that has one more touch gives 90/10.
//
// time_decay needs touch times (ErrNeedsTimestamps), w_shaped and full_path
// need markers (ErrNeedsMarkers).
func Heuristic(j *Journeys, m Model, cfg HeuristicConfig) (*Credit, error) {
	nch := j.NumChannels()
	cr := &Credit{Model: m, Conversions: make([]float64, nch), Value: make([]float64, nch)}
	totalConv, totalValue, _ := j.Totals()
	if totalConv <= 0 {
		return nil, ErrNoConversions
	}
	var err error
	switch m {
	case FirstTouch, LastTouch, LinearTouch, PositionBased, Custom:
		var pw Weights
		if pw, err = positionWeights(m, cfg); err == nil {
			creditByPosition(j, cr, pw)
		}
	case TimeDecay:
		err = creditByDecay(j, cr, cfg.HalfLife)
	case WShaped, FullPath:
		err = creditByMarkers(j, cr)
	default:
		panic(fmt.Sprintf("attribution: Heuristic of model %v", m))
	}
	if err != nil {
		return nil, err
	}
	if err := checkSums(cr, totalConv, totalValue); err != nil {
		return nil, err
	}
	return cr, nil
}

// positionWeights returns the normalized weights of the position models:
// cfg.Position (default DefaultPositionWeights) for position_based,
// cfg.Custom for custom, and the zero weights for the others, which
// creditByPosition does not read.
func positionWeights(m Model, cfg HeuristicConfig) (Weights, error) {
	var pw Weights
	switch m {
	case PositionBased:
		pw = cfg.Position
		if pw == (Weights{}) {
			pw = DefaultPositionWeights
		}
		if err := pw.validate("position_based"); err != nil {
			return pw, err
		}
	case Custom:
		pw = cfg.Custom
		if err := pw.validate("custom"); err != nil {
			return pw, err
		}
	}
	return pw.normalized(), nil
}

// creditByPosition adds to cr the credit of the models that go by a
// touch's position in its path (first_touch, last_touch, linear_touch,
// position_based, custom with weights pw), path by path.
func creditByPosition(j *Journeys, cr *Credit, pw Weights) {
	m := cr.Model
	var w []float64
	for p := 0; p < j.NumPaths(); p++ {
		conv, value, _ := j.PathCounts(p)
		if conv == 0 && value == 0 {
			continue
		}
		path := j.Path(p)
		n := len(path)
		switch m {
		case FirstTouch:
			cr.Conversions[path[0]] += conv
			cr.Value[path[0]] += value
			continue
		case LastTouch:
			cr.Conversions[path[n-1]] += conv
			cr.Value[path[n-1]] += value
			continue
		case LinearTouch:
			// As ChannelAttribution: sum the path's conversions per
			// touch, then divide by the path length.
			for _, c := range path {
				cr.Conversions[c] += conv / float64(n)
				cr.Value[c] += value / float64(n)
			}
			continue
		}
		w = grow(w, n)
		markerWeights(w, []int{0, n - 1}, []float64{pw.First, pw.Last}, pw.Middle)
		for i, c := range path {
			cr.Conversions[c] += conv * w[i]
			cr.Value[c] += value * w[i]
		}
	}
}

// creditByDecay adds to cr the time_decay credit with half-life h
// (seconds; 0 means DefaultHalfLife), journey by journey.
// Journeys whose detail stayed in a warehouse take the credit it computed
// (SetDecayCredit) when its half-life is h.
func creditByDecay(j *Journeys, cr *Credit, h int64) error {
	if h == 0 {
		h = DefaultHalfLife
	}
	if h < 0 {
		return fmt.Errorf("time_decay half-life must be positive")
	}
	if !j.HasTimes() {
		if g := j.decay; g != nil && g.halfLife == h {
			copy(cr.Conversions, g.conversions)
			copy(cr.Value, g.value)
			return nil
		}
		return ErrNeedsTimestamps
	}
	var w []float64
	j.eachJourney(func(k int, path []int32, ages []int32) {
		if !j.jConv[k] {
			return
		}
		w = grow(w, len(path))
		decayWeights(w, ages, float64(h))
		for i, c := range path {
			cr.Conversions[c] += w[i]
			cr.Value[c] += j.jValue[k] * w[i]
		}
	})
	return nil
}

// creditByMarkers adds to cr the credit of w_shaped or full_path (the
// model of cr), journey by journey, from the journeys' milestone touches;
// journeys whose detail stayed in a warehouse take the credit it computed
// (SetMarkerCredit).
func creditByMarkers(j *Journeys, cr *Credit) error {
	m := cr.Model
	if !j.HasMarkers() {
		if g := j.markers[m]; g != nil {
			copy(cr.Conversions, g.conversions)
			copy(cr.Value, g.value)
			return nil
		}
		return fmt.Errorf("%s %w", m, ErrNeedsMarkers)
	}
	var w []float64
	missing := 0
	j.eachJourney(func(k int, path []int32, _ []int32) {
		if !j.jConv[k] {
			return
		}
		mk := j.jMark[3*k : 3*k+3]
		if mk[0] < 0 {
			missing++
			return
		}
		n := len(path)
		w = grow(w, n)
		if m == WShaped {
			markerWeights(w, []int{0, int(mk[0]), int(mk[1])},
				[]float64{WShapedShare, WShapedShare, WShapedShare}, WShapedRest)
		} else {
			markerWeights(w, []int{0, int(mk[0]), int(mk[1]), int(mk[2])},
				[]float64{FullPathShare, FullPathShare, FullPathShare, FullPathShare}, FullPathRest)
		}
		for i, c := range path {
			cr.Conversions[c] += w[i]
			cr.Value[c] += j.jValue[k] * w[i]
		}
	})
	if missing > 0 {
		return fmt.Errorf("%s: %d converting journeys have no lead or opportunity milestone: %w", m, missing, ErrNeedsMarkers)
	}
	return nil
}

// eachJourney calls f for every detailed journey k with its path and the
// ages of its touches.
func (j *Journeys) eachJourney(f func(k int, path []int32, ages []int32)) {
	off := 0
	for k, p := range j.jPath {
		path := j.Path(int(p))
		f(k, path, j.jAge[off:off+len(path)])
		off += len(path)
	}
}

func grow(w []float64, n int) []float64 {
	if cap(w) < n {
		return make([]float64, n, 2*n)
	}
	return w[:n]
}

// checkSums asserts that a model's credits sum to the totals.
func checkSums(cr *Credit, totalConv, totalValue float64) error {
	sc, sv := 0.0, 0.0
	for i := range cr.Conversions {
		sc += cr.Conversions[i]
		sv += cr.Value[i]
	}
	if !near(sc, totalConv) || !near(sv, totalValue) {
		return fmt.Errorf("attribution: internal error: %s credits sum to %v conversions and %v value, not %v and %v",
			cr.Model, sc, sv, totalConv, totalValue)
	}
	return nil
}

func near(a, b float64) bool {
	return math.Abs(a-b) <= sumTolAbs+sumTolRel*math.Max(math.Abs(a), math.Abs(b))
}
