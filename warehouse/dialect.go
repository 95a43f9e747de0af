package warehouse

import (
	"fmt"
	"strconv"
	"strings"
)

// Dialect is the one place where SQL engines differ. Every SQL text the
// package generates goes through it for these five things; the rest is the
// SQL standard that PostgreSQL, BigQuery, Snowflake and Trino share (CTEs,
// window functions with frames, FILTER or CASE inside aggregates, GROUPING
// SETS). docs/warehouse.md says what each other engine's implementation
// writes.
type Dialect interface {
	// Name names the engine ("postgres").
	Name() string
	// Quote returns the identifier parts (schema, table; or a column)
	// quoted by the engine's rules and joined with dots.
	Quote(parts ...string) string
	// Text and Float cast an expression to text and to a double
	// precision number; CharLength is the length of a text in characters.
	Text(expr string) string
	Float(expr string) string
	CharLength(expr string) string
	// MinusSeconds returns a timestamp expression: ts less n seconds
	// (date arithmetic; n >= 0).
	MinusSeconds(ts string, n int64) string
	// EpochSeconds returns the Unix seconds of a timestamp expression, as
	// a double precision number (a date is its midnight in UTC).
	EpochSeconds(ts string) string
	// OrderedConcat returns an aggregate joining the text expression expr
	// with sep in the order of the ORDER BY list orderBy; filter, when not
	// "", is a condition on the rows joined (the others are left out).
	OrderedConcat(expr, sep, orderBy, filter string) string
	// Percentile returns an ordered-set aggregate: the continuous p
	// quantile (0 <= p <= 1, linear between the closest ranks) of expr.
	Percentile(p float64, expr string) string
	// RowOrder returns the expression of a base table's physical row
	// order (the load order of a table written once), or "" when the
	// engine has none: ties in time are then broken by value.
	RowOrder() string
	// String returns a string literal of s, a value the program holds
	// (a model's level or activity type names), quoted by the engine's
	// rules so that it is read back whole and never as SQL.
	String(s string) string
	// SplitValues returns a subquery of one column v: the values of the
	// text expression expr between the separators sep, each trimmed of
	// ASCII white space (empty ones included, for the caller to drop),
	// none when expr is NULL; "" when the engine cannot split.
	SplitValues(expr, sep string) string
	// Bucket returns the 1-based bucket of the number expr among the
	// ascending bounds of the array parameter bounds (a query parameter
	// such as $3): 0 below the first bound, i when bounds[i-1] <= expr <
	// bounds[i], len(bounds) at or above the last; "" when the engine has
	// no such function.
	Bucket(expr, bounds string) string
	// Param returns query parameter n (1-based) read as the SQL type
	// sqlType (bigint, text[], ...).
	Param(n int, sqlType string) string
	// ArrayRows returns a FROM item of the rows of equal-length array
	// expressions zipped (row i holds element i of each), its columns
	// named by the caller's alias list.
	ArrayRows(arrays ...string) string
}

// Postgres is the PostgreSQL dialect (and the engines speaking its
// protocol and SQL: Redshift, Citus, Greenplum, CockroachDB, YugabyteDB,
// which the tests do not run).
type Postgres struct{}

// Name returns "postgres".
func (Postgres) Name() string { return "postgres" }

// Quote doubles every double quote and wraps each part in double quotes,
// as pgx.Identifier.Sanitize does; a NUL, which PostgreSQL identifiers
// cannot hold, is dropped.
func (Postgres) Quote(parts ...string) string {
	q := make([]string, len(parts))
	for i, p := range parts {
		q[i] = `"` + strings.ReplaceAll(strings.ReplaceAll(p, "\x00", ""), `"`, `""`) + `"`
	}
	return strings.Join(q, ".")
}

// Text is CAST(expr AS text).
func (Postgres) Text(expr string) string { return "CAST(" + expr + " AS text)" }

// Float is CAST(expr AS double precision).
func (Postgres) Float(expr string) string { return "CAST(" + expr + " AS double precision)" }

// CharLength is char_length(expr).
func (Postgres) CharLength(expr string) string { return "char_length(" + expr + ")" }

// MinusSeconds is ts - make_interval(secs => n).
func (Postgres) MinusSeconds(ts string, n int64) string {
	return fmt.Sprintf("(%s - make_interval(secs => %d))", ts, n)
}

// EpochSeconds is extract(epoch from ts)::float8: a timestamp with time
// zone gives its instant, one without (and a date) its wall time read as
// UTC, whatever the session's zone.
func (Postgres) EpochSeconds(ts string) string {
	return fmt.Sprintf("extract(epoch from %s)::float8", ts)
}

// OrderedConcat is string_agg(expr, sep ORDER BY ...) FILTER (WHERE ...).
func (p Postgres) OrderedConcat(expr, sep, orderBy, filter string) string {
	s := fmt.Sprintf("string_agg(%s, %s ORDER BY %s)", expr, quoteString(sep), orderBy)
	if filter != "" {
		s += " FILTER (WHERE " + filter + ")"
	}
	return s
}

// Percentile is percentile_cont(p) WITHIN GROUP (ORDER BY expr).
func (Postgres) Percentile(p float64, expr string) string {
	return fmt.Sprintf("percentile_cont(%s) WITHIN GROUP (ORDER BY %s)", strconv.FormatFloat(p, 'g', -1, 64), expr)
}

// RowOrder is ctid.
func (Postgres) RowOrder() string { return "ctid" }

// String is a standard SQL string literal, single quotes doubled; a
// backslash makes it an escape string (E'...', backslashes doubled), so
// that it reads the same whatever standard_conforming_strings is; a NUL,
// which a PostgreSQL text cannot hold, is dropped.
func (Postgres) String(s string) string {
	s = strings.ReplaceAll(s, "\x00", "")
	if strings.Contains(s, `\`) {
		return "E'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "'", "''") + "'"
	}
	return quoteString(s)
}

// SplitValues is (SELECT btrim(x, ' \t\n\r\f\v') AS v FROM
// unnest(string_to_array(expr, sep)) AS s(x)).
func (p Postgres) SplitValues(expr, sep string) string {
	return fmt.Sprintf("(SELECT btrim(x, E' \\t\\n\\r\\f\\x0B') AS v FROM unnest(string_to_array(%s, %s)) AS s(x))", expr, p.String(sep))
}

// Bucket is width_bucket(expr, bounds).
func (Postgres) Bucket(expr, bounds string) string {
	return fmt.Sprintf("width_bucket(%s, %s)", expr, bounds)
}

// Param is CAST($n AS sqlType).
func (Postgres) Param(n int, sqlType string) string {
	return fmt.Sprintf("CAST($%d AS %s)", n, sqlType)
}

// ArrayRows is unnest(a, b, ...).
func (Postgres) ArrayRows(arrays ...string) string {
	return "unnest(" + strings.Join(arrays, ", ") + ")"
}

// quoteString is a standard SQL string literal of s (single quotes
// doubled): used only for separators the program chose.
func quoteString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
