// The features of a fit: FeatureConfig says how a dataset becomes a
// design and a target, and BuildFeatures puts together the target and
// cutoffs (targets.go), the touch counts (touches.go) and the encodings
// of the leads columns (encoding.go) into a Design of distinct rows.

package scoring

import (
	"errors"
	"fmt"
	"slices"

	"github.com/funnel-analytics/funnel/funnel"
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
	// Family is the target's distribution: 0 or FamilyBinomial for the
	// outcomes above; FamilyGamma or FamilyLogNormal take Target as an
	// amount (a deal size, see amountTarget).
	Family Family
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

	// trackLast has the touch counting note each lead's latest touch
	// (Features.lastTouch): scoring's decay and recycle penalty.
	trackLast bool
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
	// MissingDrop) a missing feature value; RowsAfterAsOf the leads left
	// out because they were created at or after the as-of time (see
	// leadsAfterAsOf).
	RowsDropped, RowsAfterAsOf int
	// Touch bookkeeping: touches counted, touches at or after their
	// lead's cutoff (never counted: leakage), touches before the window,
	// touches of leads not in the leads table, and touches without a time
	// or an activity type. Touches of dropped leads are in none of them.
	TouchesUsed, TouchesAfterCutoff, TouchesBeforeWindow, TouchesUnmatched, TouchesIncomplete int
	Warnings                                                                                  []string

	amountsLeftOut string  // a deal-size fit's warning about amounts of 0 or less, for checkRows
	lastTouch      []int64 // each lead's latest touch before its cutoff, with FeatureConfig.trackLast
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
		if role == funnel.RoleLeadID {
			return true
		}
		// Names meet headers and roles as funnel.Table.Named matches them.
		named := func(name string) bool {
			return name != "" && (name == role || funnel.SameName(name, header) || funnel.SameName(name, role))
		}
		return named(cfg.Target) || slices.ContainsFunc(cfg.Features, named)
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
			return nil, nil, nil, nil, fmt.Errorf("scoring: %s has no column %q for --features (columns: %s)", leads.Source, name, leads.Headers())
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
	if f.RowsAfterAsOf = leadsAfterAsOf(leads, f.AsOf, keep); f.RowsAfterAsOf > 0 {
		f.Warnings = append(f.Warnings, afterAsOfWarning(f.RowsAfterAsOf, f.AsOf))
	}
	f.Warnings = append(f.Warnings, missingWarnings(cfg, missingTarget, missingFeature)...)
	return y, cutoff, keep, cols, nil
}

// missingWarnings say how many leads were left out for a missing target
// and for a missing feature value.
func missingWarnings(cfg FeatureConfig, missingTarget, missingFeature int) []string {
	var out []string
	switch {
	case missingTarget > 0 && cfg.Family.Amount():
		out = append(out, fmt.Sprintf("%d leads without a positive amount %q (no opportunity with one) were left out", missingTarget, cfg.Target))
	case missingTarget > 0:
		out = append(out, fmt.Sprintf("%d leads without a target value were left out", missingTarget))
	}
	if missingFeature > 0 {
		out = append(out, fmt.Sprintf("%d leads with a missing feature value were left out (--missing drop)", missingFeature))
	}
	return out
}

// leadsAfterAsOf clears keep of the leads created (created_at) at or
// after asOf, the first second not yet known: as of then they did not
// exist, and a backtest that kept them would count them as leads that
// never converted and never did anything. It returns how many it
// cleared (0 without a created_at column).
func leadsAfterAsOf(leads *funnel.Table, asOf int64, keep []bool) int {
	c := leads.TimeRole(funnel.RoleCreatedAt)
	if c == nil || asOf == funnel.NoTime {
		return 0
	}
	n := 0
	for i, t := range c.Times {
		if t != funnel.NoTime && t >= asOf {
			if keep[i] {
				n++
			}
			keep[i] = false
		}
	}
	return n
}

// afterAsOfWarning says that n leads created at or after asOf were left
// out.
func afterAsOfWarning(n int, asOf int64) string {
	return fmt.Sprintf("%d leads created at or after the as-of time %s were left out: they did not exist yet", n, funnel.FormatTime(asOf, false))
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
