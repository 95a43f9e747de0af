package velocity

import (
	"fmt"
	"reflect"
	"testing"
	"time"
)

// TestMinTransitions: without From, the output periods start at the
// first period from which every period through the latest complete one
// has at least MinTransitions transitions on some pair.
//
// Fixture (ladder mql, sql, customer; each transition 4 days, its two
// entries in one month): 2023-01 one mql->sql; nothing until 2024-01
// three mql->sql; 2024-02 two; 2024-03 three; 2024-04 one mql->sql and
// three sql->customer; 2024-05 (incomplete, as of 2024-05-10) one.
func TestMinTransitions(t *testing.T) {
	t.Parallel()
	var rows [][]string
	n := 0
	add := func(month string, k int, from, to string) {
		for range k {
			n++
			e := fmt.Sprintf("E%d", n)
			rows = append(rows, []string{e, from, month + "-01"}, []string{e, to, month + "-05"})
		}
	}
	add("2023-01", 1, "mql", "sql")
	add("2024-01", 3, "mql", "sql")
	add("2024-02", 2, "mql", "sql")
	add("2024-03", 3, "mql", "sql")
	add("2024-04", 1, "mql", "sql")
	add("2024-04", 3, "sql", "customer")
	add("2024-05", 1, "mql", "sql")
	ds := longDataset(t, rows)
	asOf := time.Date(2024, 5, 10, 0, 0, 0, 0, time.UTC)
	from := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name        string
		min         int
		from, asOf  time.Time
		first       string
		leftOut     [2]string
		transitions int
		meta        string
	}{
		// 2024-04 (3 sql->customer) and 2024-03 (3) qualify, 2024-02 (2)
		// does not; 2024-05 is after the latest complete period, exempt.
		{"min 3", 3, time.Time{}, asOf, "2024-03", [2]string{"2023-01", "2024-02"}, 3 + 4 + 1, "2023-01 to 2024-02, fewer than 3 transitions"},
		// 2024-02 (2) and 2024-01 (3) qualify too; 2023-12 has none.
		{"min 2", 2, time.Time{}, asOf, "2024-01", [2]string{"2023-01", "2023-12"}, 3 + 2 + 3 + 4 + 1, "2023-01 to 2023-12, fewer than 2 transitions"},
		// The default as-of (the latest entry, 2024-05-05) judges through 2024-04 too.
		{"min 3, default as-of", 3, time.Time{}, time.Time{}, "2024-03", [2]string{"2023-01", "2024-02"}, 8, "2023-01 to 2024-02, fewer than 3 transitions"},
		// Every period qualifies with 1 from 2024-01; 2023-01 alone is left out
		// (its following months are empty).
		{"min 1", 1, time.Time{}, asOf, "2024-01", [2]string{"2023-01", "2023-12"}, 13, "2023-01 to 2023-12, fewer than 1 transition"},
		// From given: no trimming; 0: none either.
		{"from", 3, from, asOf, "2023-01", [2]string{}, 14, ""},
		{"off", 0, time.Time{}, asOf, "2023-01", [2]string{}, 14, ""},
		// The latest complete period (2024-02, as of 2024-03-01) falls
		// short: every period is kept.
		{"latest short", 3, time.Time{}, time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), "2023-01", [2]string{}, 1 + 3 + 2, ""},
		// The same as of 2024-02-01: 2024-01 (3) is the latest complete.
		{"only the latest", 3, time.Time{}, time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC), "2024-01", [2]string{"2023-01", "2023-12"}, 3, "2023-01 to 2023-12, fewer than 3 transitions"},
	}
	for _, c := range cases {
		res, err := Analyze(ds, Options{Order: []string{"mql", "sql", "customer"}, MinTransitions: c.min, From: c.from, AsOf: c.asOf})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if res.Periods[0] != c.first || res.LeftOut != c.leftOut || res.Transitions != c.transitions {
			t.Errorf("%s: first %s, left out %v, %d transitions; want %s, %v, %d", c.name, res.Periods[0], res.LeftOut, res.Transitions, c.first, c.leftOut, c.transitions)
		}
		meta := ""
		for _, m := range res.Report().Meta {
			if m.Key == "periods_left_out" {
				meta = fmt.Sprint(m.Value)
			}
		}
		if meta != c.meta {
			t.Errorf("%s: periods_left_out %q, want %q", c.name, meta, c.meta)
		}
	}
	// The trimmed result's tables equal those of From at its first period.
	trimmed, err := Analyze(ds, Options{Order: []string{"mql", "sql", "customer"}, MinTransitions: 3, AsOf: asOf, Detail: true})
	if err != nil {
		t.Fatal(err)
	}
	fromFirst, err := Analyze(ds, Options{Order: []string{"mql", "sql", "customer"}, From: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), AsOf: asOf, Detail: true})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(stripNaN(trimmed.Velocity), stripNaN(fromFirst.Velocity)) || !reflect.DeepEqual(trimmed.Detail, fromFirst.Detail) ||
		!reflect.DeepEqual(stripNaNConv(trimmed.Conversion), stripNaNConv(fromFirst.Conversion)) || trimmed.LatestComplete != "2024-04" {
		t.Errorf("trimmed tables differ from --from 2024-03's; latest complete %s", trimmed.LatestComplete)
	}
}
