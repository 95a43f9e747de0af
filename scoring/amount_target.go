// The target of a deal-size fit: each lead's amount, from a numeric
// leads column or from the lead's opportunities.

package scoring

import (
	"errors"
	"fmt"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
)

// maxNamed is how many rows a warning about left-out amounts names.
const maxNamed = 5

// amountTarget sets y[i] to lead i's amount for a deal-size fit
// (cfg.Family gamma or lognormal), -1 when it has none:
//
//   - cfg.Target a column of the leads: its value, which must be a
//     number; the cutoff stays the as-of time (touches after the deal
//     count: a warning says so);
//   - else a column of the opportunities (by header or role: amount): the
//     sum of the amounts of the lead's opportunities (by lead_id) created
//     before the as-of time, and the lead's cutoff the earliest of their
//     created_at (the as-of time for one without), so that only the
//     activity before the deal counts.
//
// Amounts of 0 or less are left out and named in a warning (the first
// maxNamed); a value that is not a number is an error naming its file,
// line and column.
func amountTarget(ds *funnel.Dataset, cfg FeatureConfig, y []float64, cutoff []int64, f *Features) error {
	leads := ds.Leads
	for i := range y {
		y[i] = -1
	}
	var bad []string
	nonPositive := 0
	note := func(t *funnel.Table, r int, v float64, id string) {
		nonPositive++
		if len(bad) < maxNamed {
			bad = append(bad, fmt.Sprintf("%s (%s) %g", t.Where(r), id, v))
		}
	}
	ids := leads.Role(funnel.RoleLeadID)
	leadID := func(i int) string {
		if ids == nil || ids.Codes[i] == funnel.NA {
			return fmt.Sprintf("row %d", i+1)
		}
		return leads.Dict.String(ids.Codes[i])
	}
	if c := leads.Named(cfg.Target); c != nil {
		if err := checkAmountColumn(leads, c, cfg.Family); err != nil {
			return err
		}
		for i, v := range c.Nums {
			switch {
			case v != v: // NaN: missing
			case v <= 0:
				note(leads, i, v, leadID(i))
			default:
				y[i] = v
			}
		}
		if ds.Touches != nil || cfg.Counted.counting() {
			f.Warnings = append(f.Warnings, fmt.Sprintf("the amount %q of %s has no time, so every touch before the as-of date counts, including touches after the deal was made; the opportunities' amount (with their created_at) counts only the touches before each deal", c.Name, leads.Source))
		}
	} else {
		if err := opportunityAmounts(ds, cfg, y, cutoff, f, note); err != nil {
			return err
		}
	}
	if nonPositive > 0 {
		f.amountsLeftOut = fmt.Sprintf("%d amounts of 0 or less were left out (a deal size is positive): %s", nonPositive, strings.Join(bad, ", "))
		f.Warnings = append(f.Warnings, f.amountsLeftOut)
	}
	return nil
}

// checkAmountColumn returns an error unless c holds numbers: for a text
// column, the first value that is not a number, with its file, line and
// column.
func checkAmountColumn(t *funnel.Table, c *funnel.Column, family Family) error {
	switch c.Kind {
	case funnel.KindNumber:
		return nil
	case funnel.KindText:
		for i, code := range c.Codes {
			if code == funnel.NA {
				continue
			}
			s := t.Dict.String(code)
			if _, err := ingest.ParseNumber(s); err != nil {
				line := i + 1
				if t.Lines != nil && i < len(t.Lines) {
					line = int(t.Lines[i])
				}
				return &ingest.RowError{File: t.Source, Line: line, Column: c.Name, Value: s, Err: ingest.ErrBadNumber,
					Detail: fmt.Sprintf("--family %s takes an amount as --target", family)}
			}
		}
	}
	return fmt.Errorf("scoring: column %q of %s holds %s values; --family %s takes an amount (a number) as --target", c.Name, t.Source, c.Kind, family)
}

// opportunityAmounts sets y and cutoff from the opportunities' column
// cfg.Target (see amountTarget); note is told of each amount of 0 or
// less.
func opportunityAmounts(ds *funnel.Dataset, cfg FeatureConfig, y []float64, cutoff []int64, f *Features, note func(*funnel.Table, int, float64, string)) error {
	leads, o, asOf := ds.Leads, ds.Opportunities, f.AsOf
	oc := o.Named(cfg.Target)
	if oc == nil {
		where := "no opportunities were given (--opportunities)"
		if o != nil {
			where = fmt.Sprintf("%s has none either (columns: %s)", o.Source, o.Headers())
		}
		return fmt.Errorf("scoring: %s has no amount column %q (columns: %s), and %s", leads.Source, cfg.Target, leads.Headers(), where)
	}
	if err := checkAmountColumn(o, oc, cfg.Family); err != nil {
		return err
	}
	lid := o.Role(funnel.RoleLeadID)
	if lid == nil || lid.Kind != funnel.KindText {
		return fmt.Errorf("scoring: %s needs a lead_id column to give each lead its opportunities' %q", o.Source, oc.Name)
	}
	byID, err := leadIndex(leads)
	if err != nil {
		return err
	}
	created := o.TimeRole(funnel.RoleCreatedAt)
	if created == nil {
		return errors.New("scoring: " + o.Source + " has no created_at: the opportunities' amounts need it, so that only the touches before each deal count")
	}
	if asOf == funnel.NoTime {
		return fmt.Errorf("scoring: no timestamp in the inputs to take as the as-of date; give --as-of")
	}
	several, after := 0, 0
	for r := 0; r < o.Rows; r++ {
		lead := lookup(byID, lid.Codes[r])
		v := oc.Nums[r]
		if lead < 0 || v != v {
			continue
		}
		t := created.Times[r]
		if t == funnel.NoTime {
			t = asOf
		} else if t >= asOf {
			after++
			continue
		}
		if v <= 0 {
			note(o, r, v, o.Dict.String(lid.Codes[r]))
			continue
		}
		if y[lead] > 0 {
			several++
			y[lead] += v
			cutoff[lead] = min(cutoff[lead], t)
			continue
		}
		y[lead], cutoff[lead] = v, t
	}
	if after > 0 {
		f.Warnings = append(f.Warnings, fmt.Sprintf("%d opportunities created at or after the as-of time %s were left out", after, funnel.FormatTime(asOf, false)))
	}
	if several > 0 {
		f.Warnings = append(f.Warnings, fmt.Sprintf("%d leads have more than one opportunity: their amounts are summed, and the earliest created_at is the cutoff", several))
	}
	return nil
}
