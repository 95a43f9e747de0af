package warehouse

import (
	"context"
	"fmt"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
)

// Column is a column of a table as the catalog declares it.
type Column struct {
	Name string
	Type string // the declared type without modifiers: "timestamp with time zone", "text", "numeric", ...
}

// Catalog is what the database says of a table: its columns in order, and
// whether it is a base table (with a physical row order) or a view.
type Catalog struct {
	Table   TableName
	Columns []Column
	Base    bool
}

// catalogSQL reads a table's columns from PostgreSQL's own catalog; $1 is
// the schema (NULL: the current one), $2 the table. It gives what the
// SQL standard's information_schema.columns and .tables give (the
// columns the user may read, in order, each type without its modifier,
// a domain as its base type), at a third of the cost in a new connection
// (7 against 20 ms: the standard views join a dozen catalogs and check
// privileges row by row), which every run pays for each table.
// Materialized and foreign tables are read too (information_schema lists
// neither); only a table or a partitioned table is a base table, whose
// physical order is its load order. The other engines of
// docs/warehouse.md read information_schema.
const catalogSQL = `SELECT a.attname, format_type(coalesce(nullif(ty.typbasetype, 0), a.atttypid), NULL), c.relkind IN ('r', 'p')
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
WHERE n.nspname = coalesce($1::text, current_schema()) AND c.relname = $2::text
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND a.attnum > 0 AND NOT a.attisdropped
  AND has_column_privilege(c.oid, a.attnum, 'SELECT')
ORDER BY a.attnum`

// Catalog reads the columns of table. A table the catalog does not list
// (or that the user may not read) is an error naming it.
func (db *DB) Catalog(ctx context.Context, table TableName) (Catalog, error) {
	var schema *string
	if table.Schema != "" {
		schema = &table.Schema
	}
	rows, err := db.conn.Query(ctx, catalogSQL, schema, table.Name)
	if err != nil {
		return Catalog{}, db.failed(ctx, table.String(), "reading the catalog of "+table.String(), err)
	}
	defer rows.Close()
	cat := Catalog{Table: table}
	for rows.Next() {
		var c Column
		if err := rows.Scan(&c.Name, &c.Type, &cat.Base); err != nil {
			return Catalog{}, db.failed(ctx, table.String(), "reading the catalog of "+table.String(), err)
		}
		cat.Columns = append(cat.Columns, c)
	}
	if err := rows.Err(); err != nil {
		return Catalog{}, db.failed(ctx, table.String(), "reading the catalog of "+table.String(), err)
	}
	if len(cat.Columns) == 0 {
		return Catalog{}, fmt.Errorf("%s: %w: no such table or view (or no column the user may read)", table, ErrDatabase)
	}
	return cat, nil
}

// KindOf returns the kind of values a declared type (Column.Type, or
// information_schema's data_type, in any case) holds: booleans, numbers (integers, numeric,
// real, double precision), times (date, timestamp with or without time
// zone), and text for every other type (character types, uuid, enums),
// read through a cast to text.
func KindOf(declared string) funnel.Kind {
	switch t := strings.ToLower(strings.TrimSpace(declared)); {
	case t == "boolean":
		return funnel.KindBool
	case t == "smallint", t == "integer", t == "bigint", t == "numeric", t == "decimal",
		t == "real", t == "double precision", t == "float", strings.HasPrefix(t, "numeric("):
		return funnel.KindNumber
	case t == "date", strings.HasPrefix(t, "timestamp"):
		return funnel.KindTime
	}
	return funnel.KindText
}

// serves reports whether a column of kind have can serve a role of kind
// want: any column serves a text role (cast to text), an integer or
// boolean column a boolean role (non-zero is true), else the kinds match.
func serves(have, want funnel.Kind) bool {
	switch want {
	case funnel.KindText:
		return true
	case funnel.KindBool:
		return have == funnel.KindBool || have == funnel.KindNumber
	}
	return have == want
}

// Bind binds the columns of cat to the roles of input kind as a file's
// header binds (ingest.Bind: the aliases, and columns, the --col
// overrides "role" or "kind.role" -> column name), and returns them as a
// table without rows: each column's Name, Role and Kind (from its declared
// type), Header every column name, Source the table's name, so that
// funnel.Table's Role and Named find columns as they do in a file. A
// bound column whose type cannot serve its role is an error naming the
// table, the column, its type and the role.
func Bind(cat Catalog, kind funnel.TableKind, columns map[string]string) (*funnel.Table, []string, error) {
	return bind(cat, kind, columns, true)
}

// BindStreamed binds as Bind does but takes any declared type for a
// role: for a table streamed through the file reader (Records), which
// reads the values as a file's (a text column of dates, Yes/No flags)
// and says which it cannot.
func BindStreamed(cat Catalog, kind funnel.TableKind, columns map[string]string) (*funnel.Table, []string, error) {
	return bind(cat, kind, columns, false)
}

func bind(cat Catalog, kind funnel.TableKind, columns map[string]string, typed bool) (*funnel.Table, []string, error) {
	header := make([]string, len(cat.Columns))
	for i, c := range cat.Columns {
		header[i] = c.Name
	}
	b, err := ingest.Bind(cat.Table.String(), kind, header, ingest.Options{Columns: columns})
	if err != nil {
		return nil, nil, err
	}
	t := &funnel.Table{Kind: kind, Source: cat.Table.String(), Header: header}
	for i, c := range cat.Columns {
		col := &funnel.Column{Name: c.Name, Role: b.Roles[i], Kind: KindOf(c.Type)}
		if spec, ok := b.Spec(i); ok && typed {
			if !serves(col.Kind, spec.Kind) {
				return nil, nil, fmt.Errorf("%s: column %q (%s) cannot serve %s, which needs %s values", t.Source, c.Name, c.Type, spec.Name, kindWords[spec.Kind])
			}
		}
		t.Columns = append(t.Columns, col)
	}
	return t, b.Warnings, nil
}

var kindWords = map[funnel.Kind]string{
	funnel.KindNumber: "number",
	funnel.KindTime:   "date or timestamp",
	funnel.KindBool:   "boolean (or integer)",
}

// RoleCatalog is the catalog --explain assumes without a server: a table
// whose columns are named as the roles (the columns' --col names where
// given: "kind.role" or "role"), each of the role's kind (a text role
// text, a time role a timestamp with time zone).
func RoleCatalog(table TableName, kind funnel.TableKind, roles []string, columns map[string]string) Catalog {
	cat := Catalog{Table: table, Base: true}
	for _, role := range roles {
		name := role
		if c, ok := columns[kind.String()+"."+role]; ok {
			name = c
		} else if c, ok := columns[role]; ok {
			name = c
		}
		if name == "" {
			continue
		}
		typ := "text"
		for _, s := range funnel.Schema(kind) {
			if s.Name == role {
				typ = sqlType(s.Kind, false)
			}
		}
		cat.Columns = append(cat.Columns, Column{Name: name, Type: typ})
	}
	return cat
}

// HasRows reports whether table has a row (SELECT EXISTS: the first row
// found ends the scan). An empty table is the file reader's error for a
// file without rows (ingest.ErrNoRows, naming the table), so that a run
// on it fails as on an empty export instead of aggregating nothing.
func (db *DB) HasRows(ctx context.Context, table TableName) error {
	var has bool
	if err := db.conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM "+table.SQL(db.Dialect)+")").Scan(&has); err != nil {
		return db.failed(ctx, table.String(), "the check for rows of "+table.String(), err)
	}
	if !has {
		return &ingest.FileError{File: table.String(), Line: 1, Err: ingest.ErrNoRows, Detail: "the table has no rows"}
	}
	return nil
}
