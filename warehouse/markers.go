package warehouse

import (
	"context"
	"fmt"

	"github.com/funnel-analytics/funnel/attribution"
	"github.com/funnel-analytics/funnel/funnel"
)

// WithMarkers asks B2B path query q (B2BPathSQL) to compute w_shaped's
// and full_path's credit too: OpportunityJourneys then runs MarkerSQL
// after the path table, when the files would find the milestone touches
// (the leads' and the opportunities' created_at are times).
func (q *PathQuery) WithMarkers() { q.markerModels = true }

// MarkerModels reports whether WithMarkers was called on q.
func (q *PathQuery) MarkerModels() bool { return q.markerModels }

// MarkerSQL is the marker models' query of B2B path query q at level,
// with the leads of s: the milestone path query's CTEs, then per journey
// ending at an opportunity its touches (in path order, 1-based, before
// the lookback) and its milestone touches as FromOpportunities finds
// them:
//
//	lead         the last touch at or before the entity's lead created_at
//	             (the earliest of its leads' at account level), else 1
//	opportunity  the last touch at or before the opportunity's created_at
//	             (parameter $8, in the order of $5), else 1; n without one
//	won          the last touch, n
//
// each less the touches the lookback drops (at least 1); then the
// weights of attribution's markerWeights per kept touch of a converting
// journey (w_shaped: WShapedShare on the first, lead and opportunity
// touches, shares on one touch adding up, WShapedRest split over the
// others; all marked: each touch's shares over their sum; full_path with
// the won touch and FullPathShare, FullPathRest), summed per credited
// value (kind 0: w_shaped's and full_path's conversions and value), and
// a last row (kind 1) counting the journeys with a touch whose entity
// has no lead created_at and whose opportunity has no created_at.
func MarkerSQL(d Dialect, q *PathQuery, s B2BTables, level attribution.Level) (string, error) {
	leads := AsRoles(s.Leads)
	if !q.milestones || leads == nil {
		return "", fmt.Errorf("the marker models need journeys ending at opportunities and a leads table")
	}
	key, created := leads.Role(funnel.RoleLeadID), leads.Role(funnel.RoleCreatedAt)
	if level == attribution.AccountLevel {
		key = leads.Role(funnel.RoleAccountID)
	}
	if key == nil || created == nil {
		return "", fmt.Errorf("%s: the marker models need the leads' %s and created_at (columns: %s)", leads.Source, map[bool]string{true: "account_id", false: "lead_id"}[level == attribution.AccountLevel], leads.Headers())
	}
	kept := "TRUE"
	if q.Lookback > 0 {
		kept = fmt.Sprintf("at >= end_at - %d", q.Lookback)
	}
	f := func(x float64) string { return d.Float(fmt.Sprint(x)) }
	return q.ctes + fmt.Sprintf(`lead_created AS (
  SELECT lead_key AS entity, min(created) AS lead_t
  FROM (SELECT %[1]s AS lead_key, %[2]s AS created FROM %[3]s AS l) AS c
  WHERE lead_key IS NOT NULL AND created IS NOT NULL
  GROUP BY lead_key
),
opp_created AS (
  SELECT * FROM %[4]s AS oc(seq, opp_t)
),
marker_touch AS (
  SELECT r.entity, r.key1, r.key2, r.at, r.end_at, r.converted, r.value, r.credited, lc.lead_t, oc.opp_t,
         row_number() OVER (PARTITION BY r.entity, r.key1, r.key2 ORDER BY r.at, r.row_order, r.credited) AS pos
  FROM reached AS r
  JOIN opp_created AS oc ON oc.seq = r.key1
  LEFT JOIN lead_created AS lc ON lc.entity = r.entity
  WHERE r.credited IS NOT NULL
),
marker_pos AS (
  SELECT marker_touch.*, count(*) OVER p AS n_all,
         coalesce(max(CASE WHEN at <= lead_t THEN pos END) OVER p, 1) AS lead_pos,
         CASE WHEN opp_t IS NULL THEN count(*) OVER p ELSE coalesce(max(CASE WHEN at <= opp_t THEN pos END) OVER p, 1) END AS opp_pos,
         sum(CASE WHEN %[5]s THEN 0 ELSE 1 END) OVER p AS dropped
  FROM marker_touch
  WINDOW p AS (PARTITION BY entity, key1, key2)
),
marker_kept AS (
  SELECT credited, value, pos - dropped AS i, n_all - dropped AS n,
         greatest(lead_pos - dropped, 1) AS l, greatest(opp_pos - dropped, 1) AS o
  FROM marker_pos
  WHERE converted AND pos > dropped
),
marker_hits AS (
  SELECT credited, value, n,
         1 + CASE WHEN l <> 1 THEN 1 ELSE 0 END + CASE WHEN o <> 1 AND o <> l THEN 1 ELSE 0 END AS ws_marked,
         CASE WHEN i = 1 THEN 1 ELSE 0 END + CASE WHEN i = l THEN 1 ELSE 0 END + CASE WHEN i = o THEN 1 ELSE 0 END AS ws_hits,
         CASE WHEN n <> 1 AND n <> l AND n <> o THEN 1 ELSE 0 END AS won_new,
         CASE WHEN i = n THEN 1 ELSE 0 END AS won_hit
  FROM marker_kept
),
marker_weight AS (
  SELECT credited, value,
         CASE WHEN n > ws_marked THEN CASE WHEN ws_hits > 0 THEN %[6]s * ws_hits ELSE %[7]s / (n - ws_marked) END
              ELSE %[10]s / 3 END AS ws,
         CASE WHEN n > ws_marked + won_new THEN CASE WHEN ws_hits + won_hit > 0 THEN %[8]s * (ws_hits + won_hit) ELSE %[9]s / (n - ws_marked - won_new) END
              ELSE %[11]s / 4 END AS fp
  FROM marker_hits
)
SELECT 0 AS kind, credited, sum(ws) AS ws_conversions, sum(value * ws) AS ws_value,
       sum(fp) AS fp_conversions, sum(value * fp) AS fp_value, 0 AS no_lead, 0 AS no_opp
FROM marker_weight
GROUP BY credited
UNION ALL
SELECT 1, NULL, %[12]s, %[12]s, %[12]s, %[12]s,
       coalesce(sum(CASE WHEN lead_t IS NULL THEN 1 ELSE 0 END), 0), coalesce(sum(CASE WHEN opp_t IS NULL THEN 1 ELSE 0 END), 0)
FROM marker_pos
WHERE pos = 1
`, d.Text("l."+d.Quote(key.Name)), seconds(d, "l."+d.Quote(created.Name)), tableSQL(d, s.Leads),
		d.ArrayRows(d.Param(5, "bigint[]"), d.Param(8, "bigint[]")), kept,
		f(attribution.WShapedShare), f(attribution.WShapedRest), f(attribution.FullPathShare), f(attribution.FullPathRest),
		d.Float("ws_hits"), d.Float("ws_hits + won_hit"), d.Float("0")), nil
}

// readMarkers runs q's MarkerSQL with the opportunities' created_at
// (per end of o, in SetEnds' order) and gives w_shaped's and full_path's
// credit to j, and the counts of the milestones not found to o.
func (db *DB) readMarkers(ctx context.Context, q *PathQuery, s B2BTables, o *attribution.OpportunityEnds, j *attribution.Journeys) error {
	sql, err := MarkerSQL(db.Dialect, q, s, o.Level)
	if err != nil {
		return err
	}
	return db.readMarkersSQL(ctx, q, sql, o, j)
}

// readMarkersSQL runs sql, q's marker query (the tests break it on
// purpose), as readMarkers does.
func (db *DB) readMarkersSQL(ctx context.Context, q *PathQuery, sql string, o *attribution.OpportunityEnds, j *attribution.Journeys) error {
	created := make([]*int64, len(o.Ends))
	for i, e := range o.Ends {
		if t := o.OpportunityCreated(e.Row); t != funnel.NoTime {
			created[i] = &t
		}
	}
	code := make(map[string]int, j.NumChannels())
	for c, name := range j.Channels() {
		code[name] = c
	}
	n := len(code)
	ws, wsv, fp, fpv := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	what := "the w_shaped and full_path query of " + q.table
	rows, err := db.conn.Query(ctx, sql, append(q.args, created)...)
	if err != nil {
		return db.failed(ctx, q.table, what, err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind, noLead, noOpp int64
		var name *string
		var a, b, c, v float64
		if err := rows.Scan(&kind, &name, &a, &b, &c, &v, &noLead, &noOpp); err != nil {
			return db.failed(ctx, q.table, what, err)
		}
		if kind == 1 {
			o.MarkerCounts(int(noLead), int(noOpp))
			continue
		}
		if name == nil {
			return fmt.Errorf("%s: the marker query credited no value", q.table)
		}
		k, ok := code[*name]
		if !ok {
			return fmt.Errorf("%s: the marker query credited %q, which no path holds", q.table, *name)
		}
		ws[k], wsv[k], fp[k], fpv[k] = a, b, c, v
	}
	if err := rows.Err(); err != nil {
		return db.failed(ctx, q.table, what, err)
	}
	if err := j.SetMarkerCredit(attribution.WShaped, ws, wsv); err != nil {
		return err
	}
	return j.SetMarkerCredit(attribution.FullPath, fp, fpv)
}
