package warehouse

import (
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
)

// RecordsSQL is the query that streams the columns of t (bound by Bind;
// every column, or those named in keep when keep is not nil) for the
// file reader (Records): a column of booleans, numbers or times as the
// engine holds it, every other (text, uuid, enums, ...) cast to text, in
// physical row order when base.
func RecordsSQL(d Dialect, t *funnel.Table, base bool, keep []string) string {
	var exprs []string
	for _, c := range t.Columns {
		if keep != nil && !slices.Contains(keep, c.Name) {
			continue
		}
		q := d.Quote(c.Name)
		if c.Kind == funnel.KindText {
			q = d.Text(q) + " AS " + d.Quote(c.Name)
		}
		exprs = append(exprs, q)
	}
	sql := "SELECT " + strings.Join(exprs, ", ") + " FROM " + tableSQL(d, t)
	if base && d.RowOrder() != "" {
		sql += " ORDER BY " + d.RowOrder()
	}
	return sql
}

// roleColumns are the names of t's columns bound to roles of roles
// (every role when roles is nil).
func roleColumns(t *funnel.Table, roles []string) []string {
	var names []string
	for _, c := range t.Columns {
		if _, ok := roleKind(t.Kind, c.Role); ok && (roles == nil || slices.Contains(roles, c.Role)) {
			names = append(names, c.Name)
		}
	}
	return names
}

// Load streams the role columns of t (bound by Bind; base: a physical
// row order, the rows come in it; roles nil: every role) through the file
// reader (Records, ingest.LoadFrom with the options of db.Reading, each
// column bound to its role in t), text
// interned in dict: the rows as a file of them is read, with its checks
// (a duplicate opportunity id is an error, an identical repeat dropped
// with a warning) and warnings. For the small inputs whose rules run in
// Go (the opportunities' outcomes, the stages' entries) beside queries
// that compute in SQL: their times are read in UTC as the SQL reads them
// (seconds), whatever --tz says.
func (db *DB) Load(ctx context.Context, t *funnel.Table, base bool, roles []string, dict *funnel.Dict) (*funnel.Table, []string, error) {
	keep := roleColumns(t, roles)
	return db.load(ctx, RecordsSQL(db.Dialect, t, base, keep), t, keep, dict)
}

// load is Load of the rows of sql (RecordsSQL's for t and keep, the role
// columns it reads).
func (db *DB) load(ctx context.Context, sql string, t *funnel.Table, keep []string, dict *funnel.Dict) (*funnel.Table, []string, error) {
	opts := db.Reading
	opts.Location, opts.Keep, opts.Sink = nil, nil, nil
	// Each role column binds to the role it is bound to in t (by Bind,
	// with the run's --col), whatever its name.
	opts.Columns = map[string]string{}
	for _, c := range t.Columns {
		if _, ok := roleKind(t.Kind, c.Role); ok && slices.Contains(keep, c.Name) {
			opts.Columns[t.Kind.String()+"."+c.Role] = c.Name
		}
	}
	return db.ReadTable(ctx, sql, t, dict, opts)
}

// ReadTable runs sql (RecordsSQL's for t) and reads its rows with the
// file reader (ingest.LoadFrom with opts), as a file of the same rows is
// read: the table, its warnings and the error.
func (db *DB) ReadTable(ctx context.Context, sql string, t *funnel.Table, dict *funnel.Dict, opts ingest.Options) (*funnel.Table, []string, error) {
	rr, err := db.Records(ctx, sql, t)
	if err != nil {
		return nil, nil, err
	}
	defer rr.Close()
	return ingest.LoadFrom(rr, t.Kind, dict, opts)
}

// Records runs sql (RecordsSQL's for t) and returns its rows as the file
// reader's records (ingest.LoadFrom, LoadDatasetFrom), streamed: a table
// of the database read as a file of the same rows is, by the same code
// (the same binding, types, checks, warnings and errors). Each value is
// the text a file would hold: NULL blank, a boolean true or false, a
// number in plain decimal (every digit of a float64; a numeric as the
// engine writes it), a date 2006-01-02, a timestamp with time zone in
// UTC with a Z, one without a zone as its wall time (so that --tz applies
// to it as to a file's). The reader's Format().Kind is "database" (no
// footers or totals rows), its Line the row number plus 1 (the header is
// line 1, as in a file).
func (db *DB) Records(ctx context.Context, sql string, t *funnel.Table) (ingest.RecordReader, error) {
	purpose := "the read of " + t.Source
	rows, err := db.query(ctx, t.Source, purpose, sql)
	if err != nil {
		return nil, err
	}
	var header []string
	var types []uint32
	for _, f := range rows.FieldDescriptions() {
		header = append(header, f.Name)
		types = append(types, f.DataTypeOID)
	}
	return &records{db: db, ctx: ctx, rows: rows, source: t.Source, purpose: purpose, header: header, types: types}, nil
}

// records is the ingest.RecordReader of Records.
type records struct {
	db      *DB
	ctx     context.Context
	rows    pgx.Rows
	source  string
	purpose string
	header  []string
	types   []uint32 // per field: its type's OID
	rec     []string
	n       int
}

func (r *records) Header() []string { return r.header }

func (r *records) Read() ([]string, error) {
	if !r.rows.Next() {
		if err := r.rows.Err(); err != nil {
			return nil, r.db.failed(r.ctx, r.source, r.purpose, err)
		}
		return nil, io.EOF
	}
	vals, err := r.rows.Values()
	if err != nil {
		return nil, r.db.failed(r.ctx, r.source, r.purpose, err)
	}
	r.rec = r.rec[:0]
	for i, v := range vals {
		r.rec = append(r.rec, cellText(v, r.types[i]))
	}
	r.n++
	return r.rec, nil
}

func (r *records) Line() int                    { return r.n + 1 }
func (r *records) Name() string                 { return r.source }
func (r *records) Format() ingest.Format        { return ingest.Format{Kind: "database"} }
func (r *records) Warnings() []string           { return nil }
func (r *records) Skipped() []ingest.SkippedRow { return nil }

func (r *records) Close() error {
	r.rows.Close()
	return nil
}

// cellText is the text of a value the driver decoded from a column of
// the type whose OID is typ, as a file's cell holds it (see Records).
func cellText(v any, typ uint32) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case int16:
		return strconv.FormatInt(int64(x), 10)
	case int32:
		return strconv.FormatInt(int64(x), 10)
	case int64:
		return strconv.FormatInt(x, 10)
	case float32:
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return ""
		}
		return strconv.FormatFloat(float64(x), 'f', -1, 32)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return ""
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	case time.Time:
		switch typ {
		case pgtype.DateOID:
			return x.Format(time.DateOnly)
		case pgtype.TimestamptzOID:
			return x.UTC().Format("2006-01-02T15:04:05.999999999Z")
		}
		return x.Format("2006-01-02 15:04:05.999999999")
	case pgtype.Numeric:
		if v, err := x.Value(); err == nil {
			if s, ok := v.(string); ok && s != "NaN" && !strings.Contains(s, "Infinity") {
				return s
			}
		}
		return ""
	}
	return fmt.Sprint(v)
}
