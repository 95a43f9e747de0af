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
// by a re-entry into S_k or left for a lower stage (recycled).
type ConversionRow struct {
	Period         string
	Group          []string
	Stage          string
	Entered        int
	Advanced       int
	AdvancedWithin int
	Rate           float64 // Advanced / Entered, NaN when nothing entered
	StillOpen      int
}
