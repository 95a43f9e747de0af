package accounts

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// Tables of the activity mix per buying phase.
const (
	TablePhases   = "phases"
	TablePhaseMix = "phase_mix"
)

// BuyingPhases are the phases of a buying journey in order: engage (first
// contact: visits, ads, search, social), interact (content and events:
// emails, downloads, webinars, events, forms) and convert (hand-raising:
// demo requests, trials, pricing, meetings, calls); other holds the
// activity types no rule names.
var BuyingPhases = []string{"engage", "interact", "convert", "other"}

// phaseKeywords are DefaultPhase's rule: the first phase one of whose
// words is part of the activity type's name (funnel.NameKey) is its phase.
var phaseKeywords = []struct {
	phase string
	words []string
}{
	{"convert", []string{"demo", "trial", "pricing", "meeting", "call", "quote", "proposal", "contactus", "sales"}},
	{"interact", []string{"webinar", "event", "email", "download", "whitepaper", "report", "ebook", "casestudy", "video", "form", "chat"}},
	{"engage", []string{"web", "visit", "page", "adclick", "ads", "social", "search", "blog", "impression"}},
}

// PhaseRule says DefaultPhase's rule, for the report.
var PhaseRule = func() string {
	var parts []string
	for _, k := range phaseKeywords {
		parts = append(parts, strings.Join(k.words, ", ")+": "+k.phase)
	}
	return "the first rule whose word is part of the activity type's name: " + strings.Join(parts, "; ") + "; else other"
}()

// DefaultPhase returns the buying phase of an activity type by its name
// (phaseKeywords): "demo_request" convert, "webinar_attended" interact,
// "web_visit" engage, an unknown name other.
func DefaultPhase(activity string) string {
	key := funnel.NameKey(activity)
	for _, k := range phaseKeywords {
		if funnel.KeyHasAny(key, k.words...) {
			return k.phase
		}
	}
	return "other"
}

// ParsePhase checks a phase name of BuyingPhases (case aside).
func ParsePhase(s string) (string, error) {
	p := strings.ToLower(strings.TrimSpace(s))
	if !slices.Contains(BuyingPhases, p) {
		return "", fmt.Errorf("unknown phase %q (want %s)", s, strings.Join(BuyingPhases, ", "))
	}
	return p, nil
}

// PhaseMix is the activity mix per buying phase: Phases a row per phase
// with a touch, Mix a row per activity type, by phase.
type PhaseMix struct {
	Rule   string
	Phases []PhaseRow
	Mix    []PhaseTypeRow
}

// PhaseRow is a row of the phases table. A touch's position is where it
// falls in its account's span of touches, (t - first) / (last - first),
// 0 the account's first touch and 1 its last; accounts whose touches share
// one time have no span and their touches no position. MeanPosition is
// the mean position of the phase's touches, EarlyShare the share of them
// in the first half of their account's span (position below 0.5): early
// self-service shows a low mean position, late field work a high one.
type PhaseRow struct {
	Phase         string  `table:"phase"`
	ActivityTypes int     `table:"activity_types"`
	Touches       int     `table:"touches"`
	Share         float64 `table:"share"` // of all touches with an activity type
	Accounts      int     `table:"accounts"`
	MeanPosition  float64 `table:"mean_position"`
	EarlyShare    float64 `table:"early_share"`
}

// PhaseTypeRow is a row of the phase_mix table: an activity type, its
// phase, its touches, their share of the phase's touches and of all
// touches, the accounts with one, and its positions as in PhaseRow.
type PhaseTypeRow struct {
	Phase          string  `table:"phase"`
	ActivityType   string  `table:"activity_type"`
	Touches        int     `table:"touches"`
	ShareOfPhase   float64 `table:"share_of_phase"`
	ShareOfTouches float64 `table:"share_of_touches"`
	Accounts       int     `table:"accounts"`
	MeanPosition   float64 `table:"mean_position"`
	EarlyShare     float64 `table:"early_share"`
}

// phaseTally sums the touches of an activity type or a phase.
type phaseTally struct {
	touches, accounts, positioned, early int
	posSum                               float64
	seen                                 int // last account counted + 1
}

func (t *phaseTally) add(k int, pos float64) {
	t.touches++
	if t.seen != k+1 {
		t.seen = k + 1
		t.accounts++
	}
	if !math.IsNaN(pos) {
		t.positioned++
		t.posSum += pos
		if pos < 0.5 {
			t.early++
		}
	}
}

func (t *phaseTally) means() (mean, early float64) {
	if t.positioned == 0 {
		return math.NaN(), math.NaN()
	}
	return t.posSum / float64(t.positioned), float64(t.early) / float64(t.positioned)
}

// phaseMix tallies the used touches by activity type and buying phase
// (phaseOf, keyed by funnel.NameKey, else DefaultPhase), with their
// positions in their accounts' spans.
func (s *accountSet) phaseMix(phaseOf map[string]string) *PhaseMix {
	m := &PhaseMix{Rule: PhaseRule}
	if len(phaseOf) > 0 {
		m.Rule = "the phases named (--phase), else " + PhaseRule
	}
	if s.typeCodes == nil {
		return m
	}
	byType := map[int32]*phaseTally{}
	phaseTallies := make([]phaseTally, len(BuyingPhases))
	phaseOfCode := map[int32]int{}
	for k := range s.ids {
		rows := s.touchRows(k)
		if len(rows) == 0 {
			continue
		}
		first, last := s.times[rows[0]], s.times[rows[len(rows)-1]]
		for _, i := range rows {
			c := s.typeCodes[i]
			if c == funnel.NA {
				continue
			}
			tl, ok := byType[c]
			if !ok {
				tl = &phaseTally{}
				byType[c] = tl
				phaseOfCode[c] = phaseIndex(s.dict.String(c), phaseOf)
			}
			pos := math.NaN()
			if last > first {
				pos = float64(s.times[i]-first) / float64(last-first)
			}
			tl.add(k, pos)
			phaseTallies[phaseOfCode[c]].add(k, pos)
		}
	}
	total := 0
	for _, t := range phaseTallies {
		total += t.touches
	}
	types := make([]int, len(BuyingPhases))
	for c, tl := range byType {
		p := phaseOfCode[c]
		types[p]++
		mean, early := tl.means()
		m.Mix = append(m.Mix, PhaseTypeRow{Phase: BuyingPhases[p], ActivityType: s.dict.String(c), Touches: tl.touches,
			ShareOfPhase: float64(tl.touches) / float64(phaseTallies[p].touches), ShareOfTouches: float64(tl.touches) / float64(total),
			Accounts: tl.accounts, MeanPosition: mean, EarlyShare: early})
	}
	slices.SortFunc(m.Mix, func(x, y PhaseTypeRow) int {
		if c := cmp.Compare(slices.Index(BuyingPhases, x.Phase), slices.Index(BuyingPhases, y.Phase)); c != 0 {
			return c
		}
		if c := cmp.Compare(y.Touches, x.Touches); c != 0 {
			return c
		}
		return cmp.Compare(x.ActivityType, y.ActivityType)
	})
	for p, t := range phaseTallies {
		if t.touches == 0 {
			continue
		}
		mean, early := t.means()
		m.Phases = append(m.Phases, PhaseRow{Phase: BuyingPhases[p], ActivityTypes: types[p], Touches: t.touches,
			Share: float64(t.touches) / float64(total), Accounts: t.accounts, MeanPosition: mean, EarlyShare: early})
	}
	return m
}

// phaseIndex is the index in BuyingPhases of the phase of activity.
func phaseIndex(activity string, phaseOf map[string]string) int {
	p, ok := phaseOf[funnel.NameKey(activity)]
	if !ok {
		p = DefaultPhase(activity)
	}
	return slices.Index(BuyingPhases, p)
}
