package funnel

import (
	"fmt"
	"math"
	"strings"
)

// NoCut is the cut of OpportunityOutcomes that keeps every opportunity
// and every close: no as-of time.
const NoCut int64 = math.MaxInt64

// Outcome is an opportunity's state as of a time.
type Outcome int8

// Outcomes of an opportunity.
const (
	// OutcomeNone is an opportunity not counted: created at or after the
	// as-of time, or deleted (Pipedrive's status Deleted).
	OutcomeNone Outcome = iota - 1
	OutcomeOpen
	OutcomeWon
	OutcomeLost
)

// String returns "none", "open", "won" or "lost".
func (o Outcome) String() string {
	switch o {
	case OutcomeOpen:
		return "open"
	case OutcomeWon:
		return "won"
	case OutcomeLost:
		return "lost"
	}
	return "none"
}

// OutcomeSignal names what decided an opportunity's outcome, strongest
// first (see OpportunityOutcomes).
type OutcomeSignal int8

// Signals of an outcome.
const (
	SignalNone         OutcomeSignal = iota // no column says anything: open
	SignalStatus                            // the status column's word
	SignalStatusReason                      // the status_reason column's word
	SignalClosedFlag                        // the closed flag, the won flag (or a stage saying won) telling won from lost
	SignalStage                             // stage names saying closed or not, the won flag telling won from lost
	SignalCloseDate                         // the won flag, and close dates left blank while a deal is open
	SignalWonFlag                           // the won flag alone: true is won; the rest fall to the dates
	SignalExpectedDate                      // a close date and no closed signal: an expected date, open
	numSignals
)

// Outcomes is the outcome of every row of an opportunities table, with
// what decided it; see OpportunityOutcomes.
type Outcomes struct {
	Of     []Outcome       // one per row
	Signal []OutcomeSignal // what decided each row
	// Open, Won and Lost count the rows of each outcome.
	Open, Won, Lost int
	// Undecided counts the opportunities with a close date before the
	// as-of time that no closed signal decides: counted open.
	Undecided int
	// Unread counts the rows whose status (or status reason) is a word
	// not read as won, lost or open; the next signal decided them.
	Unread      int
	unreadWords []string
	used        [numSignals]int
	t           *Table
	cols        outcomeColumns
}

type outcomeColumns struct {
	status, reason, closed, won, stage, closedAt, created *Column
	stageSignal, actualDates                              bool
}

// OpportunityOutcomes decides, for every opportunity of t, whether it is
// won, lost or open as of cut, the first second not yet known
// (NoCut: no cut-off). An opportunity created at or after cut is
// OutcomeNone; one whose signals say closed, but whose close date
// (closed_at) is at or after cut, is still open as of cut. Otherwise the
// first signal that speaks decides:
//
//  1. status, then status_reason: a word. Won, Closed Won -> won; Lost,
//     Closed Lost, Canceled, Out-Sold, Disqualified -> lost; Open, In
//     Progress, On Hold -> open; Deleted -> none; Closed -> closed, won
//     when the won flag is true or the stage says won, else lost. Other
//     words and empty cells fall through (counted in a warning).
//  2. the closed flag (Salesforce Closed, IsClosed; HubSpot Is Closed):
//     false -> open; true -> won when the won flag is true (without a won
//     value: when the stage says won), else lost.
//  3. the won flag true -> won (Salesforce IsWon, HubSpot Is Closed Won).
//  4. the stage, when stages of the table say closed somewhere ("Closed
//     Won", "Closed Lost", "Won", "Lost", "Closed - Won", HubSpot
//     closedwon, closedlost): a stage that says won -> won, lost or closed
//     -> lost, any other stage name -> open. A table whose stages never
//     say closed (HubSpot custom pipelines export stage ids) tells nothing
//     by its stages.
//  5. the won flag false (or empty) with close dates that the file leaves
//     blank while a deal is open: a close date -> lost, none -> open. The
//     dates are such when a deal not won has no close date, or when the
//     header names an actual close (closed_at, Closed Date, Date Closed,
//     Closed On, Actual Close Date, Won Date). The close date of a
//     Salesforce or HubSpot export ("Close Date") is the expected date
//     of an open deal, set on every row, and tells nothing.
//  6. else open: a close date without any of these signals is an expected
//     close date; those before cut are counted in Undecided, and a warning
//     says so. A won flag alone therefore gives won deals and open ones,
//     never lost ones: a false Is Closed Won is lost or open.
//
// It is an error (a caller's mistake, not the data's) when a role is bound
// to a column of another kind, and it is an error when t has none of the
// columns status, status_reason, closed, won, stage and closed_at.
func OpportunityOutcomes(t *Table, cut int64) (*Outcomes, error) {
	var err error
	col := func(role string, kind Kind) *Column {
		c := t.Role(role)
		if c != nil && c.Kind != kind && err == nil {
			err = fmt.Errorf("%s: column %q (%s) holds %s values, want %s", t.Source, c.Name, role, c.Kind, kind)
		}
		return c
	}
	oc := outcomeColumns{
		status: col(RoleStatus, KindText), reason: col(RoleStatusReason, KindText),
		closed: col(RoleClosed, KindBool), won: col(RoleWon, KindBool), stage: col(RoleStage, KindText),
		closedAt: col(RoleClosedAt, KindTime), created: col(RoleCreatedAt, KindTime),
	}
	if err != nil {
		return nil, err
	}
	if oc.status == nil && oc.reason == nil && oc.closed == nil && oc.won == nil && oc.stage == nil && oc.closedAt == nil {
		var hs []string
		for _, c := range t.Columns {
			hs = append(hs, fmt.Sprintf("%q", c.Name))
		}
		return nil, fmt.Errorf("%s: opportunity outcomes need a status, closed, won, stage or closed_at column (columns: %s)", t.Source, strings.Join(hs, ", "))
	}
	words := map[int32]closedWord{}
	word := func(c *Column, r int) closedWord {
		code := c.Codes[r]
		if code == NA {
			return wordNone
		}
		w, ok := words[code]
		if !ok {
			w = readClosedWord(t.Dict.String(code))
			words[code] = w
		}
		return w
	}
	if oc.stage != nil {
		for r := 0; r < t.Rows && !oc.stageSignal; r++ {
			w := word(oc.stage, r)
			oc.stageSignal = w == wordWon || w == wordLost || w == wordClosed
		}
	}
	if oc.won != nil && oc.closedAt != nil {
		oc.actualDates = actualCloseHeaders[normalizeName(oc.closedAt.Name)]
		for r := 0; r < t.Rows && !oc.actualDates; r++ {
			oc.actualDates = oc.won.Bools[r] != 1 && oc.closedAt.Times[r] == NoTime
		}
	}
	res := &Outcomes{Of: make([]Outcome, t.Rows), Signal: make([]OutcomeSignal, t.Rows), t: t, cols: oc}
	unread := map[string]bool{}
	for r := 0; r < t.Rows; r++ {
		o, s := oc.decide(r, cut, word, func(c *Column) {
			res.Unread++
			if w := t.Dict.String(c.Codes[r]); !unread[w] && len(unread) < 5 {
				unread[w] = true
				res.unreadWords = append(res.unreadWords, fmt.Sprintf("%q", w))
			}
		})
		res.Of[r], res.Signal[r] = o, s
		switch o {
		case OutcomeOpen:
			res.Open++
			if s == SignalExpectedDate && oc.closedAt.Times[r] < cut {
				res.Undecided++
			}
		case OutcomeWon:
			res.Won++
		case OutcomeLost:
			res.Lost++
		}
		if o != OutcomeNone || s != SignalNone {
			res.used[s]++
		}
	}
	return res, nil
}

// decide is the outcome of row r and its signal, by the rules of
// OpportunityOutcomes; unread is called with a status column whose word
// is not read.
func (oc *outcomeColumns) decide(r int, cut int64, word func(*Column, int) closedWord, unread func(*Column)) (Outcome, OutcomeSignal) {
	if oc.created != nil && oc.created.Times[r] != NoTime && oc.created.Times[r] >= cut {
		return OutcomeNone, SignalNone
	}
	wonFlag := int8(-1)
	if oc.won != nil {
		wonFlag = oc.won.Bools[r]
	}
	stageWord := wordNone
	if oc.stage != nil {
		stageWord = word(oc.stage, r)
	}
	// closed: won when the won flag is true, or (without a won value) when
	// the stage says won; lost otherwise.
	closed := func() Outcome {
		if wonFlag == 1 || (wonFlag < 0 && stageWord == wordWon) {
			return OutcomeWon
		}
		return OutcomeLost
	}
	o, s := OutcomeOpen, SignalNone
	decided := false
	for _, st := range []struct {
		c *Column
		s OutcomeSignal
	}{{oc.status, SignalStatus}, {oc.reason, SignalStatusReason}} {
		if st.c == nil || decided {
			continue
		}
		decided, s = true, st.s
		switch w := word(st.c, r); w {
		case wordWon:
			o = OutcomeWon
		case wordLost:
			o = OutcomeLost
		case wordOpen:
			o = OutcomeOpen
		case wordDeleted:
			return OutcomeNone, st.s
		case wordClosed:
			o = closed()
		default:
			if w == wordOther {
				unread(st.c)
			}
			decided, s = false, SignalNone
		}
	}
	switch {
	case decided:
	case oc.closed != nil && oc.closed.Bools[r] >= 0:
		o, s = OutcomeOpen, SignalClosedFlag
		if oc.closed.Bools[r] == 1 {
			o = closed()
		}
	case wonFlag == 1:
		o, s = OutcomeWon, SignalWonFlag
		if oc.stageSignal {
			s = SignalStage
		} else if oc.actualDates {
			s = SignalCloseDate
		}
	case oc.stageSignal && stageWord != wordNone:
		o, s = OutcomeOpen, SignalStage
		switch stageWord {
		case wordWon, wordLost, wordClosed:
			o = closed()
		}
	case oc.actualDates:
		o, s = OutcomeOpen, SignalCloseDate
		if oc.closedAt.Times[r] != NoTime {
			o = OutcomeLost
		}
	case oc.closedAt != nil && oc.closedAt.Times[r] != NoTime:
		o, s = OutcomeOpen, SignalExpectedDate
	}
	if o != OutcomeOpen && oc.closedAt != nil && oc.closedAt.Times[r] != NoTime && oc.closedAt.Times[r] >= cut {
		o = OutcomeOpen // closes after the as-of time: not known yet
	}
	return o, s
}

// Source says where the outcomes came from, for the meta key
// outcome_source of the commands that count them: each signal that
// decided a row, strongest first, with its columns, and the number of
// rows it decided when there are several:
//
//	closed flag "Closed" + won flag "Won"
//	status column "Deal - Status"
//	stage names "Deal Stage" + won flag "Is Closed Won"
//	close dates (no closed signal: deals with a past close date counted open)
func (o *Outcomes) Source() string {
	oc := o.cols
	var parts []string
	several := 0
	for _, n := range o.used {
		if n > 0 {
			several++
		}
	}
	for s := SignalNone; s < numSignals; s++ {
		n := o.used[s]
		if n == 0 {
			continue
		}
		var d string
		switch s {
		case SignalNone:
			d = "no signal (open)"
		case SignalStatus:
			d = fmt.Sprintf("status column %q", oc.status.Name)
		case SignalStatusReason:
			d = fmt.Sprintf("status column %q", oc.reason.Name)
		case SignalClosedFlag:
			d = fmt.Sprintf("closed flag %q", oc.closed.Name)
			if oc.won != nil {
				d += fmt.Sprintf(" + won flag %q", oc.won.Name)
			} else if oc.stage != nil {
				d += fmt.Sprintf(" + stage names %q", oc.stage.Name)
			}
		case SignalStage:
			d = fmt.Sprintf("stage names %q", oc.stage.Name)
			if oc.won != nil {
				d += fmt.Sprintf(" + won flag %q", oc.won.Name)
			}
		case SignalCloseDate:
			d = fmt.Sprintf("won flag %q + close dates %q (blank while open)", oc.won.Name, oc.closedAt.Name)
		case SignalWonFlag:
			d = fmt.Sprintf("won flag %q", oc.won.Name)
		case SignalExpectedDate:
			d = "close dates (no closed signal: deals with a past close date counted open)"
		}
		if several > 1 {
			d += fmt.Sprintf(" (%d)", n)
		}
		parts = append(parts, d)
	}
	return strings.Join(parts, "; ")
}

// Warnings returns what the commands that count outcomes say about them:
// open deals decided by close dates alone, and status words not read.
func (o *Outcomes) Warnings() []string {
	var w []string
	if o.Undecided > 0 {
		w = append(w, fmt.Sprintf("%s: outcomes decided without a closed signal: %d opportunities with a past close date and no closed flag, status or closed stage counted open (a close date alone is the expected one); bind one with --col opportunities.closed=HEADER or opportunities.status=HEADER",
			o.t.Source, o.Undecided))
	}
	if o.Unread > 0 {
		w = append(w, fmt.Sprintf("%s: %d opportunities with a status not read as won, lost or open (%s): decided by the next signal",
			o.t.Source, o.Unread, strings.Join(o.unreadWords, ", ")))
	}
	return w
}

// closedWord is what a status or stage name says about a deal.
type closedWord int8

const (
	wordNone    closedWord = iota // missing
	wordOther                     // a word that says nothing read here
	wordOpen                      // Open, In Progress, On Hold
	wordWon                       // Won, Closed Won
	wordLost                      // Lost, Closed Lost, Canceled, Out-Sold
	wordClosed                    // Closed, won or lost not said
	wordDeleted                   // Deleted (Pipedrive)
)

// IsLostStage reports whether a stage or status name says lost (see
// readClosedWord): Salesforce's Closed Lost and lead status Closed - Not
// Converted, HubSpot's closedlost and Unqualified, Dynamics 365's Lost,
// Canceled and Out-Sold, Pipedrive's Lost, and the common Disqualified,
// Rejected and Dead. An opportunity in such a stage is lost; in a stage
// ladder such a stage is an exit, not a rung (package velocity).
func IsLostStage(name string) bool { return readClosedWord(name) == wordLost }

// readClosedWord reads a status or stage name by its words (letters only,
// any case): "Closed Won (Sales Pipeline)" is won, HubSpot's closedlost
// is lost, Dynamics' Out-Sold is lost and its On Hold open, "Closed - Not
// Converted" is lost. A name with both won and lost in it says nothing.
func readClosedWord(s string) closedWord {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r < 'a' || r > 'z' })
	if len(words) == 0 {
		return wordOther
	}
	joined := strings.Join(words, "")
	has := func(ws ...string) bool {
		for _, w := range words {
			for _, x := range ws {
				if w == x {
					return true
				}
			}
		}
		return false
	}
	won := has("won") || joined == "closedwon"
	lost := has("lost", "canceled", "cancelled", "disqualified", "unqualified", "rejected", "dead") ||
		joined == "closedlost" || joined == "outsold" || strings.HasSuffix(joined, "notconverted")
	switch {
	case won && lost:
		return wordOther
	case won:
		return wordWon
	case lost:
		return wordLost
	case has("closed"):
		return wordClosed
	case has("deleted"):
		return wordDeleted
	case joined == "open" || joined == "inprogress" || joined == "onhold":
		return wordOpen
	}
	return wordOther
}

// actualCloseHeaders are the normalized headers of close-date columns
// that hold the actual close of a deal, never an expected one.
var actualCloseHeaders = map[string]bool{
	"closedat": true, "closeddate": true, "dateclosed": true, "closedon": true, "dealclosedon": true, "dealdealclosedon": true,
	"actualclosedate": true, "actualclose": true, "wondate": true, "closedtime": true,
}

// normalizeName folds a header as ingest does for aliases: lower case,
// letters and digits only.
func normalizeName(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}
