package velocity

import (
	"github.com/funnel-analytics/funnel/funnel"
)

// Reached reads the stages table of ds as Furthest does and calls fn once
// per entity with its id (a code of dict) and, per ladder stage k, the
// first time it stood at stage k or above: the earliest of its entries
// into stages k, k+1, ... (funnel.NoTime when it never did). A record that
// skipped stage k (entered k+1 without an entry into k) reached k when it
// entered k+1: it is past k. Lost stages are exits, not stages reached. at
// is reused between calls. It returns the ladder and the warnings of
// reading the table; a table without entity_id gives ErrNoEntity. Package
// attribution's per-stage journeys (attribute --milestone mql) end there.
func Reached(ds *funnel.Dataset, order []string, wide []WideColumn, fn func(dict *funnel.Dict, entity int32, at []int64)) (ladder, warnings []string, err error) {
	s, err := entityStages(ds, order, wide)
	if err != nil {
		return nil, nil, err
	}
	n := s.ladder.Len()
	at := make([]int64, n)
	s.walk(func(evs []event) {
		for k := range at {
			at[k] = funnel.NoTime
		}
		for _, e := range evs { // sorted by time: the first entry wins
			if k := int(e.stage); k < n && at[k] == funnel.NoTime {
				at[k] = e.t
			}
		}
		for k := n - 2; k >= 0; k-- {
			if at[k+1] != funnel.NoTime && (at[k] == funnel.NoTime || at[k+1] < at[k]) {
				at[k] = at[k+1]
			}
		}
		fn(s.dict, s.entity.Codes[evs[0].row], at)
	})
	return s.ladder.Stages, s.warnings, nil
}

// Entries is Reached gathered per rung: the ladder, and for each rung k a
// map from entity code to the first time the entity stood at rung k or
// above (funnel.NoTime: never), with the warnings of reading the table.
// Per-stage attribution (attribute --milestone all, the report's per-stage
// credit) ends its journeys there.
func Entries(ds *funnel.Dataset, order []string) (ladder []string, entries []map[int32]int64, warnings []string, err error) {
	ladder, warnings, err = Reached(ds, order, nil, func(_ *funnel.Dict, e int32, at []int64) {
		for len(entries) < len(at) {
			entries = append(entries, map[int32]int64{})
		}
		for k, t := range at {
			entries[k][e] = t
		}
	})
	return ladder, entries, warnings, err
}
