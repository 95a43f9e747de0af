package warehouse

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/scoring"
)

// ScoreOptions tells ScoreSQL where the leads and touches are and as of
// when to score.
type ScoreOptions struct {
	// View is the view created (default lead_score); Leads and Touches the
	// tables (defaults leads and touches: placeholders to rename).
	View, Leads, Touches TableName
	// Columns are ingest's --col overrides ("role" or "kind.role" ->
	// column): the leads' lead_id and created_at, the touches' lead_id,
	// occurred_at and activity_type. A model's leads columns are named as
	// the model names them.
	Columns map[string]string
	// AsOf (Unix seconds) is the exclusive end of the touches counted,
	// and leads created at or after it are left out; 0 scores as of the
	// time the view is read (CURRENT_TIMESTAMP), and every lead counts.
	AsOf int64
	// Grades overrides the model's grade cuts (three descending scores).
	Grades []float64
}

// ScoreSQL writes `funnel score` as a view in dialect d: per lead of the
// leads table, the model's terms (doc.go: score view), the linear
// predictor, the probability, the points total, the score (the total
// clamped to 0-100), the grade and the MQL flag, as scoring.Score gives
// them. A feature the dialect cannot write is an error naming it.
func ScoreSQL(d Dialect, mf *scoring.ModelFile, opts ScoreOptions) (string, error) {
	if opts.View.Name == "" {
		opts.View = TableName{Name: "lead_score"}
	}
	if opts.Leads.Name == "" {
		opts.Leads = TableName{Name: "leads"}
	}
	if opts.Touches.Name == "" {
		opts.Touches = TableName{Name: "touches"}
	}
	grades := [3]float64{mf.Grades.A, mf.Grades.B, mf.Grades.C}
	if len(opts.Grades) == 3 {
		grades = [3]float64{opts.Grades[0], opts.Grades[1], opts.Grades[2]}
	}
	s := &scoreSQL{d: d, feat: mf.Features, opts: opts}
	terms, err := s.terms()
	if err != nil {
		return "", err
	}
	if len(terms)+1 != len(mf.Terms) {
		return "", fmt.Errorf("the model has %d terms but its features define %d", len(mf.Terms), len(terms)+1)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "-- funnel score: the lead score of a %s model (fingerprint %s) as a view (%s)\n", scoring.ModelSchema, mf.Fingerprint, d.Name())
	fmt.Fprintf(&b, "-- leads: %s; touches: %s; as of: %s\n", opts.Leads, opts.Touches, s.asOfText())
	for j, t := range mf.Terms {
		fmt.Fprintf(&b, "-- x%d = %s: estimate %s, points %s\n", j, strconv.Quote(t.Name), num(t.Estimate), num(t.Points))
	}
	fmt.Fprintf(&b, "CREATE VIEW %s AS\nWITH ", opts.View.SQL(d))
	if len(mf.Features.ActivityTypes) > 0 {
		b.WriteString(s.touchCTE())
		b.WriteString(",\n")
	}
	b.WriteString(s.leadCTE(terms))
	b.WriteString(",\n")
	b.WriteString(s.etaCTE(mf))
	fmt.Fprintf(&b, `,
scored AS (
  SELECT lead_id, linear_predictor,
         CASE WHEN linear_predictor >= 0 THEN 1 / (1 + e) ELSE e / (1 + e) END AS probability,
         points
  FROM (SELECT eta.*,
               CASE WHEN abs(linear_predictor) > 745 THEN 0 ELSE exp(-abs(linear_predictor)) END AS e,
               CASE WHEN abs(total) > 1e9 THEN total ELSE sign(total) * floor(abs(total) * 1e9 + 0.5) / 1e9 END AS points
        FROM eta) AS tidy
)
SELECT lead_id, linear_predictor, probability, points, score,
       CASE WHEN score >= %s THEN 'A' WHEN score >= %s THEN 'B' WHEN score >= %s THEN 'C' ELSE 'D' END AS grade,
       score >= %s AS mql
FROM (SELECT scored.*, least(greatest(points, %d), %d) AS score FROM scored) AS clamped;
`, num(grades[0]), num(grades[1]), num(grades[2]), num(mf.Threshold.Score), scoring.ScoreMin, scoring.ScoreMax)
	return b.String(), nil
}

// scoreSQL holds what ScoreSQL's parts share: the touch counts, the
// terms and the lead CTE, which FitSQL shares too (per-lead cutoffs).
type scoreSQL struct {
	d      Dialect
	feat   scoring.ModelFeatures
	opts   ScoreOptions
	levels []string // per categorical column: the level a lead's value resolves to (level_k)
	// fit's: cutoffs names a CTE of (lead_id, cutoff), each lead's cutoff
	// in Unix seconds, which the touches are counted before (joined as
	// k, the touches as t) instead of the as-of time; leads is the FROM
	// item of the leads (default opts.Leads) and carry the columns of l
	// the lead and term CTEs carry along (name AS alias).
	cutoffs string
	leads   string
	carry   []string
}

// scoreTerm is one term's SQL: over the leads and their counts (l, c),
// or, when late, over the resolved levels of the lead CTE (level_k).
type scoreTerm struct {
	expr string
	late bool
}

// col returns the quoted column of role in the input kind: its --col
// name, else the role's name.
func (s *scoreSQL) col(kind funnel.TableKind, role string) string {
	name := role
	if c, ok := s.opts.Columns[kind.String()+"."+role]; ok && c != "" {
		name = c
	} else if c, ok := s.opts.Columns[role]; ok && c != "" {
		name = c
	}
	return s.d.Quote(name)
}

// asOf returns the as-of time in Unix seconds as an SQL expression.
func (s *scoreSQL) asOf() string {
	if s.opts.AsOf == 0 {
		return s.d.EpochSeconds("CURRENT_TIMESTAMP")
	}
	return strconv.FormatInt(s.opts.AsOf, 10)
}

func (s *scoreSQL) asOfText() string {
	if s.opts.AsOf == 0 {
		return "the time the view is read"
	}
	return funnel.FormatTime(s.opts.AsOf, false) + " UTC (exclusive)"
}

// touchCTE counts each lead's touches per activity type of the model,
// strictly before the as-of time, within the window, decayed by the
// half-life: the counts scoring.Score makes.
func (s *scoreSQL) touchCTE() string {
	d, f := s.d, s.feat
	tcol := func(role string) string { return s.col(funnel.Touches, role) }
	cut, from := s.asOf(), s.opts.Touches.SQL(d)
	if s.cutoffs != "" {
		tcol = func(role string) string { return "t." + s.col(funnel.Touches, role) }
		cut = "k.cutoff"
		from += " AS t\n  JOIN " + s.cutoffs + " AS k ON k.lead_id = " + d.Text(tcol(funnel.RoleLeadID))
	}
	at := d.EpochSeconds(tcol(funnel.RoleOccurredAt))
	typ := d.Text(tcol(funnel.RoleActivityType))
	where := []string{at + " < " + cut}
	if w := int64(math.Round(f.WindowDays * funnel.SecondsPerDay)); w > 0 {
		where = append(where, fmt.Sprintf("%s >= %s - %d", at, cut, w))
	}
	names := make([]string, len(f.ActivityTypes))
	for t, a := range f.ActivityTypes {
		names[t] = d.String(a)
	}
	where = append(where, typ+" IN ("+strings.Join(names, ", ")+")")
	weight := "1"
	if h := int64(math.Round(f.HalfLifeDays * funnel.SecondsPerDay)); h > 0 {
		// 2^(-age/h); 0 past the smallest double, as math.Exp2 gives
		age := "(" + cut + " - " + at + ")"
		weight = fmt.Sprintf("CASE WHEN %s > %d THEN 0 ELSE power(2, -%s / %d) END", age, 1074*h, age, h)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `touch AS (
  SELECT %s AS lead_id, %s AS activity_type, %s AS w
  FROM %s
  WHERE %s
),
counts AS (
  SELECT lead_id`, d.Text(tcol(funnel.RoleLeadID)), typ, d.Float(weight), from, strings.Join(where, "\n    AND "))
	for t := range f.ActivityTypes {
		fmt.Fprintf(&b, ",\n         sum(CASE WHEN activity_type = %s THEN w ELSE 0 END) AS n%d", names[t], t+1)
	}
	b.WriteString("\n  FROM touch\n  GROUP BY lead_id\n)")
	return b.String()
}

// terms returns the SQL of each term x1..x(p-1) over the leads (l) and
// their counts (c): the touch terms transformed, then the encodings.
func (s *scoreSQL) terms() ([]scoreTerm, error) {
	f := s.feat
	var out []scoreTerm
	for t := range f.ActivityTypes {
		c := fmt.Sprintf("coalesce(c.n%d, 0)", t+1)
		switch f.Transform {
		case "log1p":
			c = "ln(1 + " + c + ")"
		case "binary":
			c = "CASE WHEN " + c + " > 0 THEN 1 ELSE 0 END"
		}
		out = append(out, scoreTerm{expr: c})
	}
	for _, e := range f.Encodings {
		x, err := s.encoding(e)
		if err != nil {
			return nil, err
		}
		out = append(out, x...)
	}
	return out, nil
}

// encoding returns the terms of one leads column, as Encoding.encode
// writes them: a number (0 when missing) and its missing indicator; or
// the indicators of the levels, a value the model did not see going to
// (other) when it has one, else to the reference; or, for a multi-value
// column, an indicator per level the row holds.
func (s *scoreSQL) encoding(e scoring.Encoding) ([]scoreTerm, error) {
	d := s.d
	col := d.Quote(e.Column)
	if c, ok := s.opts.Columns["leads."+e.Column]; ok && c != "" {
		col = d.Quote(c)
	} else if c, ok := s.opts.Columns[e.Column]; ok && c != "" {
		col = d.Quote(c)
	}
	col = "l." + col
	if e.Kind == "numeric" {
		out := []scoreTerm{{expr: "coalesce(" + d.Float(col) + ", 0)"}}
		if e.Missing {
			out = append(out, scoreTerm{expr: "CASE WHEN " + col + " IS NULL THEN 1 ELSE 0 END"})
		}
		return out, nil
	}
	v := "NULLIF(TRIM(" + d.Text(col) + "), '')"
	if e.Split != "" {
		return s.splitTerms(e, col)
	}
	var level strings.Builder
	level.WriteString("CASE WHEN " + v + " IS NULL THEN ")
	if e.Missing {
		level.WriteString(d.String(scoring.MissingLevel))
	} else {
		level.WriteString("NULL")
	}
	if e.Reference != "" {
		level.WriteString(" WHEN " + v + " = " + d.String(e.Reference) + " THEN NULL")
	}
	if len(e.Levels) > 0 {
		level.WriteString(" WHEN " + v + " IN (" + s.list(e.Levels) + ") THEN " + v)
	}
	if contains(e.Levels, scoring.OtherLevel) {
		level.WriteString(" ELSE " + d.String(scoring.OtherLevel) + " END")
	} else {
		level.WriteString(" ELSE NULL END")
	}
	k := len(s.levels) + 1
	s.levels = append(s.levels, level.String())
	out := make([]scoreTerm, len(e.Levels))
	for j, l := range e.Levels {
		out[j] = scoreTerm{expr: fmt.Sprintf("CASE WHEN level_%d = %s THEN 1 ELSE 0 END", k, d.String(l)), late: true}
	}
	return out, nil
}

// splitTerms are the indicators of a multi-value column: level L is 1
// when a value of the row is L; (other) when a non-empty value is no
// level; (missing) when the row has no non-empty value (or holds the value
// "(missing)").
func (s *scoreSQL) splitTerms(e scoring.Encoding, col string) ([]scoreTerm, error) {
	d := s.d
	values := d.SplitValues(d.Text(col), e.Split)
	if values == "" {
		return nil, fmt.Errorf("feature %q: a multi-value column (values split on %q) needs the %s dialect to split text, which it cannot yet", e.Column, e.Split, d.Name())
	}
	exists := func(cond string) string {
		return "CASE WHEN EXISTS (SELECT 1 FROM " + values + " AS vs WHERE " + cond + ") THEN 1 ELSE 0 END"
	}
	var known []string
	for _, l := range e.Levels {
		if l != scoring.OtherLevel {
			known = append(known, l)
		}
	}
	out := make([]scoreTerm, len(e.Levels))
	for j, l := range e.Levels {
		switch l {
		case scoring.OtherLevel:
			cond := "vs.v <> ''"
			if len(known) > 0 {
				cond += " AND vs.v NOT IN (" + s.list(known) + ")"
			}
			out[j].expr = exists(cond)
		case scoring.MissingLevel:
			out[j].expr = "CASE WHEN NOT EXISTS (SELECT 1 FROM " + values + " AS vs WHERE vs.v <> '') OR EXISTS (SELECT 1 FROM " +
				values + " AS vs WHERE vs.v = " + d.String(l) + ") THEN 1 ELSE 0 END"
		default:
			out[j].expr = exists("vs.v = " + d.String(l))
		}
	}
	return out, nil
}

func (s *scoreSQL) list(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = s.d.String(n)
	}
	return strings.Join(q, ", ")
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// leadCTE selects each lead kept (created before the as-of time, when
// one is given) with its terms as double precision numbers, x1..x(p-1):
// lead computes those over the leads and counts and each categorical
// column's resolved level (level_k), term the indicators of the levels.
func (s *scoreSQL) leadCTE(terms []scoreTerm) string {
	d := s.d
	var b strings.Builder
	fmt.Fprintf(&b, "lead AS (\n  SELECT %s AS lead_id", d.Text("l."+s.col(funnel.Leads, funnel.RoleLeadID)))
	for j, t := range terms {
		if !t.late {
			fmt.Fprintf(&b, ",\n         %s AS x%d", d.Float(t.expr), j+1)
		}
	}
	for k, l := range s.levels {
		fmt.Fprintf(&b, ",\n         %s AS level_%d", l, k+1)
	}
	for _, c := range s.carry {
		fmt.Fprintf(&b, ",\n         l.%s", c)
	}
	leads := s.leads
	if leads == "" {
		leads = s.opts.Leads.SQL(d)
	}
	fmt.Fprintf(&b, "\n  FROM %s AS l", leads)
	if len(s.feat.ActivityTypes) > 0 {
		fmt.Fprintf(&b, "\n  LEFT JOIN counts AS c ON c.lead_id = %s", d.Text("l."+s.col(funnel.Leads, funnel.RoleLeadID)))
	}
	if s.opts.AsOf != 0 {
		created := "l." + s.col(funnel.Leads, funnel.RoleCreatedAt)
		fmt.Fprintf(&b, "\n  WHERE %s IS NULL OR %s < %s", created, d.EpochSeconds(created), s.asOf())
	}
	b.WriteString("\n),\nterm AS (\n  SELECT lead_id")
	for j, t := range terms {
		if t.late {
			fmt.Fprintf(&b, ",\n         %s AS x%d", d.Float(t.expr), j+1)
		} else {
			fmt.Fprintf(&b, ", x%d", j+1)
		}
	}
	for _, c := range s.carry {
		_, alias, _ := strings.Cut(c, " AS ")
		fmt.Fprintf(&b, ", %s", alias)
	}
	b.WriteString("\n  FROM lead\n)")
	return b.String()
}

// etaCTE sums, term by term in the model's order as scoring does, the
// linear predictor (estimates) and the points total (points, less the
// offset).
func (s *scoreSQL) etaCTE(mf *scoring.ModelFile) string {
	var eta, total strings.Builder
	eta.WriteString(s.d.Float(num(mf.Terms[0].Estimate)))
	total.WriteString(s.d.Float(num(-mf.Scaling.Offset)))
	for j := 1; j < len(mf.Terms); j++ {
		t := mf.Terms[j]
		fmt.Fprintf(&eta, "\n           + %s * x%d", num(t.Estimate), j)
		fmt.Fprintf(&total, "\n           + %s * x%d", num(t.Points), j)
	}
	return fmt.Sprintf("eta AS (\n  SELECT lead_id,\n         %s AS linear_predictor,\n         %s AS total\n  FROM term\n)", eta.String(), total.String())
}

// num writes v so that it reads back as the same double, negative
// numbers in parentheses.
func num(v float64) string {
	s := strconv.FormatFloat(v, 'g', -1, 64)
	if v < 0 || (v == 0 && math.Signbit(v)) {
		return "(" + s + ")"
	}
	return s
}
