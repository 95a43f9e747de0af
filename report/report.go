package report

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/go-gota/gota/dataframe"

	"github.com/funnel-analytics/funnel/accounts"
	"github.com/funnel-analytics/funnel/attribution"
	"github.com/funnel-analytics/funnel/content"
	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/market"
	"github.com/funnel-analytics/funnel/nurture"
	"github.com/funnel-analytics/funnel/scoring"
	"github.com/funnel-analytics/funnel/signals"
	"github.com/funnel-analytics/funnel/speed"
	"github.com/funnel-analytics/funnel/velocity"
	"github.com/funnel-analytics/funnel/webinar"
)

// DefaultMonths is how many months of velocity and conversion the report
// shows, the report's month included.
const DefaultMonths = 12

// DefaultTopLeads is how many open leads the Scoring sheet lists.
const DefaultTopLeads = 25

// Sheet names of the workbook, in order.
const (
	SheetSummary     = "Summary"
	SheetVelocity    = "Velocity"
	SheetConversion  = "Conversion"
	SheetAttribution = "Attribution"
	SheetScoring     = "Scoring"
	SheetAccounts    = "Accounts"
	SheetMarket      = "Market"
)

// ErrNoData means the month holds no timestamp of any input.
var ErrNoData = errors.New("no data in the month")

// Options are the settings of one monthly report. The analyses' own
// options carry the settings of their commands; Build sets their time
// windows (from, to, as-of) from Month.
type Options struct {
	Month    Month
	Location *time.Location // nil means UTC

	// Velocity: ladder, period, pairs, by, within and alerts. Months is
	// the number of periods shown up to the report's month (0 means
	// DefaultMonths).
	Velocity velocity.Options
	Months   int

	// Attribution of the month's won deals (B2B journeys ending at the
	// opportunity's close, or conversions of a touches event log).
	Attribution attribution.Config
	Journeys    attribution.OpportunityOptions

	// Model is a saved lead-score model; nil fits one with Fit on the
	// history before each month (Fit.Features.AsOf is set by Build).
	// Without either the report has no Scoring sheet.
	Model    *scoring.ModelFile
	Fit      *scoring.Config
	TopLeads int // 0 means DefaultTopLeads

	Accounts accounts.Options
	// Market sizes the segments when set (it needs a price).
	Market *market.Options

	// Signals makes the Signals sheet when Signals.Web (the web activity)
	// is set; Build sets its period (month), as-of and location.
	Signals signals.Options
	// Webinar are the settings of the Webinars sheet, made when the
	// dataset has attendees.
	Webinar webinar.Options
	// Content are the settings of the Content sheet, made when the
	// dataset has a content inventory and touches.
	Content content.Options
	// Nurture are the settings of the Nurture sheet (report/nurture.go),
	// made when there are touches.
	Nurture nurture.Options
	// Speed are the settings of the Speed sheet (report/speed.go), made
	// when there are stages and sales touches: Speed.Sales (a sales
	// activities file), else touches of the Speed.SalesTouch types.
	Speed speed.Options
}

// Build runs every analysis the dataset allows for the month and returns
// one report: the key figures on the Summary sheet, then a sheet per
// analysis. An analysis whose inputs are missing is left out and named in
// the meta; one that fails on the data is an error.
func Build(ds *funnel.Dataset, opts Options) (*funnel.Report, error) {
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	m := opts.Month
	first, last, n := dataSpan(ds)
	if n == 0 {
		return nil, fmt.Errorf("%w: the inputs hold no timestamps", ErrNoData)
	}
	if inMonth := countInMonth(ds, m); inMonth == 0 {
		return nil, fmt.Errorf("%w: nothing happened in %s (the inputs run from %s to %s)", ErrNoData, m,
			funnel.FormatTime(first, true), funnel.FormatTime(last, true))
	}
	b := &builder{ds: ds, opts: opts, m: m, prev: m.Prev(),
		rep: funnel.NewReport("report", "funnel monthly report "+m.String())}
	b.rep.AddMeta("month", m.String())
	b.rep.AddMeta("previous_month", b.prev.String())
	b.rep.AddMeta("timezone", opts.Location.String())
	b.rep.AddMeta("data_from", funnel.FormatTime(first, false))
	b.rep.AddMeta("data_to", funnel.FormatTime(last, false))
	b.rep.AddMeta("as_of", funnel.FormatTime(m.End.Unix(), false)+" (the analyses see the data up to the month's end; later rows are left out)")
	b.rep.AddTable("key_figures", dataframe.DataFrame{}) // placeholder, replaced below
	steps := []func() error{b.velocity, b.attribution, b.scoring, b.accounts, b.market, b.signals, b.webinars, b.content, b.abm, b.nurture, b.speed, b.stageCredit}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	b.activity()
	b.rep.Tables[0].Frame = b.figures.frame()
	b.rep.RowUnits = map[string][]funnel.Unit{"key_figures": b.figures.units()}
	if amount := b.ds.Opportunities.Role(funnel.RoleAmount); amount != nil {
		b.rep.SetCurrency("key_figures", amount.Currency, "") // the money figures are won amounts
	}
	b.rep.SetSheet("key_figures", SheetSummary)
	if len(b.skipped) > 0 {
		b.rep.AddMeta("left_out", b.skipped)
	}
	return b.rep, nil
}

// builder holds one report under construction.
type builder struct {
	ds      *funnel.Dataset
	opts    Options
	m, prev Month
	rep     *funnel.Report
	figures figures
	skipped []string
	entries *stageEntries      // the stage history's entries, read once (report/stagecredit.go)
	acct    *accounts.Analysis // the accounts section's analysis, which the ABM sheet shows too (nil: left out)
}

// skip notes an analysis left out and why.
func (b *builder) skip(what, why string) {
	b.skipped = append(b.skipped, what+": "+why)
}

// add copies table name of sub into the report on sheet, with its charts
// and its columns' currencies.
func (b *builder) add(sub *funnel.Report, name, as, sheet string) {
	df, ok := sub.Table(name)
	if !ok {
		return
	}
	b.rep.AddTable(as, df)
	b.rep.SetSheet(as, sheet)
	for col, cur := range sub.Currencies[name] {
		b.rep.SetCurrency(as, cur, col)
	}
	for _, c := range sub.Charts {
		if c.Table == name {
			c.Table = as
			b.rep.AddChart(c)
		}
	}
}

// warn copies an analysis's warnings, prefixed with its name. Warnings
// about rows after the as-of time are dropped: every analysis runs as of
// the month's end, so later rows are expected, not typos (the meta says
// so once).
func (b *builder) warn(what string, ws []string) {
	for _, w := range ws {
		if strings.Contains(w, "after the as-of time") {
			continue
		}
		b.rep.Warnf("%s: %s", what, w)
	}
}

// warnOnce is warn for warnings that other sections may have copied
// already (the opportunities' outcomes, which velocity, market, accounts
// and attribution decide alike): each is said once.
func (b *builder) warnOnce(what string, ws []string) {
	for _, w := range ws {
		said := false
		for _, old := range b.rep.Warnings {
			said = said || strings.HasSuffix(old, ": "+w)
		}
		if !said {
			b.warn(what, []string{w})
		}
	}
}

// dataSpan returns the earliest and latest timestamp of the dataset and
// how many there are.
func dataSpan(ds *funnel.Dataset) (first, last int64, n int) {
	first, last = funnel.NoTime, funnel.NoTime
	ds.EachTime(func(t int64) {
		if n == 0 || t < first {
			first = t
		}
		last = max(last, t)
		n++
	})
	return first, last, n
}

// countInMonth counts the timestamps of the dataset that fall in m.
func countInMonth(ds *funnel.Dataset, m Month) int {
	n := 0
	ds.EachTime(func(t int64) {
		if m.Contains(t) {
			n++
		}
	})
	return n
}
