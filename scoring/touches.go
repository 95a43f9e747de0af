// The touch terms: touches counted per lead and activity type, strictly
// before the lead's cutoff and within the window, decayed by a half-life
// and transformed, from a touches table or while the touches are read
// (TouchCounter).

package scoring

import (
	"cmp"
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
// touches were read (cfg.Counted), or else from ds.Touches.
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
	// last is each lead's latest touch before its cutoff, of any type and
	// window (NoTime: none), when cfg.trackLast; nil otherwise.
	last []int64
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
	if cfg.trackLast {
		k.last = make([]int64, len(keep))
		for i := range k.last {
			k.last[i] = funnel.NoTime
		}
	}
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
		if k.last != nil && ts > k.last[lead] {
			k.last[lead] = ts
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
	f.lastTouch = k.last
	f.warnTouches(k.cfg.ActivityTypes, k.names, ds.Leads.Source)
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
	return sortedCounts, sortedNames
}

// warnTouches adds the warnings of the touch bookkeeping (f's Touches
// counts) to f: activity types asked for (allowed) that no touch counted
// has (among names), touches of leads not in the leads (leads names
// them), touches without a time or a type, touches at or after their
// lead's cutoff.
func (f *Features) warnTouches(allowed, names []string, leads string) {
	for _, a := range allowed {
		if !slices.Contains(names, strings.TrimSpace(a)) {
			f.Warnings = append(f.Warnings, fmt.Sprintf("activity type %q has no touch before any lead's cutoff", a))
		}
	}
	if f.TouchesUnmatched > 0 {
		f.Warnings = append(f.Warnings, fmt.Sprintf("%d touches of leads that are not in %s were ignored", f.TouchesUnmatched, leads))
	}
	if f.TouchesIncomplete > 0 {
		f.Warnings = append(f.Warnings, fmt.Sprintf("%d touches without a time or an activity type were ignored", f.TouchesIncomplete))
	}
	if f.TouchesAfterCutoff > 0 {
		f.Warnings = append(f.Warnings, fmt.Sprintf("%d touches at or after their lead's cutoff were not counted (no leakage of what happened after conversion)", f.TouchesAfterCutoff))
	}
}

// TouchCounter counts touches per lead and activity type while they are
// read, so that fitting or scoring needs memory per lead, not per touch.
// A command makes one (NewTouchCounter for a fit, NewScoreCounter for
// scoring), gives its Sink to the reader (ingest.Options.Sink), and hands
// it to the fit (FeatureConfig.Counted) or the scoring
// (ScoreOptions.Counted), which then need no touches table and give what
// they give with one. A TouchCounter serves one fit or one scoring; a
// second use panics, as a caller's mistake. Sinks feeds several.
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

// Sinks returns an ingest.Options.Sink that gives the touches to every
// counter of cs as they are read (a win model and a deal-size model
// scored together). When one of them leaves the touches to the table,
// they all do: the table is stored, and each counts from it.
func Sinks(cs ...*TouchCounter) func(ds *funnel.Dataset, kind funnel.TableKind) func(chunk *funnel.Table) error {
	return func(ds *funnel.Dataset, kind funnel.TableKind) func(chunk *funnel.Table) error {
		if kind != funnel.Touches || ds.Leads == nil {
			return nil
		}
		rows := make([]func(chunk *funnel.Table) error, 0, len(cs))
		for _, c := range cs {
			r := c.Sink(ds, kind)
			if r == nil {
				for _, c := range cs {
					c.k = nil
				}
				return nil
			}
			rows = append(rows, r)
		}
		return func(chunk *funnel.Table) error {
			for _, r := range rows {
				if err := r(chunk); err != nil {
					return err
				}
			}
			return nil
		}
	}
}

// counting reports whether c counted touches as they were read (a nil c
// did not).
func (c *TouchCounter) counting() bool { return c != nil && c.k != nil }

// NewTouchCounter returns the TouchCounter of a fit with cfg (AsOf as the
// fit will use it). It leaves the touches to the table when the counts
// could depend on inputs read later: with TargetStage (the stages come
// after the touches), with a deal-size target from the opportunities, or with the default as-of (AsOf 0, the latest
// timestamp of every input) and a Window or a HalfLife (see
// CountsTouchesAsRead). With the default as-of every touch of a lead
// without a conversion time counts, whatever the as-of turns out to be,
// since it is later than every touch. BuildFeatures panics when its
// cfg.AsOf differs from the AsOf the touches were counted for.
func NewTouchCounter(cfg FeatureConfig) *TouchCounter {
	cfg.Counted = nil
	return &TouchCounter{start: func(ds *funnel.Dataset) *touchCounter {
		if !cfg.CountsTouchesAsRead() || (cfg.Family.Amount() && ds.Leads.Named(cfg.Target) == nil) {
			return nil // a deal size from the opportunities, read after the touches, sets the cutoffs
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
	if k.cfg.trackLast != cfg.trackLast {
		panic("scoring: touches counted with another decay or recycle penalty")
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
