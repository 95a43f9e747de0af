package warehouse

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/funnel-analytics/funnel/funnel"
)

// Stored is what Store wrote of one table.
type Stored struct {
	Table   TableName
	Source  string // the file it was read from
	Rows    int
	Columns []Column // as created: the file's headers and their SQL types
}

// sqlType is the column type that holds values of kind: text, double
// precision, boolean, a date (dateOnly: dates without times) or a
// timestamp with time zone (an instant). KindOf reads each back as kind.
func sqlType(kind funnel.Kind, dateOnly bool) string {
	switch kind {
	case funnel.KindNumber:
		return "double precision"
	case funnel.KindBool:
		return "boolean"
	case funnel.KindTime:
		if dateOnly {
			return "date"
		}
		return "timestamp with time zone"
	}
	return "text"
}

// StoreColumns are the columns Store creates for t: the file's headers
// (a blank header is column_N, a repeated one gets _2, _3, ...), each typed
// by what the file reader made of it: text, double precision, boolean, a
// date (a column of dates without times) or a timestamp with time zone
// (the instant the reader read, in --tz where the file had no zone).
func StoreColumns(t *funnel.Table) []Column {
	seen := map[string]int{}
	cols := make([]Column, len(t.Columns))
	for i, c := range t.Columns {
		name := strings.TrimSpace(c.Name)
		if name == "" {
			name = "column_" + strconv.Itoa(i+1)
		}
		if n := seen[name]; n > 0 {
			seen[name] = n + 1
			name += "_" + strconv.Itoa(n+1)
		} else {
			seen[name] = 1
		}
		cols[i] = Column{Name: name, Type: sqlType(c.Kind, c.DateOnly)}
	}
	return cols
}

// Store writes each table of tables (read by the file reader) into a
// table of the database named by names (same order), in one transaction:
// either every table is written or none is (an error, a cancelled run).
// A table that exists is an error naming it unless replace, which drops
// it first. The rows go by COPY in their order into a table created in
// the same transaction, so its physical order is the file's (which
// row-order ties of an analysis follow, as from the file). Blank values
// are NULL.
// A column of dates holds the dates as the reader read them in loc
// (--tz; nil is UTC).
func (db *DB) Store(ctx context.Context, tables []*funnel.Table, names []TableName, replace bool, loc *time.Location) ([]Stored, error) {
	if loc == nil {
		loc = time.UTC
	}
	tx, err := db.conn.Begin(ctx)
	if err != nil {
		return nil, db.failed(ctx, "the transaction", "the load", err)
	}
	defer tx.Rollback(context.Background()) // a no-op once committed
	d := db.Dialect
	var out []Stored
	schemas := map[string]bool{}
	for i, t := range tables {
		name := names[i]
		purpose := "the load of " + t.Source + " into " + name.String()
		if name.Schema != "" && !schemas[name.Schema] {
			schemas[name.Schema] = true
			if _, err := tx.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+d.Quote(name.Schema)); err != nil {
				return nil, db.failed(ctx, name.String(), purpose, err)
			}
		}
		var exists bool
		if err := tx.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL", name.SQL(d)).Scan(&exists); err != nil {
			return nil, db.failed(ctx, name.String(), purpose, err)
		}
		if exists && !replace {
			return nil, fmt.Errorf("%s: the table exists in %s; give --replace to replace it (nothing was loaded)", name, Redact(db.url))
		}
		if exists {
			if _, err := tx.Exec(ctx, "DROP TABLE "+name.SQL(d)); err != nil {
				return nil, db.failed(ctx, name.String(), purpose, err)
			}
		}
		cols := StoreColumns(t)
		var defs, colNames []string
		for _, c := range cols {
			defs = append(defs, d.Quote(c.Name)+" "+c.Type)
			colNames = append(colNames, c.Name)
		}
		if _, err := tx.Exec(ctx, "CREATE TABLE "+name.SQL(d)+" ("+strings.Join(defs, ", ")+")"); err != nil {
			return nil, db.failed(ctx, name.String(), purpose, err)
		}
		ident := pgx.Identifier{name.Name}
		if name.Schema != "" {
			ident = pgx.Identifier{name.Schema, name.Name}
		}
		row, next := make([]any, len(t.Columns)), 0
		if _, err := tx.CopyFrom(ctx, ident, colNames, pgx.CopyFromFunc(func() ([]any, error) {
			if next == t.Rows {
				return nil, nil
			}
			for j, c := range t.Columns {
				row[j] = storeValue(t, c, next, loc)
			}
			next++
			return row, nil
		})); err != nil {
			return nil, db.failed(ctx, name.String(), purpose, err)
		}
		out = append(out, Stored{Table: name, Source: t.Source, Rows: t.Rows, Columns: cols})
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, db.failed(ctx, "the transaction", "the load's commit", err)
	}
	return out, nil
}

// storeValue is the value of row i of column c (of table t) as COPY
// takes it: nil for a blank; a date the day its time falls on in loc.
func storeValue(t *funnel.Table, c *funnel.Column, i int, loc *time.Location) any {
	if c.IsNA(i) {
		return nil
	}
	switch c.Kind {
	case funnel.KindText:
		return t.Text(c, i)
	case funnel.KindNumber:
		if math.IsNaN(c.Nums[i]) || math.IsInf(c.Nums[i], 0) {
			return nil
		}
		return c.Nums[i]
	case funnel.KindBool:
		return c.Bools[i] == 1
	case funnel.KindTime:
		at := time.Unix(c.Times[i], 0)
		if c.DateOnly {
			y, m, d := at.In(loc).Date()
			return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		}
		return at.UTC()
	}
	return nil
}
