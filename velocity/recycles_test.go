package velocity

import (
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

// TestLastRecycles: L1 goes mql, sql, back to mql (a recycle) and on to
// sql again, then mql again (its latest recycle); L2 only advances; L3
// goes sql, lost, mql: the lost exit is looked through, so mql after sql
// is a recycle.
func TestLastRecycles(t *testing.T) {
	rows := [][]string{
		{"L1", "mql", "2026-01-01"}, {"L1", "sql", "2026-01-05"}, {"L1", "mql", "2026-01-10"},
		{"L1", "sql", "2026-02-01"}, {"L1", "mql", "2026-03-01"},
		{"L2", "mql", "2026-01-01"}, {"L2", "sql", "2026-01-02"},
		{"L3", "sql", "2026-01-01"}, {"L3", "closed lost", "2026-01-03"}, {"L3", "mql", "2026-01-20"},
	}
	ds := longDataset(t, rows)
	got, ladder, _, err := LastRecycles(ds, Options{Order: []string{"mql", "sql"}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"L1": "2026-03-01", "L3": "2026-01-20"}
	if len(got) != len(want) || ladder.Len() != 2 {
		t.Fatalf("recycles %v on ladder %v, want %v", got, ladder.Stages, want)
	}
	for id, day := range want {
		if s := funnel.FormatTime(got[id], true); s != day {
			t.Errorf("%s recycled %s, want %s", id, s, day)
		}
	}
}
