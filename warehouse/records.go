package warehouse

import (
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
)

// RecordsSQL is the query that streams the columns of t (bound by Bind;
// every column, or those named in keep when keep is not nil) for the
// file reader (Records): each value as the engine holds it (booleans,
// integers, floating-point numbers, dates and timestamps) or cast to text
// (text, numeric, uuid, enums and every other type), in physical row
// order when base.
func RecordsSQL(d Dialect, t *funnel.Table, cat Catalog, base bool, keep []string) string {
	var exprs []string
	for _, c := range cat.Columns {
		if keep != nil && !containsFold(keep, c.Name) {
			continue
		}
		q := d.Quote(c.Name)
		if !native(c.Type) {
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

func containsFold(names []string, name string) bool {
	for _, n := range names {
		if strings.EqualFold(n, name) {
			return true
		}
	}
	return false
}

// native reports whether a column of the declared type is read as the
// driver decodes it (then written as the text a file holds by cell), else
// cast to text by the engine.
func native(declared string) bool {
	switch t := strings.ToLower(strings.TrimSpace(declared)); {
	case t == "boolean", t == "smallint", t == "integer", t == "bigint", t == "real", t == "double precision",
		t == "date", strings.HasPrefix(t, "timestamp"):
		return true
	}
	return false
}

// Records runs sql (RecordsSQL's for t and cat) and returns its rows as
// the file reader's records (ingest.LoadDatasetFrom), streamed: a table
// of the database read as a file of the same rows is, by the same code
// (the same types, checks, warnings and errors), for the analyses that
// run in Go on the rows (those not pushed down yet). Each value is the
// text a file would hold: NULL blank, a boolean true or false, a number
// in plain decimal (every digit of a float64), a date 2006-01-02, a
// timestamp with time zone in UTC with a Z, one without a zone as its
// wall time (so that --tz applies to it as to a file's). The reader's
// Format().Kind is "database" (no footers or totals rows), its Line the
// row number plus 1 (the header is line 1, as in a file).
func (db *DB) Records(ctx context.Context, sql string, t *funnel.Table, cat Catalog) (ingest.RecordReader, error) {
	purpose := "the read of " + t.Source
	rows, err := db.query(ctx, t.Source, purpose, sql)
	if err != nil {
		return nil, err
	}
	var header, types []string
	for _, f := range rows.FieldDescriptions() {
		header = append(header, f.Name)
		typ := ""
		for _, c := range cat.Columns {
			if c.Name == f.Name {
				typ = strings.ToLower(strings.TrimSpace(c.Type))
			}
		}
		types = append(types, typ)
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
	types   []string // per field: the declared type, in lower case
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
// the declared type typ (lower case), as a file's cell holds it (see
// Records).
func cellText(v any, typ string) string {
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
		case "date":
			return x.Format(time.DateOnly)
		case "timestamp with time zone":
			return x.UTC().Format("2006-01-02T15:04:05.999999999Z")
		}
		return x.Format("2006-01-02 15:04:05.999999999")
	}
	return fmt.Sprint(v)
}
