package market

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/velocity"
)

// Options controls Size (`funnel size`).
type Options struct {
	// By names the segment columns of the base table (--by industry,region);
	// nil gives one segment, "all".
	By []string
	// Filter narrows the target definition (--filter "employees>=200"),
	// see Filter.
	Filter string
	// Units is the number of units per account (--units); 0 means 1.
	Units float64
	// UnitsColumn takes each account's units from a number column
	// (--units-col employees); it wins over Units. Missing values count 0.
	UnitsColumn string
	// Price is the unit price (--price); with Prices it is the fallback for
	// segments the prices table does not list.
	Price float64
	// Prices holds a price per segment (--prices FILE): a column for each
	// By name and a price column.
	Prices *funnel.Table
	// PriceColumn is the price column of Prices; "" looks for "price",
	// "unit_price" or "unit price".
	PriceColumn string
	// MinLeads is the number of leads that makes a segment ready
	// (--min-leads); 0 means 1.
	MinLeads int
	// UseLeads sizes from the leads table (each lead row a target) even
	// when an accounts table is present.
	UseLeads bool
	// Order and Wide read the stages table as velocity.Options does.
	Order []string
	Wide  []velocity.WideColumn
	// AsOf cuts opportunities as velocity.Pipeline does; zero means no cut-off.
	AsOf time.Time
	// SplitValues, when not "", separates the values of multi-value text
	// By columns (--split-values ";"): a target whose value holds several
	// ("API;Forecasting") is in the segment of each, so segments overlap
	// and the totals row counts such a target once per segment.
	SplitValues string
}

// Row is one segment of the market table (or the totals row).
//
//	market_size = units × price;  units = Σ units per target account
//	win_rate = won / (won + lost),  with its 95% Wilson interval
//	expected_revenue = market_size × win_rate
//
// A segment without a closed opportunity (won + lost = 0) has no win rate
// (NaN, shown as NA) nor expected revenue, and the interval [0, 1]: with
// no trial every rate is possible (the limit of the Wilson interval as the
// trials go to 0). Without a price, market_size is NaN (NA); the totals row
// of no segment at all (a filter that leaves no account) has market_size 0.
//
// The tags name the columns of table market; the segment columns stand in
// place of Segment, the reached columns in place of Reached.
type Row struct {
	Segment    []string // By values; the totals row has "total" first
	Accounts   int      `table:"accounts"` // target accounts (rows of the base table passing the filter)
	Units      float64  `table:"units"`
	Price      float64  `table:"price"` // unit price; the totals row: market_size / units
	MarketSize float64  `table:"market_size"`
	// Reached counts the accounts whose furthest stage (over their own
	// entries and their leads') is at or beyond each ladder stage.
	Reached         []int
	Won             int     `table:"won"`
	Lost            int     `table:"lost"`
	WinRate         float64 `table:"win_rate"`
	WinRateLow      float64 `table:"win_rate_low"`
	WinRateHigh     float64 `table:"win_rate_high"`
	ExpectedRevenue float64 `table:"expected_revenue"`
	Leads           int     `table:"leads"`
	Ready           bool    `table:"ready"` // Leads >= MinLeads
	// Note says why a figure is NA, and on the totals row which segments
	// its market_size and expected_revenue add up (see Result.total).
	Note  string `table:"note"`
	Total bool   // the totals row
}

// Result is what Size computed; Report renders it.
type Result struct {
	Base          string // source of the base table
	BaseKind      funnel.TableKind
	By            []string
	Filter        string
	Excluded      int      // base rows the filter left out
	Stages        []string // ladder when a stages table was given
	WinRateSource string   // "opportunities", "stages" or "" (no win rate)
	OutcomeSource string   // with opportunities: where their outcomes came from (funnel.Outcomes.Source)
	HasLeads      bool
	MinLeads      int
	UnitsColumn   string
	Units         float64
	// Currency is the ISO 4217 code of the prices, as the --prices file's
	// price column wrote them (funnel.Column.Currency); "" when none is
	// known (a --price alone, or prices without a currency).
	Currency string
	Rows     []Row // segments by market size, descending; then the totals row
	Warnings []string
}

// Size computes market size by segment from the dataset's accounts (or
// leads) table, with segment progress from its stages, opportunities and
// leads tables when present.
func Size(ds *funnel.Dataset, opts Options) (*Result, error) {
	if ds == nil {
		return nil, fmt.Errorf("%w: no accounts or leads table", ErrBadInput)
	}
	base := ds.Accounts
	if base == nil || opts.UseLeads {
		base = ds.Leads
	}
	if base == nil {
		return nil, fmt.Errorf("%w: market size needs an accounts or a leads table", ErrBadInput)
	}
	if len(opts.By) > velocity.MaxBy {
		return nil, fmt.Errorf("market: %d --by columns, at most %d", len(opts.By), velocity.MaxBy)
	}
	res, err := newResult(base.Source, base.Kind, opts)
	if err != nil {
		return nil, err
	}
	targets, err := filterRows(base, opts.Filter)
	if err != nil {
		return nil, err
	}
	res.Excluded = base.Rows - len(targets)
	segs, rows, err := res.segment(base, targets, opts)
	if err != nil {
		return nil, err
	}
	if err := res.countUnits(base, targets, opts.UnitsColumn, segs, rows); err != nil {
		return nil, err
	}
	if err := res.applyPrices(rows, opts); err != nil {
		return nil, err
	}
	if err := res.progress(ds, base, targets, opts, segs, rows); err != nil {
		return nil, err
	}
	return res.complete(rows)
}

// newResult begins the Result of sizing base (its source and kind).
func newResult(base string, kind funnel.TableKind, opts Options) (*Result, error) {
	res := &Result{Base: base, BaseKind: kind, By: opts.By, Filter: opts.Filter, MinLeads: max(opts.MinLeads, 1),
		UnitsColumn: opts.UnitsColumn, Units: opts.Units}
	if res.Units == 0 {
		res.Units = 1
	}
	if !(res.Units > 0) || math.IsInf(res.Units, 0) {
		return nil, fmt.Errorf("%w: units per account %v: must be a positive number", ErrBadInput, opts.Units)
	}
	return res, nil
}

// complete computes the segments' derived figures (Row.finish), orders
// them by size and adds the totals row.
func (res *Result) complete(rows []Row) (*Result, error) {
	for g := range rows {
		rows[g].finish(res)
	}
	slices.SortStableFunc(rows, bySize)
	res.Rows = append(rows, res.total(rows))
	if err := res.finite(); err != nil {
		return nil, err
	}
	return res, nil
}

// finite checks that no market size or expected revenue, a product of
// units and price or a sum of them, is past the float64 range (the units
// are checked as they are counted): it would be written as Inf or null.
func (res *Result) finite() error {
	for _, r := range res.Rows {
		if math.IsInf(r.MarketSize, 0) || math.IsInf(r.ExpectedRevenue, 0) {
			what := fmt.Sprintf("units %g x price %g", r.Units, r.Price)
			if res.UnitsColumn != "" {
				what = fmt.Sprintf("units %g (column %q) x price %g", r.Units, res.UnitsColumn, r.Price)
			}
			if r.Total {
				what = "the segments' market sizes add up"
			}
			return fmt.Errorf("%s: segment %s: market size: %s past %.1e, the largest number held: %w",
				res.Base, res.segmentName(r.Segment), what, math.MaxFloat64, funnel.ErrOverflow)
		}
	}
	return nil
}

// filterRows returns the rows of base that pass the filter expression
// (ParseFilter): the targets.
func filterRows(base *funnel.Table, filter string) ([]int, error) {
	f, err := ParseFilter(filter)
	if err != nil {
		return nil, err
	}
	pass, err := f.Compile(base)
	if err != nil {
		return nil, err
	}
	var targets []int
	for r := 0; r < base.Rows; r++ {
		if pass(r) {
			targets = append(targets, r)
		}
	}
	return targets, nil
}

// segment puts the target rows of base in their segments (Options.By and
// SplitValues; one segment, "all", without By) and returns them with a
// row per segment, its Segment set.
func (res *Result) segment(base *funnel.Table, targets []int, opts Options) (*segments, []Row, error) {
	var cols []*velocity.ByColumn
	for _, name := range opts.By {
		c := base.Named(name)
		if c == nil {
			return nil, nil, fmt.Errorf("%w: %s has no column %q to segment by (columns: %s)", ErrBadInput, base.Source, name, base.Headers())
		}
		cols = append(cols, &velocity.ByColumn{Table: base, Col: c, RowOf: func(i int) int { return targets[i] }})
	}
	segs := newSegments(base.Rows)
	labels := [][]string{{"all"}}
	if len(cols) > 0 {
		member, members := splitMembers(len(targets), cols, opts.SplitValues)
		var group []int32
		group, labels = velocity.GroupRows(len(member), members)
		for i, t := range member {
			segs.add(targets[t], group[i])
		}
		if len(segs.more) > 0 {
			res.Warnings = append(res.Warnings, fmt.Sprintf("%s: %d targets are in several segments (--split-values %q): each segment counts them, and the totals row counts them once per segment",
				base.Source, len(segs.more), opts.SplitValues))
		}
	} else {
		for _, r := range targets {
			segs.add(r, 0)
		}
	}
	if len(targets) == 0 {
		labels = nil
		res.Warnings = append(res.Warnings, noTargetWarning(base.Source, opts.Filter))
	}
	rows := make([]Row, len(labels))
	for g := range rows {
		rows[g].Segment = labels[g]
	}
	return segs, rows, nil
}

// countUnits counts each segment's target accounts and their units: the
// Units per account, or the number column named unitsColumn (a missing
// value counts 0, with a warning).
func (res *Result) countUnits(base *funnel.Table, targets []int, unitsColumn string, segs *segments, rows []Row) error {
	var unitsCol *funnel.Column
	if unitsColumn != "" {
		unitsCol = base.Named(unitsColumn)
		if unitsCol == nil {
			return fmt.Errorf("%w: %s has no units column %q (columns: %s)", ErrBadInput, base.Source, unitsColumn, base.Headers())
		}
		if unitsCol.Kind != funnel.KindNumber {
			return fmt.Errorf("%w: %s: units column %q holds %s values, want numbers", ErrBadInput, base.Source, unitsCol.Name, unitsCol.Kind)
		}
	}
	missingUnits := 0
	var sum funnel.Sum // every segment's units stay finite while it does
	for _, r := range targets {
		u := res.Units
		if unitsCol != nil {
			u = unitsCol.Nums[r]
			switch {
			case math.IsNaN(u):
				missingUnits++
				u = 0
			case u < 0:
				return fmt.Errorf("%w: %s: column %q: negative units %v", ErrBadInput, base.Where(r), unitsCol.Name, u)
			case math.IsInf(u, 0):
				return fmt.Errorf("%w: %s: column %q: infinite units", ErrBadInput, base.Where(r), unitsCol.Name)
			}
		}
		if !sum.Add(u) {
			name := "--units"
			if unitsCol != nil {
				name = unitsCol.Name
			}
			return funnel.OverflowError(base.Where(r), name)
		}
		segs.each(r, func(g int32) {
			rows[g].Accounts++
			rows[g].Units += u
		})
	}
	if missingUnits > 0 {
		res.Warnings = append(res.Warnings, missingUnitsWarning(base.Source, missingUnits, unitsCol.Name))
	}
	return nil
}

func noTargetWarning(base, filter string) string {
	return fmt.Sprintf("%s: no target account passes the filter %q", base, filter)
}

func missingUnitsWarning(base string, n int, column string) string {
	return fmt.Sprintf("%s: %d target accounts without %s count 0 units", base, n, column)
}

// progress counts each segment's pipeline: the accounts that reached each
// stage (stages table), won and lost (the opportunities, else the last
// two stages) and the leads (base leads, or the leads table by
// account_id), mapping the other tables' rows to base rows.
func (res *Result) progress(ds *funnel.Dataset, base *funnel.Table, targets []int, opts Options, segs *segments, rows []Row) error {
	link := newBaseLink(ds, base)
	if ds.Stages != nil {
		if err := res.reached(ds, opts, link, segs, rows); err != nil {
			return err
		}
	}
	if ds.Opportunities != nil {
		if err := res.opportunities(ds.Opportunities, opts.AsOf, link, segs, rows); err != nil {
			return err
		}
	} else {
		res.stageWins(rows)
	}
	if base.Kind == funnel.Leads {
		res.HasLeads = true
		for _, r := range targets {
			segs.each(r, func(g int32) { rows[g].Leads++ })
		}
	} else if ds.Leads != nil {
		res.HasLeads = true
		if acc := ds.Leads.Role(funnel.RoleAccountID); acc != nil && acc.Kind == funnel.KindText {
			for r := 0; r < ds.Leads.Rows; r++ {
				if b := link.account(ds.Leads.Dict, acc.Codes[r]); b >= 0 {
					segs.each(b, func(g int32) { rows[g].Leads++ })
				}
			}
		} else {
			res.Warnings = append(res.Warnings, fmt.Sprintf("%s: no account_id column: leads cannot be counted per segment", ds.Leads.Source))
		}
	}
	return nil
}

// stageWins sets the win rate's counts from the ladder when no
// opportunities are read and it has two stages or more: the accounts
// that reached the last stage out of those that reached the one before.
func (res *Result) stageWins(rows []Row) {
	if len(res.Stages) < 2 {
		return
	}
	res.WinRateSource = "stages"
	n := len(res.Stages)
	for g := range rows {
		rows[g].Won = rows[g].Reached[n-1]
		rows[g].Lost = rows[g].Reached[n-2] - rows[g].Reached[n-1]
	}
}

// bySize orders segments by market size, descending (NaN last), then by
// their values.
func bySize(a, b Row) int {
	switch {
	case math.IsNaN(a.MarketSize) && !math.IsNaN(b.MarketSize):
		return 1
	case !math.IsNaN(a.MarketSize) && math.IsNaN(b.MarketSize):
		return -1
	case a.MarketSize > b.MarketSize:
		return -1
	case a.MarketSize < b.MarketSize:
		return 1
	}
	return slices.Compare(a.Segment, b.Segment)
}

// finish computes a row's derived figures.
func (m *Row) finish(res *Result) {
	m.MarketSize = m.Units * m.Price
	m.WinRate, m.WinRateLow, m.WinRateHigh, m.ExpectedRevenue = math.NaN(), math.NaN(), math.NaN(), math.NaN()
	var notes []string
	if math.IsNaN(m.MarketSize) {
		notes = append(notes, "no price: market size NA")
	}
	switch {
	case res.WinRateSource == "":
	case m.Won+m.Lost == 0:
		m.WinRateLow, m.WinRateHigh = 0, 1
		notes = append(notes, "no closed deals: win rate and expected revenue NA")
	default:
		m.WinRate = float64(m.Won) / float64(m.Won+m.Lost)
		m.WinRateLow, m.WinRateHigh = Wilson(m.Won, m.Won+m.Lost, 0.95)
		m.ExpectedRevenue = m.MarketSize * m.WinRate
	}
	m.Ready = m.Leads >= res.MinLeads
	m.Note = strings.Join(notes, "; ")
}

// total sums the segments: counts and sizes add up (segments without a
// price or a win rate are left out of the sums, and its note names them),
// the win rate pools the segments' opportunities, the price is
// market_size / units.
func (res *Result) total(rows []Row) Row {
	t := Row{Segment: make([]string, max(len(res.By), 1)), Total: true, Reached: make([]int, len(res.Stages))}
	t.Segment[0] = "total"
	size, expected := 0.0, 0.0
	priced, sizedUnits := false, 0.0
	anyExpected := false
	var unpriced, noDeals []string
	for _, r := range rows {
		t.Accounts += r.Accounts
		t.Units += r.Units
		if !math.IsNaN(r.MarketSize) {
			size += r.MarketSize
			sizedUnits += r.Units
			priced = true
		} else {
			unpriced = append(unpriced, res.segmentName(r.Segment))
		}
		if !math.IsNaN(r.ExpectedRevenue) {
			expected += r.ExpectedRevenue
			anyExpected = true
		} else if res.WinRateSource != "" && r.Won+r.Lost == 0 {
			noDeals = append(noDeals, res.segmentName(r.Segment))
		}
		for k := range t.Reached {
			t.Reached[k] += r.Reached[k]
		}
		t.Won += r.Won
		t.Lost += r.Lost
		t.Leads += r.Leads
	}
	t.Price = math.NaN()
	t.finish(res)
	t.MarketSize, t.ExpectedRevenue = math.NaN(), math.NaN()
	if len(rows) == 0 {
		t.MarketSize = 0 // no target account: an empty sum
	}
	if priced {
		t.MarketSize = size
		if sizedUnits > 0 {
			t.Price = size / sizedUnits
		}
	}
	if anyExpected {
		t.ExpectedRevenue = expected
	}
	var notes []string
	if len(unpriced) > 0 {
		notes = append(notes, leftOut("market_size", len(rows), unpriced, "price"))
	}
	if len(noDeals) > 0 {
		notes = append(notes, leftOut("expected_revenue", len(rows), noDeals, "closed deals"))
	}
	t.Note = strings.Join(notes, "; ")
	return t
}

// leftOut words what a totals column adds up when the segments named in
// out, of n, have no value, for they lack what has names:
// "expected_revenue adds up 1 of 2 segments: region=NA has no closed deals".
func leftOut(column string, n int, out []string, has string) string {
	if len(out) == n {
		return fmt.Sprintf("%s NA: no segment has %s", column, has)
	}
	named := out[:min(len(out), 3):min(len(out), 3)]
	if len(out) > 3 {
		named = append(named, fmt.Sprintf("%d more", len(out)-3))
	}
	verb := "has"
	if len(out) > 1 {
		verb = "have"
	}
	return fmt.Sprintf("%s adds up %d of %d segments: %s %s no %s", column, n-len(out), n, strings.Join(named, ", "), verb, has)
}

// segmentName names a segment in a note by its By columns and values,
// "region=EMEA / industry=SaaS" ("all" without By); a missing value reads
// "(none)".
func (res *Result) segmentName(values []string) string {
	if len(res.By) == 0 {
		return "all"
	}
	parts := make([]string, len(values))
	for i, v := range values {
		if v == "" {
			v = "(none)"
		}
		parts[i] = res.By[i] + "=" + v
	}
	return strings.Join(parts, " / ")
}

// applyPrices sets each segment's unit price.
func (res *Result) applyPrices(rows []Row, opts Options) error {
	for g := range rows {
		rows[g].Price = math.NaN()
		if opts.Price > 0 {
			rows[g].Price = opts.Price
		}
	}
	if opts.Price < 0 || math.IsNaN(opts.Price) || math.IsInf(opts.Price, 0) {
		return fmt.Errorf("%w: price %v: must be a positive number", ErrBadInput, opts.Price)
	}
	p := opts.Prices
	if p == nil {
		if opts.Price == 0 {
			res.Warnings = append(res.Warnings, "no unit price (--price or --prices): market size is NA")
		}
		return nil
	}
	var priceCol *funnel.Column
	names := []string{opts.PriceColumn}
	if opts.PriceColumn == "" {
		names = []string{"price", "unit_price", "unit price"}
	}
	for _, n := range names {
		if priceCol = p.Named(n); priceCol != nil {
			break
		}
	}
	if priceCol == nil {
		return fmt.Errorf("%w: %s has no price column %s (columns: %s)", ErrBadInput, p.Source, strings.Join(names, " or "), p.Headers())
	}
	if priceCol.Kind != funnel.KindNumber {
		return fmt.Errorf("%w: %s: price column %q holds %s values, want numbers", ErrBadInput, p.Source, priceCol.Name, priceCol.Kind)
	}
	res.Currency = priceCol.Currency
	var keyCols []*funnel.Column
	for _, b := range opts.By {
		c := p.Named(b)
		if c == nil {
			return fmt.Errorf("%w: %s has no segment column %q (columns: %s)", ErrBadInput, p.Source, b, p.Headers())
		}
		keyCols = append(keyCols, c)
	}
	key := func(vals []string) string {
		k := make([]string, len(vals))
		for i, v := range vals {
			k[i] = strings.ToLower(strings.TrimSpace(v))
		}
		return strings.Join(k, "\x00")
	}
	prices := map[string]float64{}
	for r := 0; r < p.Rows; r++ {
		vals := make([]string, len(keyCols))
		for i, c := range keyCols {
			vals[i] = p.Text(c, r)
		}
		v := priceCol.Nums[r]
		if math.IsNaN(v) {
			continue
		}
		if v < 0 || math.IsInf(v, 0) {
			return fmt.Errorf("%w: %s: column %q: price %v: must be a positive number", ErrBadInput, p.Where(r), priceCol.Name, v)
		}
		k := key(vals)
		if _, dup := prices[k]; dup {
			res.Warnings = append(res.Warnings, fmt.Sprintf("%s: segment %s priced twice; using the first", p.Where(r), strings.Join(vals, " / ")))
			continue
		}
		prices[k] = v
	}
	var unpriced []string
	for g := range rows {
		seg := rows[g].Segment
		if len(opts.By) == 0 {
			seg = nil
		}
		if v, ok := prices[key(seg)]; ok {
			rows[g].Price = v
		} else if opts.Price == 0 {
			unpriced = append(unpriced, strings.Join(seg, " / "))
		}
	}
	if len(unpriced) > 0 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("%s: no price for segments %s: market size NA", p.Source, strings.Join(unpriced, ", ")))
	}
	return nil
}

// baseLink maps ids of other tables to rows of the base table: an
// account_id to the account's row (base accounts), a lead_id to the lead's
// row (base leads) or to its account's row (base accounts, through the
// leads table's account_id).
type baseLink struct {
	base      *funnel.Table
	byAccount []int32 // base accounts: by account code of base's Dict
	byLead    []int32 // by lead code of base's Dict (leads Dict): base row
	leadsDict *funnel.Dict
}

func newBaseLink(ds *funnel.Dataset, base *funnel.Table) *baseLink {
	l := &baseLink{base: base}
	if base.Kind == funnel.Leads {
		if id := base.Role(funnel.RoleLeadID); id != nil && id.Kind == funnel.KindText {
			l.byLead = velocity.JoinIndex(base, base, id)
			l.leadsDict = base.Dict
		}
		return l
	}
	id := base.Role(funnel.RoleAccountID)
	if id == nil || id.Kind != funnel.KindText {
		return l
	}
	l.byAccount = velocity.JoinIndex(base, base, id)
	if leads := ds.Leads; leads != nil {
		lid, acc := leads.Role(funnel.RoleLeadID), leads.Role(funnel.RoleAccountID)
		if lid != nil && acc != nil && lid.Kind == funnel.KindText && acc.Kind == funnel.KindText {
			accRow := velocity.JoinIndex(leads, base, id)
			l.byLead = make([]int32, leads.Dict.Len())
			for i := range l.byLead {
				l.byLead[i] = -1
			}
			for r, c := range lid.Codes {
				if c != funnel.NA && acc.Codes[r] != funnel.NA && l.byLead[c] < 0 {
					l.byLead[c] = accRow[acc.Codes[r]]
				}
			}
			l.leadsDict = leads.Dict
		}
	}
	return l
}

// lookup returns the base row of the string code c of dict d in index
// idx (built over dict home), -1 when none.
func lookup(idx []int32, home, d *funnel.Dict, c int32) int {
	if c == funnel.NA || idx == nil {
		return -1
	}
	if d != home {
		var ok bool
		if c, ok = home.Lookup(d.String(c)); !ok {
			return -1
		}
	}
	if int(c) >= len(idx) {
		return -1
	}
	return int(idx[c])
}

// account returns the base row of account id code c (of dict d).
func (l *baseLink) account(d *funnel.Dict, c int32) int {
	return lookup(l.byAccount, l.base.Dict, d, c)
}

// lead returns the base row of lead id code c (of dict d).
func (l *baseLink) lead(d *funnel.Dict, c int32) int {
	return lookup(l.byLead, l.leadsDict, d, c)
}

// entity returns the base row of an id that may be an account or a lead.
func (l *baseLink) entity(d *funnel.Dict, c int32) int {
	if b := l.account(d, c); b >= 0 {
		return b
	}
	return l.lead(d, c)
}

// reached fills Reached from the stages table: each target account's
// furthest stage over its own entries and its leads'.
func (res *Result) reached(ds *funnel.Dataset, opts Options, link *baseLink, segs *segments, rows []Row) error {
	furthest := make([]int16, link.base.Rows)
	for i := range furthest {
		furthest[i] = -1
	}
	unmatched := 0
	ladder, warnings, err := velocity.Furthest(ds, opts.Order, opts.Wide, func(dict *funnel.Dict, entity int32, top int) {
		b := link.entity(dict, entity)
		if b < 0 {
			unmatched++
			return
		}
		furthest[b] = max(furthest[b], int16(top))
	})
	if errors.Is(err, velocity.ErrNoEntity) {
		return fmt.Errorf("%w: %s: segment progress needs an entity_id column (an account or lead id) in the stages table", ErrBadInput, ds.Stages.Source)
	}
	if err != nil {
		return err
	}
	res.Stages = ladder
	res.Warnings = append(res.Warnings, warnings...)
	if unmatched > 0 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("%s: %d entities match no account or lead of %s: left out of reached", ds.Stages.Source, unmatched, link.base.Source))
	}
	for g := range rows {
		rows[g].Reached = make([]int, len(res.Stages))
	}
	for b, top := range furthest {
		segs.each(b, func(g int32) {
			for k := 0; k <= int(top); k++ {
				rows[g].Reached[k]++
			}
		})
	}
	return nil
}

// opportunities counts won and lost opportunities per segment.
func (res *Result) opportunities(opps *funnel.Table, asOf time.Time, link *baseLink, segs *segments, rows []Row) error {
	outcomes, err := velocity.OpportunityOutcomes(opps, asOf)
	if err != nil {
		return err
	}
	res.WinRateSource = "opportunities"
	res.OutcomeSource = outcomes.Source()
	res.Warnings = append(res.Warnings, outcomes.Warnings()...)
	acc, lead := opps.Role(funnel.RoleAccountID), opps.Role(funnel.RoleLeadID)
	if (acc == nil || acc.Kind != funnel.KindText) && (lead == nil || lead.Kind != funnel.KindText) {
		return fmt.Errorf("%w: %s: win rates per segment need the opportunities' account_id or lead_id (columns: %s)", ErrBadInput, opps.Source, opps.Headers())
	}
	unmatched := 0
	for r, o := range outcomes.Of {
		if o != funnel.OutcomeWon && o != funnel.OutcomeLost {
			continue
		}
		b := -1
		if acc != nil && acc.Kind == funnel.KindText {
			b = link.account(opps.Dict, acc.Codes[r])
		}
		if b < 0 && lead != nil && lead.Kind == funnel.KindText {
			b = link.lead(opps.Dict, lead.Codes[r])
		}
		if b < 0 {
			unmatched++
			continue
		}
		segs.each(b, func(g int32) {
			if o == funnel.OutcomeWon {
				rows[g].Won++
			} else {
				rows[g].Lost++
			}
		})
	}
	if unmatched > 0 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("%s: %d closed opportunities match no account of %s: left out of win rates", opps.Source, unmatched, res.Base))
	}
	return nil
}
