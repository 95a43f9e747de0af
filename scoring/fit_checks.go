package scoring

import (
	"fmt"
	"math"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// classError is a fit refused for its rows (none left, or one class
// only), worded with the file and the target; it wraps the sentinel
// (ErrNoRows, ErrNoPositives, ErrNoNegatives) for errors.Is.
type classError struct {
	msg string
	err error
}

func (e *classError) Error() string { return e.msg }
func (e *classError) Unwrap() error { return e.err }

// checkRows returns a classError when the features of ds leave no row to
// fit or only one class, naming the leads file, the target and, when
// missing values emptied the design, the columns that did it.
func checkRows(ds *funnel.Dataset, cfg FeatureConfig, f *Features) error {
	leads := ds.Leads
	target := cfg.targetWords()
	n := len(f.Y)
	if n == 0 && cfg.Family.Amount() {
		msg := fmt.Sprintf("scoring: no lead of %s has a positive amount %q to fit (%d rows)", leads.Source, cfg.Target, leads.Rows)
		if f.amountsLeftOut != "" {
			msg += ": " + f.amountsLeftOut
		}
		return &classError{msg: msg, err: ErrNoRows}
	}
	if n == 0 {
		var why []string
		if c := leads.Named(cfg.Target); c != nil && cfg.TargetStage == "" && c.Kind != funnel.KindTime {
			if k := countNA(c, leads.Rows); k > 0 {
				why = append(why, fmt.Sprintf("the target %q is missing in %d", cfg.Target, k))
			}
		}
		for _, name := range cfg.Features {
			if c := leads.Named(name); c != nil {
				if k := countNA(c, leads.Rows); k > 0 {
					why = append(why, fmt.Sprintf("%q is missing in %d", name, k))
				}
			}
		}
		msg := fmt.Sprintf("scoring: no lead of %s is left to fit (%d rows)", leads.Source, leads.Rows)
		if len(why) > 0 {
			msg += ": " + strings.Join(why, ", ")
			if cfg.Missing == 0 || cfg.Missing == MissingDrop {
				msg += "; --missing zero or indicator keeps leads with missing features"
			}
		}
		return &classError{msg: msg, err: ErrNoRows}
	}
	if cfg.Family.Amount() {
		return nil
	}
	positives := 0
	for _, v := range f.Y {
		if v == 1 {
			positives++
		}
	}
	return checkClasses(target, leads.Source, n, positives)
}

// checkClasses returns a classError when the n leads used of the leads
// table source, positives of them positive, hold one class only; target
// words the target ("target \"won\"").
func checkClasses(target, source string, n, positives int) error {
	all := fmt.Sprintf("all %d leads used are", n)
	if n == 1 {
		all = "the only lead used is"
	}
	switch positives {
	case 0:
		return &classError{fmt.Sprintf("scoring: the %s of %s has no positive rows (%s negative), so there is nothing to learn from", target, source, all), ErrNoPositives}
	case n:
		return &classError{fmt.Sprintf("scoring: the %s of %s has no negative rows (%s positive), so there is nothing to learn from", target, source, all), ErrNoNegatives}
	}
	return nil
}

// targetWords words the target of cfg for errors: target "won", or
// target stage "sql".
func (cfg FeatureConfig) targetWords() string {
	if cfg.TargetStage != "" {
		return fmt.Sprintf("target stage %q", cfg.TargetStage)
	}
	return fmt.Sprintf("target %q", cfg.Target)
}

// countNA returns how many of the first n rows of c are missing.
func countNA(c *funnel.Column, n int) int {
	k := 0
	for i := 0; i < n; i++ {
		if c.IsNA(i) {
			k++
		}
	}
	return k
}

// capacityThreshold is the MQL threshold for a capacity of leads per
// month: the lowest score that passes at most capacity x months training
// leads (created_at gives the months), with a warning when that passes
// every training lead.
func capacityThreshold(leads *funnel.Table, rows []int32, capacity float64, r ranked) (Threshold, []string, error) {
	months, err := trainingMonths(leads, rows)
	if err != nil {
		return Threshold{}, nil, err
	}
	n := len(r.scores)
	allowed := n
	if a := capacity * months; a < float64(n) {
		allowed = int(math.Floor(a))
	}
	t, ok := r.capacity(allowed)
	if !ok {
		return Threshold{}, nil, fmt.Errorf("scoring: a capacity of %g leads a month (%d over the %.1f training months) is below the number of leads sharing the top score", capacity, allowed, months)
	}
	var warnings []string
	if t.Above == n {
		warnings = append(warnings, fmt.Sprintf("a capacity of %g leads a month (%.4g over the %.1f training months) passes every one of the %d training leads: the MQL threshold is the lowest score", capacity, capacity*months, months, n))
	}
	return t, warnings, nil
}
