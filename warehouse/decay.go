package warehouse

import (
	"context"
	"fmt"

	"github.com/funnel-analytics/funnel/attribution"
)

// decayFloor is the exponent below which a touch's time_decay weight is
// written 0: 2^-1000 is a normal double, so the engine never raises an
// underflow, and a weight below it is nothing beside the journey's latest
// touch (weight 1).
const decayFloor = -1000

// WithDecay asks path query q to compute time_decay's credit too, with
// half-life h seconds (0: attribution.DefaultHalfLife): Paths and
// MilestonePaths then run DecaySQL after the path table and give its
// credit to the journeys (attribution.Journeys.SetDecayCredit).
func (q *PathQuery) WithDecay(h int64) {
	if h == 0 {
		h = attribution.DefaultHalfLife
	}
	q.halfLife = h
}

// DecaySQL is the time_decay query of q (WithDecay set; "" without): the
// path query's CTEs, then per credited value c, over the converting
// journeys' touches kept in their paths (the same rows the path table
// concatenates),
//
//	conversions(c) = Σ_journeys Σ_{touches i on c} w_i
//	value(c)       = Σ_journeys value × Σ_{touches i on c} w_i
//	w_i = 2^((t_i - t_max)/h) / Σ_k 2^((t_k - t_max)/h)
//
// t in whole Unix seconds, t_max the journey's latest kept touch: the
// weights of attribution's time_decay, 2^(-(T - t_i)/h) normalised per
// journey (the end T cancels), computed against the latest touch as the
// files' reader does. Touches tied in time weigh the same. The journey
// sums are window functions over the journey's key (entity, key1, key2).
func (q *PathQuery) DecaySQL(d Dialect) string {
	if q.halfLife == 0 {
		return ""
	}
	exp := fmt.Sprintf("%s / %d", d.Float("at_s - max(at_s) OVER j"), q.halfLife)
	return q.decayFrom + fmt.Sprintf(`decay_weight AS (
  SELECT entity, key1, key2, credited, jvalue,
         CASE WHEN %[1]s < %[2]d THEN %[3]s ELSE power(%[4]s, %[1]s) END AS w
  FROM decay_touch
  WHERE jconv = 1
  WINDOW j AS (PARTITION BY entity, key1, key2)
),
decay_share AS (
  SELECT credited, jvalue, w / sum(w) OVER (PARTITION BY entity, key1, key2) AS share
  FROM decay_weight
)
SELECT credited, sum(share) AS conversions, sum(jvalue * share) AS value
FROM decay_share
GROUP BY credited
ORDER BY credited
`, exp, decayFloor, d.Float("0"), d.Float("2"))
}

// eventDecayTouch is the CTE decay_touch of an event log's path query:
// each touch kept in its journey's path (eventKept) with the journey's
// key, its whole second (at_s), and the journey's outcome (jconv 1 when
// converting) and value, as the CTE journey sums them.
func eventDecayTouch(d Dialect, lookback int64) string {
	return fmt.Sprintf(`decay_touch AS (
  SELECT entity, entity_first AS key1, journey AS key2, credited, %s AS at_s, jconv, jvalue
  FROM (SELECT ended.*, max(CASE WHEN converted THEN 1 ELSE 0 END) OVER j AS jconv,
               coalesce(sum(CASE WHEN converted THEN value END) OVER j, 0) AS jvalue
        FROM ended
        WINDOW j AS (PARTITION BY entity, journey)) AS outcome
  WHERE %s
),
`, seconds(d, "at"), eventKept(d, lookback))
}

// milestoneDecayTouch is the CTE decay_touch of a milestone path query:
// each touch kept in its journey's path (milestoneKept) with the
// journey's key, second, outcome and value (the CTE reached).
func milestoneDecayTouch(lookback int64) string {
	return fmt.Sprintf(`decay_touch AS (
  SELECT entity, key1, key2, credited, at AS at_s, CASE WHEN converted THEN 1 ELSE 0 END AS jconv, value AS jvalue
  FROM reached
  WHERE %s
),
`, milestoneKept(lookback))
}

// readDecay runs q's DecaySQL (when WithDecay set it) and gives its
// credit to j, whose channels the path table read.
func (db *DB) readDecay(ctx context.Context, q *PathQuery, j *attribution.Journeys) error {
	if q.halfLife == 0 {
		return nil
	}
	return db.readDecaySQL(ctx, q, q.DecaySQL(db.Dialect), j)
}

// readDecaySQL runs sql, q's time_decay query (the tests break it on
// purpose), and gives its credit to j.
func (db *DB) readDecaySQL(ctx context.Context, q *PathQuery, sql string, j *attribution.Journeys) error {
	code := make(map[string]int, j.NumChannels())
	for c, name := range j.Channels() {
		code[name] = c
	}
	conv, value := make([]float64, len(code)), make([]float64, len(code))
	what := "the time_decay query of " + q.table
	rows, err := db.conn.Query(ctx, sql, q.args...)
	if err != nil {
		return db.failed(ctx, q.table, what, err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var c, v float64
		if err := rows.Scan(&name, &c, &v); err != nil {
			return db.failed(ctx, q.table, what, err)
		}
		k, ok := code[name]
		if !ok {
			return fmt.Errorf("%s: the time_decay query credited %q, which no path holds", q.table, name)
		}
		conv[k], value[k] = c, v
	}
	if err := rows.Err(); err != nil {
		return db.failed(ctx, q.table, what, err)
	}
	return j.SetDecayCredit(q.halfLife, conv, value)
}
