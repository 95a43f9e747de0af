package attribution

import (
	"fmt"
	"sort"

	"github.com/funnel-analytics/funnel/funnel"
)

// StageOptions tells FromStages how to build the journeys that end at a
// lifecycle stage.
type StageOptions struct {
	By       string // as TouchOptions.By
	Level    Level  // lead or account journeys; AutoLevel: the one whose ids the stage records carry most
	Lookback int64  // seconds; 0 keeps every touch
	// Stage names the stage (for messages and the report).
	Stage string
	// Reached maps each record of the stages table (an entity code of the
	// Dataset's Dict: a lead_id or account_id) to the first time it stood
	// at Stage or above, funnel.NoTime when it never did (velocity.Reached).
	Reached map[int32]int64
	// From and To, when either is set, keep the entries in [From, To)
	// (Unix seconds; 0 leaves that end open) as of To: an entity that
	// entered before From is left out (it converted before the window);
	// one that entered at or after To, or never, is a null journey of its
	// touches before To. The monthly report credits a month's entries so.
	From, To int64
}

// FromStages builds journeys that end at a lifecycle stage from
// ds.Touches (and ds.Leads to map contacts to accounts): each entity that
// reached the stage at T is one converting journey of its touches at or
// before T (and not before T - Lookback), with value 0 (a stage entry has
// none); each entity with touches that never reached it is one null
// journey of all its touches. An entity that reached it without a touch
// before is counted in Unattributed. The level (AutoLevel) is the one
// whose ids match more of the stage records: lead_id of the touches, or
// account_id (of the touches, or of their leads).
func FromStages(ds *funnel.Dataset, opts StageOptions) (*Journeys, error) {
	tt := ds.Touches
	if tt == nil {
		return nil, fmt.Errorf("stage journeys need touches")
	}
	by, when, err := touchColumns(tt, opts.By, opts.Lookback)
	if err != nil {
		return nil, err
	}
	leadAccount := leadAccounts(ds.Leads)
	e := &touchEntities{level: opts.Level}
	if e.level == AutoLevel {
		e.level = stageLevel(tt, leadAccount, opts.Reached)
	}
	if e.level == LeadLevel && !tt.Has(funnel.RoleLeadID) {
		return nil, fmt.Errorf("lead-level stage journeys need lead_id in %s", tt.Source)
	}
	if e.level == AccountLevel && !tt.Has(funnel.RoleAccountID) && (!tt.Has(funnel.RoleLeadID) || leadAccount == nil) {
		return nil, fmt.Errorf("account-level stage journeys need account_id in %s, or leads that map lead_id to account_id", tt.Source)
	}
	if err := e.mapTouches(tt, when, leadAccount); err != nil {
		return nil, err
	}
	j := NewStageJourneys(byName(by, opts.By))
	j.Lookback = opts.Lookback
	r := &b2bReader{j: j, when: when.Times}
	r.groupTouches(tt, by, e.ofTouch)
	w := journeyWriter{j: j, lookback: opts.Lookback}
	stageJourneys(r, &w, e.ofTouch, opts.Reached, opts.From, opts.To)
	if w.err != nil {
		return nil, w.err
	}
	touchWarnings(j, by.Name, r.noChannel, e.unmapped)
	j.NoteUnattributed()
	return j, nil
}

// stageJourneys writes the journeys of FromStages: one per entity with
// touches (converting when it reached the stage in [from, to)), then one
// converting journey without touches (unattributed) per entity that
// reached it in the window with none, in the order of the entity codes.
// ents is the entity of each touch; from and to are StageOptions'.
func stageJourneys(r *b2bReader, w *journeyWriter, ents []int32, reached map[int32]int64, from, to int64) {
	when, grouped, touchChan := r.when, r.grouped, r.touchChan
	in := func(T int64) bool { return T != funnel.NoTime && T >= from && (to == 0 || T < to) }
	for g := 0; g < grouped.len(); g++ {
		rows := grouped.rows(g)
		T, ok := reached[ents[rows[0]]]
		if ok && T != funnel.NoTime && T < from {
			continue // converted before the window
		}
		ok = ok && in(T)
		n := len(rows)
		switch {
		case ok:
			n = sort.Search(len(rows), func(k int) bool { return when[rows[k]] > T })
		case to != 0:
			n = sort.Search(len(rows), func(k int) bool { return when[rows[k]] >= to })
		}
		lo := int(grouped.start[g])
		for k := 0; k < n; k++ {
			if c := touchChan[lo+k]; c >= 0 {
				w.touch(c, when[rows[k]])
			}
		}
		switch {
		case ok:
			w.end(T, true, 0, nil)
		case len(w.seq) > 0:
			w.end(w.times[len(w.times)-1], false, 0, nil)
		}
	}
	var none []int32
	for e, T := range reached {
		if in(T) && grouped.of(e) < 0 {
			none = append(none, e)
		}
	}
	sort.Slice(none, func(a, b int) bool { return none[a] < none[b] })
	for _, e := range none {
		w.end(reached[e], true, 0, nil)
	}
}

// stageLevel is the level whose entity ids match more of the stage
// records: the touches' lead_id, or their account_id (or their leads'),
// lead level on a tie.
func stageLevel(tt *funnel.Table, leadAccount map[int32]int32, reached map[int32]int64) Level {
	leads, accounts := map[int32]bool{}, map[int32]bool{}
	tAcc, tLead := tt.Role(funnel.RoleAccountID), tt.Role(funnel.RoleLeadID)
	for i := 0; i < tt.Rows; i++ {
		if tLead != nil && tLead.Codes[i] != funnel.NA {
			leads[tLead.Codes[i]] = true
			if a, ok := leadAccount[tLead.Codes[i]]; ok {
				accounts[a] = true
			}
		}
		if tAcc != nil && tAcc.Codes[i] != funnel.NA {
			accounts[tAcc.Codes[i]] = true
		}
	}
	nl, na := 0, 0
	for e := range reached {
		if leads[e] {
			nl++
		}
		if accounts[e] {
			na++
		}
	}
	if na > nl {
		return AccountLevel
	}
	return LeadLevel
}
