// A fit on features computed elsewhere: a database counts the touches,
// encodes the leads columns and groups the leads by their distinct design
// row (warehouse.FitQuery); FitGroups fits on those groups as Fit fits on
// the features BuildFeatures builds from files.

package scoring

import (
	"container/heap"
	"errors"
	"fmt"
)

// FeatureGroups are the features of a fit computed elsewhere, with the
// bookkeeping BuildFeatures keeps: the leads grouped by their distinct
// design row, each group's number of leads and of positives.
type FeatureGroups struct {
	// Leads names the leads' table (errors, warnings); LeadRows is its
	// number of rows.
	Leads    string
	LeadRows int
	AsOf     int64
	// Timed says the target has a time (each positive lead's cutoff);
	// Late counts the leads that converted after AsOf (counted as not
	// converted).
	Timed bool
	Late  int
	// MissingTarget and MissingFeature count the leads left out for a
	// missing target or (MissingDrop) feature value, AfterAsOf those
	// created at or after AsOf (see leadsAfterAsOf).
	MissingTarget, MissingFeature, AfterAsOf int
	// TouchesGiven says there is a touches table; the touch bookkeeping
	// is Features' (TouchesUsed, ...). TopDecayed is, with a half-life,
	// each activity type's largest decayed count of a lead.
	TouchesGiven                                                                              bool
	TouchesUsed, TouchesAfterCutoff, TouchesBeforeWindow, TouchesUnmatched, TouchesIncomplete int
	TopDecayed                                                                                []float64
	// ActivityTypes are the touch terms (the types with a touch counted,
	// in name order), Encodings the leads columns' (see EncodingOfLevels),
	// in FeatureConfig.Features order.
	ActivityTypes []string
	Encodings     []Encoding
	// X holds the groups' terms (without the intercept), row-major;
	// Count and Positives each group's leads and positive leads.
	X                []float64
	Count, Positives []int
}

// EncodingOfLevels returns the encoding of leads column name learnt from
// the number of kept leads per level, as BuildFeatures learns it from the
// rows: numeric columns (missing: some kept lead lacks the value) become
// one term (and its missing indicator under MissingIndicator);
// categorical ones indicators of their levels (count: leads per level,
// the missing ones under MissingLevel, which only MissingIndicator makes
// a level) against the most frequent, rare ones folded (see withLevels).
// Multi-value columns are not split.
func EncodingOfLevels(name string, numeric bool, count map[string]int, cfg FeatureConfig) Encoding {
	missing := count[MissingLevel] > 0 && cfg.Missing == MissingIndicator
	if numeric {
		return Encoding{Column: name, Kind: "numeric", Missing: missing}
	}
	levels := make(map[string]int, len(count))
	for l, n := range count {
		if l != MissingLevel || missing {
			levels[l] = n
		}
	}
	e := Encoding{Column: name, Kind: "categorical", Missing: missing}
	return e.withLevels(levels, cfg.MinLevelCount)
}

// FitGroups fits the logistic regression of Fit on features computed
// elsewhere, and derives what Fit derives: the regression runs on the
// groups (the binomial form of the same likelihood, see grouped). The
// leads are laid out with the groups interleaved and each group's
// positives spread evenly (see layout): the tables that split tied
// scores by row order (calibration and lift, at their bins' edges) may
// split them otherwise than a file's row order does. A deal-size family and --capacity need the leads' rows and are
// errors.
func FitGroups(g *FeatureGroups, cfg Config) (*Model, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	switch {
	case cfg.Features.Family.Amount():
		return nil, fmt.Errorf("scoring: a %s deal-size fit needs the leads' rows, which grouped features do not hold", cfg.Features.Family)
	case cfg.Capacity > 0:
		return nil, errors.New("scoring: --capacity needs the leads' created_at, which grouped features do not hold")
	}
	f, err := g.features(cfg.Features)
	if err != nil {
		return nil, err
	}
	return fitFeatures(f, cfg, nil)
}

// features returns the Features of the groups: a Design of distinct rows
// (the groups) over the leads, and the warnings BuildFeatures gives, in
// its order.
func (g *FeatureGroups) features(cfg FeatureConfig) (*Features, error) {
	f := &Features{AsOf: g.AsOf, ActivityTypes: g.ActivityTypes, Encodings: g.Encodings,
		RowsDropped: g.MissingTarget + g.MissingFeature, RowsAfterAsOf: g.AfterAsOf,
		TouchesUsed: g.TouchesUsed, TouchesAfterCutoff: g.TouchesAfterCutoff, TouchesBeforeWindow: g.TouchesBeforeWindow,
		TouchesUnmatched: g.TouchesUnmatched, TouchesIncomplete: g.TouchesIncomplete}
	switch {
	case g.Timed && g.Late > 0:
		f.Warnings = append(f.Warnings, lateWarning(g.Late, g.AsOf))
	case !g.Timed && g.TouchesGiven:
		f.Warnings = append(f.Warnings, leakageWarning(cfg.Target))
	}
	if g.AfterAsOf > 0 {
		f.Warnings = append(f.Warnings, afterAsOfWarning(g.AfterAsOf, g.AsOf))
	}
	f.Warnings = append(f.Warnings, missingWarnings(cfg, g.MissingTarget, g.MissingFeature)...)
	if g.TouchesGiven {
		f.warnTouches(cfg.ActivityTypes, g.ActivityTypes, g.Leads)
	}
	f.warnFeatures(cfg, g.TouchesGiven, g.TopDecayed)

	terms := append([]string{}, g.ActivityTypes...)
	for k := range g.Encodings {
		terms = append(terms, g.Encodings[k].Terms()...)
	}
	if err := CheckTerms(terms); err != nil {
		return nil, err
	}
	names := designNames(terms)
	p := len(names)
	groups := len(g.Count)
	if len(g.Positives) != groups || len(g.X) != groups*(p-1) {
		panic(fmt.Sprintf("scoring: %d groups with %d positive counts and %d values of %d terms", groups, len(g.Positives), len(g.X), p-1))
	}
	n, positives := 0, 0
	for k, m := range g.Count {
		if m < 1 || g.Positives[k] < 0 || g.Positives[k] > m {
			panic(fmt.Sprintf("scoring: group %d has %d leads and %d positives", k+1, m, g.Positives[k]))
		}
		n += m
		positives += g.Positives[k]
	}
	if n == 0 {
		return nil, &classError{msg: fmt.Sprintf("scoring: no lead of %s is left to fit (%d rows)", g.Leads, g.LeadRows), err: ErrNoRows}
	}
	if err := checkClasses(cfg.targetWords(), g.Leads, n, positives); err != nil {
		return nil, err
	}
	x := make([]float64, 0, groups*p)
	for k := range groups {
		x = append(x, 1)
		x = append(x, g.X[k*(p-1):(k+1)*(p-1)]...)
	}
	d := &Design{Names: names, X: x, Rows: n}
	d.Of, f.Y = g.layout(n)
	f.Design = d
	return f, nil
}

// layout returns the group and the target of each of the n leads, in an
// order that interleaves the groups and spreads each group's positives
// evenly, as a file's order (unrelated to the outcome) does on average:
// lead i of group k (of m leads, s positive) is at position (i+1/2)/m
// among all leads' positions (ties by group), and is positive when
// floor((i+1)s/m) > floor(is/m). A k-way merge: O(n log groups).
func (g *FeatureGroups) layout(n int) ([]int32, []float64) {
	of, y := make([]int32, 0, n), make([]float64, 0, n)
	h := leadHeap{count: g.Count}
	for k, m := range g.Count {
		if m > 0 {
			h.items = append(h.items, leadNext{k: int32(k)})
		}
	}
	heap.Init(&h)
	for len(h.items) > 0 {
		top := &h.items[0]
		k, i := int(top.k), int(top.i)
		m, s := g.Count[k], g.Positives[k]
		of, y = append(of, int32(k)), append(y, float64((i+1)*s/m-i*s/m))
		if top.i++; int(top.i) == m {
			heap.Pop(&h)
		} else {
			heap.Fix(&h, 0)
		}
	}
	return of, y
}

// leadNext is a group's next lead to lay out (layout).
type leadNext struct{ k, i int32 }

// leadHeap orders the groups' next leads by position (i+1/2)/m, then
// group.
type leadHeap struct {
	items []leadNext
	count []int
}

func (h *leadHeap) Len() int { return len(h.items) }
func (h *leadHeap) Less(a, b int) bool {
	x, y := h.items[a], h.items[b]
	// (2i+1)/2m compared exactly: (2i_x+1) m_y against (2i_y+1) m_x
	l, r := (2*int64(x.i)+1)*int64(h.count[y.k]), (2*int64(y.i)+1)*int64(h.count[x.k])
	return l < r || (l == r && x.k < y.k)
}
func (h *leadHeap) Swap(a, b int) { h.items[a], h.items[b] = h.items[b], h.items[a] }
func (h *leadHeap) Push(x any)    { h.items = append(h.items, x.(leadNext)) }
func (h *leadHeap) Pop() any {
	x := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return x
}
