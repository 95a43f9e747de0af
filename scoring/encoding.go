// The leads-column terms: how a numeric, yes/no or text column becomes
// terms (a number, or indicators of its levels against a reference, with
// rare levels folded and missing values by rule), learnt from the rows of
// a fit and applied to the same rows or to new leads.

package scoring

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

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
	return e.withLevels(count, cfg.MinLevelCount)
}

// withLevels completes a categorical encoding (Column, Kind, Split and
// Missing set) from the number of kept leads per level (MissingLevel for
// the missing ones under MissingIndicator): levels in name order, those
// with fewer than minLevelCount leads folded into (other) (never the
// missing level), the most frequent other level the reference (the first
// by name on a tie; none for a multi-value column). A fit computed in a
// database (FeatureGroups) counts the levels there and completes its
// encodings here, so that both learn the same ones.
func (e Encoding) withLevels(count map[string]int, minLevelCount int) Encoding {
	levels := make([]string, 0, len(count))
	for l := range count {
		levels = append(levels, l)
	}
	slices.Sort(levels)
	// Fold rare levels (never the missing level).
	var kept []string
	otherCount := 0
	for _, l := range levels {
		if minLevelCount > 1 && count[l] < minLevelCount && l != MissingLevel {
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
