package velocity

import (
	"errors"
	"reflect"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

// TestFurthest: each entity's furthest rung, worked by hand from the rows:
// e1 mql, sql, then back to mql (furthest sql = 1); e2 mql then Closed
// Lost (a lost stage is an exit, not a rung: furthest mql = 0); e3 only
// Closed Lost (no rung: -1); e4 straight to customer (a skip still
// reaches it: 3). The ladder is the order given, the lost stage off it.
func TestFurthest(t *testing.T) {
	t.Parallel()
	ds := longDataset(t, [][]string{
		{"e1", "mql", "2026-01-01"}, {"e1", "sql", "2026-01-05"}, {"e1", "mql", "2026-02-01"},
		{"e2", "mql", "2026-01-02"}, {"e2", "Closed Lost", "2026-01-20"},
		{"e3", "Closed Lost", "2026-01-03"},
		{"e4", "customer", "2026-01-04"},
	})
	got := map[string]int{}
	ladder, _, err := Furthest(ds, []string{"mql", "sql", "opportunity", "customer"}, nil, func(d *funnel.Dict, e int32, furthest int) {
		got[d.String(e)] = furthest
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"mql", "sql", "opportunity", "customer"}; !reflect.DeepEqual(ladder, want) {
		t.Errorf("ladder %q, want %q", ladder, want)
	}
	if want := map[string]int{"e1": 1, "e2": 0, "e3": -1, "e4": 3}; !reflect.DeepEqual(got, want) {
		t.Errorf("furthest %v, want %v", got, want)
	}
	// A wide table has no entity column: its rows are its entities.
	wide := funnel.NewDataset()
	wide.Stages = buildTable(t, funnel.Stages, "wide.csv", wide.Dict, []col{{"mql_date", "", funnel.KindTime}},
		[][]string{{"2026-01-01"}})
	_, _, err = Furthest(wide, nil, []WideColumn{{Stage: "mql", Header: "mql_date"}}, func(*funnel.Dict, int32, int) {})
	if !errors.Is(err, ErrNoEntity) {
		t.Errorf("wide table: %v, want ErrNoEntity", err)
	}
}
