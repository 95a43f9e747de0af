package signals

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/velocity"
)

// Defaults of Options.
const (
	DefaultBaseline    = 3
	DefaultDrop        = 0.5
	DefaultSurge       = 1.0
	DefaultMinBaseline = 10
	DefaultAlpha       = 0.05
	DefaultActive      = 90 * funnel.SecondsPerDay
	DefaultStallAfter  = 7 * funnel.SecondsPerDay
	DefaultTrialLength = 30 * funnel.SecondsPerDay
	DefaultTopContent  = 3
	// SuggestedAction is the action of every stalled trial: extending a
	// trial nobody uses does not help, a conversation does.
	SuggestedAction = "offer a live demo"
)

// Default activity types (compared case-insensitively with the touches'
// activity_type, else channel).
var (
	DefaultWebTypes    = []string{"web_visit", "page_view", "pricing_page_view"}
	DefaultTrialSignup = []string{"free_trial_signup", "trial_signup"}
	DefaultTrialUsage  = []string{"trial_usage", "trial_login"}
	DefaultActiveStage = []string{"sql", "opportunity"}
	// DefaultContentColumns are the touches columns read as the content
	// item, the first present (funnel's content item headers, then its
	// URL headers, as content stages read them); else the campaign.
	DefaultContentColumns = slices.Concat(funnel.ContentItemHeaders, funnel.ContentURLHeaders)
)

// ErrNoTouches is returned by Analyze without touches.
var ErrNoTouches = errors.New("signals: account signals need the touches (--touches, or --web)")

// Options says how `funnel signals` reads the activity. The zero value of
// a field marked so means its default.
type Options struct {
	// Period is the length of the periods (0 means month); the latest
	// period is the last one that ends by AsOf.
	Period velocity.Period
	// AsOf is the first second not yet known (0: the second after the
	// latest timestamp of the inputs); Location the calendar's (nil: UTC).
	AsOf     int64
	Location *time.Location
	// Web is an extra touches table of web activity (--web), read with
	// the touches.
	Web *funnel.Table
	// WebTypes, TrialSignup, TrialUsage and ActiveStages name activity
	// types and stages (nil: the defaults).
	WebTypes, TrialSignup, TrialUsage, ActiveStages []string
	// Baseline is the number of periods before the latest one that make
	// an account's baseline (0: DefaultBaseline); MinBaseline the web
	// touches the baseline needs for a drop, and the latest period for a
	// surge (0: DefaultMinBaseline).
	Baseline, MinBaseline int
	// Drop and Surge are the relative changes of the rate that alert: a
	// fall of at least Drop (0: DefaultDrop), a rise of at least Surge
	// (0: DefaultSurge); Alpha the one-sided significance level (0:
	// DefaultAlpha).
	Drop, Surge, Alpha float64
	// Adjust is the multiple-testing adjustment of a period's p-values
	// over the accounts tested: AdjustBH ("" means it) or AdjustNone.
	Adjust string
	// Active: an SQL or opportunity stage entered within it before AsOf
	// makes an account active (0: DefaultActive).
	Active int64
	// StallAfter and TrialLength: a trial runs TrialLength from its
	// signup and is stalled after StallAfter without usage (0: defaults).
	StallAfter, TrialLength int64
	// ContentBy is the touches column naming the content item ("": the
	// first of DefaultContentColumns, else campaign).
	ContentBy string
	// Targets lists target account ids (nil: the accounts table's target
	// column).
	Targets []string
}

func (o Options) withDefaults() (Options, error) {
	def := func(v *[]string, d []string) {
		if *v == nil {
			*v = d
		}
	}
	def(&o.WebTypes, DefaultWebTypes)
	def(&o.TrialSignup, DefaultTrialSignup)
	def(&o.TrialUsage, DefaultTrialUsage)
	def(&o.ActiveStages, DefaultActiveStage)
	if o.Period == 0 {
		o.Period = velocity.Month
	}
	if o.Location == nil {
		o.Location = time.UTC
	}
	setInt := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	setInt(&o.Baseline, DefaultBaseline)
	setInt(&o.MinBaseline, DefaultMinBaseline)
	setSpan := func(v *int64, d int64) {
		if *v == 0 {
			*v = d
		}
	}
	setSpan(&o.Active, DefaultActive)
	setSpan(&o.StallAfter, DefaultStallAfter)
	setSpan(&o.TrialLength, DefaultTrialLength)
	setFloat := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	setFloat(&o.Drop, DefaultDrop)
	setFloat(&o.Surge, DefaultSurge)
	setFloat(&o.Alpha, DefaultAlpha)
	if o.Adjust == "" {
		o.Adjust = AdjustBH
	}
	switch {
	case o.Adjust != AdjustBH && o.Adjust != AdjustNone:
		return o, fmt.Errorf("signals: --p-adjust %q: want bh or none", o.Adjust)
	case o.Baseline < 1 || o.MinBaseline < 1:
		return o, fmt.Errorf("signals: --baseline and --min-baseline want 1 or more")
	case !(o.Drop > 0 && o.Drop <= 1):
		return o, fmt.Errorf("signals: --drop %g: want a share above 0, at most 100%%", o.Drop)
	case !(o.Surge > 0):
		return o, fmt.Errorf("signals: --surge %g: want a positive share", o.Surge)
	case !(o.Alpha > 0 && o.Alpha < 1):
		return o, fmt.Errorf("signals: --alpha %g: want a level between 0 and 1", o.Alpha)
	case o.Active < 0 || o.StallAfter < 0 || o.TrialLength < 0:
		return o, fmt.Errorf("signals: --active, --stall-after and --trial-length must not be negative")
	}
	return o, nil
}

// Result is the outcome of Analyze; its tables' rows are these slices.
type Result struct {
	Options Options // defaults filled
	// Latest is the label of the latest complete period, Baseline those
	// of the periods before it that make the baseline.
	Latest   string
	Baseline []string
	Drops    []Drop
	Surges   []Surge
	Trials   []Trial
	Traffic  []TrafficPeriod
	Backtest *Backtest // nil without opportunities
	// WebTouches counts the web touches read; Unmatched those of no known
	// account (still counted in the traffic table).
	WebTouches, Unmatched int
	ContentColumn         string
	TargetsKnown          bool
	Warnings              []string
}

func (r *Result) warnf(format string, args ...any) {
	r.Warnings = append(r.Warnings, fmt.Sprintf(format, args...))
}

// Analyze computes the signals of ds (and opts.Web) as of opts.AsOf.
func Analyze(ds *funnel.Dataset, opts Options) (*Result, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	if ds.Touches == nil && opts.Web == nil {
		return nil, ErrNoTouches
	}
	if opts.AsOf == 0 {
		opts.AsOf = ds.DefaultAsOf()
		if opts.Web != nil {
			for _, c := range opts.Web.Columns {
				if c.Kind == funnel.KindTime {
					for _, t := range c.Times {
						opts.AsOf = max(opts.AsOf, t+1)
					}
				}
			}
		}
	}
	if opts.AsOf == funnel.NoTime {
		return nil, fmt.Errorf("signals: the inputs hold no timestamp, so there is no latest period")
	}
	r := &Result{Options: opts}
	ix, err := newIndex(ds, opts, r)
	if err != nil {
		return nil, err
	}
	if ix.nPeriods < opts.Baseline+1 {
		r.warnf("the web activity spans %d complete period(s) up to %s; %d are needed (the latest and --baseline %d before it), so no drop or surge is judged",
			ix.nPeriods, funnel.FormatTime(opts.AsOf, false), opts.Baseline+1, opts.Baseline)
	} else {
		latest := ix.nPeriods - 1
		r.Latest = ix.label(latest)
		for p := latest - opts.Baseline; p < latest; p++ {
			r.Baseline = append(r.Baseline, ix.label(p))
		}
		r.Drops = ix.drops(latest, ix.activeNow())
		if r.Surges, err = ix.surges(ds, latest); err != nil {
			return nil, err
		}
	}
	r.Trials = ix.trials()
	r.Traffic = ix.traffic(r)
	if ix.opps != nil {
		r.Backtest = ix.backtest()
	}
	return r, nil
}

// typeSet is a set of activity types or stage names, compared in lower case.
type typeSet map[string]bool

func newTypeSet(names []string) typeSet {
	s := typeSet{}
	for _, n := range names {
		if n = strings.ToLower(strings.TrimSpace(n)); n != "" {
			s[n] = true
		}
	}
	return s
}

// codes returns the set's members as Dict codes of dict, lower-cased
// variants of the dict's strings included (one pass over the dict).
func (s typeSet) codes(dict *funnel.Dict) []bool {
	in := make([]bool, dict.Len())
	for c := range in {
		in[c] = s[strings.ToLower(dict.String(int32(c)))]
	}
	return in
}

// names lists the set in order, for the meta.
func (s typeSet) names() []string {
	return slices.Sorted(maps.Keys(s))
}
