package funnel

import (
	"strings"
	"testing"
	"time"
)

// outcomeTable builds an opportunities table: cols are "Header:role:kind"
// (kind t text, b bool 1/0/empty, d date YYYY-MM-DD/empty), rows their cells.
func outcomeTable(t *testing.T, cols []string, rows [][]string) *Table {
	t.Helper()
	tb := &Table{Kind: Opportunities, Source: "opps.csv", Rows: len(rows), Dict: NewDict()}
	for j, spec := range cols {
		p := strings.Split(spec, ":")
		c := &Column{Name: p[0], Role: p[1]}
		for _, row := range rows {
			v := row[j]
			switch p[2] {
			case "t":
				c.Kind = KindText
				code := NA
				if v != "" {
					code = tb.Dict.Code(v)
				}
				c.Codes = append(c.Codes, code)
			case "b":
				c.Kind = KindBool
				b := int8(-1)
				switch v {
				case "1":
					b = 1
				case "0":
					b = 0
				}
				c.Bools = append(c.Bools, b)
			case "d":
				c.Kind = KindTime
				at := NoTime
				if v != "" {
					d, err := time.Parse("2006-01-02", v)
					if err != nil {
						t.Fatal(err)
					}
					at = d.Unix()
				}
				c.Times = append(c.Times, at)
			}
		}
		tb.Columns = append(tb.Columns, c)
	}
	return tb
}

func day(s string) int64 {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d.Unix()
}

// TestOutcomePrecedence checks the rules of OpportunityOutcomes one row at
// a time: each case is a one-row table (plus, where the rule is about the
// table, the rows that make it so), and the expected outcome is the rule's,
// worked out by hand from its doc comment.
func TestOutcomePrecedence(t *testing.T) {
	t.Parallel()
	type want struct {
		o Outcome
		s OutcomeSignal
	}
	cases := []struct {
		name string
		cols []string
		rows [][]string
		want want // of the first row
	}{
		// 1. Status words decide before anything else, even a true won flag.
		{"status won", []string{"Deal - Status:status:t", "Won:won:b"}, [][]string{{"Won", ""}}, want{OutcomeWon, SignalStatus}},
		{"status lost beats won flag", []string{"Status:status:t", "Won:won:b"}, [][]string{{"Lost", "1"}}, want{OutcomeLost, SignalStatus}},
		{"status open beats closed flag", []string{"Status:status:t", "Closed:closed:b"}, [][]string{{"open", "1"}}, want{OutcomeOpen, SignalStatus}},
		{"status deleted", []string{"Status:status:t"}, [][]string{{"Deleted"}}, want{OutcomeNone, SignalStatus}},
		{"status closed + won flag", []string{"Status:status:t", "Won:won:b"}, [][]string{{"Closed", "1"}}, want{OutcomeWon, SignalStatus}},
		{"status closed, no won", []string{"Status:status:t"}, [][]string{{"Closed"}}, want{OutcomeLost, SignalStatus}},
		// Dynamics reasons: Out-Sold and Canceled lost, On Hold and In Progress open.
		{"reason out-sold", []string{"Status Reason:status_reason:t"}, [][]string{{"Out-Sold"}}, want{OutcomeLost, SignalStatusReason}},
		{"reason canceled", []string{"Status Reason:status_reason:t"}, [][]string{{"Canceled"}}, want{OutcomeLost, SignalStatusReason}},
		{"reason on hold", []string{"Status Reason:status_reason:t"}, [][]string{{"On Hold"}}, want{OutcomeOpen, SignalStatusReason}},
		{"reason in progress", []string{"Status Reason:status_reason:t"}, [][]string{{"In Progress"}}, want{OutcomeOpen, SignalStatusReason}},
		{"status empty: reason", []string{"Status:status:t", "Status Reason:status_reason:t"}, [][]string{{"", "Won"}}, want{OutcomeWon, SignalStatusReason}},
		// An unread status word falls to the closed flag.
		{"status unread", []string{"Status:status:t", "Closed:closed:b", "Won:won:b"}, [][]string{{"Pending review", "1", "0"}}, want{OutcomeLost, SignalClosedFlag}},
		// 2. Closed flag + won flag.
		{"closed won", []string{"Closed:closed:b", "Won:won:b", "Close Date:closed_at:d"}, [][]string{{"1", "1", "2024-01-01"}}, want{OutcomeWon, SignalClosedFlag}},
		{"closed lost", []string{"Closed:closed:b", "Won:won:b", "Close Date:closed_at:d"}, [][]string{{"1", "0", "2024-01-01"}}, want{OutcomeLost, SignalClosedFlag}},
		{"not closed, past date", []string{"Closed:closed:b", "Won:won:b", "Close Date:closed_at:d"}, [][]string{{"0", "0", "2024-01-01"}}, want{OutcomeOpen, SignalClosedFlag}},
		{"closed, stage won, no won", []string{"Closed:closed:b", "Stage:stage:t"}, [][]string{{"1", "Closed Won"}}, want{OutcomeWon, SignalClosedFlag}},
		// 3. Won flag true.
		{"won flag", []string{"Won:won:b", "Close Date:closed_at:d"}, [][]string{{"1", "2024-01-01"}}, want{OutcomeWon, SignalWonFlag}},
		// 4. Stage names, when some stage of the table says closed.
		{"stage closed lost", []string{"Deal Stage:stage:t", "Is Closed Won:won:b", "Close Date:closed_at:d"},
			[][]string{{"Closed Lost", "0", "2024-01-01"}}, want{OutcomeLost, SignalStage}},
		{"stage open, past date", []string{"Deal Stage:stage:t", "Is Closed Won:won:b", "Close Date:closed_at:d"},
			[][]string{{"Contract Sent", "0", "2024-01-01"}, {"closedlost", "0", "2024-01-01"}}, want{OutcomeOpen, SignalStage}},
		{"won flag with stages", []string{"Deal Stage:stage:t", "Is Closed Won:won:b"},
			[][]string{{"closedwon", "1"}}, want{OutcomeWon, SignalStage}},
		{"stage won, no won col", []string{"Stage:stage:t"}, [][]string{{"Closed - Won"}}, want{OutcomeWon, SignalStage}},
		{"stage lost word", []string{"Stage:stage:t"}, [][]string{{"Lost"}}, want{OutcomeLost, SignalStage}},
		// Stages that never say closed tell nothing: the date decides (open).
		{"stage ids only", []string{"Deal Stage:stage:t", "Close Date:closed_at:d"},
			[][]string{{"1234567", "2024-01-01"}}, want{OutcomeOpen, SignalExpectedDate}},
		// Dynamics' stage "Close" is an open stage, not a closed one.
		{"dynamics close stage", []string{"Stage:stage:t", "Close Date:closed_at:d"}, [][]string{{"Close", "2024-01-01"}}, want{OutcomeOpen, SignalExpectedDate}},
		// 5. Won flag false with close dates blank while open (the second row).
		{"blank while open: lost", []string{"won:won:b", "close:closed_at:d"},
			[][]string{{"0", "2024-01-01"}, {"0", ""}}, want{OutcomeLost, SignalCloseDate}},
		{"blank while open: open", []string{"won:won:b", "close:closed_at:d"},
			[][]string{{"0", ""}, {"0", "2024-01-01"}}, want{OutcomeOpen, SignalCloseDate}},
		// ... or a header naming an actual close, every row dated.
		{"closed_at header", []string{"won:won:b", "closed_at:closed_at:d"}, [][]string{{"0", "2024-01-01"}}, want{OutcomeLost, SignalCloseDate}},
		{"actual close date header", []string{"Won:won:b", "Actual Close Date:closed_at:d"}, [][]string{{"0", "2024-01-01"}}, want{OutcomeLost, SignalCloseDate}},
		// 6. A won flag false and an expected "Close Date" on every row: open.
		{"won flag + expected date", []string{"Is Closed Won:won:b", "Close Date:closed_at:d"},
			[][]string{{"0", "2024-01-01"}, {"1", "2024-01-01"}}, want{OutcomeOpen, SignalExpectedDate}},
		{"date alone", []string{"Close Date:closed_at:d"}, [][]string{{"2024-01-01"}}, want{OutcomeOpen, SignalExpectedDate}},
		{"nothing", []string{"Close Date:closed_at:d"}, [][]string{{""}}, want{OutcomeOpen, SignalNone}},
	}
	for _, c := range cases {
		tb := outcomeTable(t, c.cols, c.rows)
		res, err := OpportunityOutcomes(tb, NoCut)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := (want{res.Of[0], res.Signal[0]}); got != c.want {
			t.Errorf("%s: got %v by signal %d, want %v by %d", c.name, got.o, got.s, c.want.o, c.want.s)
		}
	}
}

// TestOutcomeCut: the as-of cut leaves out deals created at or after it
// and keeps open those whose close is at or after it.
func TestOutcomeCut(t *testing.T) {
	t.Parallel()
	tb := outcomeTable(t, []string{"Created:created_at:d", "Closed:closed:b", "Won:won:b", "Close Date:closed_at:d"}, [][]string{
		{"2024-01-01", "1", "1", "2024-02-01"}, // won on 2024-02-01
		{"2024-01-01", "1", "0", "2024-03-01"}, // lost on 2024-03-01
		{"2024-02-15", "0", "0", "2024-04-01"}, // open, created 2024-02-15
	})
	for _, c := range []struct {
		cut  int64
		want []Outcome
	}{
		{NoCut, []Outcome{OutcomeWon, OutcomeLost, OutcomeOpen}},
		// As of 2024-03-01 (exclusive) the loss is not known yet.
		{day("2024-03-01"), []Outcome{OutcomeWon, OutcomeOpen, OutcomeOpen}},
		// As of 2024-02-01: the win is not known, the third deal not created.
		{day("2024-02-01"), []Outcome{OutcomeOpen, OutcomeOpen, OutcomeNone}},
	} {
		res, err := OpportunityOutcomes(tb, c.cut)
		if err != nil {
			t.Fatal(err)
		}
		for i, o := range c.want {
			if res.Of[i] != o {
				t.Errorf("cut %s row %d: %v, want %v", FormatTime(c.cut, true), i, res.Of[i], o)
			}
		}
	}
}

// TestOutcomeSourceAndWarnings: the example as a won flag and
// expected close dates only (5 won, 11 not won, every date in the past)
// gives 5 won and 11 open, and says it decided them without a closed
// signal; with the closed flag, 4 open / 5 won / 7 lost.
func TestOutcomeSourceAndWarnings(t *testing.T) {
	t.Parallel()
	var rows [][]string
	for i := 0; i < 16; i++ {
		won, closed := "0", "1"
		switch {
		case i < 5:
			won = "1"
		case i >= 12:
			closed = "0" // 4 open
		}
		rows = append(rows, []string{won, closed, "2024-01-01"})
	}
	tb := outcomeTable(t, []string{"Won:won:b", "Closed:closed:b", "Close Date:closed_at:d"}, rows)
	res, err := OpportunityOutcomes(tb, NoCut)
	if err != nil {
		t.Fatal(err)
	}
	if res.Open != 4 || res.Won != 5 || res.Lost != 7 || res.Undecided != 0 || len(res.Warnings()) != 0 {
		t.Errorf("closed flag: %d open, %d won, %d lost, %d undecided, %q", res.Open, res.Won, res.Lost, res.Undecided, res.Warnings())
	}
	if got, want := res.Source(), `closed flag "Closed" + won flag "Won"`; got != want {
		t.Errorf("source %q, want %q", got, want)
	}
	tb.Columns = []*Column{tb.Columns[0], tb.Columns[2]} // without the closed flag
	if res, err = OpportunityOutcomes(tb, NoCut); err != nil {
		t.Fatal(err)
	}
	if res.Open != 11 || res.Won != 5 || res.Lost != 0 || res.Undecided != 11 {
		t.Errorf("won flag alone: %d open, %d won, %d lost, %d undecided", res.Open, res.Won, res.Lost, res.Undecided)
	}
	if got, want := res.Source(), `won flag "Won" (5); close dates (no closed signal: deals with a past close date counted open) (11)`; got != want {
		t.Errorf("source %q, want %q", got, want)
	}
	if w := res.Warnings(); len(w) != 1 || !strings.Contains(w[0], "11 opportunities with a past close date") {
		t.Errorf("warnings %q", w)
	}
	// An unread status is counted and named.
	tb = outcomeTable(t, []string{"Status:status:t"}, [][]string{{"Prospecting"}, {"Won"}})
	if res, err = OpportunityOutcomes(tb, NoCut); err != nil {
		t.Fatal(err)
	}
	if w := res.Warnings(); res.Unread != 1 || len(w) != 1 || !strings.Contains(w[0], `"Prospecting"`) {
		t.Errorf("unread: %d %q", res.Unread, w)
	}
	// No outcome column at all, and a role of the wrong kind, are errors.
	if _, err := OpportunityOutcomes(outcomeTable(t, []string{"Amount:amount:t"}, [][]string{{"1"}}), NoCut); err == nil {
		t.Error("no outcome column: no error")
	}
	if _, err := OpportunityOutcomes(outcomeTable(t, []string{"Won:won:t"}, [][]string{{"1"}}), NoCut); err == nil {
		t.Error("text won column: no error")
	}
}

func TestReadClosedWord(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]closedWord{
		"Closed Won": wordWon, "Closed - Won": wordWon, "closedwon": wordWon, "Won": wordWon, "Closed Won (Sales Pipeline)": wordWon,
		"Closed Lost": wordLost, "closedlost": wordLost, "LOST": wordLost, "Out-Sold": wordLost, "Canceled": wordLost, "Cancelled": wordLost,
		"Closed - Not Converted": wordLost, "Rejected": wordLost, "Dead": wordLost, "Unqualified": wordLost,
		"Open": wordOpen, "In Progress": wordOpen, "On Hold": wordOpen,
		"Closed": wordClosed, "Deleted": wordDeleted,
		"Won/Lost": wordOther, "Negotiation/Review": wordOther, "Close": wordOther, "123": wordOther,
	} {
		if got := readClosedWord(s); got != want {
			t.Errorf("readClosedWord(%q) = %d, want %d", s, got, want)
		}
	}
}
