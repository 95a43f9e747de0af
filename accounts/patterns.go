package accounts

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/funnel-analytics/funnel/funnel"
)

// MaxPatternTypes bounds the activity types of --patterns: the pairs are
// counted in a types x types table.
const MaxPatternTypes = 2000

// Pattern is one ordered pair of activity types: First, then Then within
// the gap. Accounts counts the accounts with the pair, Rate the share of
// them that reached the outcome, RateFirstAlone the share among the
// accounts with First but without the pair, and Lift = Rate /
// RateFirstAlone (+Inf when only accounts with the pair reached the
// outcome, NaN when no account with First did, or every one had the pair).
// The tagged fields are the columns of the patterns table.
type Pattern struct {
	First          string  `table:"first"`
	Then           string  `table:"then"`
	Accounts       int     `table:"accounts"`
	Outcomes       int     // accounts with the pair that reached the outcome
	Rate           float64 `table:"rate"`
	FirstAlone     int     `table:"accounts_first_alone"` // accounts with First but not the pair
	RateFirstAlone float64 `table:"rate_first_alone"`
	Lift           float64 `table:"lift"`
}

// patterns counts, per account, the ordered pairs of activity types A != B
// with a touch of A at s and one of B at t, s < t <= s + Gap, among the
// account's touches up to its outcome moment (all of them when it did not
// reach the outcome): touches after the outcome cannot explain it. With
// cfg.PatternBy it counts them per segment too (segmentPatterns).
func (s *accountSet) patterns(accts []Account, cfg Options) ([]Pattern, []SegmentPatterns, error) {
	if s.typeCodes == nil {
		return nil, nil, nil
	}
	moments, err := s.outcomeMoments(accts, cfg.PatternOutcome)
	if err != nil {
		return nil, nil, err
	}
	slot, names, err := s.patternTypes()
	if err != nil {
		return nil, nil, err
	}
	var segs []SegmentPatterns
	if len(cfg.PatternBy) > 0 {
		if segs, err = s.segmentPatterns(cfg, moments, slot, names); err != nil {
			return nil, nil, err
		}
	}
	pc := newPairCounts(len(names))
	all := make([]int, len(moments))
	for k := range all {
		all[k] = k
	}
	s.countPairs(pc, all, moments, slot, cfg.Gap)
	return pc.patterns(names, cfg.MinPatternAccounts), segs, nil
}

// patternTypes returns the dense indices of the activity types of the
// used touches, in name order: slot[code] is the index of the type of
// Dict code code, names the types.
func (s *accountSet) patternTypes() (slot []int32, names []string, err error) {
	slot = filled(s.dict.Len(), -1)
	for _, i := range s.rows {
		if c := s.typeCodes[i]; c != funnel.NA && slot[c] < 0 {
			slot[c] = 0
			names = append(names, s.dict.String(c))
		}
	}
	if len(names) > MaxPatternTypes {
		return nil, nil, fmt.Errorf("accounts: --patterns: %d activity types is more than %d; group them first", len(names), MaxPatternTypes)
	}
	slices.Sort(names)
	for j, name := range names {
		c, _ := s.dict.Lookup(name)
		slot[c] = int32(j)
	}
	return slot, names, nil
}

// pairCounts counts accounts per ordered pair of activity types a, b (at
// a*types+b) and per first type: all of them, and those that reached the
// outcome. seen and window are countPairs' scratch, kept between calls
// (the patterns of each segment reuse one pairCounts).
type pairCounts struct {
	types                        int
	pairAccounts, pairOutcomes   []int32
	firstAccounts, firstOutcomes []int32
	pairSeen, firstSeen, window  []int32
}

func newPairCounts(T int) *pairCounts {
	return &pairCounts{types: T, pairAccounts: make([]int32, T*T), pairOutcomes: make([]int32, T*T),
		firstAccounts: make([]int32, T), firstOutcomes: make([]int32, T),
		pairSeen: filled(T*T, -1), firstSeen: filled(T, -1), window: make([]int32, T)}
}

// countPairs sweeps the touches of the accounts ks, each up to its
// outcome moment (moments[k]), with a window of the touches of each type
// in [t - gap, t) and counts each pair and each first type once per
// account into pc, whose counts it clears first.
func (s *accountSet) countPairs(pc *pairCounts, ks []int, moments []int64, slot []int32, gap int64) {
	T := pc.types
	pairAccounts, pairOutcomes := pc.pairAccounts, pc.pairOutcomes
	firstAccounts, firstOutcomes := pc.firstAccounts, pc.firstOutcomes
	pairSeen, firstSeen, window := pc.pairSeen, pc.firstSeen, pc.window // window: touches of each type in [t - Gap, t)
	clear(pairAccounts)
	clear(pairOutcomes)
	clear(firstAccounts)
	clear(firstOutcomes)
	for _, k := range ks {
		rows := s.touchRows(k)
		cut := moments[k]
		reached := int32(0)
		if cut != funnel.NoTime {
			reached = 1
		}
		typeAt := func(j int) int32 {
			if c := s.typeCodes[rows[j]]; c != funnel.NA {
				return slot[c]
			}
			return -1
		}
		lo := 0
		end := len(rows)
		if cut != funnel.NoTime {
			end = 0
			for end < len(rows) && s.times[rows[end]] <= cut {
				end++
			}
		}
		for j := 0; j < end; {
			t := s.times[rows[j]]
			for lo < j && s.times[rows[lo]] < t-gap {
				if a := typeAt(lo); a >= 0 {
					window[a]--
				}
				lo++
			}
			hi := j
			for hi < end && s.times[rows[hi]] == t {
				b := typeAt(hi)
				hi++
				if b < 0 {
					continue
				}
				if firstSeen[b] != int32(k) {
					firstSeen[b] = int32(k)
					firstAccounts[b]++
					firstOutcomes[b] += reached
				}
				for a := 0; a < T; a++ {
					if window[a] == 0 || int32(a) == b {
						continue
					}
					p := a*T + int(b)
					if pairSeen[p] != int32(k) {
						pairSeen[p] = int32(k)
						pairAccounts[p]++
						pairOutcomes[p] += reached
					}
				}
			}
			for ; j < hi; j++ {
				if a := typeAt(j); a >= 0 {
					window[a]++
				}
			}
		}
		for ; lo < end; lo++ {
			if a := typeAt(lo); a >= 0 {
				window[a]--
			}
		}
	}
}

// patterns returns the pairs seen in at least minAccounts accounts with
// their rates and lift, ordered by comparePatterns; names are the types.
func (pc *pairCounts) patterns(names []string, minAccounts int) []Pattern {
	T := pc.types
	var out []Pattern
	for a := 0; a < T; a++ {
		for b := 0; b < T; b++ {
			p := a*T + b
			n := int(pc.pairAccounts[p])
			if n == 0 || n < minAccounts {
				continue
			}
			pt := Pattern{First: names[a], Then: names[b], Accounts: n, Outcomes: int(pc.pairOutcomes[p])}
			pt.Rate = float64(pt.Outcomes) / float64(n)
			pt.FirstAlone = int(pc.firstAccounts[a]) - n
			alone := int(pc.firstOutcomes[a] - pc.pairOutcomes[p])
			pt.RateFirstAlone, pt.Lift = math.NaN(), math.NaN()
			if pt.FirstAlone > 0 {
				pt.RateFirstAlone = float64(alone) / float64(pt.FirstAlone)
				if pt.RateFirstAlone > 0 || pt.Rate > 0 {
					pt.Lift = pt.Rate / pt.RateFirstAlone // +Inf when only the pair ever reached it
				}
			}
			out = append(out, pt)
		}
	}
	slices.SortStableFunc(out, comparePatterns)
	return out
}

// comparePatterns orders patterns by lift (descending, undefined last),
// then accounts (descending) and names.
func comparePatterns(x, y Pattern) int {
	xn, yn := math.IsNaN(x.Lift), math.IsNaN(y.Lift)
	switch {
	case xn && !yn:
		return 1
	case yn && !xn:
		return -1
	case !xn && x.Lift != y.Lift:
		return cmp.Compare(y.Lift, x.Lift)
	}
	if c := cmp.Compare(y.Accounts, x.Accounts); c != 0 {
		return c
	}
	if c := cmp.Compare(x.First, y.First); c != 0 {
		return c
	}
	return cmp.Compare(x.Then, y.Then)
}
