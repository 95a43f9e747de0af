package scoring

import (
	"fmt"
	"math"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// negligibleDecayed is the largest decayed touch count below which an
// activity type carries no signal: 2^-20, what one touch 20 half-lives
// before the cutoff still weighs.
var negligibleDecayed = math.Exp2(-20)

// warnDegenerate adds to f the warnings about features that cannot carry
// a signal, once the design's terms are known: leads columns that give no
// term (a single level, or no value at all, in the rows used), touches
// given but none counted (every one after its cutoff or before the
// window), and activity types whose decayed counts are all negligible
// (every touch more than 20 half-lives before its lead's cutoff).
func (f *Features) warnDegenerate(cfg FeatureConfig, touchesGiven bool, counts []*leadCounts, keep []bool) {
	var top []float64 // each activity type's largest decayed count
	if cfg.HalfLife > 0 {
		top = make([]float64, len(f.ActivityTypes))
		for t := range top {
			for i, c := range counts[t].decayed {
				if keep[i] {
					top[t] = math.Max(top[t], c)
				}
			}
		}
	}
	f.warnFeatures(cfg, touchesGiven, top)
}

// warnFeatures is warnDegenerate given each activity type's largest
// decayed count (top, with a half-life).
func (f *Features) warnFeatures(cfg FeatureConfig, touchesGiven bool, top []float64) {
	for _, e := range f.Encodings {
		if e.Kind != "categorical" || len(e.Levels) > 0 {
			continue
		}
		if e.Reference == "" {
			f.Warnings = append(f.Warnings, fmt.Sprintf("column %q has no value in the rows used, so it adds no term", e.Column))
		} else {
			f.Warnings = append(f.Warnings, fmt.Sprintf("column %q has the single level %q in the rows used, so it adds no term", e.Column, e.Reference))
		}
	}
	if touchesGiven && f.TouchesUsed == 0 {
		var why []string
		if f.TouchesAfterCutoff > 0 {
			why = append(why, fmt.Sprintf("%d at or after their lead's cutoff", f.TouchesAfterCutoff))
		}
		if f.TouchesBeforeWindow > 0 {
			why = append(why, fmt.Sprintf("%d more than --window %s before it", f.TouchesBeforeWindow, funnel.FormatDays(cfg.Window)))
		}
		msg := "no touch was counted, so the model has no touch terms"
		if len(why) > 0 {
			msg += " (of the leads' touches, " + strings.Join(why, ", ") + ")"
		}
		f.Warnings = append(f.Warnings, msg)
	}
	if cfg.HalfLife > 0 {
		var faint []string
		for t, name := range f.ActivityTypes {
			if top[t] < negligibleDecayed {
				faint = append(faint, fmt.Sprintf("%q", name))
			}
		}
		if len(faint) > 0 {
			f.Warnings = append(f.Warnings, fmt.Sprintf("every touch of %s is more than 20 half-lives (--decay %s) before its lead's cutoff, so the decayed counts are below 1e-6 and carry no signal; use a longer --decay or a --window", strings.Join(faint, ", "), funnel.FormatDays(cfg.HalfLife)))
		}
	}
}
