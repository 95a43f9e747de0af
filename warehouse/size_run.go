package warehouse

import (
	"context"
	"fmt"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/market"
	"github.com/funnel-analytics/funnel/velocity"
)

// closedOpportunities streams the opportunities' columns, decides their
// outcomes as of opts.AsOf (velocity.OpportunityOutcomes, as the file
// path does) and sets the tally query's parameters: the closed counts
// by account and lead id.
func (db *DB) closedOpportunities(ctx context.Context, q *SizeQuery, opts market.Options, args []any, tally *market.Tally) (warnings []string, err error) {
	opps, reading, err := db.load(ctx, q.Opportunities, q.oppTable, q.oppKeep, funnel.NewDict())
	if err != nil {
		return nil, err
	}
	outcomes, err := velocity.OpportunityOutcomes(opps, opts.AsOf)
	if err != nil {
		return nil, err
	}
	tally.Opportunities, tally.OutcomeSource = true, outcomes.Source()
	acc, lead := opps.Role(funnel.RoleAccountID), opps.Role(funnel.RoleLeadID)
	type key struct{ acc, lead int32 }
	index := map[key]int{}
	var accs, leads []*string
	var won, lost []int64
	id := func(c *funnel.Column, r int) (int32, *string) {
		if c == nil || c.Codes[r] == funnel.NA {
			return funnel.NA, nil
		}
		s := opps.Dict.String(c.Codes[r])
		return c.Codes[r], &s
	}
	for r, o := range outcomes.Of {
		if o != funnel.OutcomeWon && o != funnel.OutcomeLost {
			continue
		}
		a, as := id(acc, r)
		l, ls := id(lead, r)
		i, ok := index[key{a, l}]
		if !ok {
			i = len(won)
			index[key{a, l}] = i
			accs, leads, won, lost = append(accs, as), append(leads, ls), append(won, 0), append(lost, 0)
		}
		if o == funnel.OutcomeWon {
			won[i]++
		} else {
			lost[i]++
		}
	}
	p := q.params
	args[p.oppAcc-1], args[p.oppLead-1], args[p.won-1], args[p.lost-1] = accs, leads, won, lost
	return append(reading, outcomes.Warnings()...), nil
}

// tally runs the tally query and adds its counts to t.
// oppWarnings are the outcomes' warnings, which come after the stages'.
func (db *DB) tally(ctx context.Context, q *SizeQuery, args []any, opts market.Options, t *market.Tally, oppWarnings []string) error {
	purpose := "the size tally query of " + t.Base
	rows, err := db.query(ctx, t.Base, purpose, q.Tally, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	n := len(q.by)
	segs := make([]any, n)
	dest := make([]any, 0, n+8)
	var total, top int32
	var accounts, noUnits, leads, won, lost int64
	var units *float64
	dest = append(dest, &total)
	for i, k := range q.kinds {
		switch k {
		case funnel.KindNumber:
			segs[i] = new(*float64)
		case funnel.KindBool:
			segs[i] = new(*bool)
		case funnel.KindTime:
			segs[i] = new(*int64)
		default:
			segs[i] = new(*string)
		}
		dest = append(dest, segs[i])
	}
	var baseDups, leadDups int64
	var baseDup, leadDup *string
	dest = append(dest, &top, &accounts, &units, &noUnits, &leads, &won, &lost, &baseDups, &baseDup, &leadDups, &leadDup)
	var unmatchedEntities, unmatchedOpps int64
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return db.failed(ctx, t.Base, purpose, err)
		}
		if total == 1 {
			t.Rows = int(accounts)
			if noUnits > 0 {
				return fmt.Errorf("%w: %s: column %q: %d target accounts with negative units", market.ErrBadInput, t.Base, q.unitsColumn, noUnits)
			}
			unmatchedEntities, unmatchedOpps = leads, won
			if err := duplicates(t.Base, q.idColumn[0], baseDups, baseDup); err != nil {
				return err
			}
			if err := duplicates(q.leadsSource, q.idColumn[1], leadDups, leadDup); err != nil {
				return err
			}
			continue
		}
		c := market.Counts{Accounts: int(accounts), Units: float64(accounts) * unitsPer(opts), Leads: int(leads), Won: int(won), Lost: int(lost)}
		if q.unitsColumn != "" {
			c.Units = 0
			if units != nil {
				c.Units = *units
			}
		}
		if q.unitsColumn != "" {
			t.MissingUnits += int(noUnits)
		}
		c.Segment = segmentLabels(q, segs)
		c.Reached = make([]int, len(t.Stages))
		for k := 0; k <= int(top) && k < len(c.Reached); k++ {
			c.Reached[k] = int(accounts)
		}
		t.Targets += int(accounts)
		t.Segments = append(t.Segments, c)
	}
	if err := rows.Err(); err != nil {
		return db.failed(ctx, t.Base, purpose, err)
	}
	if unmatchedEntities > 0 && q.Stages != nil {
		t.Warnings = append(t.Warnings, fmt.Sprintf("%s: %d entities match no account or lead of %s: left out of reached", q.Stages.table, unmatchedEntities, t.Base))
	}
	t.Warnings = append(t.Warnings, oppWarnings...)
	if unmatchedOpps > 0 {
		t.Warnings = append(t.Warnings, fmt.Sprintf("%s: %d closed opportunities match no account of %s: left out of win rates", q.oppTable.Source, unmatchedOpps, t.Base))
	}
	if q.leadsNoAcc {
		t.Warnings = append(t.Warnings, fmt.Sprintf("%s: no account_id column: leads cannot be counted per segment", q.leadsSource))
	}
	return nil
}

// duplicates is the error of n ids on more than one row of table's
// column (first the first of them), as the file readers refuse a repeated
// id; nil when n is 0.
func duplicates(table, column string, n int64, first *string) error {
	if n == 0 || first == nil {
		return nil
	}
	return fmt.Errorf("%w: %s: column %q: %d ids on more than one row (the first: %q); each id must be on one row", market.ErrBadInput, table, column, n, *first)
}

// unitsPer is the units of a target without a units column.
func unitsPer(opts market.Options) float64 {
	if opts.Units == 0 {
		return 1
	}
	return opts.Units
}

// segmentLabels writes a row's segment values as funnel.Table.Text
// writes a file's ("" when missing).
func segmentLabels(q *SizeQuery, segs []any) []string {
	if len(segs) == 0 {
		return nil
	}
	out := make([]string, len(segs))
	for i, v := range segs {
		switch p := v.(type) {
		case **string:
			if *p != nil {
				out[i] = **p
			}
		case **float64:
			if *p != nil {
				out[i] = fmt.Sprint(**p)
			}
		case **bool:
			if *p != nil {
				out[i] = fmt.Sprint(**p)
			}
		case **int64:
			if *p != nil {
				out[i] = funnel.FormatTime(**p, q.dateOnly[i])
			}
		}
	}
	return out
}
