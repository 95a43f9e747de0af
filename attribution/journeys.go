package attribution

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/go-gota/gota/dataframe"

	"github.com/funnel-analytics/funnel/funnel"
)

// Journeys is a compact store of many customer journeys.
//
// Channels are small integer codes (Channel, ChannelName), in order of first
// appearance. Identical paths (the same sequence of channels) are stored
// once, with the sums of their conversions, conversion value and null
// (non-converting) journeys, so memory for the path-only models is
// proportional to distinct paths. Journeys read from touches also keep, per
// journey, its path id, outcome and value, and per touch its age (seconds
// from the touch to the journey's end) for time_decay; journeys read from
// touches and opportunities also keep the marker touches of w_shaped and
// full_path.
//
// Build one with FromPaths, FromTouches or FromOpportunities, or by hand
// with NewJourneys, AddPath and AddJourney.
type Journeys struct {
	// By names what the channels are: "channel", "campaign", a column name.
	By string
	// Lookback is the lookback window used to cut journeys, in seconds;
	// 0 means unlimited.
	Lookback int64
	// OutcomeSource says, for journeys built from opportunities, where
	// their outcomes came from (funnel.Outcomes.Source).
	OutcomeSource string
	// Currency is the ISO 4217 code of the conversions' value, as the
	// value column wrote it (funnel.Column.Currency: a won amount, a
	// touch's value, a path's total_conversion_value); "" when none is
	// known.
	Currency string
	// Warnings collects what building the journeys noticed.
	Warnings []string
	// Unattributed counts conversions (and their value) that had no touch
	// at all within the lookback window: no model can credit them, so they
	// are left out of every total.
	Unattributed      int
	UnattributedValue float64

	channels  []string
	chanIndex map[string]int32

	pathStart []int32 // offsets into pathSeq, len NumPaths()+1
	pathSeq   []int32
	pathConv  []float64
	pathValue []float64
	pathNull  []float64
	pathIndex map[uint64]int32
	pathNext  []int32 // next path id with the same hash, -1 at the end

	nullsKnown bool
	aggregated bool // some paths came without per-journey detail (AddPath)
	valueless  bool // the conversions have no value to split (stage entries: FromStages)

	jPath   []int32
	jConv   []bool
	jValue  []float64
	jAge    []int32 // per touch of every journey, in journey order
	noTimes bool    // some detailed journey came without times
	jMark   []int32 // 3 per journey (lead, opportunity, won touch), -1 unknown; nil when none known

	decay   *givenCredit           // time_decay's credit computed on the journeys' detail elsewhere (SetDecayCredit)
	markers map[Model]*givenCredit // w_shaped's and full_path's likewise (SetMarkerCredit; halfLife unused)
}

// givenCredit is a model's credit per channel given by SetDecayCredit
// (with the half-life it was computed with) or SetMarkerCredit.
type givenCredit struct {
	halfLife    int64
	conversions []float64
	value       []float64
}

// SetDecayCredit gives journeys whose detail stayed elsewhere (paths added
// by AddPath from a warehouse's path table, which computed the per-journey
// weights in SQL) time_decay's credit per channel code: conversions[c] =
// Σ over converting journeys of the shares w_i (Heuristic's rule) of the
// touches on channel c, value[c] the same shares times each journey's
// value, computed with half-life halfLife (seconds). time_decay then runs
// on the journeys (Heuristic returns this credit when the half-life asked
// is the same) and is among Attribute's default models.
func (j *Journeys) SetDecayCredit(halfLife int64, conversions, value []float64) error {
	if halfLife <= 0 || len(conversions) != j.NumChannels() || len(value) != j.NumChannels() {
		return fmt.Errorf("attribution: time_decay credit of %d and %d channels (half-life %d) for journeys of %d channels",
			len(conversions), len(value), halfLife, j.NumChannels())
	}
	j.decay = &givenCredit{halfLife: halfLife, conversions: slices.Clone(conversions), value: slices.Clone(value)}
	return nil
}

// SetMarkerCredit gives journeys whose detail stayed elsewhere (a
// warehouse's path table, which found each journey's milestone touches
// and computed the weights in SQL) the credit of marker model m
// (WShaped or FullPath) per channel code, by Heuristic's rule: per
// converting journey the shares w_i of its touches on channel c
// (conversions[c]), and times the journey's value (value[c]). m then runs
// on the journeys and is among Attribute's default models.
func (j *Journeys) SetMarkerCredit(m Model, conversions, value []float64) error {
	if !m.needsMarkers() || len(conversions) != j.NumChannels() || len(value) != j.NumChannels() {
		return fmt.Errorf("attribution: %s credit of %d and %d channels for journeys of %d channels",
			m, len(conversions), len(value), j.NumChannels())
	}
	if j.markers == nil {
		j.markers = map[Model]*givenCredit{}
	}
	j.markers[m] = &givenCredit{conversions: slices.Clone(conversions), value: slices.Clone(value)}
	return nil
}

// hasMarkerModels reports whether w_shaped and full_path can run: the
// journeys carry markers, or their credit was given (SetMarkerCredit).
func (j *Journeys) hasMarkerModels() bool {
	return j.HasMarkers() || j.markers[WShaped] != nil && j.markers[FullPath] != nil
}

// hasDecay reports whether time_decay can run: every journey carries
// touch times, or its credit was given (SetDecayCredit).
func (j *Journeys) hasDecay() bool { return j.HasTimes() || j.decay != nil }

// Journey is one journey for AddJourney.
type Journey struct {
	Channels []int32 // channel codes (see Journeys.Channel), in time order
	// Times holds the Unix seconds of each touch (nil when unknown); End is
	// the time of the conversion (or of the end of a null journey) and must
	// not precede any touch.
	Times     []int64
	End       int64
	Converted bool
	Value     float64  // conversion value; must be 0 when not converted
	Markers   *Markers // nil when unknown
}

// Markers gives the indexes (into Journey.Channels) of the touches at the
// milestones of a B2B journey, used by w_shaped and full_path.
type Markers struct {
	Lead        int // touch that created the lead
	Opportunity int // touch that created the opportunity
	Won         int // touch that closed the deal
}

// NewJourneys returns an empty store whose channels are values of by
// ("channel", "campaign", ...). Null journeys count as known.
func NewJourneys(by string) *Journeys {
	return &Journeys{
		By:         by,
		chanIndex:  map[string]int32{},
		pathStart:  []int32{0},
		pathIndex:  map[uint64]int32{},
		nullsKnown: true,
	}
}

// Channel returns the code of the channel called name, adding it when new.
func (j *Journeys) Channel(name string) int32 {
	if c, ok := j.chanIndex[name]; ok {
		return c
	}
	c := int32(len(j.channels))
	j.chanIndex[name] = c
	j.channels = append(j.channels, name)
	return c
}

// ChannelName returns the name of channel code c.
func (j *Journeys) ChannelName(c int32) string { return j.channels[c] }

// Channels returns the channel names by code (do not modify).
func (j *Journeys) Channels() []string { return j.channels }

// NumChannels returns the number of channels.
func (j *Journeys) NumChannels() int { return len(j.channels) }

// NumPaths returns the number of distinct paths.
func (j *Journeys) NumPaths() int { return len(j.pathConv) }

// Path returns the channel codes of distinct path p (do not modify).
func (j *Journeys) Path(p int) []int32 { return j.pathSeq[j.pathStart[p]:j.pathStart[p+1]] }

// PathCounts returns the conversions, conversion value and null journeys of
// distinct path p.
func (j *Journeys) PathCounts(p int) (conversions, value, nulls float64) {
	return j.pathConv[p], j.pathValue[p], j.pathNull[p]
}

// NullsKnown reports whether non-converting journeys were given (a path
// table without total_null has none).
func (j *Journeys) NullsKnown() bool { return j.nullsKnown }

// SetNullsKnown records whether non-converting journeys were given.
func (j *Journeys) SetNullsKnown(known bool) { j.nullsKnown = known }

// Totals returns the total conversions, conversion value and null journeys.
func (j *Journeys) Totals() (conversions, value, nulls float64) {
	for p := range j.pathConv {
		conversions += j.pathConv[p]
		value += j.pathValue[p]
		nulls += j.pathNull[p]
	}
	return
}

// NumJourneys returns the number of journeys: conversions plus nulls (a
// path-table row with 3 conversions and 5 nulls is 8 journeys).
func (j *Journeys) NumJourneys() float64 {
	c, _, n := j.Totals()
	return c + n
}

// HasDetail reports whether every journey was added one by one (with
// AddJourney), so that per-journey models can run.
func (j *Journeys) HasDetail() bool { return !j.aggregated }

// HasTimes reports whether every journey carries touch times.
func (j *Journeys) HasTimes() bool {
	return !j.aggregated && !j.noTimes && len(j.jPath) > 0
}

// HasMarkers reports whether some journeys carry milestone markers.
func (j *Journeys) HasMarkers() bool { return !j.aggregated && j.jMark != nil }

// AddPath adds aggregated journeys: conversions converting and nulls
// non-converting journeys that all took the channel path, with total
// conversion value value. Journeys added this way carry no per-journey
// detail (no times, no markers). It panics on an empty path, negative or
// non-finite counts, or a value without conversions (a caller's mistake:
// FromPaths checks its input).
func (j *Journeys) AddPath(path []int32, conversions, value, nulls float64) {
	if len(path) == 0 {
		panic("attribution: AddPath of an empty path")
	}
	if !(conversions >= 0) || !(nulls >= 0) || math.IsInf(conversions+nulls, 0) || math.IsNaN(value) || math.IsInf(value, 0) {
		panic("attribution: AddPath with negative or non-finite counts")
	}
	if conversions == 0 && value != 0 {
		panic("attribution: AddPath with value but no conversion")
	}
	j.checkCodes(path)
	p := j.intern(path)
	j.pathConv[p] += conversions
	j.pathValue[p] += value
	j.pathNull[p] += nulls
	j.aggregated = true
}

// AddJourney adds one journey with its detail. It returns an error when the
// journey is inconsistent (no touch, times not matching channels, a touch
// after End, a value without conversion, a marker out of range).
func (j *Journeys) AddJourney(jr Journey) error {
	n := len(jr.Channels)
	if n == 0 {
		return fmt.Errorf("attribution: journey without touches")
	}
	if jr.Times != nil && len(jr.Times) != n {
		return fmt.Errorf("attribution: journey has %d touches but %d times", n, len(jr.Times))
	}
	if math.IsNaN(jr.Value) || math.IsInf(jr.Value, 0) {
		return fmt.Errorf("attribution: journey value %v", jr.Value)
	}
	if !jr.Converted && jr.Value != 0 {
		return fmt.Errorf("attribution: non-converting journey with value %v", jr.Value)
	}
	if m := jr.Markers; m != nil {
		for _, x := range []int{m.Lead, m.Opportunity, m.Won} {
			if x < 0 || x >= n {
				return fmt.Errorf("attribution: marker touch %d outside a journey of %d touches", x, n)
			}
		}
	}
	if jr.Times != nil {
		for _, t := range jr.Times {
			if t > jr.End {
				return fmt.Errorf("attribution: touch at %d after the journey's end %d", t, jr.End)
			}
		}
	}
	j.checkCodes(jr.Channels)
	p := j.intern(jr.Channels)
	if jr.Converted {
		j.pathConv[p]++
		j.pathValue[p] += jr.Value
	} else {
		j.pathNull[p]++
	}
	j.jPath = append(j.jPath, p)
	j.jConv = append(j.jConv, jr.Converted)
	j.jValue = append(j.jValue, jr.Value)
	if jr.Times == nil {
		j.noTimes = true
	}
	for i := 0; i < n; i++ {
		var age int64
		if jr.Times != nil {
			age = jr.End - jr.Times[i]
		}
		j.jAge = append(j.jAge, saturate32(age))
	}
	if jr.Markers != nil && j.jMark == nil {
		j.jMark = make([]int32, 3*(len(j.jPath)-1), 3*cap(j.jPath))
		for i := range j.jMark {
			j.jMark[i] = -1
		}
	}
	if j.jMark != nil {
		if m := jr.Markers; m != nil {
			j.jMark = append(j.jMark, int32(m.Lead), int32(m.Opportunity), int32(m.Won))
		} else {
			j.jMark = append(j.jMark, -1, -1, -1)
		}
	}
	return nil
}

func saturate32(x int64) int32 {
	if x > math.MaxInt32 {
		return math.MaxInt32
	}
	return int32(x)
}

func (j *Journeys) checkCodes(path []int32) {
	for _, c := range path {
		if c < 0 || int(c) >= len(j.channels) {
			panic(fmt.Sprintf("attribution: channel code %d out of range", c))
		}
	}
}

// hashPath is FNV-1a over the codes.
func hashPath(path []int32) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range path {
		h ^= uint64(uint32(c))
		h *= 1099511628211
	}
	return h ^ uint64(len(path))
}

// intern returns the id of path, adding it when new.
func (j *Journeys) intern(path []int32) int32 {
	h := hashPath(path)
	first, ok := j.pathIndex[h]
	if ok {
		for p := first; p >= 0; p = j.pathNext[p] {
			if equalPath(j.Path(int(p)), path) {
				return p
			}
		}
	}
	p := int32(len(j.pathConv))
	j.pathSeq = append(j.pathSeq, path...)
	j.pathStart = append(j.pathStart, int32(len(j.pathSeq)))
	j.pathConv = append(j.pathConv, 0)
	j.pathValue = append(j.pathValue, 0)
	j.pathNull = append(j.pathNull, 0)
	if ok {
		j.pathNext = append(j.pathNext, first)
	} else {
		j.pathNext = append(j.pathNext, -1)
	}
	j.pathIndex[h] = p
	return p
}

func equalPath(a, b []int32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// PathString writes distinct path p as "a > b > c" with sep (default ">").
func (j *Journeys) PathString(p int, sep string) string {
	if sep == "" {
		sep = ">"
	}
	var b strings.Builder
	for i, c := range j.Path(p) {
		if i > 0 {
			b.WriteString(" " + sep + " ")
		}
		b.WriteString(j.channels[c])
	}
	return b.String()
}

// PathFrame returns the journeys as a ChannelAttribution-layout path table
// (path, total_conversions, total_conversion_value, total_null), one row
// per distinct path in order of first appearance, for --paths-out.
func (j *Journeys) PathFrame(sep string) dataframe.DataFrame {
	n := j.NumPaths()
	paths := make([]string, n)
	for p := 0; p < n; p++ {
		paths[p] = j.PathString(p, sep)
	}
	var f funnel.FrameBuilder
	f.Strings("path", paths)
	f.Floats("total_conversions", slices.Clone(j.pathConv))
	f.Floats("total_conversion_value", slices.Clone(j.pathValue))
	f.Floats("total_null", slices.Clone(j.pathNull))
	return f.Frame()
}

// CreditedBy names what the channels are: By, or channel when unset.
func (j *Journeys) CreditedBy() string {
	if j.By == "" {
		return funnel.RoleChannel
	}
	return j.By
}

// warnf appends a warning.
func (j *Journeys) warnf(format string, args ...any) {
	j.Warnings = append(j.Warnings, fmt.Sprintf(format, args...))
}
