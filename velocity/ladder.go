package velocity

import (
	"fmt"
	"sort"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// Lifecycle is the nine-stage lead lifecycle, the default ladder when every
// stage name of the data falls in it (after Aliases).
var Lifecycle = []string{"awareness", "friend", "name", "engaged", "prospect", "mql", "sql", "opportunity", "customer"}

// Aliases maps other names of the lifecycle stages to them. Names are
// compared by their letters and digits only, case-insensitively, so
// "Marketing Qualified Lead", "marketing_qualified_lead" and "MQL" are all
// mql. HubSpot's lifecycle stages map as Subscriber = friend, Lead = name
// (a known person with a name and an address: the "name" stage),
// Marketing/Sales Qualified Lead = mql/sql, Opportunity, Customer; "Closed
// Won" and "Won" are customer. HubSpot's Evangelist and Other are not on the
// lifecycle.
var Aliases = map[string]string{
	"aware":                    "awareness",
	"visitor":                  "awareness",
	"subscriber":               "friend",
	"follower":                 "friend",
	"lead":                     "name",
	"known":                    "name",
	"engagement":               "engaged",
	"marketing qualified lead": "mql",
	"marketing qualified":      "mql",
	"sales qualified lead":     "sql",
	"sales qualified":          "sql",
	"opp":                      "opportunity",
	"opportunities":            "opportunity",
	"closed won":               "customer",
	"won":                      "customer",
	"customers":                "customer",
}

// aliasKeys is Aliases by stage key.
var aliasKeys = func() map[string]string {
	m := make(map[string]string, len(Aliases))
	for k, v := range Aliases {
		m[stageKey(k)] = v
	}
	return m
}()

// stageKey reduces a stage name to its lower-case letters and digits.
func stageKey(s string) string { return funnel.NameKey(s) }

// canonicalKey is the stage key with aliases resolved: two names denote the
// same stage when their canonical keys are equal.
func canonicalKey(s string) string {
	k := stageKey(s)
	if a, ok := aliasKeys[k]; ok {
		return a
	}
	return k
}

// wonStages lists the names of the won stages (after Aliases: Closed Won
// and Won are customer). An inferred ladder puts them last.
var wonStages = []string{"customer", "Closed - Converted", "Converted"}

// wonKeys are wonStages by stage key.
var wonKeys = keySet(wonStages)

func keySet(names []string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[stageKey(n)] = true
	}
	return m
}

// IsLost reports whether name is a terminal lost stage (funnel.IsLostStage:
// the words that make an opportunity lost make a stage an exit). A lost
// stage is never a rung of an inferred ladder (nor of --stage-order, unless
// named there): an entry into one is an exit from the stage the record was
// in (its latest rung entry), counted in the exits table.
func IsLost(name string) bool { return funnel.IsLostStage(name) }

// isWon reports whether name is a won stage (see wonStages).
func isWon(name string) bool {
	return wonKeys[canonicalKey(name)] || wonKeys[stageKey(name)]
}

// wonLast moves the won stages of an inferred ladder to its end, keeping
// the order of the others and theirs: a record wins at the end of the
// funnel, whatever order the columns or the entities' entries show.
func wonLast(stages []string) []string {
	out := make([]string, 0, len(stages))
	var won []string
	for _, s := range stages {
		if isWon(s) {
			won = append(won, s)
		} else {
			out = append(out, s)
		}
	}
	return append(out, won...)
}

// LadderSource says where a ladder's order came from.
type LadderSource int

// Ladder sources, in the order they are tried.
const (
	LadderExplicit  LadderSource = iota + 1 // Options.Order
	LadderLifecycle                         // the nine-stage lifecycle, restricted to the stages present
	LadderWide                              // the order of the wide layout's columns
	LadderObserved                          // the order entities most often follow
)

// String returns "explicit", "lifecycle", "wide columns" or "observed order".
func (s LadderSource) String() string {
	switch s {
	case LadderExplicit:
		return "explicit"
	case LadderLifecycle:
		return "lifecycle"
	case LadderWide:
		return "wide columns"
	case LadderObserved:
		return "observed order"
	}
	return "unknown"
}

// MaxStages is the largest number of stages on a ladder.
const MaxStages = 120

// Ladder is the ordered list of funnel stages.
type Ladder struct {
	Stages []string // display names, in order
	Source LadderSource
	keys   []string // canonical key of each stage
}

// NewLadder returns the ladder of stages in the given order. Names that
// denote the same stage (MQL and Marketing Qualified Lead) are an error.
func NewLadder(stages []string, source LadderSource) (Ladder, error) {
	if len(stages) == 0 {
		return Ladder{}, fmt.Errorf("%w: no stages", ErrBadLadder)
	}
	if len(stages) > MaxStages {
		return Ladder{}, fmt.Errorf("%w: %d stages, at most %d", ErrBadLadder, len(stages), MaxStages)
	}
	l := Ladder{Stages: append([]string(nil), stages...), Source: source, keys: make([]string, len(stages))}
	for i, s := range stages {
		k := canonicalKey(s)
		if k == "" {
			return Ladder{}, fmt.Errorf("%w: stage %d has an empty name", ErrBadLadder, i+1)
		}
		for j := 0; j < i; j++ {
			if l.keys[j] == k {
				return Ladder{}, fmt.Errorf("%w: %q and %q are the same stage", ErrBadLadder, stages[j], s)
			}
		}
		l.keys[i] = k
	}
	return l, nil
}

// Len returns the number of stages.
func (l Ladder) Len() int { return len(l.Stages) }

// Index returns the position of the stage called name (case-insensitive,
// aliases resolved), or -1.
func (l Ladder) Index(name string) int {
	k := canonicalKey(name)
	for i, lk := range l.keys {
		if lk == k {
			return i
		}
	}
	return -1
}

// ParseOrder reads a ladder written as "a,b,c", checked as NewLadder
// checks it (no empty name, no stage twice under another spelling).
func ParseOrder(s string) ([]string, error) {
	var out []string
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			return nil, fmt.Errorf("%w: empty stage name in %q", ErrBadLadder, s)
		}
		out = append(out, f)
	}
	if _, err := NewLadder(out, LadderExplicit); err != nil {
		return nil, err
	}
	return out, nil
}

// lifecycleLadder returns the lifecycle restricted to the stages named,
// when every name falls in it.
func lifecycleLadder(names []string) (Ladder, bool) {
	present := make(map[string]bool)
	for _, n := range names {
		k := canonicalKey(n)
		found := false
		for _, s := range Lifecycle {
			if s == k {
				found = true
				break
			}
		}
		if !found {
			return Ladder{}, false
		}
		present[k] = true
	}
	var stages []string
	for _, s := range Lifecycle {
		if present[s] {
			stages = append(stages, s)
		}
	}
	if len(stages) == 0 {
		return Ladder{}, false
	}
	l, err := NewLadder(stages, LadderLifecycle)
	return l, err == nil
}

// Pair is an extra (usually non-adjacent) transition: From -> To, such as
// mql -> customer for the full-cycle time.
type Pair struct{ From, To string }

// ParsePairs reads pairs written as "mql:customer,sql:customer".
func ParsePairs(s string) ([]Pair, error) {
	var out []Pair
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		a, b, ok := strings.Cut(f, ":")
		a, b = strings.TrimSpace(a), strings.TrimSpace(b)
		if !ok || a == "" || b == "" {
			return nil, fmt.Errorf("%w: pair %q: want from:to, e.g. mql:customer", ErrBadLadder, f)
		}
		out = append(out, Pair{From: a, To: b})
	}
	return out, nil
}

// pairIndex is a transition between two ladder positions.
type pairIndex struct{ from, to int }

// PairIndexes returns the pairs measured on l, as ladder indexes (from,
// to): the adjacent ones, then the extra ones (an error when one is not
// on the ladder or goes down it).
func (l Ladder) PairIndexes(extra []Pair) ([][2]int, error) {
	pairs, err := ladderPairs(l, extra)
	out := make([][2]int, len(pairs))
	for i, p := range pairs {
		out[i] = [2]int{p.from, p.to}
	}
	return out, err
}

// ladderPairs returns the adjacent pairs of l followed by the extra pairs.
func ladderPairs(l Ladder, extra []Pair) ([]pairIndex, error) {
	var out []pairIndex
	for k := 0; k+1 < l.Len(); k++ {
		out = append(out, pairIndex{k, k + 1})
	}
	for _, p := range extra {
		a, b := l.Index(p.From), l.Index(p.To)
		switch {
		case a < 0:
			return nil, fmt.Errorf("%w: pair %s:%s: %q is not on the ladder (%s)", ErrBadLadder, p.From, p.To, p.From, strings.Join(l.Stages, ", "))
		case b < 0:
			return nil, fmt.Errorf("%w: pair %s:%s: %q is not on the ladder (%s)", ErrBadLadder, p.From, p.To, p.To, strings.Join(l.Stages, ", "))
		case a >= b:
			return nil, fmt.Errorf("%w: pair %s:%s: %q does not come before %q on the ladder", ErrBadLadder, p.From, p.To, p.From, p.To)
		}
		dup := false
		for _, q := range out {
			if q.from == a && q.to == b {
				dup = true
			}
		}
		if !dup {
			out = append(out, pairIndex{a, b})
		}
	}
	return out, nil
}

// copelandOrder orders n stages from a precedence matrix: prec[a*n+b] is
// the number of entities whose first entry into a came before their first
// entry into b. A stage scores one point for every other stage it precedes
// in most of the entities that entered both (Copeland's method); stages are
// ordered by score, descending, ties by mean position of first entry, then
// by first appearance (their index).
func copelandOrder(n int, prec []int, meanPos []float64) []int {
	score := make([]int, n)
	for a := 0; a < n; a++ {
		for b := 0; b < n; b++ {
			if a != b && prec[a*n+b] > prec[b*n+a] {
				score[a]++
			}
		}
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool {
		a, b := idx[i], idx[j]
		if score[a] != score[b] {
			return score[a] > score[b]
		}
		return meanPos[a] < meanPos[b]
	})
	return idx
}
