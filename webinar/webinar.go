package webinar

import (
	"errors"
	"fmt"
	"strings"

	"github.com/funnel-analytics/funnel/accounts"
	"github.com/funnel-analytics/funnel/funnel"
)

// Defaults of Options.
const (
	DefaultBin    = 5 * 60
	DefaultMost   = 0.75
	DefaultWithin = 30 * funnel.SecondsPerDay
)

// ErrNoAttendees is returned by Analyze without an attendee report.
var ErrNoAttendees = errors.New("webinar: webinar analytics need an attendee report (--attendees)")

// Options are the settings of Analyze; the zero value of a field means
// its default.
type Options struct {
	Bin    int64   // slice length in seconds (DefaultBin)
	Most   float64 // share of the webinar that counts as most of it (DefaultMost)
	Within int64   // seconds after the end in which a conversion counts (DefaultWithin)
	// Start, when not NoTime (or 0), is the start of the webinar (one
	// webinar only); Length, when positive, its length in seconds.
	Start, Length int64
	Agenda        []AgendaItem
	// Targets lists the target account ids; nil uses the accounts'
	// boolean target column when there is one. TargetsSource names where
	// they came from.
	Targets        []string
	TargetsSource  string
	MinTargetShare float64 // accounts.DefaultMinTargetShare when 0
}

func (o Options) withDefaults() (Options, error) {
	if o.Bin == 0 {
		o.Bin = DefaultBin
	}
	if o.Most == 0 {
		o.Most = DefaultMost
	}
	if o.Within == 0 {
		o.Within = DefaultWithin
	}
	if o.MinTargetShare == 0 {
		o.MinTargetShare = accounts.DefaultMinTargetShare
	}
	if o.Start == 0 {
		o.Start = funnel.NoTime
	}
	switch {
	case o.Bin < 60:
		return o, fmt.Errorf("webinar: --bin %ds: want a minute or more", o.Bin)
	case o.Most <= 0 || o.Most > 1:
		return o, fmt.Errorf("webinar: --most %g: want a share above 0 and at most 1", o.Most)
	case o.Within < 0 || o.Length < 0:
		return o, fmt.Errorf("webinar: --within and --length must not be negative")
	case o.MinTargetShare < 0 || o.MinTargetShare > 1:
		return o, fmt.Errorf("webinar: min target share %g: want a share between 0 and 1", o.MinTargetShare)
	}
	SortAgenda(o.Agenda)
	return o, nil
}

// Summary is one webinar's row of the side-by-side comparison.
type Summary struct {
	Webinar          string  `table:"webinar"`
	Start            string  `table:"start"`
	Minutes          float64 `table:"minutes"`
	Registered       int     `table:"registered"`
	Attended         int     `table:"attended"`
	AttendanceRate   float64 `table:"attendance_rate"`
	Peak             int     `table:"peak"`
	AvgMinutes       float64 `table:"avg_minutes"`
	AvgShare         float64 `table:"avg_share"`
	DropFromMinute   float64 `table:"drop_from_minute"`
	Drop             int     `table:"drop"`
	DropTopic        string  `table:"drop_topic"`
	MostNotConverted int     `table:"most_not_converted"`
	NotAttended      int     `table:"not_attended"`
	LeftEarly        int     `table:"left_early"`
	Accounts         int     `table:"accounts"`
	TargetAccounts   int     `table:"target_accounts"`
	TargetShare      float64 `table:"target_share"`
	BelowMin         bool    `table:"below_min_target_share"`
	// StartTime is Start in Unix seconds (not a column), for callers that
	// pick webinars by date (the report's month).
	StartTime int64
}

// FollowUp is one person on a follow-up list (see the package doc).
type FollowUp struct {
	Webinar   string  `table:"webinar"`
	List      string  `table:"list"`
	Email     string  `table:"email"`
	LeadID    string  `table:"lead_id"`
	AccountID string  `table:"account_id"`
	Minutes   float64 `table:"minutes"`
	Share     float64 `table:"share"`
	FirstJoin string  `table:"first_join"`
	LastLeave string  `table:"last_leave"`
}

// The follow-up lists.
const (
	ListMostNotConverted = "most_not_converted"
	ListNotAttended      = "not_attended"
	ListLeftEarly        = "left_early"
)

// Result is what Analyze found.
type Result struct {
	Options   Options
	Source    string
	Webinars  []Summary
	Curve     []Slice
	FollowUps []FollowUp
	// ConversionChecked says what counted as a conversion ("" when no
	// leads matched emails to leads); TargetsSource where the targets
	// came from ("" without any).
	ConversionChecked string
	TargetsSource     string
	Warnings          []string
}

// Analyze measures each webinar of ds.Attendees: the curve, the largest
// drop, the follow-up lists and the target-account share, using ds.Leads
// (email to lead and account), ds.Touches, ds.Opportunities and ds.Stages
// for conversions and ds.Accounts for targets when they are there.
func Analyze(ds *funnel.Dataset, opts Options) (*Result, error) {
	if ds.Attendees == nil {
		return nil, ErrNoAttendees
	}
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	var issues rowIssues
	events, err := collect(ds.Attendees, &issues)
	if err != nil {
		return nil, err
	}
	if opts.Start != funnel.NoTime && len(events) > 1 {
		return nil, fmt.Errorf("webinar: --start names one webinar's start, but %s holds %d webinars; split the file", ds.Attendees.Source, len(events))
	}
	r := &Result{Options: opts, Source: ds.Attendees.Source}
	for _, ev := range events {
		ev.merge(&issues)
		if err := ev.span(opts.Start, opts.Length, &issues); err != nil {
			return nil, err
		}
	}
	r.Warnings = issues.warnings()
	links := newLinks(ds, events, opts)
	r.ConversionChecked, r.TargetsSource = links.checked, links.targetsSource
	for _, ev := range events {
		slices, best := ev.curve(opts.Bin, opts.Agenda)
		r.Curve = append(r.Curve, slices...)
		s := r.summarize(ev, slices, best, links)
		if s.BelowMin {
			r.Warnings = append(r.Warnings, fmt.Sprintf("webinar %q: target accounts are %.0f%% of its attendees' accounts, below %.0f%%",
				ev.name, 100*s.TargetShare, 100*opts.MinTargetShare))
		}
		r.Webinars = append(r.Webinars, s)
	}
	if links.leads == nil {
		r.Warnings = append(r.Warnings, "no leads (--leads) to match attendees' emails: conversions were not checked, so most_not_converted lists everyone who attended most, and there is no target-account share")
	}
	return r, nil
}

// summarize fills one webinar's Summary and appends its follow-ups to r.
func (r *Result) summarize(ev *event, curve []Slice, best int, links *links) Summary {
	opts := r.Options
	length := float64(ev.end-ev.start) / 60
	s := Summary{Webinar: ev.name, Start: funnel.FormatTime(ev.start, false), StartTime: ev.start, Minutes: length, Registered: len(ev.people)}
	for _, c := range curve {
		s.Peak = max(s.Peak, c.PresentStart, c.PresentEnd)
	}
	if best >= 0 {
		s.DropFromMinute, s.Drop, s.DropTopic = curve[best].FromMinute, curve[best].Drop, curve[best].Topic
	}
	accts := map[string]bool{}
	var total float64
	for _, p := range ev.people {
		lead, account := links.lead(p.email)
		f := FollowUp{Webinar: ev.name, Email: p.email, LeadID: lead, AccountID: account}
		if len(p.intervals) == 0 {
			f.List = ListNotAttended
			s.NotAttended++
			r.FollowUps = append(r.FollowUps, f)
			continue
		}
		s.Attended++
		f.Minutes = p.minutes()
		f.Share = f.Minutes / length
		total += f.Minutes
		f.FirstJoin = funnel.FormatTime(p.intervals[0].join, false)
		lastLeave := p.intervals[len(p.intervals)-1].leave
		f.LastLeave = funnel.FormatTime(lastLeave, false)
		if account != "" && !accts[account] {
			accts[account] = true
			s.Accounts++
			if links.target[account] {
				s.TargetAccounts++
			}
		}
		switch {
		case f.Share >= opts.Most-1e-9:
			if !links.converted(lead, account, ev.start, ev.end+opts.Within) {
				f.List = ListMostNotConverted
				s.MostNotConverted++
			}
		case lastLeave < ev.end-opts.Bin:
			f.List = ListLeftEarly
			s.LeftEarly++
		}
		if f.List != "" {
			r.FollowUps = append(r.FollowUps, f)
		}
	}
	if s.Registered > 0 {
		s.AttendanceRate = float64(s.Attended) / float64(s.Registered)
	}
	if s.Attended > 0 {
		s.AvgMinutes = total / float64(s.Attended)
		s.AvgShare = s.AvgMinutes / length
	}
	if s.Accounts > 0 && links.target != nil {
		s.TargetShare = float64(s.TargetAccounts) / float64(s.Accounts)
		s.BelowMin = s.TargetShare < opts.MinTargetShare
	}
	return s
}

// Report returns the result as a funnel.Report: the curve (main table),
// the webinars side by side, the follow-up lists, and a line chart of the
// people present at the start of each slice.
func (r *Result) Report() *funnel.Report {
	rep := funnel.NewReport("webinar", "Webinar attendance")
	rep.AddMeta("attendees", r.Source)
	rep.AddMeta("webinars", len(r.Webinars))
	rep.AddMeta("bin_minutes", float64(r.Options.Bin)/60)
	rep.AddMeta("most", r.Options.Most)
	rep.AddMeta("within_days", float64(r.Options.Within)/float64(funnel.SecondsPerDay))
	checked := r.ConversionChecked
	if checked == "" {
		checked = "nothing (no leads to match emails)"
	}
	rep.AddMeta("conversion_checked", checked)
	targets := r.TargetsSource
	if targets == "" {
		targets = "none"
	}
	rep.AddMeta("targets", targets)
	rep.AddMeta("min_target_share", r.Options.MinTargetShare)
	if len(r.Webinars) == 1 {
		w := r.Webinars[0]
		rep.AddMeta("largest_drop_from_minute", w.DropFromMinute)
		rep.AddMeta("largest_drop", w.Drop)
		rep.AddMeta("largest_drop_topic", w.DropTopic)
	}
	rep.AddTable("curve", funnel.FrameOf(r.Curve))
	rep.AddTable("webinars", funnel.FrameOf(r.Webinars))
	rep.AddTable("follow_up", funnel.FrameOf(r.FollowUps))
	rep.AddChart(funnel.Chart{Kind: funnel.LineChart, Title: "People present at the start of each slice", Table: "curve",
		X: "from_minute", SeriesBy: "webinar", Y: "present_start", XTitle: "minute", YTitle: "people present"})
	rep.Warnings = append(rep.Warnings, r.Warnings...)
	return rep
}

// lower folds an email for matching.
func lower(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
