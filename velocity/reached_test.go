package velocity

import (
	"reflect"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
)

// TestReached: the first time each entity stood at each rung or above,
// worked by hand: e1 mql 01-01, sql 01-05, back to mql 02-01 (mql
// 01-01, sql 01-05, the rest never); e2 mql, then Closed Lost (an exit:
// mql only); e4 straight to customer on 01-04 (a skip is past every rung
// below: all four on 01-04); e5 sql 01-10 then mql 01-12 (a recycle: mql
// reached on 01-10, when it stood at sql).
func TestReached(t *testing.T) {
	t.Parallel()
	ds := longDataset(t, [][]string{
		{"e1", "mql", "2026-01-01"}, {"e1", "sql", "2026-01-05"}, {"e1", "mql", "2026-02-01"},
		{"e2", "mql", "2026-01-02"}, {"e2", "Closed Lost", "2026-01-20"},
		{"e4", "customer", "2026-01-04"},
		{"e5", "sql", "2026-01-10"}, {"e5", "mql", "2026-01-12"},
	})
	day := func(s string) int64 {
		tm, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return tm.Unix()
	}
	no := funnel.NoTime
	got := map[string][]int64{}
	ladder, _, err := Reached(ds, []string{"mql", "sql", "opportunity", "customer"}, nil, func(d *funnel.Dict, e int32, at []int64) {
		got[d.String(e)] = append([]int64(nil), at...)
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"mql", "sql", "opportunity", "customer"}; !reflect.DeepEqual(ladder, want) {
		t.Errorf("ladder %q, want %q", ladder, want)
	}
	want := map[string][]int64{
		"e1": {day("2026-01-01"), day("2026-01-05"), no, no},
		"e2": {day("2026-01-02"), no, no, no},
		"e4": {day("2026-01-04"), day("2026-01-04"), day("2026-01-04"), day("2026-01-04")},
		"e5": {day("2026-01-10"), day("2026-01-10"), no, no},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("reached %v, want %v", got, want)
	}
}

// TestEntries: Reached gathered per rung, on TestReached's records: the
// sql rung holds e1 on 01-05, e5 on 01-10 (its sql entry), e4 on 01-04
// (past it by a skip) and e2 never.
func TestEntries(t *testing.T) {
	t.Parallel()
	ds := longDataset(t, [][]string{
		{"e1", "mql", "2026-01-01"}, {"e1", "sql", "2026-01-05"},
		{"e2", "mql", "2026-01-02"},
		{"e4", "customer", "2026-01-04"},
		{"e5", "sql", "2026-01-10"}, {"e5", "mql", "2026-01-12"},
	})
	ladder, entries, _, err := Entries(ds, []string{"mql", "sql", "opportunity", "customer"})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(ladder) {
		t.Fatalf("%d rungs of entries, want %d", len(entries), len(ladder))
	}
	day := func(s string) int64 { tm, _ := time.Parse("2006-01-02", s); return tm.Unix() }
	got := map[string]int64{}
	for e, at := range entries[1] {
		got[ds.Dict.String(e)] = at
	}
	want := map[string]int64{"e1": day("2026-01-05"), "e2": funnel.NoTime, "e4": day("2026-01-04"), "e5": day("2026-01-10")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sql entries %v, want %v", got, want)
	}
}
