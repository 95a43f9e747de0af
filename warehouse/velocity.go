package warehouse

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/velocity"
)

// VelocityQuery is velocity's push-down over a long stages table (entity,
// stage, entered_at): the summary query (the distinct stage names and
// their time ranges, velocity.Summary), the cells query (velocity.Cells:
// transitions by window functions, aggregated per period and pair with
// the dialect's ordered-set percentiles) and the trend query (the
// statistics per pair over the output periods). doc.go defines what each
// computes.
type VelocityQuery struct {
	Summary, Cells, Trend string

	table             string
	entity, stage, at string
	dateOnly          bool
	from, ent, stg    string // the table, the entity and stage expressions (quoted, cast)
	secs              string // the entry's time in whole Unix seconds
}

// maxCodes bounds the ladder and lost stages the cells query packs with
// a position (pos * maxCodes + code).
const maxCodes = 4096

// VelocitySQL writes the summary query of stages table t (bound by Bind)
// in dialect d; base says the table has a physical row order (the stage
// names' first appearance). ForPlan writes the cells and trend queries.
func VelocitySQL(d Dialect, t *funnel.Table, base bool) (*VelocityQuery, error) {
	entity, stage, at := t.Role(funnel.RoleEntityID), t.Role(funnel.RoleStage), t.Role(funnel.RoleEnteredAt)
	if entity == nil || stage == nil || at == nil {
		return nil, fmt.Errorf("%s: velocity reads a long stages table from a database: entity_id, stage and entered_at columns (columns: %s); the wide layout and field histories are not pushed down yet", t.Source, t.Headers())
	}
	if c := velocity.NotLong(t); c != nil {
		return nil, fmt.Errorf("%s: column %q: a stage or field history table is not pushed down yet; select its stage entries into a long table (entity_id, stage, entered_at)", t.Source, c.Name)
	}
	q := &VelocityQuery{table: t.Source, entity: entity.Name, stage: stage.Name, at: at.Name, dateOnly: at.DateOnly, from: t.Source,
		ent: d.Text(d.Quote(entity.Name)), stg: d.Text(d.Quote(stage.Name)), secs: "CAST(floor(" + d.EpochSeconds(d.Quote(at.Name)) + ") AS bigint)"}
	if tn, err := ParseTableName(t.Source); err == nil {
		q.from = tn.SQL(d)
	}
	q.Summary = summarySQL(d, q.from, q.ent, q.stg, q.secs, base)
	return q, nil
}

// ForPlan writes the cells and trend queries for a ladder of stages
// rungs and the pairs measured (ladder indexes from, to; the adjacent
// ones first): velocity.Plan's Stages and Pairs.
func (q *VelocityQuery) ForPlan(d Dialect, stages int, pairs [][2]int) error {
	if stages+1 >= maxCodes {
		return fmt.Errorf("%s: %d stages: at most %d in a database", q.table, stages, maxCodes-2)
	}
	q.Cells = cellsBase(d, q.from, q.ent, q.stg, q.secs, stages, pairs, false) + cellsSelect(d, stages)
	// The trend needs only the transitions: its base computes no
	// following-row windows (a moving frame start, each row's frame
	// aggregated anew), no exits, recycles or skips.
	q.Trend = cellsBase(d, q.from, q.ent, q.stg, q.secs, stages, pairs, true) + fmt.Sprintf(`SELECT pair, count(*) AS n, CAST(sum(secs) AS bigint) AS secs,
       %s AS median, %s AS p90
FROM trans
WHERE period >= %s
GROUP BY pair
ORDER BY pair
`, d.Percentile(0.5, "days"), d.Percentile(0.9, "days"), d.Param(6, "integer"))
	return nil
}

// summarySQL counts each distinct stage name's rows with an entity, a
// stage and a time, before the cut ($1, NULL: none) and at or after it,
// with their time ranges, in order of first appearance; the total row
// (total = 1) counts the rows without an entity, a stage or a time, and
// holds the latest time of any row.
func summarySQL(d Dialect, from, ent, stg, secs string, base bool) string {
	order := stg
	if r := d.RowOrder(); r != "" && base {
		order = r
	}
	cut := "coalesce(" + d.Param(1, "bigint") + ", 9223372036854775807)"
	return fmt.Sprintf(`WITH entry AS (
  SELECT %s AS entity, %s AS stage, %s AS t, row_number() OVER (ORDER BY %s) AS row_order
  FROM %s
),
flagged AS (
  SELECT entry.*, entity IS NOT NULL AND stage IS NOT NULL AND t IS NOT NULL AS usable
  FROM entry
)
SELECT GROUPING(stage) AS total, stage,
       sum(CASE WHEN usable AND t < %[6]s THEN 1 ELSE 0 END) AS before,
       min(CASE WHEN usable AND t < %[6]s THEN t END) AS min_t,
       max(CASE WHEN usable AND t < %[6]s THEN t END) AS max_t,
       sum(CASE WHEN usable AND t >= %[6]s THEN 1 ELSE 0 END) AS after,
       min(CASE WHEN usable AND t >= %[6]s THEN t END) AS after_min,
       max(CASE WHEN usable AND t >= %[6]s THEN t END) AS after_max,
       sum(CASE WHEN entity IS NULL THEN 1 ELSE 0 END) AS no_entity,
       sum(CASE WHEN entity IS NOT NULL AND stage IS NULL THEN 1 ELSE 0 END) AS no_stage,
       sum(CASE WHEN entity IS NOT NULL AND stage IS NOT NULL AND t IS NULL THEN 1 ELSE 0 END) AS no_time,
       max(t) AS latest,
       min(CASE WHEN usable THEN row_order END) AS first
FROM flagged
GROUP BY GROUPING SETS ((stage), ())
ORDER BY total, first
`, ent, stg, secs, order, from, cut)
}

// cellsBase is the CTEs the cells and trend queries share: the entries
// coded by the plan ($1 names, $2 codes), before the cut ($4), exact
// duplicates dropped, ordered per entity by time then code (pos), their
// period ($3 the bounds, $5 the number of periods: 0 to $5-1, else -1),
// and per entry the facts of velocity's definitions. slim (the trend
// query) computes only what the transitions need: the period and the
// latest earlier entry into each pair's first stage.
func cellsBase(d Dialect, from, ent, stg, secs string, stages int, pairs [][2]int, slim bool) string {
	L := stages
	var b strings.Builder
	fmt.Fprintf(&b, `WITH code AS (
  SELECT name, code FROM %s AS c(name, code)
),
entry AS (
  SELECT %s AS entity, code.code, %s AS t
  FROM %s
  JOIN code ON code.name = %s
  WHERE %s IS NOT NULL AND %s IS NOT NULL AND code.code >= 0 AND %s < %s
),
ev AS (
  SELECT entity, code, t, row_number() OVER (PARTITION BY entity ORDER BY t, code) AS pos
  FROM (SELECT DISTINCT entity, code, t FROM entry) AS distinct_entry
),
fact AS (
  SELECT entity, code, t, pos,
         CASE WHEN %s BETWEEN 1 AND %s THEN %s - 1 ELSE -1 END AS period`,
		d.ArrayRows(d.Param(1, "text[]"), d.Param(2, "integer[]")),
		ent, secs, from, stg, ent, secs, secs, d.Param(4, "bigint"),
		d.Bucket("t", d.Param(3, "bigint[]")), d.Param(5, "integer"), d.Bucket("t", d.Param(3, "bigint[]")))
	if !slim {
		fmt.Fprintf(&b, `,
         pos = count(*) OVER (PARTITION BY entity) AS is_last,
         lag(code) OVER w AS before_code,
         max(CASE WHEN code < %d THEN pos * %d + code END) OVER earlier AS prev_packed`, L, maxCodes)
	}
	froms := map[int]bool{}
	for _, p := range pairs {
		froms[p[0]] = true
	}
	for r := 0; r < L; r++ {
		if froms[r] {
			fmt.Fprintf(&b, ",\n         max(CASE WHEN code = %d THEN t END) OVER earlier AS last_%d", r, r)
		}
	}
	if slim {
		b.WriteString(`
  FROM ev
  WINDOW earlier AS (PARTITION BY entity ORDER BY pos ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
),
step AS (
  SELECT * FROM fact
),
`)
		transitions(&b, d, pairs)
		return b.String()
	}
	for k := 0; k+1 < L; k++ {
		fmt.Fprintf(&b, ",\n         min(CASE WHEN code >= %d THEN pos * %d + code END) OVER later AS next_%d", k, maxCodes, k)
		fmt.Fprintf(&b, ",\n         min(CASE WHEN code >= %d THEN t END) OVER later AS next_t_%d", k, k)
	}
	b.WriteString(`
  FROM ev
  WINDOW w AS (PARTITION BY entity ORDER BY pos),
         earlier AS (PARTITION BY entity ORDER BY pos ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
         later AS (PARTITION BY entity ORDER BY pos ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)
),
step AS (
  SELECT fact.*, prev_packed % ` + fmt.Sprint(maxCodes) + ` AS prev`)
	next, nextT := "NULL", "NULL"
	if L > 1 {
		var nc, nt strings.Builder
		nc.WriteString("CASE code")
		nt.WriteString("CASE code")
		for k := 0; k+1 < L; k++ {
			fmt.Fprintf(&nc, " WHEN %d THEN next_%d", k, k)
			fmt.Fprintf(&nt, " WHEN %d THEN next_t_%d", k, k)
		}
		next, nextT = nc.String()+" END % "+fmt.Sprint(maxCodes), nt.String()+" END"
	}
	fmt.Fprintf(&b, `,
         %s AS next_code,
         %s AS next_t
  FROM fact
),
`, next, nextT)
	transitions(&b, d, pairs)
	return b.String()
}

// transitions writes the trans CTE of cellsBase: per pair, each entry
// into its second stage with an earlier entry into its first (step's
// last_k), in a period.
func transitions(b *strings.Builder, d Dialect, pairs [][2]int) {
	fmt.Fprintf(b, `trans AS (
  SELECT period, pair, secs, %s AS days
  FROM (`, d.Float("secs")+" / 86400")
	if len(pairs) == 0 {
		b.WriteString("SELECT -1 AS period, 0 AS pair, CAST(0 AS bigint) AS secs WHERE 1 = 0")
	}
	for i, p := range pairs {
		if i > 0 {
			b.WriteString("\n        UNION ALL ")
		}
		fmt.Fprintf(b, "SELECT period, %d AS pair, t - last_%d AS secs FROM step WHERE code = %d AND last_%d IS NOT NULL", i, p[0], p[1], p[0])
	}
	b.WriteString(`) AS pair_step
  WHERE period >= 0
)
`)
}

// cellsSelect is the cells query's result: a row per cell of each kind
// (velocity.Cells), and the totals.
func cellsSelect(d Dialect, L int) string {
	within := d.Param(6, "bigint")
	return fmt.Sprintf(`SELECT 'transition' AS kind, period, pair AS a, -1 AS b, count(*) AS n, CAST(sum(secs) AS bigint) AS secs,
       %s AS median, %s AS p90, 0 AS advanced, 0 AS within, 0 AS open
FROM trans GROUP BY period, pair
UNION ALL
SELECT 'recycle', period, code, -1, count(*), 0, NULL, NULL, 0, 0, 0
FROM step WHERE period >= 0 AND code < %[3]d AND prev IS NOT NULL AND code < prev GROUP BY period, code
UNION ALL
SELECT 'skip', period, prev, code, count(*), 0, NULL, NULL, 0, 0, 0
FROM step WHERE period >= 0 AND code < %[3]d AND prev IS NOT NULL AND code > prev + 1 GROUP BY period, prev, code
UNION ALL
SELECT 'conversion', period, code, -1, count(*), 0, NULL, NULL,
       sum(CASE WHEN next_code > code AND next_code < %[3]d THEN 1 ELSE 0 END),
       sum(CASE WHEN next_code > code AND next_code < %[3]d AND (%[4]s = 0 OR next_t - t <= %[4]s) THEN 1 ELSE 0 END),
       sum(CASE WHEN is_last THEN 1 ELSE 0 END)
FROM step WHERE period >= 0 AND code < %[5]d GROUP BY period, code
UNION ALL
SELECT 'exit', period, coalesce(prev, -1), -1, count(*), 0, NULL, NULL, 0, 0, 0
FROM step WHERE period >= 0 AND code >= %[3]d AND (before_code IS NULL OR before_code < %[3]d) GROUP BY period, coalesce(prev, -1)
UNION ALL
SELECT 'total', -1, -1, -1, count(DISTINCT entity), (SELECT count(*) FROM entry) - count(*), NULL, NULL, 0, 0, 0
FROM ev
`, d.Percentile(0.5, "days"), d.Percentile(0.9, "days"), L, within, L-1)
}

// Summary runs the summary query with the cut (math.MaxInt64: none) and
// returns velocity's Summary, and the latest time of any row (NoTime when
// none).
func (db *DB) Summary(ctx context.Context, q *VelocityQuery, cut int64) (velocity.Summary, int64, error) {
	sum := velocity.Summary{Source: q.table, DateOnly: q.dateOnly, Entity: q.entity, Stage: q.stage, Time: q.at}
	var cutArg any
	if cut != math.MaxInt64 {
		cutArg = cut
	}
	rows, err := db.conn.Query(ctx, q.Summary, cutArg)
	if err != nil {
		return sum, 0, db.failed(ctx, q.table, "the velocity summary query of "+q.table, err)
	}
	defer rows.Close()
	latest := funnel.NoTime
	for rows.Next() {
		var total int32
		var stage *string
		var before, after, noEntity, noStage, noTime int64
		var minT, maxT, afterMin, afterMax, last, first *int64
		if err := rows.Scan(&total, &stage, &before, &minT, &maxT, &after, &afterMin, &afterMax, &noEntity, &noStage, &noTime, &last, &first); err != nil {
			return sum, 0, db.failed(ctx, q.table, "the velocity summary query of "+q.table, err)
		}
		if total == 1 {
			sum.NoEntity, sum.NoStage, sum.NoTime = int(noEntity), int(noStage), int(noTime)
			if last != nil {
				latest = *last
			}
			continue
		}
		if stage == nil || before+after == 0 {
			continue
		}
		n := velocity.StageName{Name: *stage, Before: int(before), After: int(after)}
		n.MinT, n.MaxT, n.AfterMin, n.AfterMax = orNoTime(minT), orNoTime(maxT), orNoTime(afterMin), orNoTime(afterMax)
		sum.Names = append(sum.Names, n)
	}
	if err := rows.Err(); err != nil {
		return sum, 0, db.failed(ctx, q.table, "the velocity summary query of "+q.table, err)
	}
	return sum, latest, nil
}

func orNoTime(p *int64) int64 {
	if p == nil {
		return funnel.NoTime
	}
	return *p
}

// Cells runs the cells query for plan p (within: the conversion window
// in seconds, 0 none).
func (db *DB) Cells(ctx context.Context, q *VelocityQuery, sum velocity.Summary, p *velocity.Plan, within int64) (*velocity.Cells, error) {
	rows, err := db.conn.Query(ctx, q.Cells, planArgs(sum, p, within)...)
	if err != nil {
		return nil, db.failed(ctx, q.table, "the velocity cells query of "+q.table, err)
	}
	defer rows.Close()
	c := &velocity.Cells{}
	for rows.Next() {
		var kind string
		var period, a, b int32
		var n, secs, advanced, inWindow, open int64
		var median, p90 *float64
		if err := rows.Scan(&kind, &period, &a, &b, &n, &secs, &median, &p90, &advanced, &inWindow, &open); err != nil {
			return nil, db.failed(ctx, q.table, "the velocity cells query of "+q.table, err)
		}
		pi, ai, bi, ni := int(period), int(a), int(b), int(n)
		switch kind {
		case "transition":
			c.Transitions = append(c.Transitions, velocity.TransitionCell{Period: pi, Pair: ai, N: ni, Seconds: secs, Median: deref(median), P90: deref(p90)})
		case "recycle":
			c.Recycles = append(c.Recycles, velocity.Count{Period: pi, Stage: ai, N: ni})
		case "skip":
			c.Skips = append(c.Skips, velocity.Skip{Period: pi, From: ai, To: bi, N: ni})
		case "conversion":
			c.Conversion = append(c.Conversion, velocity.ConversionCell{Period: pi, Stage: ai, Entered: ni, Advanced: int(advanced), Within: int(inWindow), Open: int(open)})
		case "exit":
			c.Exits = append(c.Exits, velocity.Count{Period: pi, Stage: ai, N: ni})
		case "total":
			c.Entities, c.Duplicates = ni, int(secs)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, db.failed(ctx, q.table, "the velocity cells query of "+q.table, err)
	}
	return c, nil
}

// Trend runs the trend query: per pair, the transitions of the periods
// from first on.
func (db *DB) Trend(ctx context.Context, q *VelocityQuery, sum velocity.Summary, p *velocity.Plan, within int64, first int) ([]velocity.TransitionCell, error) {
	args := append(planArgs(sum, p, within)[:5], first)
	rows, err := db.conn.Query(ctx, q.Trend, args...)
	if err != nil {
		return nil, db.failed(ctx, q.table, "the velocity trend query of "+q.table, err)
	}
	defer rows.Close()
	var out []velocity.TransitionCell
	for rows.Next() {
		var pair int32
		var n, secs int64
		var median, p90 *float64
		if err := rows.Scan(&pair, &n, &secs, &median, &p90); err != nil {
			return nil, db.failed(ctx, q.table, "the velocity trend query of "+q.table, err)
		}
		out = append(out, velocity.TransitionCell{Pair: int(pair), N: int(n), Seconds: secs, Median: deref(median), P90: deref(p90)})
	}
	if err := rows.Err(); err != nil {
		return nil, db.failed(ctx, q.table, "the velocity trend query of "+q.table, err)
	}
	return out, nil
}

func deref(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

// planArgs are the cells query's parameters: $1 the stage names, $2
// their codes, $3 the period bounds, $4 the cut, $5 the number of
// periods, $6 the conversion window.
func planArgs(sum velocity.Summary, p *velocity.Plan, within int64) []any {
	names := make([]string, len(sum.Names))
	codes := make([]int32, len(sum.Names))
	for i, n := range sum.Names {
		names[i], codes[i] = n.Name, int32(p.Codes[i])
	}
	return []any{names, codes, p.Bounds, p.Cut, int32(len(p.Bounds) - 1), within}
}
