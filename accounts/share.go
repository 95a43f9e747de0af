package accounts

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// ResponseRule says, for the meta, which touches are responses without
// Options.Responses: the words of IsResponse.
const ResponseRule = "a touch whose activity type holds download, signup, register, request, attend, form, submit, click, reply, respond, webinar or eventvisit (letters and digits in lower case): the buyer acted; web visits, page views, opens, sends, calls and product usage are not responses"

// responseWords are the words of ResponseRule, in its order.
var responseWords = []string{"download", "signup", "register", "request", "attend", "form", "submit", "click", "reply", "respond", "webinar", "eventvisit"}

// IsResponse reports whether a touch of activity type activity is a
// response by ResponseRule: its funnel.NameKey holds one of the words.
func IsResponse(activity string) bool {
	return funnel.KeyHasAny(funnel.NameKey(activity), responseWords...)
}

// TargetShare is the target accounts' share of the touches, responses,
// attendees and pipeline per month, over the window From to To (months
// "2026-10": Options.ShareMonths ending with the as-of month, less the
// months before the first with a touch, an attendee or pipeline), for the
// target accounts and each tier (segments).
type TargetShare struct {
	From, To string
	Rows     []ShareRow
	// ResponseRule is ResponseRule, or the activity types of
	// Options.Responses.
	ResponseRule string
	// HasAttendees: an attendee report was given; HasPipeline: the
	// opportunities were.
	HasAttendees, HasPipeline bool
	// UnmatchedAttendees counts attendees (an email at an event) whose
	// email is no lead's with an account: in no month's totals.
	UnmatchedAttendees int
	Warnings           []string
}

// ShareRow is one month of one segment: the month's totals over the
// accounts of every segment (target or not), the segment's part and its
// share = segment / total (NaN when the total is 0). The tagged fields are
// the columns of the target_share table.
type ShareRow struct {
	Month            string  `table:"month"`
	Segment          string  `table:"segment"` // target, or a tier
	Touches          int     `table:"touches"`
	SegmentTouches   int     `table:"segment_touches"`
	TouchShare       float64 `table:"touch_share"`
	Responses        int     `table:"responses"`
	SegmentResponses int     `table:"segment_responses"`
	ResponseShare    float64 `table:"response_share"`
	// Attendees: distinct people (emails) at each event, in the month of
	// their first join.
	Attendees        int     `table:"attendees"`
	SegmentAttendees int     `table:"segment_attendees"`
	AttendeeShare    float64 `table:"attendee_share"`
	// Pipeline: the amounts of the opportunities created in the month.
	Pipeline        float64 `table:"pipeline"`
	SegmentPipeline float64 `table:"segment_pipeline"`
	PipelineShare   float64 `table:"pipeline_share"`
	// RoseButFell names the measures whose total rose against the month
	// before while the segment's share of it fell ("" for none; the
	// first month of the window has no month before).
	RoseButFell string `table:"total_up_share_down"`
}

// shareCount is one month's counts of one segment (or of every account).
type shareCount struct {
	touches, responses, attendees int
	pipeline                      float64
}

func (c *shareCount) add(d shareCount) {
	c.touches += d.touches
	c.responses += d.responses
	c.attendees += d.attendees
	c.pipeline += d.pipeline
}

// segments returns the segments of the target_share and event tables
// (target, then each tier with an account) and, per account, its
// segments: of[k] lists indices into names.
func (s *accountSet) segments(accts []Account) (names []string, of [][]int) {
	names = []string{"target"}
	slot := map[Tier]int{}
	if s.tier != nil {
		has := map[Tier]bool{}
		for k := range accts {
			has[accts[k].Tier] = true
		}
		for _, t := range Tiers {
			if has[t] {
				slot[t] = len(names)
				names = append(names, t.String())
			}
		}
	}
	of = make([][]int, len(accts))
	for k := range accts {
		if accts[k].Target {
			of[k] = append(of[k], 0)
		}
		if j, ok := slot[accts[k].Tier]; ok && accts[k].Tier != NoTier {
			of[k] = append(of[k], j)
		}
	}
	return names, of
}

// monthIndex is t's month (UTC) as year*12 + month - 1.
func monthIndex(t int64) int {
	y, m, _ := funnel.UTC(t).Date()
	return y*12 + int(m) - 1
}

func monthName(i int) string { return fmt.Sprintf("%04d-%02d", i/12, i%12+1) }

// targetShare counts, per month of the window and segment, the touches,
// responses, attendees and pipeline, and their totals over all accounts.
func (s *accountSet) targetShare(accts []Account, cfg Options) *TargetShare {
	names, of := s.segments(accts)
	// The window ends with the month of the second before the as-of time:
	// an as-of date means the end of that day, the next midnight, whose
	// month has not begun.
	last := monthIndex(s.asOf - 1)
	first := last - cfg.ShareMonths + 1
	r := &TargetShare{From: monthName(first), To: monthName(last), ResponseRule: ResponseRule,
		HasPipeline: s.opps != nil}
	r.HasAttendees, _ = s.attendeesUsable()
	if cfg.Responses != nil {
		r.ResponseRule = "a touch whose activity type is one of: " + strings.Join(cfg.Responses, ", ")
	}
	total := make([]shareCount, cfg.ShareMonths)
	seg := make([][]shareCount, cfg.ShareMonths)
	for m := range seg {
		seg[m] = make([]shareCount, len(names))
	}
	// add adds d to account k's segments and the total in the month of t.
	add := func(k int, t int64, d shareCount) {
		m := monthIndex(t) - first
		if t == funnel.NoTime || m < 0 || m >= len(total) {
			return
		}
		total[m].add(d)
		for _, j := range of[k] {
			seg[m][j].add(d)
		}
	}
	response := s.responseTest(cfg.Responses)
	for k := range accts {
		for _, i := range s.touchRows(k) {
			d := shareCount{touches: 1}
			if response(i) {
				d.responses = 1
			}
			add(k, s.times[i], d)
		}
	}
	s.sharePipeline(accts, add)
	if r.HasAttendees {
		att := s.attendees() // events warns of the unmatched
		r.UnmatchedAttendees = att.unmatched
		for _, at := range att.list {
			add(int(at.account), at.join, shareCount{attendees: 1})
		}
	}
	// Months before the first with a touch, an attendee or pipeline are
	// before the data: left out.
	lead := 0
	for lead < len(total)-1 && total[lead] == (shareCount{}) {
		lead++
	}
	first += lead
	r.From = monthName(first)
	r.rows(names, total[lead:], seg[lead:], first)
	return r
}

// sharePipeline adds the amounts of the opportunities created in each
// month (abm warns of a missing amount column).
func (s *accountSet) sharePipeline(accts []Account, add func(int, int64, shareCount)) {
	if s.opps == nil {
		return
	}
	created := s.opps.TimeRole(funnel.RoleCreatedAt)
	amount := s.opps.Role(funnel.RoleAmount)
	if created == nil || amount == nil || amount.Kind != funnel.KindNumber {
		return
	}
	for k := range accts {
		for _, i := range s.oppRowsOf(k) {
			if v := amount.Nums[i]; !math.IsNaN(v) {
				add(k, created.Times[i], shareCount{pipeline: v})
			}
		}
	}
}

// responseTest returns whether touch row i is a response: its activity
// type (funnel.ActivityRole) is one of names by funnel.NameKey, or with
// names nil it passes IsResponse. Each Dict code is judged once.
func (s *accountSet) responseTest(names []string) func(i int32) bool {
	if s.typeCodes == nil {
		return func(int32) bool { return false }
	}
	want := map[string]bool{}
	for _, n := range names {
		want[funnel.NameKey(n)] = true
	}
	judged := make([]int8, s.dict.Len()) // 0 not yet, 1 response, 2 not
	return func(i int32) bool {
		c := s.typeCodes[i]
		if c == funnel.NA {
			return false
		}
		if judged[c] == 0 {
			v := s.dict.String(c)
			judged[c] = 2
			if names == nil && IsResponse(v) || names != nil && want[funnel.NameKey(v)] {
				judged[c] = 1
			}
		}
		return judged[c] == 1
	}
}

// rows makes the table's rows, month by month, the segments in order,
// flags the measures whose total rose while the share fell, and warns of
// the target accounts' flags in the last month.
func (r *TargetShare) rows(names []string, total []shareCount, seg [][]shareCount, first int) {
	for m := range total {
		for j, name := range names {
			t, g := total[m], seg[m][j]
			row := ShareRow{
				Month: monthName(first + m), Segment: name,
				Touches: t.touches, SegmentTouches: g.touches, TouchShare: ratioOr(float64(g.touches), float64(t.touches)),
				Responses: t.responses, SegmentResponses: g.responses, ResponseShare: ratioOr(float64(g.responses), float64(t.responses)),
				Attendees: t.attendees, SegmentAttendees: g.attendees, AttendeeShare: ratioOr(float64(g.attendees), float64(t.attendees)),
				Pipeline: t.pipeline, SegmentPipeline: g.pipeline, PipelineShare: ratioOr(g.pipeline, t.pipeline),
			}
			if m > 0 {
				row.RoseButFell = r.roseButFell(r.Rows[len(r.Rows)-len(names)], row)
			}
			r.Rows = append(r.Rows, row)
		}
	}
	if len(total) < 2 {
		return
	}
	at := len(r.Rows) - len(names)
	cur, prev := r.Rows[at], r.Rows[at-len(names)]
	if cur.RoseButFell == "" {
		return
	}
	for _, m := range strings.Split(cur.RoseButFell, ", ") {
		var pt, ct float64
		var ps, cs float64
		switch m {
		case "touches":
			pt, ct, ps, cs = float64(prev.Touches), float64(cur.Touches), prev.TouchShare, cur.TouchShare
		case "responses":
			pt, ct, ps, cs = float64(prev.Responses), float64(cur.Responses), prev.ResponseShare, cur.ResponseShare
		case "attendees":
			pt, ct, ps, cs = float64(prev.Attendees), float64(cur.Attendees), prev.AttendeeShare, cur.AttendeeShare
		case "pipeline":
			pt, ct, ps, cs = prev.Pipeline, cur.Pipeline, prev.PipelineShare, cur.PipelineShare
		}
		r.warnf("%s rose from %s in %s to %s in %s, but the target accounts' share fell from %.1f%% to %.1f%%: ask whether the campaigns reached the accounts they were for",
			m, formatAmount(pt), prev.Month, formatAmount(ct), cur.Month, 100*ps, 100*cs)
	}
}

// roseButFell lists the measures of row whose total is above prev's while
// the share is below it (both shares known).
func (r *TargetShare) roseButFell(prev, row ShareRow) string {
	var out []string
	check := func(name string, pt, ct, ps, cs float64, has bool) {
		if has && ct > pt && cs < ps {
			out = append(out, name)
		}
	}
	check("touches", float64(prev.Touches), float64(row.Touches), prev.TouchShare, row.TouchShare, true)
	check("responses", float64(prev.Responses), float64(row.Responses), prev.ResponseShare, row.ResponseShare, true)
	check("attendees", float64(prev.Attendees), float64(row.Attendees), prev.AttendeeShare, row.AttendeeShare, r.HasAttendees)
	check("pipeline", prev.Pipeline, row.Pipeline, prev.PipelineShare, row.PipelineShare, r.HasPipeline)
	return strings.Join(out, ", ")
}

// formatAmount writes a count or an amount without trailing zeros.
func formatAmount(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func (r *TargetShare) warnf(format string, args ...any) {
	r.Warnings = append(r.Warnings, fmt.Sprintf(format, args...))
}
