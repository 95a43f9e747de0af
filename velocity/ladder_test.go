package velocity

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestLadderIndex(t *testing.T) {
	t.Parallel()
	l, err := NewLadder([]string{"Lead", "MQL", "SQL", "Opportunity", "Closed Won"}, LadderExplicit)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]int{
		"lead": 0, "Name": 0, "marketing-qualified lead": 1, "Marketing Qualified Lead": 1, "mql": 1,
		"SALES_QUALIFIED_LEAD": 2, "opp": 3, "Opportunity": 3, "customer": 4, "Won": 4, "closed won": 4,
		"evangelist": -1, "": -1,
	}
	for name, want := range cases {
		if got := l.Index(name); got != want {
			t.Errorf("Index(%q) = %d, want %d", name, got, want)
		}
	}
	if _, err := NewLadder([]string{"mql", "Marketing Qualified Lead"}, LadderExplicit); !errors.Is(err, ErrBadLadder) {
		t.Errorf("duplicate stage: %v", err)
	}
	// The same stage under two spellings (the canonical key NewLadder
	// uses): refused where the ladder is written, a flag or the config.
	if _, err := ParseOrder("MQL,sql,Marketing Qualified Lead"); err == nil || !strings.Contains(err.Error(), `"MQL" and "Marketing Qualified Lead" are the same stage`) {
		t.Errorf("ParseOrder with a stage twice: %v", err)
	}
	if _, err := ParseOrder("a,,b"); err == nil {
		t.Error("ParseOrder with an empty name: no error")
	}
}

func TestLadderInference(t *testing.T) {
	t.Parallel()
	// Custom stage names, not on the lifecycle. Entities 1-3 follow
	// Intro > Demo > Proposal > Signed (3 skips Demo); entity 4 does
	// Demo before Intro. Pairwise majorities: Intro before Demo 2:1,
	// before Proposal 4:0 ... so the Copeland scores are Intro 3, Demo 2,
	// Proposal 1, Signed 0. The file lists Signed and Demo first.
	rows := [][]string{
		{"1", "Signed", "2026-01-20"}, {"1", "Demo", "2026-01-05"}, {"1", "Intro call", "2026-01-01"}, {"1", "Proposal", "2026-01-10"},
		{"2", "Intro call", "2026-01-02"}, {"2", "Demo", "2026-01-03"}, {"2", "Proposal", "2026-01-09"},
		{"3", "Intro call", "2026-01-02"}, {"3", "Proposal", "2026-01-04"}, {"3", "Signed", "2026-02-01"},
		{"4", "Demo", "2026-01-02"}, {"4", "intro call", "2026-01-03"}, {"4", "Proposal", "2026-01-09"},
	}
	res, err := Analyze(longDataset(t, rows), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Intro call", "Demo", "Proposal", "Signed"}; !reflect.DeepEqual(res.Ladder.Stages, want) || res.Ladder.Source != LadderObserved {
		t.Errorf("ladder %v (%v), want %v (observed order)", res.Ladder.Stages, res.Ladder.Source, want)
	}
	// Entity 4 enters Demo before Intro call: a recycle on Intro call -> Demo.
	if v := velocityRow(t, res, "2026-01", "Intro call", "Demo"); v.Recycles != 1 || v.Transitions != 2 || v.Skipped != 2 {
		// transitions: 1 (4 days), 2 (1 day); skipped: entity 3 goes from
		// Intro call to Proposal, and so does entity 4 after its recycle
		t.Errorf("Intro call -> Demo: %+v", v)
	}

	// An explicit order wins; rows off it are skipped with a warning.
	res, err = Analyze(longDataset(t, rows), Options{Order: []string{"Intro call", "Proposal", "Signed"}})
	if err != nil {
		t.Fatal(err)
	}
	// 13 rows, 3 of them Demo (entities 1, 2, 4).
	if res.Entries != 10 || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], `3 rows with stages not on the ladder (Intro call, Proposal, Signed) skipped: "Demo" (3)`) {
		t.Errorf("explicit order: %d entries, warnings %q", res.Entries, res.Warnings)
	}
}

func TestPairs(t *testing.T) {
	t.Parallel()
	ps, err := ParsePairs("mql:customer, sql:customer")
	if err != nil || !reflect.DeepEqual(ps, []Pair{{"mql", "customer"}, {"sql", "customer"}}) {
		t.Fatalf("ParsePairs: %v %v", ps, err)
	}
	res, err := Analyze(longDataset(t, handRows), Options{Pairs: ps})
	if err != nil {
		t.Fatal(err)
	}
	// mql -> customer, each customer entry from the latest mql before it:
	// A 01-05 00:00 -> 03-06 00:00 = 60 days (March); C 01-03 -> 02-12 = 40 days (February).
	// sql -> customer: A 01-15 12:00 -> 03-06 = 49.5 days; C has no sql.
	if v := velocityRow(t, res, "2026-03", "mql", "customer"); v.Transitions != 1 || v.MeanDays != 60 {
		t.Errorf("mql->customer March: %+v", v)
	}
	if v := velocityRow(t, res, "2026-02", "mql", "customer"); v.Transitions != 1 || v.MeanDays != 40 {
		t.Errorf("mql->customer February: %+v", v)
	}
	if v := velocityRow(t, res, "2026-03", "sql", "customer"); v.Transitions != 1 || v.MeanDays != 49.5 {
		t.Errorf("sql->customer March: %+v", v)
	}
	for _, bad := range []string{"customer:mql", "mql:won2", "mql"} {
		ps, err := ParsePairs(bad)
		if err == nil {
			_, err = Analyze(longDataset(t, handRows), Options{Pairs: ps})
		}
		if !errors.Is(err, ErrBadLadder) {
			t.Errorf("pairs %q: %v, want ErrBadLadder", bad, err)
		}
	}
}
