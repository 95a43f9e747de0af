// The target of a fit: which leads converted (a leads column or a stage
// reached) and each lead's cutoff, the time after which its touches no
// longer count.

package scoring

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// targets returns each lead's target (1, 0, or -1 when missing) and cutoff.
func targets(ds *funnel.Dataset, cfg FeatureConfig, f *Features) ([]float64, []int64, error) {
	leads := ds.Leads
	n := leads.Rows
	y := make([]float64, n)
	cutoff := make([]int64, n)
	for i := range cutoff {
		cutoff[i] = f.AsOf
	}
	if cfg.Family.Amount() {
		switch {
		case cfg.TargetStage != "":
			return nil, nil, fmt.Errorf("scoring: --family %s takes an amount column as --target, not --target-stage", cfg.Family)
		case cfg.Target == "":
			return nil, nil, ErrNoTarget
		}
		return y, cutoff, amountTarget(ds, cfg, y, cutoff, f)
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
			return nil, nil, fmt.Errorf("scoring: %s has no target column %q (columns: %s)", leads.Source, cfg.Target, leads.Headers())
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
			f.Warnings = append(f.Warnings, lateWarning(late, f.AsOf))
		}
	} else if ds.Touches != nil || cfg.Counted.counting() {
		f.Warnings = append(f.Warnings, leakageWarning(cfg.Target))
	}
	return y, cutoff, nil
}

// lateWarning says that late leads converted after asOf and count as not
// converted.
func lateWarning(late int, asOf int64) string {
	return fmt.Sprintf("%d leads converted after the as-of date %s and count as not converted", late, funnel.FormatTime(asOf, false))
}

// leakageWarning says that the target column has no time, so touches
// after conversion count.
func leakageWarning(target string) string {
	return fmt.Sprintf("the target %q has no time, so each lead's cutoff is unknown: every touch before the as-of date counts, including touches after conversion (leakage); use a timestamp target or --target-stage", target)
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
