package warehouse

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// roleKind is the kind a role of input kind holds (its schema's), ok
// false for a column bound to no role.
func roleKind(kind funnel.TableKind, role string) (funnel.Kind, bool) {
	for _, s := range funnel.Schema(kind) {
		if s.Name == role {
			return s.Kind, true
		}
	}
	return 0, false
}

// AsRoles returns a copy of t (bound by Bind, no rows) whose role columns
// have their roles' kinds (an integer lead_id is read as text, as a file's
// ids are), for the rules that go by the columns a table has
// (attribution.ResolveLevel).
func AsRoles(t *funnel.Table) *funnel.Table {
	if t == nil {
		return nil
	}
	c := *t
	c.Columns = make([]*funnel.Column, len(t.Columns))
	for i, col := range t.Columns {
		cc := *col
		if k, ok := roleKind(t.Kind, col.Role); ok {
			cc.Kind = k
		}
		c.Columns[i] = &cc
	}
	return &c
}

// Load reads the role columns of t (bound by Bind; base: a physical row
// order, the rows come in it) into a funnel.Table of those columns, text
// interned in dict, as a file of the same rows is read: a text role (an
// id, a status, a stage) is the value cast to text (NULL or "" missing),
// a boolean role a boolean (an integer: non-zero is true), a number role a
// double precision number, a time role its Unix second (floor; a date is
// its midnight in UTC). For the small inputs whose rules run in
// Go (the opportunities' outcomes, the stages' ladder): only their role
// columns cross the wire.
func (db *DB) Load(ctx context.Context, t *funnel.Table, base bool, dict *funnel.Dict) (*funnel.Table, error) {
	d := db.Dialect
	out := &funnel.Table{Kind: t.Kind, Source: t.Source, Dict: dict}
	var exprs []string
	for _, c := range t.Columns {
		k, ok := roleKind(t.Kind, c.Role)
		if !ok {
			continue
		}
		col := &funnel.Column{Name: c.Name, Role: c.Role, Kind: k}
		q := d.Quote(c.Name)
		switch k {
		case funnel.KindText:
			exprs = append(exprs, d.Text(q))
		case funnel.KindBool:
			if c.Kind == funnel.KindNumber {
				q = "(" + q + " <> 0)"
			}
			exprs = append(exprs, q)
		case funnel.KindNumber:
			exprs = append(exprs, d.Float(q))
		case funnel.KindTime:
			exprs = append(exprs, "CAST(floor("+d.EpochSeconds(q)+") AS bigint)")
		}
		out.Columns = append(out.Columns, col)
		out.Header = append(out.Header, c.Name)
	}
	if len(exprs) == 0 {
		return nil, fmt.Errorf("%s: no column bound to a role (columns: %s)", t.Source, t.Headers())
	}
	sql := "SELECT " + strings.Join(exprs, ", ") + " FROM " + tableSQL(d, t)
	if base && d.RowOrder() != "" {
		sql += " ORDER BY " + d.RowOrder()
	}
	rows, err := db.conn.Query(ctx, sql)
	if err != nil {
		return nil, db.fail(t.Source, err)
	}
	defer rows.Close()
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return nil, db.fail(t.Source, err)
		}
		for i, c := range out.Columns {
			appendValue(c, dict, vals[i])
		}
		out.Rows++
	}
	if err := rows.Err(); err != nil {
		return nil, db.fail(t.Source, err)
	}
	return out, nil
}

// appendValue appends v (a value pgx read for c's kind; nil is NULL) to c.
func appendValue(c *funnel.Column, dict *funnel.Dict, v any) {
	switch c.Kind {
	case funnel.KindText:
		s, _ := v.(string)
		code := funnel.NA
		if strings.TrimSpace(s) != "" {
			code = dict.Code(s)
		} else {
			c.Missing++
		}
		c.Codes = append(c.Codes, code)
	case funnel.KindBool:
		b, ok := v.(bool)
		x := int8(-1)
		switch {
		case !ok:
			c.Missing++
		case b:
			x = 1
		default:
			x = 0
		}
		c.Bools = append(c.Bools, x)
	case funnel.KindNumber:
		f, ok := v.(float64)
		if !ok {
			f = math.NaN()
			c.Missing++
		}
		c.Nums = append(c.Nums, f)
	case funnel.KindTime:
		n, ok := v.(int64)
		if !ok {
			n = funnel.NoTime
			c.Missing++
		}
		c.Times = append(c.Times, n)
	}
}
