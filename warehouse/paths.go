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
	// Milestones ends the journeys at milestones the caller read (the
	// opportunities' times, the entries into a stage: MilestoneEnds, the
	// query's parameters) instead of at the touches' converted flag.
	Milestones bool
	// Account (with Milestones) cuts the journeys per account: a touch's
	// account_id, else its lead's by Leads; else per lead (lead_id).
	Account bool
	// Leads (with Account) is the leads table (bound) that maps lead_id to
	// account_id, nil when the touches' account_id alone gives the
	// accounts; LeadsBase says it has a physical row order.
	Leads     *funnel.Table
	LeadsBase bool
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
	byColumn string // the credited column's name

	ctes      string // the CTEs of the touches and the journeys, before pathTail
	decayFrom string // the CTEs up to decay_touch, for DecaySQL (decay.go)
	halfLife  int64  // time_decay's half-life when its credit is computed (WithDecay), else 0
	// markerModels: w_shaped's and full_path's credit is computed (WithMarkers).
	markerModels bool

	milestones bool  // journeys end at MilestoneEnds (milestones.go)
	account    bool  // with milestones: per account
	args       []any // the query's parameters (SetEnds)
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
	if opts.Milestones {
		return milestoneQuery(d, t, base, opts)
	}
	if conv == nil {
		return nil, fmt.Errorf("%s: a touch event log needs a converted column (boolean); journeys ending at opportunities (--db-table opportunities=...) are not pushed down yet", t.Source)
	}
	by, byName, err := byColumn(t, opts)
	if err != nil {
		return nil, err
	}
	q := &PathQuery{By: byName, Lookback: opts.Lookback, table: t.Source, entity: entity.Name, at: at.Name}
	ctes := pathSQL(d, t, base, entity, at, by, conv, opts.Lookback)
	q.SQL, q.ctes = ctes+pathTail(d), ctes
	q.decayFrom = ctes + eventDecayTouch(d, opts.Lookback)
	return q, nil
}

// byColumn returns the column of t credited (opts.By, a role or a
// column name; default channel) and the name the report gives it.
func byColumn(t *funnel.Table, opts PathOptions) (*funnel.Column, string, error) {
	byName := opts.By
	if byName == "" {
		byName = funnel.RoleChannel
	}
	by := t.Role(byName)
	if by == nil {
		by = t.Named(byName)
	}
	if by == nil {
		return nil, "", fmt.Errorf("%s: no column %q to attribute by (columns: %s)", t.Source, byName, t.Headers())
	}
	if opts.Lookback < 0 {
		return nil, "", fmt.Errorf("negative lookback")
	}
	if opts.By == "" && by.Role != "" {
		byName = by.Role
	}
	return by, byName, nil
}

// pathSQL is PathSQL's text up to its tail (pathTail): the CTEs of the
// touches and the journeys; doc.go defines the journeys it cuts.
func pathSQL(d Dialect, t *funnel.Table, base bool, entity, at, by, conv *funnel.Column, lookback int64) string {
	converted := d.Quote(conv.Name)
	if conv.Kind == funnel.KindNumber {
		converted = "(" + converted + " <> 0)"
	}
	value := "CAST(NULL AS double precision)"
	if v := t.Role(funnel.RoleValue); v != nil {
		value = d.Float(d.Quote(v.Name))
	}
	order := "at, row_order, credited"
	var b strings.Builder
	fmt.Fprintf(&b, `WITH touch AS (
  SELECT %s AS entity, %s AS at, %s AS credited,
         %s AS converted, %s AS value, %s AS row_order
  FROM %s
),
ranked AS (
  SELECT touch.*, %s AS entity_first
  FROM touch
),
segment AS (
  SELECT ranked.*, coalesce(sum(CASE WHEN converted THEN 1 ELSE 0 END) OVER (
           PARTITION BY entity ORDER BY %s ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS journey
  FROM ranked
),
ended AS (
  SELECT segment.*, coalesce(max(CASE WHEN converted THEN at END) OVER j,
                             max(CASE WHEN credited IS NOT NULL THEN at END) OVER j) AS end_at
  FROM segment
  WINDOW j AS (PARTITION BY entity, journey)
),
journey AS (
  SELECT entity, entity_first AS key1, journey AS key2,
         %s AS path,
         max(CASE WHEN converted THEN 1 ELSE 0 END) AS converted,
         coalesce(sum(CASE WHEN converted THEN value END), 0) AS value,
         sum(CASE WHEN credited IS NULL THEN 1 ELSE 0 END) AS no_credited,
         sum(CASE WHEN converted IS NULL THEN 1 ELSE 0 END) AS no_flag,
         sum(CASE WHEN converted AND value IS NULL THEN 1 ELSE 0 END) AS no_value,
         sum(CASE WHEN entity IS NULL THEN 1 ELSE 0 END) AS no_entity,
         sum(CASE WHEN at IS NULL THEN 1 ELSE 0 END) AS no_time
  FROM ended
  GROUP BY entity, entity_first, journey
),
`, d.Text(d.Quote(entity.Name)), d.Quote(at.Name), d.Text(d.Quote(by.Name)), converted, value, rowOrder(d, base, ""),
		tableSQL(d, t), entityFirst(), order, d.OrderedConcat(pathName(d), "", order, eventKept(d, lookback)))
	return b.String()
}

// eventKept is the condition on a touch of an event log's journey (the
// CTE ended: at, end_at, credited) to be in its path: a credited value,
// and not before the journey's end less the lookback.
func eventKept(d Dialect, lookback int64) string {
	kept := "credited IS NOT NULL"
	if lookback > 0 {
		kept += " AND at >= " + d.MinusSeconds("end_at", lookback)
	}
	return kept
}

// rowOrder is the expression of a table's physical row order (alias
// qualifies it), "0" in a view or an engine without one.
func rowOrder(d Dialect, base bool, alias string) string {
	if !base || d.RowOrder() == "" {
		return "0"
	}
	if alias != "" {
		return alias + "." + d.RowOrder()
	}
	return d.RowOrder()
}

// tableSQL is the FROM name of table t (bound by Bind: its Source),
// quoted.
func tableSQL(d Dialect, t *funnel.Table) string {
	if tn, err := ParseTableName(t.Source); err == nil {
		return tn.SQL(d)
	}
	return d.Quote(t.Source)
}

// entityFirst is a touch's entity's first row (physical order): the
// files' order of the entities.
func entityFirst() string {
	return "first_value(row_order) OVER (PARTITION BY entity ORDER BY row_order)"
}

// pathName is a credited value as a run of a path: "N:name".
func pathName(d Dialect) string {
	return d.Text(d.CharLength("credited")) + " || ':' || credited"
}

// pathTail is the end of every path query: from the touches with their
// entity's first row (ranked: entity, entity_first, at, row_order,
// credited) and the journeys (journey: entity, key1 and key2 their
// order, path, converted, value and the counts), the channels in order of
// first appearance (kind 2: the entities in order of their first row,
// each's touches in time then row order), the paths in order of their
// first journey, the row of the conversions
// without a path, and the total row (kind 1). A channel's first appearance
// is found in two steps: its first entity (the least entity_first, a
// grouping by channel), then that entity's earliest touch of it (a window
// over that entity's rows alone), so that the touches are not sorted by
// channel (run 17 of bench/RESULTS.md: the path query 0.72x on 1M touches,
// 0.65x on 50M; on a sharded engine the grouping merges partial minima).
func pathTail(d Dialect) string {
	return fmt.Sprintf(`numbered AS (
  SELECT journey.*, row_number() OVER (ORDER BY key1, key2, entity) AS jseq
  FROM journey
),
channel_first AS (
  SELECT credited, min(entity_first) AS entity_first
  FROM ranked
  WHERE credited IS NOT NULL AND entity IS NOT NULL
  GROUP BY credited
),
channel AS (
  SELECT credited, row_number() OVER (ORDER BY entity_first, entity, at, row_order) AS first
  FROM (SELECT r.credited, r.entity, r.entity_first, r.at, r.row_order,
               row_number() OVER (PARTITION BY r.credited ORDER BY r.entity, r.at, r.row_order) AS k
        FROM ranked AS r
        JOIN channel_first AS f ON f.credited = r.credited AND f.entity_first = r.entity_first
        WHERE r.entity IS NOT NULL) AS appearance
  WHERE k = 1
),
grouped AS (
  SELECT GROUPING(path) AS kind, path,
         %s AS conversions,
         sum(value) AS value,
         %s AS nulls,
         sum(no_credited) AS no_credited, sum(no_flag) AS no_flag, sum(no_value) AS no_value,
         sum(no_entity) AS no_entity, sum(no_time) AS no_time,
         min(jseq) AS first
  FROM numbered
  GROUP BY GROUPING SETS ((path), ())
)
SELECT kind, path, conversions, value, nulls, no_credited, no_flag, no_value, no_entity, no_time
FROM (
  SELECT 2 AS kind, credited AS path, %[3]s AS conversions, %[3]s AS value, %[3]s AS nulls,
         0 AS no_credited, 0 AS no_flag, 0 AS no_value, 0 AS no_entity, 0 AS no_time, first
  FROM channel
  UNION ALL
  SELECT * FROM grouped
) AS result
ORDER BY CASE kind WHEN 2 THEN 0 WHEN 0 THEN 1 ELSE 2 END, first
`, d.Float("sum(converted)"), d.Float("sum(CASE WHEN path IS NOT NULL THEN 1 - converted ELSE 0 END)"), d.Float("0"))
}

// Paths runs q and returns its path table as journeys (AddPath), with the
// warnings FromTouches gives on the same rows, and time_decay's credit
// when q asks for it (WithDecay); a row without an entity or a time is an
// error naming the table and column.
func (db *DB) Paths(ctx context.Context, q *PathQuery) (*attribution.Journeys, error) {
	if q.milestones {
		return nil, fmt.Errorf("%s: a milestone path query is read by MilestonePaths", q.table)
	}
	j := attribution.NewJourneys(q.By)
	j.Lookback = q.Lookback
	total, err := db.readPaths(ctx, q, j)
	if err != nil {
		return nil, err
	}
	if err := total.check(j, q); err != nil {
		return nil, err
	}
	return j, db.readDecay(ctx, q, j)
}

// readPaths runs q and adds its channels and paths to j (the conversions
// without a path to j.Unattributed); it returns the total row.
func (db *DB) readPaths(ctx context.Context, q *PathQuery, j *attribution.Journeys) (pathRow, error) {
	var total pathRow
	rows, err := db.conn.Query(ctx, q.SQL, q.args...)
	if err != nil {
		return total, db.failed(ctx, q.table, "the path table query of "+q.table, err)
	}
	defer rows.Close()
	var buf []int32
	for rows.Next() {
		var r pathRow
		var kind int32
		var path *string
		if err := rows.Scan(&kind, &path, &r.conversions, &r.value, &r.nulls,
			&r.noCredited, &r.noFlag, &r.noValue, &r.noEntity, &r.noTime); err != nil {
			return total, db.failed(ctx, q.table, "the path table query of "+q.table, err)
		}
		switch {
		case kind == 1:
			total = r
		case kind == 2:
			j.Channel(*path)
		case path == nil:
			j.Unattributed += int(r.conversions)
			j.UnattributedValue += r.value
		default:
			if buf, err = decodePath(j, *path, buf[:0]); err != nil {
				return total, fmt.Errorf("%s: %w", q.table, err)
			}
			if err := addPath(j, buf, r); err != nil {
				return total, fmt.Errorf("%s: %w", q.table, err)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return total, db.failed(ctx, q.table, "the path table query of "+q.table, err)
	}
	return total, nil
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
