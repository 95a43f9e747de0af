package warehouse

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/market"
	"github.com/funnel-analytics/funnel/velocity"
)

// SizeInput is size's tables in a database, bound by Bind: the base
// (accounts, else the leads), and the leads, the stages (a long table)
// and the opportunities when named (nil when not). Ordered says a table
// has a physical row order (Catalog.Base): the first of rows sharing an
// id is the first in it, as in a file.
type SizeInput struct {
	Base, Leads, Stages, Opportunities  *funnel.Table
	BaseOrdered, LeadsOrdered           bool
	StagesOrdered, OpportunitiesOrdered bool
}

// SizeQuery is size's push-down (doc.go, Size tally): the values
// queries of the filter's text clauses, the stages' summary (velocity's),
// and the tally query, with the parameters each needs.
type SizeQuery struct {
	// Values are the distinct values of each text clause's column, one
	// query per clause (Clauses[i]); the tally query takes those that
	// match as a parameter.
	Values  []string
	Clauses []market.Clause
	// Stages is the summary of the stages table (nil without one).
	Stages *VelocityQuery
	// Tally is the counts query: a row per segment values and furthest
	// stage, then the totals row.
	Tally string
	// Opportunities is the query streaming the opportunities' columns
	// the outcomes and the link need ("" without them).
	Opportunities string

	base, by    []string // the base table's name; the By columns' names
	kinds       []funnel.Kind
	dateOnly    []bool
	baseKind    funnel.TableKind
	unitsColumn string
	leadsNoAcc  bool // a leads table without account_id: leads not counted
	leadsSource string
	hasLeads    bool
	oppTable    *funnel.Table
	oppKeep     []string // the columns of oppTable the Opportunities query reads
	params      sizeParams
	idColumn    [2]string // the base's and the leads' id columns
}

// sizeParams are the tally query's parameter numbers (0: not used).
type sizeParams struct {
	names, codes, ladder       int // the stage names, their codes, the ladder's length
	oppAcc, oppLead, won, lost int // closed opportunities by account and lead id
	values                     []int
}

// SizeSQL writes size's queries over in in dialect d under opts (By,
// Filter, UnitsColumn, UseLeads aside: in.Base is the base). Rules it
// cannot push down are errors naming them: multi-value segments
// (SplitValues with By).
func SizeSQL(d Dialect, in SizeInput, opts market.Options) (*SizeQuery, error) {
	t := in.Base
	if opts.SplitValues != "" && len(opts.By) > 0 {
		return nil, fmt.Errorf("--split-values with --by is not pushed down to a database yet (a target in several segments)")
	}
	f, err := market.ParseFilter(opts.Filter)
	if err != nil {
		return nil, err
	}
	if _, err := f.Compile(t); err != nil { // the file path's checks and errors: columns, kinds, values
		return nil, err
	}
	q := &SizeQuery{base: []string{t.Source}, baseKind: t.Kind}
	b := &sizeBuilder{d: d, q: q}
	where, err := b.filter(t, f)
	if err != nil {
		return nil, err
	}
	segs, err := b.segments(t, opts.By)
	if err != nil {
		return nil, err
	}
	units := "CAST(NULL AS double precision)"
	if opts.UnitsColumn != "" {
		c := t.Named(opts.UnitsColumn)
		if c == nil {
			return nil, fmt.Errorf("%w: %s has no units column %q (columns: %s)", market.ErrBadInput, t.Source, opts.UnitsColumn, t.Headers())
		}
		if c.Kind != funnel.KindNumber {
			return nil, fmt.Errorf("%w: %s: units column %q holds %s values, want numbers", market.ErrBadInput, t.Source, c.Name, c.Kind)
		}
		units, q.unitsColumn = d.Float(d.Quote(c.Name)), c.Name
	}
	var s strings.Builder
	idRole := funnel.RoleAccountID
	if t.Kind == funnel.Leads {
		idRole = funnel.RoleLeadID
	}
	fmt.Fprintf(&s, "WITH base AS (\n  SELECT row_number() OVER (ORDER BY %s) AS b, %s AS id, coalesce(%s, FALSE) AS target,%s\n         %s AS units\n  FROM %s\n),\n",
		b.order(in.BaseOrdered), b.text(t, idRole), where, segs, units, tableSQL(d, t))
	s.WriteString("first_row AS (\n  SELECT id, min(b) AS b FROM base WHERE id IS NOT NULL GROUP BY id\n),\n")
	s.WriteString("base_dup AS (\n  SELECT id FROM base WHERE id IS NOT NULL GROUP BY id HAVING count(*) > 1\n),\n")
	if c := t.Role(idRole); c != nil {
		q.idColumn[0] = c.Name
	}
	b.leads(&s, in)
	if err := b.stages(&s, in); err != nil {
		return nil, err
	}
	if err := b.opportunities(&s, in); err != nil {
		return nil, err
	}
	b.final(&s, len(opts.By))
	q.Tally = s.String()
	return q, nil
}

// sizeBuilder writes the tally query's parts.
type sizeBuilder struct {
	d Dialect
	q *SizeQuery
	n int // parameters so far
}

func (b *sizeBuilder) param(sqlType string) (int, string) {
	b.n++
	return b.n, b.d.Param(b.n, sqlType)
}

// order is the row order of a table: physical when ordered, else none.
func (b *sizeBuilder) order(ordered bool) string {
	if r := b.d.RowOrder(); ordered && r != "" {
		return r
	}
	return "(SELECT NULL)"
}

// text is the role's column of t as text, a blank text as NULL (a file's
// blank cell); NULL when t has no such column.
func (b *sizeBuilder) text(t *funnel.Table, role string) string {
	c := t.Role(role)
	if c == nil {
		return "CAST(NULL AS text)"
	}
	return "nullif(" + b.d.Text(b.d.Quote(c.Name)) + ", '')"
}

// filter is the filter's condition (NULL where a value is missing, which
// the caller reads as false): a text clause's values that match come as
// a parameter (Values' query, MatchText).
func (b *sizeBuilder) filter(t *funnel.Table, f *market.Filter) (string, error) {
	if f == nil {
		return "TRUE", nil
	}
	var conds []string
	sqlOp := map[string]string{">=": ">=", "<=": "<=", ">": ">", "<": "<", "=": "=", "!=": "<>"}
	for _, c := range f.Clauses {
		col := t.Named(c.Column)
		q := b.d.Quote(col.Name)
		switch col.Kind {
		case funnel.KindNumber:
			v, _ := strconv.ParseFloat(c.Value, 64)
			conds = append(conds, fmt.Sprintf("%s %s %s", b.d.Float(q), sqlOp[c.Op], b.d.Float(strconv.FormatFloat(v, 'g', -1, 64))))
		case funnel.KindTime:
			v, _ := market.FilterTime(c.Value)
			conds = append(conds, fmt.Sprintf("%s %s %d", seconds(b.d, q), sqlOp[c.Op], v))
		case funnel.KindBool:
			v := map[string]string{"1": "TRUE", "true": "TRUE", "yes": "TRUE", "y": "TRUE"}[strings.ToLower(c.Value)]
			if v == "" {
				v = "FALSE"
			}
			conds = append(conds, fmt.Sprintf("%s %s %s", q, sqlOp[c.Op], v))
		default:
			text := "nullif(" + b.d.Text(q) + ", '')"
			n, p := b.param("text[]")
			b.q.params.values = append(b.q.params.values, n)
			b.q.Clauses = append(b.q.Clauses, c)
			b.q.Values = append(b.q.Values, fmt.Sprintf("SELECT DISTINCT %s AS v FROM %s WHERE %s IS NOT NULL ORDER BY v\n", text, tableSQL(b.d, t), text))
			cond := fmt.Sprintf("%s = ANY(%s)", text, p)
			if c.Op == "!=" {
				cond = fmt.Sprintf("(%s IS NOT NULL AND NOT %s)", text, cond)
			}
			conds = append(conds, cond)
		}
	}
	return "(" + strings.Join(conds, " AND ") + ")", nil
}

// seconds is a time expression's whole Unix seconds.
func seconds(d Dialect, ts string) string {
	return "CAST(floor(" + d.EpochSeconds(ts) + ") AS bigint)"
}

// segments is the select list of the By columns (seg_1, ...): text (a
// blank as NULL), a number as double precision, a boolean, a time as
// Unix seconds; Size writes them as text (funnel.Table.Text).
func (b *sizeBuilder) segments(t *funnel.Table, by []string) (string, error) {
	var s strings.Builder
	for i, name := range by {
		c := t.Named(name)
		if c == nil {
			return "", fmt.Errorf("%w: %s has no column %q to segment by (columns: %s)", market.ErrBadInput, t.Source, name, t.Headers())
		}
		q := b.d.Quote(c.Name)
		expr := "nullif(" + b.d.Text(q) + ", '')"
		switch c.Kind {
		case funnel.KindNumber:
			expr = b.d.Float(q)
		case funnel.KindBool:
			expr = q
		case funnel.KindTime:
			expr = seconds(b.d, q)
		}
		b.q.by = append(b.q.by, c.Name)
		b.q.kinds = append(b.q.kinds, c.Kind)
		b.q.dateOnly = append(b.q.dateOnly, c.DateOnly)
		fmt.Fprintf(&s, " %s AS seg_%d,", expr, i+1)
	}
	return s.String(), nil
}

// leads writes lead_link (a lead id's base row: with base leads the
// first row of the id; with base accounts the account of the first of
// the lead's rows whose account is a base account) and lead_count (the
// leads rows of each base account).
func (b *sizeBuilder) leads(s *strings.Builder, in SizeInput) {
	switch {
	case in.Base.Kind == funnel.Leads:
		b.q.hasLeads = true
		s.WriteString("lead_link AS (\n  SELECT id AS lead, b FROM first_row\n),\nlead_count AS (\n  SELECT b, 1 AS n FROM base\n),\n")
		s.WriteString("lead_dup AS (\n  SELECT CAST(NULL AS text) AS id WHERE 1 = 0\n),\n")
		return
	case in.Leads == nil:
		s.WriteString("lead_link AS (\n  SELECT CAST(NULL AS text) AS lead, CAST(NULL AS bigint) AS b WHERE 1 = 0\n),\nlead_count AS (\n  SELECT CAST(NULL AS bigint) AS b, 0 AS n WHERE 1 = 0\n),\n")
		s.WriteString("lead_dup AS (\n  SELECT CAST(NULL AS text) AS id WHERE 1 = 0\n),\n")
		return
	}
	b.q.hasLeads = true
	b.q.leadsNoAcc, b.q.leadsSource = in.Leads.Role(funnel.RoleAccountID) == nil, in.Leads.Source
	if c := in.Leads.Role(funnel.RoleLeadID); c != nil {
		b.q.idColumn[1] = c.Name
	}
	fmt.Fprintf(s, `lead_row AS (
  SELECT row_number() OVER (ORDER BY %s) AS r, %s AS lead, %s AS acc
  FROM %s
),
lead_link AS (
  SELECT lead, b FROM (
    SELECT lead_row.lead, first_row.b, row_number() OVER (PARTITION BY lead_row.lead ORDER BY lead_row.r) AS k
    FROM lead_row JOIN first_row ON first_row.id = lead_row.acc
    WHERE lead_row.lead IS NOT NULL
  ) AS linked
  WHERE k = 1
),
lead_count AS (
  SELECT first_row.b, count(*) AS n FROM lead_row JOIN first_row ON first_row.id = lead_row.acc GROUP BY first_row.b
),
lead_dup AS (
  SELECT lead AS id FROM lead_row WHERE lead IS NOT NULL GROUP BY lead HAVING count(*) > 1
),
`, b.order(in.LeadsOrdered), b.text(in.Leads, funnel.RoleLeadID), b.text(in.Leads, funnel.RoleAccountID), tableSQL(b.d, in.Leads))
}

// link is the base row of an id that may be an account's (base
// accounts only) or a lead's, joined as alias.
func (b *sizeBuilder) link(in SizeInput, acc, lead string) string {
	if in.Base.Kind == funnel.Leads {
		return fmt.Sprintf("LEFT JOIN lead_link ON lead_link.lead = %s", lead)
	}
	return fmt.Sprintf("LEFT JOIN first_row ON first_row.id = %s LEFT JOIN lead_link ON lead_link.lead = %s", acc, lead)
}

func (b *sizeBuilder) linked(in SizeInput) string {
	if in.Base.Kind == funnel.Leads {
		return "lead_link.b"
	}
	return "coalesce(first_row.b, lead_link.b)"
}

// stages writes reach (each entity's furthest stage: the largest code
// below the ladder's length, -1 with lost stages only), reach_link (its
// base row, NULL when none) and reached (each base row's furthest).
func (b *sizeBuilder) stages(s *strings.Builder, in SizeInput) error {
	if in.Stages == nil {
		s.WriteString("reach_link AS (\n  SELECT CAST(NULL AS bigint) AS b, -1 AS top WHERE 1 = 0\n),\n")
		s.WriteString("reached AS (\n  SELECT CAST(NULL AS bigint) AS b, -1 AS top WHERE 1 = 0\n),\n")
		return nil
	}
	vq, err := VelocitySQL(b.d, in.Stages, in.StagesOrdered)
	if err != nil {
		return err
	}
	b.q.Stages = vq
	st := in.Stages
	stg, at := st.Role(funnel.RoleStage), st.Role(funnel.RoleEnteredAt)
	var names, codes, ladder string
	b.q.params.names, names = b.param("text[]")
	b.q.params.codes, codes = b.param("integer[]")
	b.q.params.ladder, ladder = b.param("integer")
	fmt.Fprintf(s, `code AS (
  SELECT name, code FROM %s AS c(name, code)
),
entry AS (
  SELECT %s AS entity, code.code
  FROM %s
  JOIN code ON code.name = %s
  WHERE %s IS NOT NULL AND %s IS NOT NULL AND code.code >= 0
),
reach AS (
  SELECT entity, max(CASE WHEN code < %s THEN code ELSE -1 END) AS top FROM entry GROUP BY entity
),
reach_link AS (
  SELECT %s AS b, reach.top FROM reach %s
),
reached AS (
  SELECT b, max(top) AS top FROM reach_link WHERE b IS NOT NULL GROUP BY b
),
`, b.d.ArrayRows(names, codes), b.text(st, funnel.RoleEntityID), tableSQL(b.d, st), b.d.Text(b.d.Quote(stg.Name)),
		b.text(st, funnel.RoleEntityID), b.d.Quote(at.Name), ladder, b.linked(in), b.link(in, "reach.entity", "reach.entity"))
	return nil
}

// opportunityRoles are the opportunities' columns streamed: what
// funnel.OpportunityOutcomes reads, and the ids that link them.
var opportunityRoles = []string{funnel.RoleOpportunityID, funnel.RoleStatus, funnel.RoleStatusReason, funnel.RoleClosed, funnel.RoleWon, funnel.RoleStage,
	funnel.RoleClosedAt, funnel.RoleCreatedAt, funnel.RoleAccountID, funnel.RoleLeadID}

// opportunities writes closed (each base row's closed opportunities won
// and lost, from the parameters: the outcomes are decided on the
// streamed columns) and opp_link (the base row of each closed count,
// NULL when none).
func (b *sizeBuilder) opportunities(s *strings.Builder, in SizeInput) error {
	if in.Opportunities == nil {
		s.WriteString("opp_link AS (\n  SELECT CAST(NULL AS bigint) AS b, CAST(0 AS bigint) AS won, CAST(0 AS bigint) AS lost WHERE 1 = 0\n),\n")
		s.WriteString("closed AS (\n  SELECT CAST(NULL AS bigint) AS b, CAST(0 AS bigint) AS won, CAST(0 AS bigint) AS lost WHERE 1 = 0\n),\n")
		return nil
	}
	o := in.Opportunities
	if o.Role(funnel.RoleAccountID) == nil && o.Role(funnel.RoleLeadID) == nil {
		return fmt.Errorf("%w: %s: win rates per segment need the opportunities' account_id or lead_id (columns: %s)", market.ErrBadInput, o.Source, o.Headers())
	}
	b.q.oppKeep, b.q.oppTable = roleColumns(o, opportunityRoles), o
	b.q.Opportunities = RecordsSQL(b.d, o, in.OpportunitiesOrdered, b.q.oppKeep)
	var acc, lead, won, lost string
	b.q.params.oppAcc, acc = b.param("text[]")
	b.q.params.oppLead, lead = b.param("text[]")
	b.q.params.won, won = b.param("bigint[]")
	b.q.params.lost, lost = b.param("bigint[]")
	fmt.Fprintf(s, `opp AS (
  SELECT acc, lead, won, lost FROM %s AS o(acc, lead, won, lost)
),
opp_link AS (
  SELECT %s AS b, opp.won, opp.lost FROM opp %s
),
closed AS (
  SELECT b, sum(won) AS won, sum(lost) AS lost FROM opp_link WHERE b IS NOT NULL GROUP BY b
),
`, b.d.ArrayRows(acc, lead, won, lost), b.linked(in), b.link(in, "opp.acc", "opp.lead"))
	return nil
}

// final writes the tally: per segment values and furthest stage the
// targets, their units (and those without), their leads and closed
// opportunities; then the totals row (total = 1): the base rows in
// accounts, the stage entities and closed opportunities that match no
// base row in leads and won, the targets with negative units in
// no_units, and the ids on more than one row of the base and of the
// leads (how many, and the first) in the last four columns.
func (b *sizeBuilder) final(s *strings.Builder, by int) {
	var segs, nulls []string
	for i := 1; i <= by; i++ {
		segs = append(segs, fmt.Sprintf("seg_%d", i))
		nulls = append(nulls, fmt.Sprintf("NULL AS seg_%d", i))
	}
	segList, groupList, nullList := "", "", ""
	if by > 0 {
		segList, groupList, nullList = strings.Join(segs, ", ")+", ", strings.Join(segs, ", ")+", ", strings.Join(nulls, ", ")+", "
	}
	fmt.Fprintf(s, `per_row AS (
  SELECT base.*, coalesce(reached.top, -1) AS top, coalesce(lead_count.n, 0) AS leads,
         coalesce(closed.won, 0) AS won, coalesce(closed.lost, 0) AS lost
  FROM base
  LEFT JOIN reached ON reached.b = base.b
  LEFT JOIN lead_count ON lead_count.b = base.b
  LEFT JOIN closed ON closed.b = base.b
)
SELECT 0 AS total, %[1]stop, count(*) AS accounts, sum(units) AS units,
       sum(CASE WHEN units IS NULL THEN 1 ELSE 0 END) AS no_units,
       sum(leads) AS leads, sum(won) AS won, sum(lost) AS lost,
       0 AS base_dups, NULL AS base_dup, 0 AS lead_dups, NULL AS lead_dup
FROM per_row
WHERE target
GROUP BY %[2]stop
UNION ALL
SELECT 1, %[3]s-1, (SELECT count(*) FROM base), NULL,
       (SELECT count(*) FROM base WHERE target AND units < 0),
       (SELECT count(*) FROM reach_link WHERE b IS NULL),
       (SELECT coalesce(sum(won + lost), 0) FROM opp_link WHERE b IS NULL), 0,
       (SELECT count(*) FROM base_dup), (SELECT min(id) FROM base_dup),
       (SELECT count(*) FROM lead_dup), (SELECT min(id) FROM lead_dup)
ORDER BY 1
`, segList, groupList, nullList)
}

// Size runs q and returns the tally market.FromTally sizes.
func (db *DB) Size(ctx context.Context, q *SizeQuery, opts market.Options) (market.Tally, error) {
	tally := market.Tally{Base: q.base[0], BaseKind: q.baseKind, UnitsColumn: q.unitsColumn, HasLeads: q.hasLeads}
	args := make([]any, q.paramCount())
	for i, c := range q.Clauses {
		matching, err := db.matching(ctx, q.Values[i], c, q.base[0])
		if err != nil {
			return tally, err
		}
		args[q.params.values[i]-1] = matching
	}
	if q.Stages != nil {
		sum, _, err := db.Summary(ctx, q.Stages, math.MaxInt64)
		if err != nil {
			return tally, err
		}
		ladder, codes, warnings, err := velocity.FurthestLadder(sum, opts.Order)
		if err != nil {
			return tally, err
		}
		tally.Stages, tally.Warnings = ladder, append(tally.Warnings, warnings...)
		names := make([]string, len(sum.Names))
		codes32 := make([]int32, len(sum.Names))
		for i, n := range sum.Names {
			names[i], codes32[i] = n.Name, int32(codes[i])
		}
		args[q.params.names-1], args[q.params.codes-1], args[q.params.ladder-1] = names, codes32, int32(len(ladder))
	}
	var oppWarnings []string
	if q.Opportunities != "" {
		var err error
		if oppWarnings, err = db.closedOpportunities(ctx, q, opts, args, &tally); err != nil {
			return tally, err
		}
	}
	if err := db.tally(ctx, q, args, opts, &tally, oppWarnings); err != nil {
		return tally, err
	}
	return tally, nil
}

// ValueParam is the tally query's parameter number of Values[i]'s
// matching values.
func (q *SizeQuery) ValueParam(i int) int { return q.params.values[i] }

func (q *SizeQuery) paramCount() int {
	n := max(q.params.names, q.params.codes, q.params.ladder, q.params.oppAcc, q.params.oppLead, q.params.won, q.params.lost)
	for _, v := range q.params.values {
		n = max(n, v)
	}
	return n
}

// matching runs a text clause's values query and returns the values
// that match it (MatchText).
func (db *DB) matching(ctx context.Context, sql string, c market.Clause, table string) ([]string, error) {
	purpose := "the values query of " + table + " column " + strconv.Quote(c.Column)
	rows, err := db.query(ctx, table, purpose, sql)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, db.failed(ctx, table, purpose, err)
		}
		if c.MatchText(v) {
			out = append(out, v)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, db.failed(ctx, table, purpose, err)
	}
	return out, nil
}
