package warehouse

import (
	"context"
	"fmt"

	"github.com/funnel-analytics/funnel/attribution"
	"github.com/funnel-analytics/funnel/funnel"
)

// B2BTables are the tables of B2B journeys in a database, bound by Bind
// (no rows), each with whether it has a physical row order: the touches,
// the opportunities (the journeys' ends; nil for stage entries) and the
// leads (nil without: they map contacts to accounts).
type B2BTables struct {
	Touches, Opportunities, Leads             *funnel.Table
	TouchesBase, OpportunitiesBase, LeadsBase bool
}

// dataset is the tables as a Dataset of their columns (AsRoles), for
// the rules that go by the columns (attribution.ResolveLevel).
func (s B2BTables) dataset() *funnel.Dataset {
	return &funnel.Dataset{Touches: AsRoles(s.Touches), Opportunities: AsRoles(s.Opportunities), Leads: AsRoles(s.Leads)}
}

// pathOptions are the PathOptions of the milestone journeys at level.
func (s B2BTables) pathOptions(by string, lookback int64, level attribution.Level) PathOptions {
	opts := PathOptions{By: by, Lookback: lookback, Milestones: true, Account: level == attribution.AccountLevel}
	if opts.Account && mapsLeads(AsRoles(s.Leads)) {
		opts.Leads, opts.LeadsBase = s.Leads, s.LeadsBase
	}
	return opts
}

// mapsLeads reports whether leads map lead_id to account_id (both text
// columns), as attribution reads a leads file.
func mapsLeads(l *funnel.Table) bool {
	id, acc := l.Role(funnel.RoleLeadID), l.Role(funnel.RoleAccountID)
	return id != nil && acc != nil && id.Kind == funnel.KindText && acc.Kind == funnel.KindText
}

// B2BPathSQL writes the path query of the journeys that end at the
// opportunities (attribution.FromOpportunities' rules): the level
// resolved from the tables' columns (attribution.ResolveLevel), the
// touches per lead or per account (their account_id, else their lead's
// by the leads), each journey its entity's touches at or before the
// opportunity's milestone time and not before it less the lookback.
func B2BPathSQL(d Dialect, s B2BTables, opts attribution.OpportunityOptions) (*PathQuery, attribution.Level, error) {
	level, _, err := attribution.ResolveLevel(s.dataset(), opts.Level)
	if err != nil {
		return nil, level, err
	}
	q, err := PathSQL(d, s.Touches, s.TouchesBase, s.pathOptions(opts.By, opts.Lookback, level))
	return q, level, err
}

// OpportunityJourneys reads the opportunities' role columns (Load), their
// journey ends by attribution's rules in Go (ReadOpportunityEnds: the
// outcomes, the milestone, the values, at level), runs q (B2BPathSQL)
// with them and returns the journeys FromOpportunities cuts from the same
// rows, with its warnings, and w_shaped's and full_path's credit when q
// asks for it (WithMarkers) and the files would find the markers.
func (db *DB) OpportunityJourneys(ctx context.Context, q *PathQuery, s B2BTables, level attribution.Level, opts attribution.OpportunityOptions) (*attribution.Journeys, error) {
	dict := funnel.NewDict()
	opps, reading, err := db.Load(ctx, s.Opportunities, s.OpportunitiesBase, nil, dict)
	if err != nil {
		return nil, err
	}
	ds := s.dataset()
	ds.Opportunities, ds.Dict = opps, dict
	opts.Level = level
	o, err := attribution.ReadOpportunityEnds(ds, opts)
	if err != nil {
		return nil, err
	}
	q.SetEnds(OpportunityEnds(o, dict))
	j := o.Journeys(q.By, opts.Lookback)
	c, err := db.MilestonePaths(ctx, q, j)
	if err != nil {
		return nil, err
	}
	if q.markerModels && o.Markers() {
		if err := db.readMarkers(ctx, q, s, o, j); err != nil {
			return nil, err
		}
	}
	o.Finish(j, c.ByColumn, c.NoCredited, c.Unmapped)
	j.Warnings = append(reading, j.Warnings...) // what reading said first, as from a file
	return j, nil
}

// StagePathSQL writes the path query of the journeys that end at a
// lifecycle stage (attribution.FromStages' rules) at level (lead or
// account; StageLevel settles AutoLevel): the touches per lead or per
// account, each journey its entity's touches at or before the entry and
// not before it less the lookback; the touches of the entities that never
// reached the stage one null journey each.
func StagePathSQL(d Dialect, s B2BTables, by string, lookback int64, level attribution.Level) (*PathQuery, error) {
	switch level {
	case attribution.LeadLevel:
		if s.Touches.Role(funnel.RoleLeadID) == nil {
			return nil, fmt.Errorf("lead-level stage journeys need lead_id in %s", s.Touches.Source)
		}
	case attribution.AccountLevel:
		if s.Touches.Role(funnel.RoleAccountID) == nil && (s.Touches.Role(funnel.RoleLeadID) == nil || !mapsLeads(AsRoles(s.Leads))) {
			return nil, fmt.Errorf("account-level stage journeys need account_id in %s, or leads that map lead_id to account_id", s.Touches.Source)
		}
	default:
		return nil, fmt.Errorf("stage journeys in a database: settle the level first (StageLevel)")
	}
	return PathSQL(d, s.Touches, s.TouchesBase, s.pathOptions(by, lookback, level))
}

// StageJourneys runs q (StagePathSQL) with the entries into one stage
// (reached: entity code of dict -> first time at the stage or above,
// funnel.NoTime when never; velocity.Reached) and returns the journeys
// FromStages cuts from the same rows, with its warnings.
func (db *DB) StageJourneys(ctx context.Context, q *PathQuery, reached map[int32]int64, dict *funnel.Dict) (*attribution.Journeys, error) {
	q.SetEnds(StageEnds(reached, dict))
	j := attribution.NewStageJourneys(q.By)
	j.Lookback = q.Lookback
	c, err := db.MilestonePaths(ctx, q, j)
	if err != nil {
		return nil, err
	}
	attribution.FinishStages(j, c.ByColumn, c.NoCredited, c.Unmapped)
	return j, nil
}

// StageLevel settles the level of stage journeys as FromStages does: the
// given level, else (AutoLevel) the one whose ids match more of the stage
// records (records: their entities, text) counted in SQL: the touches'
// lead_id, or the accounts (the touches' account_id and their leads'
// accounts by the leads); lead level on a tie.
func (db *DB) StageLevel(ctx context.Context, s B2BTables, level attribution.Level, records []string) (attribution.Level, error) {
	if level != attribution.AutoLevel {
		return level, nil
	}
	d := db.Dialect
	t := s.Touches
	lead, acc := t.Role(funnel.RoleLeadID), t.Role(funnel.RoleAccountID)
	var la string
	var ids, accounts []string
	if lead != nil {
		ids = append(ids, "SELECT "+d.Text("t."+d.Quote(lead.Name))+" FROM "+tableSQL(d, t)+" AS t")
	}
	if acc != nil {
		accounts = append(accounts, "SELECT "+d.Text("t."+d.Quote(acc.Name))+" FROM "+tableSQL(d, t)+" AS t")
	}
	if lead != nil && mapsLeads(AsRoles(s.Leads)) {
		var err error
		if la, err = leadAccountSQL(d, s.Leads, s.LeadsBase); err != nil {
			return level, err
		}
		accounts = append(accounts, "SELECT la.account FROM "+tableSQL(d, t)+" AS t JOIN lead_account AS la ON la.lead = "+d.Text("t."+d.Quote(lead.Name)))
	}
	count := func(sel []string) string {
		if len(sel) == 0 {
			return "0"
		}
		return "(SELECT count(*) FROM rec WHERE entity IN (" + joinUnion(sel) + "))"
	}
	sql := fmt.Sprintf("WITH %srec AS (SELECT DISTINCT entity FROM %s AS r(entity))\nSELECT %s, %s",
		la, d.ArrayRows(d.Param(1, "text[]")), count(ids), count(accounts))
	var nl, na int64
	if err := db.conn.QueryRow(ctx, sql, records).Scan(&nl, &na); err != nil {
		return level, db.failed(ctx, t.Source, "the stage level query of "+t.Source, err)
	}
	if na > nl {
		return attribution.AccountLevel, nil
	}
	return attribution.LeadLevel, nil
}

// joinUnion joins SELECTs with UNION.
func joinUnion(sel []string) string {
	s := sel[0]
	for _, x := range sel[1:] {
		s += " UNION " + x
	}
	return s
}
