package warehouse

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/funnel-analytics/funnel/attribution"
	"github.com/funnel-analytics/funnel/funnel"
)

// PathOptions tells PathSQL how to cut a touches table into journeys, as
// attribution.TouchOptions tells FromTouches.
type PathOptions struct {
	// By is the column credited: a role or a column name (default channel).
	By string
	// Lookback drops touches more than this many seconds before their
	// journey's end; 0 keeps every touch.
	Lookback int64
}

// PathQuery is attribute's push-down: the SQL that turns a touches table
// (an event log with a converted flag) into a path table, and what reading
// its rows needs.
type PathQuery struct {
	SQL      string
	By       string // what the channels are, as the report names it
	Lookback int64
	table    string
	entity   string // the entity column's name, for errors
	at       string // the time column's name
}

// PathSQL writes the path table query of touches t (bound by Bind; base
// says the table has a physical row order, Catalog.Base) in dialect d.
// The columns are t's lead_id (else account_id), occurred_at, converted
// (boolean, or an integer non-zero when converting), value (optional) and
// the By column. Each row of the result is a distinct path, as
// "N:name" runs (N the name's length in characters, so that any name,
// separators and quotes included, reads back whole), with its
// conversions, value and null journeys; the row with an empty path holds
// the conversions no touch within the lookback precedes; the last row
// (total = 1) holds the counts for the warnings and checks: rows without
// a credited value, without a converted flag, converting without a value,
// without an entity, without a time.
func PathSQL(d Dialect, t *funnel.Table, base bool, opts PathOptions) (*PathQuery, error) {
	entity := t.Role(funnel.RoleLeadID)
	if entity == nil {
		entity = t.Role(funnel.RoleAccountID)
	}
	at, conv := t.Role(funnel.RoleOccurredAt), t.Role(funnel.RoleConverted)
	if entity == nil || at == nil {
		return nil, fmt.Errorf("%s: a touches table needs lead_id (or account_id) and occurred_at columns (columns: %s)", t.Source, t.Headers())
	}
	if conv == nil {
		return nil, fmt.Errorf("%s: a touch event log needs a converted column (boolean); journeys ending at opportunities (--db-table opportunities=...) are not pushed down yet", t.Source)
	}
	byName := opts.By
	if byName == "" {
		byName = funnel.RoleChannel
	}
	by := t.Role(byName)
	if by == nil {
		by = t.Named(byName)
	}
	if by == nil {
		return nil, fmt.Errorf("%s: no column %q to attribute by (columns: %s)", t.Source, byName, t.Headers())
	}
	if opts.Lookback < 0 {
		return nil, fmt.Errorf("negative lookback")
	}
	if opts.By == "" && by.Role != "" {
		byName = by.Role
	}
	q := &PathQuery{By: byName, Lookback: opts.Lookback, table: t.Source, entity: entity.Name, at: at.Name}
	q.SQL = pathSQL(d, t, base, entity, at, by, conv, opts.Lookback)
	return q, nil
}

// pathSQL is PathSQL's text; doc.go defines the journeys it cuts.
func pathSQL(d Dialect, t *funnel.Table, base bool, entity, at, by, conv *funnel.Column, lookback int64) string {
	converted := d.Quote(conv.Name)
	if conv.Kind == funnel.KindNumber {
		converted = "(" + converted + " <> 0)"
	}
	value := "CAST(NULL AS double precision)"
	if v := t.Role(funnel.RoleValue); v != nil {
		value = d.Float(d.Quote(v.Name))
	}
	rowOrder := "0"
	if base && d.RowOrder() != "" {
		rowOrder = d.RowOrder()
	}
	order := "at, row_order, credited"
	kept := "credited IS NOT NULL"
	if lookback > 0 {
		kept += " AND at >= " + d.MinusSeconds("end_at", lookback)
	}
	name := d.Text(d.CharLength("credited")) + " || ':' || credited"
	from := t.Source
	if tn, err := ParseTableName(t.Source); err == nil {
		from = tn.SQL(d)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `WITH touch AS (
  SELECT %s AS entity, %s AS at, %s AS credited,
         %s AS converted, %s AS value, %s AS row_order
  FROM %s
),
segment AS (
  SELECT touch.*, coalesce(sum(CASE WHEN converted THEN 1 ELSE 0 END) OVER (
           PARTITION BY entity ORDER BY %s ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS journey
  FROM touch
),
ended AS (
  SELECT segment.*, coalesce(max(CASE WHEN converted THEN at END) OVER j,
                             max(CASE WHEN credited IS NOT NULL THEN at END) OVER j) AS end_at
  FROM segment
  WINDOW j AS (PARTITION BY entity, journey)
),
journey AS (
  SELECT entity, journey,
         %s AS path,
         max(CASE WHEN converted THEN 1 ELSE 0 END) AS converted,
         coalesce(sum(CASE WHEN converted THEN value END), 0) AS value,
         sum(CASE WHEN credited IS NULL THEN 1 ELSE 0 END) AS no_credited,
         sum(CASE WHEN converted IS NULL THEN 1 ELSE 0 END) AS no_flag,
         sum(CASE WHEN converted AND value IS NULL THEN 1 ELSE 0 END) AS no_value,
         sum(CASE WHEN entity IS NULL THEN 1 ELSE 0 END) AS no_entity,
         sum(CASE WHEN at IS NULL THEN 1 ELSE 0 END) AS no_time
  FROM ended
  GROUP BY entity, journey
)
SELECT GROUPING(path) AS total, path,
       %s AS conversions,
       sum(value) AS value,
       %s AS nulls,
       sum(no_credited) AS no_credited, sum(no_flag) AS no_flag, sum(no_value) AS no_value,
       sum(no_entity) AS no_entity, sum(no_time) AS no_time
FROM journey
GROUP BY GROUPING SETS ((path), ())
ORDER BY total, path
`, d.Text(d.Quote(entity.Name)), d.Quote(at.Name), d.Text(d.Quote(by.Name)), converted, value, rowOrder,
		from, order, d.OrderedConcat(name, "", order, kept),
		d.Float("sum(converted)"), d.Float("sum(CASE WHEN path IS NOT NULL THEN 1 - converted ELSE 0 END)"))
	return b.String()
}

// Paths runs q and returns its path table as journeys (AddPath), with the
// warnings FromTouches gives on the same rows; a row without an entity or
// a time is an error naming the table and column.
func (db *DB) Paths(ctx context.Context, q *PathQuery) (*attribution.Journeys, error) {
	rows, err := db.conn.Query(ctx, q.SQL)
	if err != nil {
		return nil, db.failed(ctx, q.table, "the path table query of "+q.table, err)
	}
	defer rows.Close()
	j := attribution.NewJourneys(q.By)
	j.Lookback = q.Lookback
	var buf []int32
	var total pathRow
	for rows.Next() {
		var r pathRow
		var isTotal int32
		var path *string
		if err := rows.Scan(&isTotal, &path, &r.conversions, &r.value, &r.nulls,
			&r.noCredited, &r.noFlag, &r.noValue, &r.noEntity, &r.noTime); err != nil {
			return nil, db.failed(ctx, q.table, "the path table query of "+q.table, err)
		}
		switch {
		case isTotal == 1:
			total = r
		case path == nil:
			j.Unattributed += int(r.conversions)
			j.UnattributedValue += r.value
		default:
			if buf, err = decodePath(j, *path, buf[:0]); err != nil {
				return nil, fmt.Errorf("%s: %w", q.table, err)
			}
			if err := addPath(j, buf, r); err != nil {
				return nil, fmt.Errorf("%s: %w", q.table, err)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, db.failed(ctx, q.table, "the path table query of "+q.table, err)
	}
	return j, total.check(j, q)
}

// pathRow is one row of the path query.
type pathRow struct {
	conversions, value, nulls                     float64
	noCredited, noFlag, noValue, noEntity, noTime int64
}

// check turns the total row's counts into the errors and warnings
// FromTouches gives.
func (r pathRow) check(j *attribution.Journeys, q *PathQuery) error {
	if r.noEntity > 0 {
		return fmt.Errorf("%s: column %q: %d rows without an entity id: %w", q.table, q.entity, r.noEntity, attribution.ErrBadInput)
	}
	if r.noTime > 0 {
		return fmt.Errorf("%s: column %q: %d rows without a time: %w", q.table, q.at, r.noTime, attribution.ErrBadInput)
	}
	if r.noCredited > 0 {
		j.Warnings = append(j.Warnings, fmt.Sprintf("%s: %d touches without %s were left out", q.table, r.noCredited, q.By))
	}
	if r.noFlag > 0 {
		j.Warnings = append(j.Warnings, fmt.Sprintf("%s: %d touches without a converted flag were read as not converting", q.table, r.noFlag))
	}
	if r.noValue > 0 {
		j.Warnings = append(j.Warnings, fmt.Sprintf("%s: %d conversions without a value were read as 0", q.table, r.noValue))
	}
	j.NoteUnattributed()
	return nil
}

// addPath adds one path row, checking what AddPath would panic on.
func addPath(j *attribution.Journeys, path []int32, r pathRow) error {
	if len(path) == 0 || r.conversions < 0 || r.nulls < 0 || (r.conversions == 0 && r.value != 0) {
		return fmt.Errorf("the path query returned an impossible row (%d touches, %v conversions, %v value, %v nulls)", len(path), r.conversions, r.value, r.nulls)
	}
	var sum funnel.Sum
	if !sum.Add(r.value) {
		return funnel.OverflowError("the path table", "value")
	}
	j.AddPath(path, r.conversions, r.value, r.nulls)
	return nil
}

// decodePath reads a path of "N:name" runs into channel codes of j.
func decodePath(j *attribution.Journeys, s string, dst []int32) ([]int32, error) {
	for s != "" {
		k := strings.IndexByte(s, ':')
		n, err := strconv.Atoi(s[:max(k, 0)])
		if k < 0 || err != nil || n < 0 {
			return nil, fmt.Errorf("unreadable path %q from the path query", s)
		}
		s = s[k+1:]
		end := 0
		for i := 0; i < n; i++ {
			if end >= len(s) {
				return nil, fmt.Errorf("unreadable path %q from the path query", s)
			}
			_, size := utf8.DecodeRuneInString(s[end:])
			end += size
		}
		dst = append(dst, j.Channel(s[:end]))
		s = s[end:]
	}
	return dst, nil
}
