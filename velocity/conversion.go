package velocity

// ConversionRow is one row of the conversion table: the entries into one
// stage (all but the last) in one period (the period of the entry) and one
// --by group, and what became of them.
//
// An entry into S_k advanced when the entity entered any higher stage
// before entering S_k again (a skip counts as advancing; velocity's skipped
// column shows it); advanced_within when the first such entry came within
// Options.Within of it. It is still open when it is the entity's last
// entry. Entered = advanced + still open + the rest, which were superseded
// by a re-entry into S_k, left for a lower stage (recycled) or left the
// funnel lost (an entry into a lost stage: see ExitRow).
//
// The tags name the table's columns; the --by group columns stand in
// place of Group.
type ConversionRow struct {
	Period         string `table:"period"`
	Group          []string
	Stage          string  `table:"stage"`
	Entered        int     `table:"entered"`
	Advanced       int     `table:"advanced"`
	AdvancedWithin int     `table:"advanced_within"`
	Rate           float64 `table:"rate"` // Advanced / Entered, NaN when nothing entered
	StillOpen      int     `table:"still_open"`
}

// NoStage is the from_stage of the exits of records that entered a lost
// stage before any stage of the ladder.
const NoStage = "(none)"

// ExitRow is one row of the exits table: the records that left the funnel
// lost from one stage (and --by group), over the output periods.
//
// An entry into a terminal lost stage (IsLost) is an exit from the
// rung the record was in: its latest entry into a ladder stage before it
// (NoStage when none). It counts in the period of the lost entry; a lost
// entry right after another is not a second exit. Share is Lost over all
// the group's exits (NaN when there are none); each ladder stage has a row,
// NoStage only when it has exits.
//
// The tags name the table's columns; the --by group columns stand in
// place of Group.
type ExitRow struct {
	Group []string
	From  string  `table:"from_stage"`
	Lost  int     `table:"lost"`
	Share float64 `table:"share"`
}
