package warehouse

import (
	"context"
	"fmt"
	"math"

	"github.com/funnel-analytics/funnel/attribution"
	"github.com/funnel-analytics/funnel/funnel"
)

// Milestone is the end of one journey of a milestone path query: the
// entity (lead_id or account_id, as text), the milestone's Unix second,
// whether it converts, its value, and its order among the journeys (Seq).
type Milestone struct {
	Entity    string
	At        int64
	Converted bool
	Value     float64
	Seq       int64
}

// MilestoneEnds are the parameters of a milestone path query: the ends
// (one journey each: the entity's touches at or before At), the entities
// claimed (no null journey of their touches: those with an opportunity,
// those that reached the stage), and the order of the null journeys of
// the other entities among the ends (NullSeq; ties by the entity's first
// touch row).
type MilestoneEnds struct {
	Ends    []Milestone
	Claimed []string
	NullSeq int64
}

// OpportunityEnds are the milestone ends of the opportunities' journeys
// (attribution.ReadOpportunityEnds): one per won or lost opportunity in row
// order, the entities with an opportunity claimed, the null journeys of
// the others after them all, as FromOpportunities writes them; dict holds
// the opportunities' text.
func OpportunityEnds(o *attribution.OpportunityEnds, dict *funnel.Dict) MilestoneEnds {
	m := MilestoneEnds{Ends: make([]Milestone, len(o.Ends)), Claimed: make([]string, len(o.Claimed)), NullSeq: math.MaxInt64}
	for i, e := range o.Ends {
		m.Ends[i] = Milestone{Entity: dict.String(e.Entity), At: e.At, Converted: e.Won, Value: e.Value, Seq: int64(e.Row)}
	}
	for i, e := range o.Claimed {
		m.Claimed[i] = dict.String(e)
	}
	return m
}

// StageEnds are the milestone ends of the journeys into one stage
// (attribution.FromStages): per entity that reached it (reached: entity
// code of dict -> first time at the stage or above, funnel.NoTime when
// never), a converting journey ending then, claimed; every journey in
// the order of its entity's first touch row.
func StageEnds(reached map[int32]int64, dict *funnel.Dict) MilestoneEnds {
	var m MilestoneEnds
	for e, t := range reached {
		if t != funnel.NoTime {
			name := dict.String(e)
			m.Ends = append(m.Ends, Milestone{Entity: name, At: t, Converted: true})
			m.Claimed = append(m.Claimed, name)
		}
	}
	return m
}

// SetEnds sets the parameters of milestone path query q.
func (q *PathQuery) SetEnds(m MilestoneEnds) {
	n := len(m.Ends)
	ent, at, conv, val, seq := make([]string, n), make([]int64, n), make([]bool, n), make([]float64, n), make([]int64, n)
	for i, e := range m.Ends {
		ent[i], at[i], conv[i], val[i], seq[i] = e.Entity, e.At, e.Converted, e.Value, e.Seq
	}
	claimed := m.Claimed
	if claimed == nil {
		claimed = []string{}
	}
	q.args = []any{ent, at, conv, val, seq, claimed, m.NullSeq}
}

// MilestoneCounts are the touches a milestone path query left out, for
// the warnings the files' readers give (attribution's
// OpportunityEnds.Finish, FinishStages).
type MilestoneCounts struct {
	NoCredited int    // touches with an entity and without a credited value
	Unmapped   int    // touches without an account (account level)
	ByColumn   string // the credited column's name
}

// MilestonePaths runs milestone path query q (its ends set by SetEnds)
// and adds its channels and paths to j, and time_decay's credit when q
// asks for it (WithDecay). A touch without a time, or
// without a lead at lead level, is an error naming the table and column.
func (db *DB) MilestonePaths(ctx context.Context, q *PathQuery, j *attribution.Journeys) (MilestoneCounts, error) {
	if !q.milestones || q.args == nil {
		return MilestoneCounts{}, fmt.Errorf("%s: a milestone path query needs its ends (SetEnds)", q.table)
	}
	total, err := db.readPaths(ctx, q, j)
	if err != nil {
		return MilestoneCounts{}, err
	}
	if total.noTime > 0 {
		return MilestoneCounts{}, fmt.Errorf("%s: column %q: %d rows without a time: %w", q.table, q.at, total.noTime, attribution.ErrBadInput)
	}
	c := MilestoneCounts{NoCredited: int(total.noCredited), ByColumn: q.byColumn}
	if q.account {
		c.Unmapped = int(total.noEntity)
	} else if total.noEntity > 0 {
		return MilestoneCounts{}, fmt.Errorf("%s: column %q: %d rows without a lead_id: %w", q.table, q.entity, total.noEntity, attribution.ErrBadInput)
	}
	return c, db.readDecay(ctx, q, j)
}

// milestoneQuery is PathSQL with opts.Milestones: the touches of t (bound;
// base: a physical row order) cut at milestone ends, per lead or per
// account.
func milestoneQuery(d Dialect, t *funnel.Table, base bool, opts PathOptions) (*PathQuery, error) {
	at := t.Role(funnel.RoleOccurredAt)
	lead, acc := t.Role(funnel.RoleLeadID), t.Role(funnel.RoleAccountID)
	if at == nil {
		return nil, fmt.Errorf("%s: touches need an occurred_at column (columns: %s)", t.Source, t.Headers())
	}
	by, byName, err := byColumn(t, opts)
	if err != nil {
		return nil, err
	}
	var entity, leadAccount, join, entityName string
	switch {
	case !opts.Account:
		if lead == nil {
			return nil, fmt.Errorf("lead-level journeys need lead_id in %s", t.Source)
		}
		entity, entityName = d.Text("t."+d.Quote(lead.Name)), lead.Name
	default:
		var parts []string
		if acc != nil {
			parts = append(parts, d.Text("t."+d.Quote(acc.Name)))
			entityName = acc.Name
		}
		if opts.Leads != nil && lead != nil {
			la, err := leadAccountSQL(d, opts.Leads, opts.LeadsBase)
			if err != nil {
				return nil, err
			}
			leadAccount = la
			join = "\n  LEFT JOIN lead_account AS la ON la.lead = " + d.Text("t."+d.Quote(lead.Name))
			parts = append(parts, "la.account")
		}
		if len(parts) == 0 {
			return nil, fmt.Errorf("account-level journeys need account_id in %s, or leads that map lead_id to account_id", t.Source)
		}
		entity = parts[0]
		if len(parts) == 2 {
			entity = "coalesce(" + parts[0] + ", " + parts[1] + ")"
		}
	}
	q := &PathQuery{By: byName, Lookback: opts.Lookback, table: t.Source, entity: entityName, at: at.Name,
		milestones: true, account: opts.Account, byColumn: by.Name}
	ctes := milestoneSQL(d, leadAccount, entity, seconds(d, "t."+d.Quote(at.Name)),
		d.Text("t."+d.Quote(by.Name)), rowOrder(d, base, "t"), tableSQL(d, t)+" AS t"+join, opts.Lookback)
	q.SQL, q.ctes = ctes+pathTail(d), ctes
	q.decayFrom = ctes + milestoneDecayTouch(opts.Lookback)
	return q, nil
}

// leadAccountSQL is the CTE mapping each lead_id of the leads table l to
// its account_id: the last row (physical order) holding both, as
// attribution's leadAccounts reads a file.
func leadAccountSQL(d Dialect, l *funnel.Table, base bool) (string, error) {
	id, acc := l.Role(funnel.RoleLeadID), l.Role(funnel.RoleAccountID)
	if id == nil || acc == nil {
		return "", fmt.Errorf("%s: leads map contacts to accounts by lead_id and account_id columns (columns: %s)", l.Source, l.Headers())
	}
	lead, account := d.Text("l."+d.Quote(id.Name)), d.Text("l."+d.Quote(acc.Name))
	return fmt.Sprintf(`lead_account AS (
  SELECT lead, account
  FROM (SELECT %[1]s AS lead, %[2]s AS account,
               row_number() OVER (PARTITION BY %[1]s ORDER BY %[3]s DESC) AS k
        FROM %[4]s AS l
        WHERE %[1]s IS NOT NULL AND %[2]s IS NOT NULL) AS mapped
  WHERE k = 1
),
`, lead, account, rowOrder(d, base, "l"), tableSQL(d, l)), nil
}

// milestoneKept is the condition on a touch of a milestone journey (the
// CTE reached: at and end_at in seconds, credited) to be in its path.
func milestoneKept(lookback int64) string {
	kept := "credited IS NOT NULL"
	if lookback > 0 {
		kept += fmt.Sprintf(" AND at >= end_at - %d", lookback)
	}
	return kept
}

// milestoneSQL is the milestone path query's text up to its tail
// (pathTail): the CTEs of the touches, the ends and the journeys; doc.go
// defines the journeys it cuts. The parameters are SetEnds'.
func milestoneSQL(d Dialect, leadAccount, entity, at, credited, rowOrder, from string, lookback int64) string {
	kept := milestoneKept(lookback)
	zero := d.Float("0")
	return fmt.Sprintf(`WITH %stouch AS (
  SELECT %s AS entity, %s AS at, %s AS credited, %s AS row_order
  FROM %s
),
ranked AS (
  SELECT touch.*, %s AS entity_first
  FROM touch
  WHERE entity IS NOT NULL AND at IS NOT NULL
),
ending AS (
  SELECT * FROM %s AS e(entity, end_at, converted, value, seq)
),
claimed AS (
  SELECT DISTINCT entity FROM %s AS c(entity)
),
reached AS (
  SELECT e.entity, e.seq AS key1, r.entity_first AS key2, e.end_at, e.converted, e.value,
         r.at, r.row_order, r.credited
  FROM ending AS e
  LEFT JOIN ranked AS r ON r.entity = e.entity AND r.at <= e.end_at
  UNION ALL
  SELECT r.entity, %s, r.entity_first,
         max(CASE WHEN r.credited IS NOT NULL THEN r.at END) OVER (PARTITION BY r.entity),
         false, %s, r.at, r.row_order, r.credited
  FROM ranked AS r
  WHERE NOT EXISTS (SELECT 1 FROM claimed AS c WHERE c.entity = r.entity)
),
journey AS (
  SELECT entity, key1, key2,
         %s AS path,
         max(CASE WHEN converted THEN 1 ELSE 0 END) AS converted,
         max(value) AS value,
         0 AS no_credited, 0 AS no_flag, 0 AS no_value, 0 AS no_entity, 0 AS no_time
  FROM reached
  GROUP BY entity, key1, key2
  UNION ALL
  SELECT NULL, NULL, NULL, NULL, 0, %s,
         sum(CASE WHEN entity IS NOT NULL AND at IS NOT NULL AND credited IS NULL THEN 1 ELSE 0 END),
         0, 0,
         sum(CASE WHEN entity IS NULL THEN 1 ELSE 0 END),
         sum(CASE WHEN at IS NULL THEN 1 ELSE 0 END)
  FROM touch
),
`, leadAccount, entity, at, credited, rowOrder, from, entityFirst(),
		d.ArrayRows(d.Param(1, "text[]"), d.Param(2, "bigint[]"), d.Param(3, "boolean[]"), d.Param(4, "double precision[]"), d.Param(5, "bigint[]")),
		d.ArrayRows(d.Param(6, "text[]")), d.Param(7, "bigint"), zero,
		d.OrderedConcat(pathName(d), "", "at, row_order, credited", kept), zero)
}
