package warehouse

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/scoring"
)

// FitQuery is fit's push-down (doc.go: fit groups): the queries that
// give scoring.FitGroups its FeatureGroups, in the order they run.
// Latest finds the default as-of time (only without one); Leads counts
// the leads left out and checks the target and the lead ids; Levels
// counts the kept leads per level of each feature; Touches sorts the
// touches by fate (used per activity type, after the cutoff, ...);
// Design, written once Levels and Touches have named the terms
// (Terms), groups the kept leads by design row.
type FitQuery struct {
	Latest, Leads, Levels, Touches, Design string

	d        Dialect
	leads    *funnel.Table
	touches  *funnel.Table // nil: no touches
	stages   *funnel.Table // the stage history of --target-stage, else nil
	cfg      scoring.FeatureConfig
	asOfArg  any            // $1 of the queries run
	from     string         // the leads table, quoted
	tfrom    string         // the touches table, quoted
	target   *funnel.Column // the target column; nil with a target stage
	features []*funnel.Column
	act      *funnel.Column // the touches' activity column (activity_type, else channel)
}

// Fit's per-lead columns, named so as not to meet a table's.
var (
	fitY       = "funnel: y"
	fitCutoff  = "funnel: cutoff"
	fitMissing = "funnel: missing"
	fitAfter   = "funnel: after"
	fitReached = "funnel: reached"
)

// NewFitQuery writes the queries of a fit of cfg on the leads (and
// touches, nil when none) tables bound by Bind, and with a target stage
// (cfg.TargetStage) the stages table (a long history: entity_id, stage,
// entered_at; nil otherwise); WithTerms writes the Design query once the
// others have run. Settings the push-down does not have (a deal-size
// family, multi-value features) are errors naming them, as are a target
// or feature column the leads do not have.
func NewFitQuery(d Dialect, leads, touches, stages *funnel.Table, cfg scoring.FeatureConfig) (*FitQuery, error) {
	switch {
	case cfg.Target != "" && cfg.TargetStage != "":
		return nil, fmt.Errorf("scoring: give --target or --target-stage, not both")
	case cfg.TargetStage != "" && stages == nil:
		return nil, fmt.Errorf("scoring: --target-stage needs the stage history (--db-table stages=schema.table)")
	case cfg.TargetStage != "" && (stages.Role(funnel.RoleEntityID) == nil || stages.Role(funnel.RoleStage) == nil || stages.Role(funnel.RoleEnteredAt) == nil):
		return nil, fmt.Errorf("scoring: %s needs entity_id, stage and entered_at columns for --target-stage", stages.Source)
	case cfg.Family.Amount():
		return nil, fmt.Errorf("--family %s is not pushed down yet: fit --db fits win models", cfg.Family)
	case cfg.SplitValues != "":
		return nil, fmt.Errorf("--split-values is not pushed down yet: leave it out")
	case cfg.Target == "" && cfg.TargetStage == "":
		return nil, scoring.ErrNoTarget
	}
	q := &FitQuery{d: d, leads: leads, touches: touches, cfg: cfg, from: tableSQL(d, leads)}
	if cfg.TargetStage != "" {
		q.stages = stages
	} else if q.target = leads.Named(cfg.Target); q.target == nil {
		return nil, fmt.Errorf("scoring: %s has no target column %q (columns: %s)", leads.Source, cfg.Target, leads.Headers())
	}
	if q.target != nil && q.target.Kind == funnel.KindText && strings.TrimSpace(cfg.Positive) == "" {
		return nil, fmt.Errorf("scoring: target column %q of %s holds text; give --positive VALUE (the value that means converted)", q.target.Name, leads.Source)
	}
	for _, name := range cfg.Features {
		c := leads.Named(name)
		switch {
		case c == nil:
			return nil, fmt.Errorf("scoring: %s has no column %q for --features (columns: %s)", leads.Source, name, leads.Headers())
		case c.Kind == funnel.KindTime:
			return nil, fmt.Errorf("scoring: column %q of %s holds dates; features take numbers, text or yes/no values", name, leads.Source)
		}
		q.features = append(q.features, c)
	}
	if leads.Role(funnel.RoleLeadID) == nil {
		return nil, fmt.Errorf("scoring: %s has no lead_id column, which touches are matched on and the design query groups by", leads.Source)
	}
	if touches != nil {
		q.tfrom = tableSQL(d, touches)
		q.act = touches.Role(funnel.ActivityRole(func(r string) bool { return touches.Role(r) != nil }))
		if touches.Role(funnel.RoleLeadID) == nil || touches.Role(funnel.RoleOccurredAt) == nil || q.act == nil {
			return nil, fmt.Errorf("scoring: %s needs lead_id, occurred_at and activity_type (or channel) columns to count touches per lead", touches.Source)
		}
	} else if len(cfg.ActivityTypes) > 0 {
		return nil, fmt.Errorf("scoring: --activity-types needs the touches (--db-table touches=...)")
	}
	q.Latest = q.latestSQL()
	q.Leads = q.baseCTE() + "\n" + q.leadsSelect()
	q.Levels = q.baseCTE() + "\n" + q.levelsSelect()
	if q.touches != nil {
		q.Touches = q.baseCTE() + q.touchesSelect()
	}
	return q, nil
}

// latestSQL is the latest time of any time column of the leads and the
// touches (one row, NULL when none): the default as-of is the second
// after it, as funnel.Dataset.DefaultAsOf.
func (q *FitQuery) latestSQL() string {
	var parts []string
	for _, t := range []*funnel.Table{q.leads, q.touches, q.stages} {
		if t == nil {
			continue
		}
		for _, c := range t.Columns {
			if c.Kind == funnel.KindTime {
				parts = append(parts, fmt.Sprintf("SELECT max(%s) AS t FROM %s", seconds(q.d, q.d.Quote(c.Name)), tableSQL(q.d, t)))
			}
		}
	}
	if len(parts) == 0 {
		return "SELECT CAST(NULL AS bigint) AS latest"
	}
	return "SELECT max(t) AS latest\nFROM (" + strings.Join(parts, "\n      UNION ALL ") + ") AS times\n"
}

// asOf is the as-of time in Unix seconds, query parameter $1 of every
// query but Latest (NULL when the tables hold no time).
func (q *FitQuery) asOf() string { return q.d.Param(1, "bigint") }

// col returns l's column c, quoted.
func (q *FitQuery) col(c *funnel.Column) string { return "l." + q.d.Quote(c.Name) }

// missing returns the condition that column c of l has no value (text:
// blank once trimmed, as a file's empty cell).
func (q *FitQuery) missing(c *funnel.Column) string {
	if c.Kind == funnel.KindText {
		return "NULLIF(TRIM(" + q.d.Text(q.col(c)) + "), '') IS NULL"
	}
	return q.col(c) + " IS NULL"
}

// timed reports whether the target has a time: a timestamp column or a
// target stage.
func (q *FitQuery) timed() bool { return q.target == nil || q.target.Kind == funnel.KindTime }

// targetTime is the time of a timed target of lead l in Unix seconds
// (NULL: not reached): the target column's, or the first entry into the
// target stage (the reached subquery of baseCTE).
func (q *FitQuery) targetTime() string {
	if q.target == nil {
		return "reached.t"
	}
	return seconds(q.d, q.col(q.target))
}

// reachedJoin joins each lead to its first entry into the target stage,
// as scoring's stageTarget finds it: the stage rows whose name, trimmed,
// equals the stage's in any case, matched to the leads by the text of
// entity_id and lead_id, entries without a time left out. "" without a
// target stage.
func (q *FitQuery) reachedJoin() string {
	if q.stages == nil {
		return ""
	}
	d, s := q.d, q.stages
	sc := func(role string) string { return "s." + d.Quote(s.Role(role).Name) }
	return fmt.Sprintf(`
  LEFT JOIN (
    SELECT %s AS id, min(%s) AS t
    FROM %s AS s
    WHERE %s AND %s IS NOT NULL
    GROUP BY 1
  ) AS reached ON reached.id = %s`, d.Text(sc(funnel.RoleEntityID)), seconds(d, sc(funnel.RoleEnteredAt)), tableSQL(d, s),
		q.isTargetStage(sc(funnel.RoleStage)), sc(funnel.RoleEnteredAt), d.Text(q.col(q.leads.Role(funnel.RoleLeadID))))
}

// isTargetStage is the condition that stage, a stage name, is the target
// stage: trimmed, equal in any case (strings.EqualFold of the ASCII
// names a history holds).
func (q *FitQuery) isTargetStage(stage string) string {
	return fmt.Sprintf("lower(TRIM(%s)) = lower(%s)", q.d.Text(stage), q.d.String(strings.TrimSpace(q.cfg.TargetStage)))
}

// baseCTE is every leads row with its target (1, 0, NULL when missing),
// its cutoff, whether a feature is missing (under --missing drop) and
// whether it was created at or after the as-of time: scoring's targets
// and prepare.
func (q *FitQuery) baseCTE() string {
	d, a := q.d, q.asOf()
	y, cutoff := "", a
	switch {
	case q.timed():
		t := q.targetTime()
		y = fmt.Sprintf("CASE WHEN %s <= %s THEN 1 ELSE 0 END", t, a)
		cutoff = fmt.Sprintf("CASE WHEN %s <= %s THEN %s ELSE %s END", t, a, t, a)
	case q.target.Kind == funnel.KindBool:
		c := q.col(q.target)
		y = fmt.Sprintf("CASE WHEN %s THEN 1 WHEN NOT %s THEN 0 END", c, c)
	case q.target.Kind == funnel.KindNumber:
		c := q.col(q.target)
		y = fmt.Sprintf("CASE WHEN %s = 0 THEN 0 WHEN %s = 1 THEN 1 END", c, c)
	default:
		v := "NULLIF(TRIM(" + d.Text(q.col(q.target)) + "), '')"
		y = fmt.Sprintf("CASE WHEN %s IS NULL THEN NULL WHEN lower(%s) = lower(%s) THEN 1 ELSE 0 END", v, v, d.String(strings.TrimSpace(q.cfg.Positive)))
	}
	missing := "FALSE"
	if q.cfg.Missing == 0 || q.cfg.Missing == scoring.MissingDrop {
		var any []string
		for _, f := range q.features {
			any = append(any, q.missing(f))
		}
		if len(any) > 0 {
			missing = strings.Join(any, " OR ")
		}
	}
	after := "FALSE"
	if created := q.leads.Role(funnel.RoleCreatedAt); created != nil && created.Kind == funnel.KindTime {
		after = fmt.Sprintf("%s >= %s", seconds(q.d, q.col(created)), a)
	}
	reached := "" // the first entry into a target stage, for leadsSelect's late leads
	if q.target == nil {
		reached = ", reached.t AS " + d.Quote(fitReached)
	}
	return fmt.Sprintf(`WITH base AS (
  SELECT l.*, %s AS %s, %s AS %s, %s AS %s, coalesce(%s, FALSE) AS %s%s
  FROM %s AS l%s
),
kept AS (
  SELECT * FROM base WHERE %s IS NOT NULL AND NOT %s AND NOT %s
)`, y, d.Quote(fitY), cutoff, d.Quote(fitCutoff), missing, d.Quote(fitMissing), after, d.Quote(fitAfter), reached, q.from, q.reachedJoin(),
		d.Quote(fitY), d.Quote(fitMissing), d.Quote(fitAfter))
}

// leadsSelect counts the leads rows, those left out (missing target,
// missing feature, created after the as-of), the late conversions, and
// finds a duplicate lead id, a numeric target's value other than 0 and
// 1, whether a text target has any value, and (target_values) the rows
// of a target stage in the stage history.
func (q *FitQuery) leadsSelect() string {
	d := q.d
	y, miss, after := d.Quote(fitY), d.Quote(fitMissing), d.Quote(fitAfter)
	late := "0"
	if q.timed() {
		t := q.targetTime()
		if q.target == nil {
			t = "l." + d.Quote(fitReached) // the base's column: reached is not in scope here
		}
		late = fmt.Sprintf("sum(CASE WHEN %s > %s THEN 1 ELSE 0 END)", t, q.asOf())
	}
	bad := "CAST(NULL AS double precision)"
	var values string
	switch {
	case q.target == nil:
		stage := "s." + d.Quote(q.stages.Role(funnel.RoleStage).Name)
		values = fmt.Sprintf("(SELECT count(*) FROM %s AS s WHERE %s)", tableSQL(d, q.stages), q.isTargetStage(stage))
	case q.target.Kind == funnel.KindText:
		values = "count(NULLIF(TRIM(" + d.Text(q.col(q.target)) + "), ''))"
	default:
		values = fmt.Sprintf("count(%s)", q.col(q.target))
		if q.target.Kind == funnel.KindNumber {
			bad = fmt.Sprintf("min(CASE WHEN %s <> 0 AND %s <> 1 THEN %s END)", q.col(q.target), q.col(q.target), d.Float(q.col(q.target)))
		}
	}
	dup := "CAST(NULL AS text)"
	if id := q.leads.Role(funnel.RoleLeadID); id != nil && (q.touches != nil || q.stages != nil) {
		lid := d.Text(q.col(id))
		dup = fmt.Sprintf("(SELECT min(lead_id) FROM (SELECT %s AS lead_id FROM %s AS l WHERE %s IS NOT NULL GROUP BY %s HAVING count(*) > 1) AS twice)", lid, q.from, lid, lid)
	}
	return fmt.Sprintf(`SELECT count(*) AS leads,
       sum(CASE WHEN %[1]s IS NULL THEN 1 ELSE 0 END) AS missing_target,
       sum(CASE WHEN %[1]s IS NOT NULL AND %[2]s THEN 1 ELSE 0 END) AS missing_feature,
       sum(CASE WHEN %[1]s IS NOT NULL AND NOT %[2]s AND %[3]s THEN 1 ELSE 0 END) AS after_as_of,
       %[4]s AS late, %[5]s AS bad_target, %[6]s AS target_values, %[7]s AS duplicate_id
FROM base AS l
`, y, miss, after, late, bad, values, dup)
}

// levelsSelect counts the kept leads per level of each feature (its
// 1-based position): a text value trimmed, a boolean true or false, a
// number ” (only its missing values matter); NULL for a missing value.
func (q *FitQuery) levelsSelect() string {
	if len(q.features) == 0 {
		return "SELECT 0 AS feature, CAST(NULL AS text) AS level, 0 AS leads WHERE 1 = 0\n"
	}
	var parts []string
	for k, c := range q.features {
		level := "NULLIF(TRIM(" + q.d.Text(q.col(c)) + "), '')"
		if c.Kind == funnel.KindNumber {
			level = "CASE WHEN " + q.col(c) + " IS NULL THEN NULL ELSE '' END"
		}
		parts = append(parts, fmt.Sprintf("SELECT %d AS feature, %s AS level, count(*) AS leads FROM kept AS l GROUP BY %s", k+1, level, level))
	}
	return strings.Join(parts, "\nUNION ALL\n") + "\nORDER BY feature, level\n"
}

// weight returns a touch's weight at age (seconds) before its cutoff:
// 2^(-age/h) with a half-life (0 past the smallest double, as
// math.Exp2), else 1; as the score view's touch CTE.
func (q *FitQuery) weight(age string) string {
	h := q.cfg.HalfLife
	if h <= 0 {
		return "1"
	}
	return q.d.Float(fmt.Sprintf("CASE WHEN %s > %d THEN 0 ELSE power(2, -%s / %d) END", age, 1074*h, age, h))
}

// touchesSelect sorts each touch by its fate, in the order scoring's
// touch counter tests them: its lead is not in the leads (unmatched),
// left out (dropped), it has no time or type (incomplete), it is at or
// after its lead's cutoff, before the window, of a type not asked for
// (other), else used; per fate (and used activity type) the touches and,
// with a half-life, the largest decayed count of a lead.
func (q *FitQuery) touchesSelect() string {
	d, t := q.d, q.touches
	tc := func(role string) string { return "t." + d.Quote(t.Role(role).Name) }
	lid := d.Text(q.col(q.leads.Role(funnel.RoleLeadID)))
	at := d.EpochSeconds(tc(funnel.RoleOccurredAt))
	typ := "NULLIF(" + d.Text("t."+d.Quote(q.act.Name)) + ", '')"
	var fates strings.Builder
	fates.WriteString("CASE WHEN lead_id IS NULL THEN 'unmatched' WHEN NOT kept THEN 'dropped'")
	fmt.Fprintf(&fates, "\n              WHEN touch_at IS NULL OR activity_type IS NULL THEN 'incomplete' WHEN touch_at >= cutoff THEN 'after_cutoff'")
	if q.cfg.Window > 0 {
		fmt.Fprintf(&fates, "\n              WHEN touch_at < cutoff - %d THEN 'before_window'", q.cfg.Window)
	}
	if len(q.cfg.ActivityTypes) > 0 {
		names := make([]string, len(q.cfg.ActivityTypes))
		for i, a := range q.cfg.ActivityTypes {
			names[i] = d.String(strings.TrimSpace(a))
		}
		fmt.Fprintf(&fates, "\n              WHEN activity_type NOT IN (%s) THEN 'other'", strings.Join(names, ", "))
	}
	fates.WriteString(" ELSE 'used' END")
	group, per := "1, 2", ""
	if q.cfg.HalfLife > 0 {
		group, per = "1, 2, 3", ", lead_id" // the largest count of a lead
	}
	return fmt.Sprintf(`,
lead AS (
  SELECT %[1]s AS lead_id, %[2]s IS NOT NULL AND NOT %[3]s AND NOT %[4]s AS kept, %[5]s AS cutoff
  FROM base AS l
  WHERE %[1]s IS NOT NULL
),
touch AS (
  SELECT lead.lead_id, lead.kept, lead.cutoff, %[6]s AS touch_at, %[7]s AS activity_type
  FROM %[8]s AS t
  LEFT JOIN lead ON lead.lead_id = %[9]s
),
fated AS (
  SELECT fate, CASE WHEN fate = 'used' THEN activity_type END AS activity_type%[13]s, count(*) AS n, sum(w) AS decayed
  FROM (SELECT f.*, CASE WHEN fate = 'used' THEN %[11]s END AS w
        FROM (SELECT touch.*, %[10]s AS fate FROM touch) AS f) AS fw
  GROUP BY %[12]s
)
SELECT fate, activity_type, sum(n) AS touches, max(decayed) AS top
FROM fated
GROUP BY fate, activity_type
ORDER BY fate, activity_type
`, lid, d.Quote(fitY), d.Quote(fitMissing), d.Quote(fitAfter), d.Quote(fitCutoff),
		at, typ, q.tfrom, d.Text(tc(funnel.RoleLeadID)), fates.String(), q.weight("(cutoff - touch_at)"), group, per)
}

// WithTerms writes the Design query for the activity types (the touch
// terms, in name order) and the encodings of the features that the
// Touches and Levels queries found: the kept leads' touches counted
// before each lead's cutoff by the score view's touch CTE, their terms
// by its lead CTE (the same expressions as `score --sql`), grouped by
// design row with each group's leads and positives.
func (q *FitQuery) WithTerms(types []string, encodings []scoring.Encoding) error {
	d, cfg := q.d, q.cfg
	transform := cfg.Transform
	if transform == 0 {
		transform = scoring.TransformNone
	}
	id := q.leads.Role(funnel.RoleLeadID)
	s := &scoreSQL{d: d, feat: scoring.ModelFeatures{ActivityTypes: types, Transform: transform.String(), Encodings: encodings,
		WindowDays: float64(cfg.Window) / funnel.SecondsPerDay, HalfLifeDays: float64(cfg.HalfLife) / funnel.SecondsPerDay},
		opts:    ScoreOptions{Columns: map[string]string{"leads." + funnel.RoleLeadID: id.Name}},
		cutoffs: "cutoff", leads: "kept", carry: []string{d.Quote(fitY) + " AS y"}}
	if q.touches != nil {
		if n, err := ParseTableName(q.touches.Source); err == nil {
			s.opts.Touches = n
		}
		for _, role := range []string{funnel.RoleLeadID, funnel.RoleOccurredAt} {
			s.opts.Columns["touches."+role] = q.touches.Role(role).Name
		}
		s.opts.Columns["touches."+funnel.RoleActivityType] = q.act.Name
	}
	for k, c := range q.features {
		s.opts.Columns["leads."+cfg.Features[k]] = c.Name
	}
	terms, err := s.terms()
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(q.baseCTE())
	fmt.Fprintf(&b, ",\ncutoff AS (\n  SELECT %s AS lead_id, %s AS cutoff\n  FROM kept AS l\n  WHERE %s IS NOT NULL\n),\n",
		d.Text(q.col(id)), d.Quote(fitCutoff), q.col(id))
	if len(types) > 0 {
		b.WriteString(s.touchCTE())
		b.WriteString(",\n")
	}
	b.WriteString(s.leadCTE(terms))
	xs := make([]string, len(terms))
	for j := range xs {
		xs[j] = fmt.Sprintf("x%d", j+1)
	}
	fmt.Fprintf(&b, "\nSELECT %scount(*) AS leads, sum(y) AS positives\nFROM term\n", strings.Join(append(xs, ""), ", "))
	if len(xs) > 0 {
		fmt.Fprintf(&b, "GROUP BY %s\nORDER BY %s\n", strings.Join(xs, ", "), strings.Join(xs, ", "))
	}
	q.Design = b.String()
	return nil
}

// Fit runs q's queries and returns the grouped features for
// scoring.FitGroups: the as-of time (asOf; 0 for the default, the second
// after the latest time in the tables), the leads' bookkeeping, the
// encodings learnt from the level counts (scoring.EncodingOfLevels), the
// touches' bookkeeping and activity types, and the groups.
func (db *DB) Fit(ctx context.Context, q *FitQuery, asOf int64) (*scoring.FeatureGroups, error) {
	if asOf == 0 {
		var latest *int64
		if err := db.conn.QueryRow(ctx, q.Latest).Scan(&latest); err != nil {
			return nil, db.failed(ctx, q.leads.Source, "the latest times query of fit on "+q.leads.Source, err)
		}
		asOf = funnel.NoTime
		if latest != nil {
			asOf = *latest + 1
		}
	}
	if q.timed() && asOf == funnel.NoTime {
		return nil, fmt.Errorf("scoring: no timestamp in the inputs to take as the as-of date; give --as-of")
	}
	q.asOfArg = asOf
	if asOf == funnel.NoTime {
		q.asOfArg = nil
	}
	g := &scoring.FeatureGroups{Leads: q.leads.Source, AsOf: asOf, Timed: q.timed(), TouchesGiven: q.touches != nil}
	if err := db.fitLeads(ctx, q, g); err != nil {
		return nil, err
	}
	encodings, err := db.fitLevels(ctx, q)
	if err != nil {
		return nil, err
	}
	types, err := db.fitTouches(ctx, q, g)
	if err != nil {
		return nil, err
	}
	g.ActivityTypes, g.Encodings = types, encodings
	if err := q.WithTerms(types, encodings); err != nil {
		return nil, err
	}
	return g, db.fitGroups(ctx, q, g)
}

// fitLeads runs the Leads query into g, and returns the errors of the
// target and the lead ids that scoring's targets and touch counting
// give on a file.
func (db *DB) fitLeads(ctx context.Context, q *FitQuery, g *scoring.FeatureGroups) error {
	var rows, missingTarget, missingFeature, after, late, values int64
	var bad *float64
	var dup *string
	if err := db.conn.QueryRow(ctx, q.Leads, q.asOfArg).Scan(&rows, &missingTarget, &missingFeature, &after, &late, &bad, &values, &dup); err != nil {
		return db.failed(ctx, q.leads.Source, "the leads' checks query of fit on "+q.leads.Source, err)
	}
	switch {
	case q.target == nil && values == 0:
		return db.noStageRows(ctx, q)
	case bad != nil:
		return fmt.Errorf("scoring: %s, column %q: target value %v is not 0 or 1", q.leads.Source, q.target.Name, *bad)
	case q.target != nil && q.target.Kind == funnel.KindText && values == 0:
		return fmt.Errorf("scoring: target column %q of %s has no value in any row", q.target.Name, q.leads.Source)
	case dup != nil:
		return fmt.Errorf("scoring: lead_id %q appears twice (or more) in %s", *dup, q.leads.Source)
	}
	g.LeadRows, g.MissingTarget, g.MissingFeature, g.AfterAsOf, g.Late = int(rows), int(missingTarget), int(missingFeature), int(after), int(late)
	return nil
}

// noStageRows is the error of a target stage that no row of the stage
// history names, listing the stage names it has (at most 50, in name
// order; a file lists the first 50 it meets, sorted).
func (db *DB) noStageRows(ctx context.Context, q *FitQuery) error {
	d, st := q.d, q.stages
	name := d.Text(d.Quote(st.Role(funnel.RoleStage).Name))
	sql := fmt.Sprintf("SELECT DISTINCT coalesce(%s, '') AS stage FROM %s ORDER BY 1 LIMIT 50", name, tableSQL(d, st))
	rows, err := db.conn.Query(ctx, sql)
	if err != nil {
		return db.failed(ctx, st.Source, "the stage names query of fit on "+st.Source, err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return db.failed(ctx, st.Source, "the stage names query of fit on "+st.Source, err)
	}
	return fmt.Errorf("scoring: no lead of %s reached stage %q (stages seen: %s)", st.Source, q.cfg.TargetStage, strings.Join(names, ", "))
}

// fitLevels runs the Levels query and learns each feature's encoding.
func (db *DB) fitLevels(ctx context.Context, q *FitQuery) ([]scoring.Encoding, error) {
	counts := make([]map[string]int, len(q.features))
	for k := range counts {
		counts[k] = map[string]int{}
	}
	rows, err := db.conn.Query(ctx, q.Levels, q.asOfArg)
	if err != nil {
		return nil, db.failed(ctx, q.leads.Source, "the levels' counts query of fit on "+q.leads.Source, err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, n int64
		var level *string
		if err := rows.Scan(&k, &level, &n); err != nil {
			return nil, db.failed(ctx, q.leads.Source, "the levels' counts query of fit on "+q.leads.Source, err)
		}
		l := scoring.MissingLevel
		if level != nil {
			l = *level
		}
		counts[k-1][l] += int(n)
	}
	if err := rows.Err(); err != nil {
		return nil, db.failed(ctx, q.leads.Source, "the levels' counts query of fit on "+q.leads.Source, err)
	}
	out := make([]scoring.Encoding, len(q.features))
	for k, c := range q.features {
		out[k] = scoring.EncodingOfLevels(q.cfg.Features[k], c.Kind == funnel.KindNumber, counts[k], q.cfg)
	}
	return out, nil
}

// fitTouches runs the Touches query into g's bookkeeping and returns the
// activity types with a touch used, in name order (as scoring sorts
// them), with their largest decayed counts (g.TopDecayed).
func (db *DB) fitTouches(ctx context.Context, q *FitQuery, g *scoring.FeatureGroups) ([]string, error) {
	if q.touches == nil {
		return nil, nil
	}
	rows, err := db.conn.Query(ctx, q.Touches, q.asOfArg)
	if err != nil {
		return nil, db.failed(ctx, q.touches.Source, "the touches' counts query of fit on "+q.touches.Source, err)
	}
	defer rows.Close()
	top := map[string]float64{}
	var types []string
	for rows.Next() {
		var fate string
		var typ *string
		var n int64
		var decayed *float64
		if err := rows.Scan(&fate, &typ, &n, &decayed); err != nil {
			return nil, db.failed(ctx, q.touches.Source, "the touches' counts query of fit on "+q.touches.Source, err)
		}
		switch fate {
		case "unmatched":
			g.TouchesUnmatched += int(n)
		case "incomplete":
			g.TouchesIncomplete += int(n)
		case "after_cutoff":
			g.TouchesAfterCutoff += int(n)
		case "before_window":
			g.TouchesBeforeWindow += int(n)
		case "used":
			g.TouchesUsed += int(n)
			types = append(types, *typ)
			if decayed != nil {
				top[*typ] = *decayed
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, db.failed(ctx, q.touches.Source, "the touches' counts query of fit on "+q.touches.Source, err)
	}
	slices.Sort(types)
	if q.cfg.HalfLife > 0 {
		g.TopDecayed = make([]float64, len(types))
		for t, name := range types {
			g.TopDecayed[t] = top[name]
		}
	}
	return types, nil
}

// fitGroups runs the Design query into g's groups.
func (db *DB) fitGroups(ctx context.Context, q *FitQuery, g *scoring.FeatureGroups) error {
	rows, err := db.conn.Query(ctx, q.Design, q.asOfArg)
	if err != nil {
		return db.failed(ctx, q.leads.Source, "the design rows query of fit on "+q.leads.Source, err)
	}
	defer rows.Close()
	p := len(rows.FieldDescriptions()) - 2
	x := make([]float64, p)
	var m, s int64
	dest := make([]any, 0, p+2)
	for j := range x {
		dest = append(dest, &x[j])
	}
	dest = append(dest, &m, &s)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return db.failed(ctx, q.leads.Source, "the design rows query of fit on "+q.leads.Source, err)
		}
		g.X = append(g.X, x...)
		g.Count, g.Positives = append(g.Count, int(m)), append(g.Positives, int(s))
	}
	if err := rows.Err(); err != nil {
		return db.failed(ctx, q.leads.Source, "the design rows query of fit on "+q.leads.Source, err)
	}
	return nil
}
