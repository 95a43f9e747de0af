package warehouse

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
)

// ErrDatabase wraps every error of the database (connecting, the catalog,
// a query), whose text is scrubbed of the connection's password.
var ErrDatabase = errors.New("database")

// TableName is a table (or view) of the database: Schema is "" for the
// connection's current schema (the first of its search_path).
type TableName struct{ Schema, Name string }

// ParseTableName reads "schema.table" or "table"; a part in double quotes
// may hold dots and doubled double quotes ("my.schema"."Touches ""2024""").
// Unquoted parts are kept as written: PostgreSQL folds unquoted names to
// lower case, so "Marketing.Activities" names the table as created with
// quotes, which is how a catalog lists it.
func ParseTableName(s string) (TableName, error) {
	var parts []string
	rest := strings.TrimSpace(s)
	for {
		var part string
		if strings.HasPrefix(rest, `"`) {
			var b strings.Builder
			i := 1
			for ; i < len(rest); i++ {
				if rest[i] == '"' {
					if i+1 < len(rest) && rest[i+1] == '"' {
						b.WriteByte('"')
						i++
						continue
					}
					break
				}
				b.WriteByte(rest[i])
			}
			if i >= len(rest) {
				return TableName{}, fmt.Errorf("table %q: a quote is not closed", s)
			}
			part, rest = b.String(), rest[i+1:]
		} else if k := strings.IndexByte(rest, '.'); k >= 0 {
			part, rest = rest[:k], rest[k:]
		} else {
			part, rest = rest, ""
		}
		if part == "" {
			return TableName{}, fmt.Errorf("table %q: want schema.table or table", s)
		}
		parts = append(parts, part)
		if rest == "" {
			break
		}
		if rest[0] != '.' || len(rest) == 1 {
			return TableName{}, fmt.Errorf("table %q: want schema.table or table", s)
		}
		rest = rest[1:]
	}
	switch len(parts) {
	case 1:
		return TableName{Name: parts[0]}, nil
	case 2:
		return TableName{Schema: parts[0], Name: parts[1]}, nil
	}
	return TableName{}, fmt.Errorf("table %q: want schema.table or table", s)
}

// String writes the name as ParseTableName reads it, quoting a part only
// where it holds a dot or a double quote.
func (n TableName) String() string {
	part := func(p string) string {
		if strings.ContainsAny(p, `."`) {
			return `"` + strings.ReplaceAll(p, `"`, `""`) + `"`
		}
		return p
	}
	if n.Schema == "" {
		return part(n.Name)
	}
	return part(n.Schema) + "." + part(n.Name)
}

// SQL returns the name quoted by d's rules.
func (n TableName) SQL(d Dialect) string {
	if n.Schema == "" {
		return d.Quote(n.Name)
	}
	return d.Quote(n.Schema, n.Name)
}

// Source is where the inputs are read from: a database and the table of
// each input.
type Source struct {
	URL    string
	Tables map[funnel.TableKind]TableName
}

// String is the source as it may be shown: the URL with its password
// masked (Redact).
func (s Source) String() string { return Redact(s.URL) }

// DB is an open connection to a Source's database.
type DB struct {
	Dialect Dialect
	conn    *pgx.Conn
	url     string
	rc      RunControl
	// Reading are the options the tables streamed through the file reader
	// are read with (Load: the --col overrides and the reading limits;
	// not the time zone, the SQL's).
	Reading ingest.Options
}

// Connect opens the database at url, a PostgreSQL URL or key=value
// connection string. What the URL leaves out comes from libpq's
// variables (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE,
// ...) and the password file (PGPASSFILE, else ~/.pgpass), as libpq
// does (pgx's ParseConfig). Errors show the URL with its password masked.
// It is Open without a timeout.
func Connect(ctx context.Context, url string) (*DB, error) {
	return Open(ctx, url, RunControl{})
}

// Close closes the connection, waiting at most cancelGrace for the
// server to hear it (the run's context may be cancelled by then).
func (db *DB) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), cancelGrace)
	defer cancel()
	db.conn.Close(ctx)
}

// fail wraps a database error about what (a table, a column), its text
// scrubbed of the password.
func (db *DB) fail(what string, err error) error {
	return fmt.Errorf("%s: %w: %s", what, ErrDatabase, scrub(err.Error(), db.url))
}
