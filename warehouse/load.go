package warehouse

import (
	"context"
	"fmt"
	"math"
	"slices"
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

// RoleNames are the roles of input kind, in its schema's order.
func RoleNames(kind funnel.TableKind) []string {
	var names []string
	for _, s := range funnel.Schema(kind) {
		names = append(names, s.Name)
	}
	return names
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
// interned in dict, as a file of the same rows is read (roleSelect). For
// the small inputs whose rules run in Go (the opportunities' outcomes,
// the stages' ladder): only their role columns cross the wire.
func (db *DB) Load(ctx context.Context, t *funnel.Table, base bool, dict *funnel.Dict) (*funnel.Table, error) {
	sql, cols, err := roleSelect(db.Dialect, t, base, nil)
	if err != nil {
		return nil, err
	}
	return db.readRoles(ctx, sql, "the read of "+t.Source, t, cols, dict)
}

// roleSelect is the query that reads the columns of t bound to roles
// (every role column of t when roles is nil), in physical row order when
// base, and the columns of the table it fills (readRoles): a text role
// (an id, a status, a stage) is the value cast to text (NULL, "" or
// blanks missing), a boolean role a boolean (an integer: non-zero is
// true), a number role a double precision number, a time role its Unix
// second (floor; a date is its midnight in UTC).
func roleSelect(d Dialect, t *funnel.Table, base bool, roles []string) (string, []*funnel.Column, error) {
	var exprs []string
	var cols []*funnel.Column
	for _, c := range t.Columns {
		k, ok := roleKind(t.Kind, c.Role)
		if !ok || roles != nil && !slices.Contains(roles, c.Role) {
			continue
		}
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
			exprs = append(exprs, seconds(d, q))
		}
		cols = append(cols, &funnel.Column{Name: c.Name, Role: c.Role, Kind: k, DateOnly: c.DateOnly})
	}
	if len(exprs) == 0 {
		return "", nil, fmt.Errorf("%s: no column bound to a role (columns: %s)", t.Source, t.Headers())
	}
	sql := "SELECT " + strings.Join(exprs, ", ") + " FROM " + tableSQL(d, t)
	if base && d.RowOrder() != "" {
		sql += " ORDER BY " + d.RowOrder()
	}
	return sql, cols, nil
}

// readRoles runs sql (roleSelect's, for purpose) and returns its rows as
// a table of t's kind and source with the columns cols (new, filled here),
// text interned in dict.
func (db *DB) readRoles(ctx context.Context, sql, purpose string, t *funnel.Table, cols []*funnel.Column, dict *funnel.Dict) (*funnel.Table, error) {
	out := &funnel.Table{Kind: t.Kind, Source: t.Source, Dict: dict, Columns: cols}
	for _, c := range cols {
		out.Header = append(out.Header, c.Name)
	}
	rows, err := db.conn.Query(ctx, sql)
	if err != nil {
		return nil, db.failed(ctx, t.Source, purpose, err)
	}
	defer rows.Close()
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return nil, db.failed(ctx, t.Source, purpose, err)
		}
		for i, c := range out.Columns {
			appendValue(c, dict, vals[i])
		}
		out.Rows++
	}
	if err := rows.Err(); err != nil {
		return nil, db.failed(ctx, t.Source, purpose, err)
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
