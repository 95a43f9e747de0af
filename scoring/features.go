package scoring

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// Transform is how touch counts enter the model.
type Transform int

// Transforms of a (possibly decayed) touch count c.
const (
	TransformNone   Transform = iota + 1 // c
	TransformLog1p                       // log(1 + c)
	TransformBinary                      // 1 when c > 0, else 0
)

// String returns none, log1p or binary.
func (t Transform) String() string {
	switch t {
	case TransformNone:
		return "none"
	case TransformLog1p:
		return "log1p"
	case TransformBinary:
		return "binary"
	}
	return fmt.Sprintf("Transform(%d)", int(t))
}

// ParseTransform reads none, log1p or binary.
func ParseTransform(s string) (Transform, error) {
	for _, t := range []Transform{TransformNone, TransformLog1p, TransformBinary} {
		if strings.EqualFold(strings.TrimSpace(s), t.String()) {
			return t, nil
		}
	}
	return 0, fmt.Errorf("unknown transform %q (use none, log1p or binary)", s)
}

// apply returns the transformed count.
func (t Transform) apply(c float64) float64 {
	switch t {
	case TransformLog1p:
		return math.Log1p(c)
	case TransformBinary:
		if c > 0 {
			return 1
		}
		return 0
	}
	return c
}

// MissingRule says what happens to leads with a missing value in a
// feature column.
type MissingRule int

// Missing-value rules.
const (
	MissingDrop      MissingRule = iota + 1 // drop the lead (and count it)
	MissingZero                             // numeric 0; text: the reference level
	MissingIndicator                        // numeric 0 plus a column=(missing) term; text: a (missing) level
)

// String returns drop, zero or indicator.
func (m MissingRule) String() string {
	switch m {
	case MissingDrop:
		return "drop"
	case MissingZero:
		return "zero"
	case MissingIndicator:
		return "indicator"
	}
	return fmt.Sprintf("MissingRule(%d)", int(m))
}

// ParseMissing reads drop, zero or indicator.
func ParseMissing(s string) (MissingRule, error) {
	for _, m := range []MissingRule{MissingDrop, MissingZero, MissingIndicator} {
		if strings.EqualFold(strings.TrimSpace(s), m.String()) {
			return m, nil
		}
	}
	return 0, fmt.Errorf("unknown missing-value rule %q (use drop, zero or indicator)", s)
}

// Level names of indicator terms that are not values of the column.
const (
	OtherLevel   = "(other)"   // levels rarer than --min-level-count, folded together
	MissingLevel = "(missing)" // missing values under MissingIndicator
)

// Errors of feature building.
var (
	ErrNoLeads  = errors.New("scoring: fitting needs the leads (--leads)")
	ErrNoTarget = errors.New("scoring: no target: give --target COLUMN or --target-stage STAGE")
)

// FeatureConfig says how leads (and their touches and stages) become a
// design and a target. The zero values of the optional fields are the
// defaults of `funnel fit`.
type FeatureConfig struct {
	// Target is a leads column: boolean (or text, with Positive giving the
	// positive value), or a timestamp (non-empty = positive, and its time
	// is the lead's cutoff). Alternatively TargetStage names a stage of
	// ds.Stages: reaching it is positive, its first entry the cutoff.
	Target      string
	Positive    string
	TargetStage string
	// AsOf is the cutoff (Unix seconds) of leads that are not positive;
	// 0 means the latest timestamp in the inputs.
	AsOf int64
	// Window keeps only touches in the Window seconds before the cutoff
	// (0 = all). HalfLife decays each touch by 2^(-(cutoff - t)/HalfLife)
	// (0 = no decay). Transform applies to the counts (0 = none).
	Window    int64
	HalfLife  int64
	Transform Transform
	// ActivityTypes restricts the touch terms (nil = every type).
	ActivityTypes []string
	// Features are leads columns (header or role): numeric columns stay
	// numeric, text and boolean columns become column=level indicators
	// against the most frequent level.
	Features []string
	// MinLevelCount folds levels with fewer leads into column=(other)
	// (0 or 1 keeps every level, as R does).
	MinLevelCount int
	Missing       MissingRule // 0 = MissingDrop
	// SplitValues, when not "", separates the values of multi-value text
	// columns (--split-values ";": HubSpot writes "API;Forecasting"): a
	// text feature column holding it in a row used is encoded one
	// indicator per value (see Encoding.Split); other columns as before.
	SplitValues string

	// Counted, when set, holds the touches counted while they were read
	// (see TouchCounter), in place of ds.Touches.
	Counted *TouchCounter
}

// Encoding describes how one leads column became terms, so that scoring
// can encode new leads the same way.
type Encoding struct {
	Column string `json:"column"`
	// Kind is "numeric" (one term named Column) or "categorical"
	// (indicators Column=level for each of Levels).
	Kind      string   `json:"kind"`
	Reference string   `json:"reference,omitempty"` // the level without a term (the most frequent)
	Levels    []string `json:"levels,omitempty"`    // levels with a term, in term order
	// Other lists the levels folded into Column=(other) (rarer than
	// MinLevelCount); Missing is true when Column=(missing) is a term.
	Other   []string `json:"other,omitempty"`
	Missing bool     `json:"missing_indicator,omitempty"`
	// Split is the separator of a multi-value column: a row holds the
	// values between separators (trimmed, empty ones dropped), each level
	// has its indicator Column=level, 1 when the row holds it (several may
	// be 1), and there is no reference; Column=(other) is 1 when the row
	// holds a folded level. A row with no value is missing.
	Split string `json:"split,omitempty"`

	index map[string]int // Levels -> position, built on first use
}

// levelIndex returns the position of level l in Levels, or -1. The first
// call builds the index (learnEncoding does, so that the design's rows
// can be encoded on several goroutines).
func (e *Encoding) levelIndex(l string) int {
	if e.index == nil {
		e.index = make(map[string]int, len(e.Levels))
		for j, v := range e.Levels {
			e.index[v] = j
		}
	}
	if j, ok := e.index[l]; ok {
		return j
	}
	return -1
}

// Terms returns the encoding's term names.
func (e *Encoding) Terms() []string {
	if e.Kind == "numeric" {
		if e.Missing {
			return []string{e.Column, e.Column + "=" + MissingLevel}
		}
		return []string{e.Column}
	}
	var out []string
	for _, l := range e.Levels {
		out = append(out, e.Column+"="+l)
	}
	return out
}

// Features is a design built from a dataset, with the bookkeeping that
// reports and model files need.
type Features struct {
	Design   *Design
	Y        []float64 // 0/1 target of each design row
	LeadRows []int32   // leads-table row of each design row
	Cutoffs  []int64   // each design row's cutoff (Unix seconds)
	AsOf     int64
	// ActivityTypes are the touch terms, which come first after the
	// intercept; Encodings the leads columns' terms, which follow.
	ActivityTypes []string
	Encodings     []Encoding
	// RowsDropped counts leads left out for a missing target or (with
	// MissingDrop) a missing feature value.
	RowsDropped int
	// Touch bookkeeping: touches counted, touches at or after their
	// lead's cutoff (never counted: leakage), touches before the window,
	// touches of leads not in the leads table, and touches without a time
	// or an activity type. Touches of dropped leads are in none of them.
	TouchesUsed, TouchesAfterCutoff, TouchesBeforeWindow, TouchesUnmatched, TouchesIncomplete int
	Warnings                                                                                  []string
}

// Reads reports whether BuildFeatures (and Fit) use the column of input
// kind bound to role ("" for an attribute) under header, so that a
// command can leave the others unread (ingest.Options.Keep):
//
//   - leads: lead_id, the target and feature columns (by header or role),
//     and every column that may hold times;
//   - touches: lead_id, occurred_at, activity_type (or, in a file
//     without one, channel: the terms), and every column that may hold
//     times;
//   - every column of other inputs.
//
// Columns that may hold times are the time roles and the attributes,
// whose type is known only once read: the default as-of is the latest
// timestamp of every time column (funnel.Dataset.DefaultAsOf). roles are
// the roles of the file's columns.
func (cfg FeatureConfig) Reads(kind funnel.TableKind, role, header string, roles []string) bool {
	if role == "" {
		return true
	}
	for _, s := range funnel.Schema(kind) {
		if s.Name == role && s.Kind == funnel.KindTime {
			return true
		}
	}
	switch kind {
	case funnel.Leads:
		if role == funnel.RoleLeadID || role == cfg.Target || header == cfg.Target {
			return true
		}
		return slices.Contains(cfg.Features, role) || slices.Contains(cfg.Features, header)
	case funnel.Touches:
		switch role {
		case funnel.RoleLeadID:
			return true
		case funnel.RoleActivityType, funnel.RoleChannel:
			return role == funnel.ActivityRole(func(r string) bool { return slices.Contains(roles, r) })
		}
		return false
	}
	return true
}

// BuildFeatures turns the leads of ds (and its touches and stages) into a
// design and a target, following cfg. Touches at or after a lead's cutoff
// never count: a positive lead's cutoff is its target time, every other
// lead's is the as-of time.
func BuildFeatures(ds *funnel.Dataset, cfg FeatureConfig) (*Features, error) {
	leads := ds.Leads
	if leads == nil {
		return nil, ErrNoLeads
	}
	if cfg.Transform == 0 {
		cfg.Transform = TransformNone
	}
	if cfg.Missing == 0 {
		cfg.Missing = MissingDrop
	}
	f := &Features{AsOf: cfg.AsOf}
	if f.AsOf == 0 {
		f.AsOf = ds.DefaultAsOf() // touches counted while read included
	}
	n := leads.Rows
	y, cutoff, keep, cols, err := prepare(ds, cfg, f)
	if err != nil {
		return nil, err
	}

	// Touch counts per lead and activity type.
	counts, types, err := touchCounts(ds, cfg, cutoff, keep, f)
	if err != nil {
		return nil, err
	}
	f.ActivityTypes = types

	// Encodings of the leads columns over the kept rows.
	for k, c := range cols {
		f.Encodings = append(f.Encodings, learnEncoding(leads, c, cfg.Features[k], keep, cfg))
	}
	f.warnDegenerate(cfg, ds.Touches != nil || cfg.Counted.counting(), counts, keep)

	// The design.
	var terms []string
	terms = append(terms, types...)
	for k := range f.Encodings {
		terms = append(terms, f.Encodings[k].Terms()...)
	}
	if err := CheckTerms(terms); err != nil {
		return nil, err
	}
	rows := 0
	for _, k := range keep {
		if k {
			rows++
		}
	}
	f.Y = make([]float64, 0, rows)
	f.LeadRows = make([]int32, 0, rows)
	f.Cutoffs = make([]int64, 0, rows)
	for i := 0; i < n; i++ {
		if keep[i] {
			f.Y = append(f.Y, y[i])
			f.LeadRows = append(f.LeadRows, int32(i))
			f.Cutoffs = append(f.Cutoffs, cutoff[i])
		}
	}
	// Lead features are mostly small counts and indicators: the design
	// stores each distinct row once.
	f.Design = DistinctDesign(terms, rows, func(r int, x []float64) {
		i := int(f.LeadRows[r])
		for t := range types {
			x[1+t] = cfg.Transform.apply(counts[t].at(i))
		}
		j := 1 + len(types)
		for k, c := range cols {
			j += f.Encodings[k].encode(leads, c, i, x[j:], nil)
		}
	})
	return f, nil
}

// prepare works out each lead's target (1, 0, or -1 when missing) and
// cutoff with f.AsOf as the as-of time, the feature columns, and the
// leads kept (with a target and, under MissingDrop, every feature); it
// adds its warnings and RowsDropped to f.
func prepare(ds *funnel.Dataset, cfg FeatureConfig, f *Features) (y []float64, cutoff []int64, keep []bool, cols []*funnel.Column, err error) {
	leads := ds.Leads
	n := leads.Rows
	if y, cutoff, err = targets(ds, cfg, f); err != nil {
		return nil, nil, nil, nil, err
	}

	// Feature columns and the rows kept.
	cols = make([]*funnel.Column, len(cfg.Features))
	for k, name := range cfg.Features {
		c := leads.Named(name)
		if c == nil {
			return nil, nil, nil, nil, fmt.Errorf("scoring: %s has no column %q for --features", leads.Source, name)
		}
		if c.Kind == funnel.KindTime {
			return nil, nil, nil, nil, fmt.Errorf("scoring: column %q of %s holds dates; features take numbers, text or yes/no values", name, leads.Source)
		}
		cols[k] = c
	}
	keep = make([]bool, n)
	missingTarget, missingFeature := 0, 0
	for i := 0; i < n; i++ {
		if y[i] < 0 {
			missingTarget++
			continue
		}
		keep[i] = true
		if cfg.Missing == MissingDrop {
			for _, c := range cols {
				if c.IsNA(i) {
					keep[i] = false
					missingFeature++
					break
				}
			}
		}
	}
	f.RowsDropped = missingTarget + missingFeature
	if missingTarget > 0 {
		f.Warnings = append(f.Warnings, fmt.Sprintf("%d leads without a target value were left out", missingTarget))
	}
	if missingFeature > 0 {
		f.Warnings = append(f.Warnings, fmt.Sprintf("%d leads with a missing feature value were left out (--missing drop)", missingFeature))
	}
	return y, cutoff, keep, cols, nil
}

// CheckTerms returns an error when two terms share a name, or one is
// named like the intercept (an activity type called like a leads column).
// NewDesign takes the terms unchecked; the account lookalikes check theirs
// with it too.
func CheckTerms(terms []string) error {
	seen := map[string]bool{InterceptName: true}
	for _, t := range terms {
		if seen[t] {
			return fmt.Errorf("scoring: two terms are named %q (an activity type and a leads column?); rename one or leave it out", t)
		}
		seen[t] = true
	}
	return nil
}

// targets returns each lead's target (1, 0, or -1 when missing) and cutoff.
func targets(ds *funnel.Dataset, cfg FeatureConfig, f *Features) ([]float64, []int64, error) {
	leads := ds.Leads
	n := leads.Rows
	y := make([]float64, n)
	cutoff := make([]int64, n)
	for i := range cutoff {
		cutoff[i] = f.AsOf
	}
	timed := false
	switch {
	case cfg.Target != "" && cfg.TargetStage != "":
		return nil, nil, fmt.Errorf("scoring: give --target or --target-stage, not both")
	case cfg.TargetStage != "":
		if err := stageTarget(ds, cfg.TargetStage, y, cutoff); err != nil {
			return nil, nil, err
		}
		timed = true
	case cfg.Target != "":
		c := leads.Named(cfg.Target)
		if c == nil {
			return nil, nil, fmt.Errorf("scoring: %s has no target column %q", leads.Source, cfg.Target)
		}
		switch c.Kind {
		case funnel.KindTime:
			timed = true
			for i, t := range c.Times {
				if t != funnel.NoTime {
					y[i], cutoff[i] = 1, t
				}
			}
		case funnel.KindBool:
			for i, b := range c.Bools {
				y[i] = float64(b) // -1 when missing
			}
		case funnel.KindNumber:
			for i, v := range c.Nums {
				switch {
				case math.IsNaN(v):
					y[i] = -1
				case v == 0 || v == 1:
					y[i] = v
				default:
					return nil, nil, fmt.Errorf("scoring: %s, column %q: target value %v is not 0 or 1", leads.Where(i), c.Name, v)
				}
			}
		case funnel.KindText:
			if countNA(c, n) == n {
				return nil, nil, fmt.Errorf("scoring: target column %q of %s has no value in any row", c.Name, leads.Source)
			}
			if cfg.Positive == "" {
				return nil, nil, fmt.Errorf("scoring: target column %q of %s holds text; give --positive VALUE (the value that means converted)", c.Name, leads.Source)
			}
			want := strings.TrimSpace(cfg.Positive)
			for i, code := range c.Codes {
				switch {
				case code == funnel.NA:
					y[i] = -1
				case strings.EqualFold(strings.TrimSpace(leads.Dict.String(code)), want):
					y[i] = 1
				}
			}
		}
	default:
		return nil, nil, ErrNoTarget
	}
	if timed {
		if f.AsOf == funnel.NoTime {
			return nil, nil, fmt.Errorf("scoring: no timestamp in the inputs to take as the as-of date; give --as-of")
		}
		late := 0
		for i := range y {
			if y[i] == 1 && cutoff[i] > f.AsOf {
				// Converted after the as-of date: not converted as of then.
				y[i], cutoff[i] = 0, f.AsOf
				late++
			}
		}
		if late > 0 {
			f.Warnings = append(f.Warnings, fmt.Sprintf("%d leads converted after the as-of date %s and count as not converted", late, funnel.FormatTime(f.AsOf, false)))
		}
	} else if ds.Touches != nil || cfg.Counted.counting() {
		f.Warnings = append(f.Warnings, fmt.Sprintf("the target %q has no time, so each lead's cutoff is unknown: every touch before the as-of date counts, including touches after conversion (leakage); use a timestamp target or --target-stage", cfg.Target))
	}
	return y, cutoff, nil
}

// stageTarget marks leads that reached stage (by the stages' entity_id,
// matched to lead_id) and sets their cutoff to its first entry.
func stageTarget(ds *funnel.Dataset, stage string, y []float64, cutoff []int64) error {
	st := ds.Stages
	if st == nil {
		return fmt.Errorf("scoring: --target-stage needs the stage history (--stages)")
	}
	byID, err := leadIndex(ds.Leads)
	if err != nil {
		return err
	}
	ent, name, at := st.Role(funnel.RoleEntityID), st.Role(funnel.RoleStage), st.Role(funnel.RoleEnteredAt)
	if ent == nil || name == nil || at == nil || name.Kind != funnel.KindText || at.Kind != funnel.KindTime {
		return fmt.Errorf("scoring: %s needs entity_id, stage and entered_at columns for --target-stage", st.Source)
	}
	want := strings.TrimSpace(stage)
	seen := map[string]bool{}
	found := false
	for i := 0; i < st.Rows; i++ {
		s := st.Dict.String(name.Codes[i])
		if !strings.EqualFold(strings.TrimSpace(s), want) {
			if len(seen) < 50 {
				seen[s] = true
			}
			continue
		}
		found = true
		lead := lookup(byID, ent.Codes[i])
		t := at.Times[i]
		if lead < 0 || t == funnel.NoTime {
			continue
		}
		if y[lead] == 0 || t < cutoff[lead] {
			y[lead], cutoff[lead] = 1, t
		}
	}
	if !found {
		names := make([]string, 0, len(seen))
		for s := range seen {
			names = append(names, s)
		}
		slices.Sort(names)
		return fmt.Errorf("scoring: no lead of %s reached stage %q (stages seen: %s)", st.Source, stage, strings.Join(names, ", "))
	}
	return nil
}

// leadIndex maps lead_id codes to leads rows: the returned slice, indexed
// by Dict code, holds the row or -1. A lead_id given twice is an error
// naming both lines.
func leadIndex(leads *funnel.Table) ([]int32, error) {
	c := leads.Role(funnel.RoleLeadID)
	if c == nil {
		return nil, fmt.Errorf("scoring: %s has no lead_id column, which touches and stages are matched on", leads.Source)
	}
	idx := make([]int32, leads.Dict.Len())
	for i := range idx {
		idx[i] = -1
	}
	for i, code := range c.Codes {
		if code == funnel.NA {
			continue
		}
		if j := idx[code]; j >= 0 {
			return nil, fmt.Errorf("scoring: lead_id %q appears twice, at %s and %s", leads.Dict.String(code), leads.Where(int(j)), leads.Where(i))
		}
		idx[code] = int32(i)
	}
	return idx, nil
}

// lookup returns the leads row of a lead_id code, or -1.
func lookup(idx []int32, code int32) int {
	if code < 0 || int(code) >= len(idx) {
		return -1
	}
	return int(idx[code])
}

// touchCounts returns, per activity type (sorted by name), each lead's
// touch count (decayed when cfg.HalfLife > 0) strictly before its cutoff
// and within the window, for kept leads: from the counts made while the
// touches were read (cfg.touches), or else from ds.Touches.
func touchCounts(ds *funnel.Dataset, cfg FeatureConfig, cutoff []int64, keep []bool, f *Features) ([]*leadCounts, []string, error) {
	if cfg.Counted.counting() {
		return cfg.Counted.k.result(ds, cfg, cutoff, keep, f)
	}
	t := ds.Touches
	if t == nil {
		if len(cfg.ActivityTypes) > 0 {
			return nil, nil, fmt.Errorf("scoring: --activity-types needs the touches (--touches)")
		}
		return nil, nil, nil
	}
	k := newTouchCounter(cfg, cutoff, keep)
	if err := k.bind(t); err != nil {
		return nil, nil, err
	}
	if k.byID, k.err = leadIndex(ds.Leads); k.err != nil {
		return nil, nil, k.err
	}
	k.add(t)
	counts, names := k.finish(ds, f)
	return counts, names, nil
}

// touchCounter counts touches per lead and activity type (see
// touchCounts), from a whole touches table or chunk by chunk while the
// touches are read (see TouchCounter): the same counts either way.
type touchCounter struct {
	cfg     FeatureConfig
	cutoff  []int64
	keep    []bool
	byID    []int32 // leadIndex
	allowed map[string]bool
	// slot maps an activity type's Dict code to its index into counts
	// (-1: not a term, -2: not seen yet); it grows with the Dict.
	slot   []int
	counts []*leadCounts // per slot
	names  []string      // per slot
	// the columns of the touches table being counted (see bind)
	lid, at, typ *funnel.Column
	// bookkeeping, as in Features
	used, afterCutoff, beforeWindow, unmatched, incomplete int
	// While reading (TouchCounter): the as-of the cutoffs were made for
	// (0 = the default, not known before every input is read), the
	// errors of the leads (prepare,
	// leadIndex) and of the touches' columns (bind), which BuildFeatures
	// reports where it meets them with a table, and whether BuildFeatures
	// took the counts.
	asOf                     int64
	err, indexErr, columnErr error
	taken                    bool
}

func newTouchCounter(cfg FeatureConfig, cutoff []int64, keep []bool) *touchCounter {
	k := &touchCounter{cfg: cfg, cutoff: cutoff, keep: keep, allowed: map[string]bool{}}
	for _, a := range cfg.ActivityTypes {
		k.allowed[strings.TrimSpace(a)] = true
	}
	return k
}

// bind finds the columns of touches table t (or chunk), for add.
func (k *touchCounter) bind(t *funnel.Table) error {
	k.lid, k.at = t.Role(funnel.RoleLeadID), t.Role(funnel.RoleOccurredAt)
	k.typ = t.Role(funnel.ActivityRole(t.Has))
	if k.lid == nil || k.at == nil || k.typ == nil {
		return fmt.Errorf("scoring: %s needs lead_id, occurred_at and activity_type (or channel) columns to count touches per lead", t.Source)
	}
	return nil
}

// add counts the touches of t, whose columns bind found.
func (k *touchCounter) add(t *funnel.Table) {
	cfg := k.cfg
	lidCodes, times, typCodes := k.lid.Codes, k.at.Times, k.typ.Codes
	lastCode, lead := funnel.NA, -1 // touches come grouped by lead
	for i := 0; i < t.Rows; i++ {
		if code := lidCodes[i]; code != lastCode || i == 0 {
			lastCode, lead = code, lookup(k.byID, code)
		}
		if lead < 0 {
			k.unmatched++
			continue
		}
		if !k.keep[lead] {
			continue
		}
		ts, code := times[i], typCodes[i]
		if ts == funnel.NoTime || code == funnel.NA {
			k.incomplete++
			continue
		}
		c := k.cutoff[lead]
		if ts >= c {
			k.afterCutoff++
			continue
		}
		if cfg.Window > 0 && ts < c-cfg.Window {
			k.beforeWindow++
			continue
		}
		if int(code) >= len(k.slot) { // the Dict grew: make room for all its codes
			n := len(k.slot)
			k.slot = slices.Grow(k.slot, max(int(code)+1, t.Dict.Len())-n)[:max(int(code)+1, t.Dict.Len())]
			for j := n; j < len(k.slot); j++ {
				k.slot[j] = -2
			}
		}
		s := k.slot[code]
		if s == -2 {
			name := t.Dict.String(code)
			if len(k.allowed) > 0 && !k.allowed[name] {
				s = -1
			} else {
				s = len(k.counts)
				k.counts = append(k.counts, newLeadCounts(len(k.keep), cfg.HalfLife > 0))
				k.names = append(k.names, name)
			}
			k.slot[code] = s
		}
		if s < 0 {
			continue
		}
		w := 1.0
		if cfg.HalfLife > 0 {
			w = math.Exp2(-float64(c-ts) / float64(cfg.HalfLife))
		}
		k.counts[s].add(lead, w)
		k.used++
	}
}

// finish returns the counts and names in name order and adds the
// bookkeeping and its warnings to f.
func (k *touchCounter) finish(ds *funnel.Dataset, f *Features) ([]*leadCounts, []string) {
	f.TouchesUsed, f.TouchesAfterCutoff, f.TouchesBeforeWindow = k.used, k.afterCutoff, k.beforeWindow
	f.TouchesUnmatched, f.TouchesIncomplete = k.unmatched, k.incomplete
	for _, a := range k.cfg.ActivityTypes {
		if !slices.Contains(k.names, strings.TrimSpace(a)) {
			f.Warnings = append(f.Warnings, fmt.Sprintf("activity type %q has no touch before any lead's cutoff", a))
		}
	}
	// Terms in name order, so that the design does not depend on row order.
	order := make([]int, len(k.names))
	for s := range order {
		order[s] = s
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(k.names[a], k.names[b]) })
	sortedCounts := make([]*leadCounts, len(order))
	sortedNames := make([]string, len(order))
	for s, o := range order {
		sortedCounts[s], sortedNames[s] = k.counts[o], k.names[o]
	}
	if f.TouchesUnmatched > 0 {
		f.Warnings = append(f.Warnings, fmt.Sprintf("%d touches of leads that are not in %s were ignored", f.TouchesUnmatched, ds.Leads.Source))
	}
	if f.TouchesIncomplete > 0 {
		f.Warnings = append(f.Warnings, fmt.Sprintf("%d touches without a time or an activity type were ignored", f.TouchesIncomplete))
	}
	if f.TouchesAfterCutoff > 0 {
		f.Warnings = append(f.Warnings, fmt.Sprintf("%d touches at or after their lead's cutoff were not counted (no leakage of what happened after conversion)", f.TouchesAfterCutoff))
	}
	return sortedCounts, sortedNames
}

// TouchCounter counts touches per lead and activity type while they are
// read, so that fitting or scoring needs memory per lead, not per touch.
// A command makes one (NewTouchCounter for a fit, NewScoreCounter for
// scoring), gives its Sink to the reader (ingest.Options.Sink), and hands
// it to the fit (FeatureConfig.Counted) or the scoring
// (ScoreOptions.Counted), which then need no touches table and give what
// they give with one. A TouchCounter serves one fit or one scoring; a
// second use panics, as a caller's mistake.
type TouchCounter struct {
	// start makes the counter once the leads are read, or returns nil to
	// leave the touches to the table.
	start func(ds *funnel.Dataset) *touchCounter
	k     *touchCounter
}

// Sink is an ingest.Options.Sink: for the touches of ds (whose leads are
// read before them) it returns the function that counts them chunk by
// chunk; for other inputs, or when the counts could depend on inputs read
// later, nil (the input is stored as a table).
func (c *TouchCounter) Sink(ds *funnel.Dataset, kind funnel.TableKind) (rows func(chunk *funnel.Table) error) {
	if kind != funnel.Touches || ds.Leads == nil {
		return nil
	}
	if c.k = c.start(ds); c.k == nil {
		return nil
	}
	return c.k.sink()
}

// counting reports whether c counted touches as they were read (a nil c
// did not).
func (c *TouchCounter) counting() bool { return c != nil && c.k != nil }

// NewTouchCounter returns the TouchCounter of a fit with cfg (AsOf as the
// fit will use it). It leaves the touches to the table when the counts
// could depend on inputs read later: with TargetStage (the stages come
// after the touches), or with the default as-of (AsOf 0, the latest
// timestamp of every input) and a Window or a HalfLife (see
// CountsTouchesAsRead). With the default as-of every touch of a lead
// without a conversion time counts, whatever the as-of turns out to be,
// since it is later than every touch. BuildFeatures panics when its
// cfg.AsOf differs from the AsOf the touches were counted for.
func NewTouchCounter(cfg FeatureConfig) *TouchCounter {
	cfg.Counted = nil
	return &TouchCounter{start: func(ds *funnel.Dataset) *touchCounter {
		if !cfg.CountsTouchesAsRead() {
			return nil
		}
		c := cfg
		if c.Missing == 0 {
			c.Missing = MissingDrop
		}
		// The cutoffs of leads without a conversion time are the as-of; the
		// default one is later than every touch, and than every conversion.
		f := &Features{AsOf: c.AsOf}
		if f.AsOf == 0 {
			f.AsOf = math.MaxInt64
		}
		_, cutoff, keep, _, err := prepare(ds, c, f)
		k := newTouchCounter(c, cutoff, keep)
		k.asOf, k.err = cfg.AsOf, err // BuildFeatures meets the same error first
		if k.err == nil {
			k.byID, k.indexErr = leadIndex(ds.Leads)
		}
		return k
	}}
}

// CountsTouchesAsRead reports whether a TouchCounter of a fit with cfg
// counts the touches as they are read, rather than leaving them to the
// table: not with TargetStage, nor with the default as-of and a Window or
// a HalfLife (see NewTouchCounter).
func (cfg FeatureConfig) CountsTouchesAsRead() bool {
	return cfg.TargetStage == "" && (cfg.AsOf != 0 || (cfg.Window == 0 && cfg.HalfLife == 0))
}

// sink returns the ingest.Options.Sink functions that count the touches
// chunk by chunk. Errors (of the leads, met before: err, indexErr; of the
// touches' columns: columnErr) stop the counting but not the reading:
// they are BuildFeatures' or Score's to report, where a table would meet
// them.
func (k *touchCounter) sink() func(chunk *funnel.Table) error {
	return func(chunk *funnel.Table) error {
		if k.columnErr == nil {
			k.columnErr = k.bind(chunk)
		}
		if k.err == nil && k.columnErr == nil && k.indexErr == nil {
			k.add(chunk)
		}
		return nil
	}
}

// result returns the counts made while the touches were read, as
// touchCounts gives them from a table, or the error the table would have
// given.
func (k *touchCounter) result(ds *funnel.Dataset, cfg FeatureConfig, cutoff []int64, keep []bool, f *Features) ([]*leadCounts, []string, error) {
	if k.taken {
		panic("scoring: touches counted while read serve one BuildFeatures")
	}
	if k.asOf != cfg.AsOf {
		panic("scoring: touches counted for another as-of")
	}
	k.taken = true
	for _, err := range []error{k.err, k.columnErr, k.indexErr} { // the order of touchCounts
		if err != nil {
			return nil, nil, err
		}
	}
	if len(keep) != len(k.keep) {
		panic("scoring: touches counted for other leads")
	}
	counts, names := k.finish(ds, f)
	k.counts, k.cutoff, k.keep, k.byID, k.slot = nil, nil, nil, nil, nil // the design holds them now
	return counts, names, nil
}

// levelOf returns the text level of row i of column c (bool as true or
// false) and whether it is missing.
func levelOf(t *funnel.Table, c *funnel.Column, i int) (string, bool) {
	if c.IsNA(i) {
		return "", true
	}
	return t.Text(c, i), false
}

// multiValued reports whether text column c holds the separator sep in a
// kept row, so that its encoding splits the values.
func multiValued(t *funnel.Table, c *funnel.Column, keep []bool, sep string) bool {
	if sep == "" || c.Kind != funnel.KindText {
		return false
	}
	for i := range keep {
		if l, na := levelOf(t, c, i); keep[i] && !na && strings.Contains(l, sep) {
			return true
		}
	}
	return false
}

// learnEncoding works out how column c becomes terms, from the kept rows.
func learnEncoding(t *funnel.Table, c *funnel.Column, name string, keep []bool, cfg FeatureConfig) Encoding {
	e := Encoding{Column: name}
	if c.Kind == funnel.KindNumber {
		e.Kind = "numeric"
		if cfg.Missing == MissingIndicator {
			for i := range keep {
				if keep[i] && c.IsNA(i) {
					e.Missing = true
					break
				}
			}
		}
		return e
	}
	e.Kind = "categorical"
	if multiValued(t, c, keep, cfg.SplitValues) {
		e.Split = cfg.SplitValues
	}
	count := map[string]int{} // leads per level
	var values []string
	for i := range keep {
		if !keep[i] {
			continue
		}
		l, na := levelOf(t, c, i)
		if e.Split != "" && !na {
			values = funnel.SplitValues(values[:0], l, e.Split)
			for _, v := range values {
				count[v]++
			}
			if len(values) > 0 {
				continue
			}
			na = true // separators only
		}
		if na {
			if cfg.Missing != MissingIndicator {
				continue // zero: the reference level
			}
			l = MissingLevel
			e.Missing = true
		}
		count[l]++
	}
	levels := make([]string, 0, len(count))
	for l := range count {
		levels = append(levels, l)
	}
	slices.Sort(levels)
	// Fold rare levels (never the missing level).
	var kept []string
	otherCount := 0
	for _, l := range levels {
		if cfg.MinLevelCount > 1 && count[l] < cfg.MinLevelCount && l != MissingLevel {
			e.Other = append(e.Other, l)
			otherCount += count[l]
			continue
		}
		kept = append(kept, l)
	}
	// The reference: the most frequent kept level (the first by name on a
	// tie); a multi-value column has none.
	best := -1
	for _, l := range kept {
		if l == MissingLevel || e.Split != "" {
			continue
		}
		if best < 0 || count[l] > count[kept[best]] {
			best = slices.Index(kept, l)
		}
	}
	for k, l := range kept {
		if k == best {
			e.Reference = l
			continue
		}
		if l != MissingLevel {
			e.Levels = append(e.Levels, l)
		}
	}
	if otherCount > 0 {
		e.Levels = append(e.Levels, OtherLevel)
	}
	if e.Missing {
		e.Levels = append(e.Levels, MissingLevel)
	}
	e.levelIndex("") // builds the index
	return e
}

// encode writes the terms of row i of column c into x and returns their
// number. A level the encoding does not know goes to (other) when there is
// one, else to the reference; unknown counts such rows (such values, in a
// multi-value column, whose every value sets its own indicator) when not
// nil.
func (e *Encoding) encode(t *funnel.Table, c *funnel.Column, i int, x []float64, unknown *int) int {
	if e.Kind == "numeric" {
		v := math.NaN()
		if c.Kind == funnel.KindNumber {
			v = c.Nums[i]
		}
		if math.IsNaN(v) {
			x[0] = 0
			if e.Missing {
				x[1] = 1
			}
		} else {
			x[0] = v
			if e.Missing {
				x[1] = 0
			}
		}
		if e.Missing {
			return 2
		}
		return 1
	}
	k := len(e.Levels)
	for j := 0; j < k; j++ {
		x[j] = 0
	}
	l, na := levelOf(t, c, i)
	if e.Split != "" && !na {
		var buf [8]string
		values := funnel.SplitValues(buf[:0], l, e.Split)
		other := e.levelIndex(OtherLevel)
		for _, v := range values {
			switch j := e.levelIndex(v); {
			case j >= 0:
				x[j] = 1
			case other >= 0:
				x[other] = 1
			case unknown != nil && !slices.Contains(e.Other, v):
				*unknown++
			}
		}
		if len(values) > 0 {
			return k
		}
		na = true // separators only
	}
	switch {
	case na && e.Missing:
		l = MissingLevel
	case na:
		return k // the reference
	case l == e.Reference:
		return k
	}
	if j := e.levelIndex(l); j >= 0 {
		x[j] = 1
		return k
	}
	if j := e.levelIndex(OtherLevel); j >= 0 {
		x[j] = 1
		return k
	}
	if unknown != nil && !slices.Contains(e.Other, l) {
		*unknown++
	}
	return k
}
