package report

import (
	"math"
	"strings"

	"github.com/go-gota/gota/dataframe"

	"github.com/funnel-analytics/funnel/funnel"
)

// figure is one key figure: the month's value next to the previous
// month's. NaN means the figure is not defined in that month (a win rate
// without closed deals).
type figure struct {
	name            string
	month, previous float64
	// lowerIsBetter marks figures where a fall is good news (days between
	// stages): the trend arrow then says better or worse, not up or down.
	lowerIsBetter bool
}

// figures are the Summary sheet's key figures, in order.
type figures []figure

func (f *figures) add(name string, month, previous float64) {
	*f = append(*f, figure{name: name, month: month, previous: previous})
}

func (f *figures) addLower(name string, month, previous float64) {
	*f = append(*f, figure{name: name, month: month, previous: previous, lowerIsBetter: true})
}

// units returns the unit of each figure's numbers, for the workbook's
// number formats (funnel.Report.RowUnits), by one rule on its name that
// figures added later follow too: a name ending in _rate or _share is a
// fraction, one starting days_ or ending _days a duration, one naming an
// amount (amount, value, revenue, deal) money; any other figure is a
// count when its values are whole, else a plain number.
func (f figures) units() []funnel.Unit {
	out := make([]funnel.Unit, len(f))
	for i, x := range f {
		out[i] = x.unit()
	}
	return out
}

func (x figure) unit() funnel.Unit {
	n := x.name
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(n, w) {
				return true
			}
		}
		return false
	}
	switch {
	case strings.HasSuffix(n, "_rate") || strings.HasSuffix(n, "_share"):
		return funnel.UnitFraction
	case strings.HasPrefix(n, "days_") || strings.HasSuffix(n, "_days"):
		return funnel.UnitDays
	case has("amount", "value", "revenue", "deal") && !strings.HasPrefix(n, "deals_"):
		return funnel.UnitMoney
	case whole(x.month) && whole(x.previous):
		return funnel.UnitCount
	}
	return ""
}

// whole reports whether v is a whole number or NaN (not known).
func whole(v float64) bool { return math.IsNaN(v) || v == math.Trunc(v) }

// Trend arrows of the key figures.
const (
	arrowUp   = "▲"
	arrowDown = "▼"
	arrowFlat = "→"
)

// frame returns the key_figures table:
//
//	change = month - previous
//	change_pct = 100 × change / |previous|   (NA when previous is 0 or NA)
//	trend = ▲ up, ▼ down, → unchanged (empty when either month is NA);
//	direction = better or worse: whether the change is good news (empty when unchanged)
func (f figures) frame() dataframe.DataFrame {
	rows := make([]figureRow, len(f))
	for i, x := range f {
		rows[i] = x.row()
	}
	return funnel.FrameOf(rows)
}

// figureRow is a row of the key_figures table.
type figureRow struct {
	Name      string  `table:"figure"`
	Month     float64 `table:"month"`
	Previous  float64 `table:"previous"`
	Change    float64 `table:"change"`
	ChangePct float64 `table:"change_pct"`
	Trend     string  `table:"trend"`
	Direction string  `table:"direction"`
}

// row works out the figure's change, trend and direction.
func (x figure) row() figureRow {
	r := figureRow{Name: x.name, Month: x.month, Previous: x.previous, Change: math.NaN(), ChangePct: math.NaN()}
	if math.IsNaN(x.month) || math.IsNaN(x.previous) {
		return r
	}
	r.Change = x.month - x.previous
	if x.previous != 0 {
		r.ChangePct = 100 * r.Change / math.Abs(x.previous)
	}
	switch {
	case r.Change > 0:
		r.Trend = arrowUp
	case r.Change < 0:
		r.Trend = arrowDown
	default:
		r.Trend = arrowFlat
	}
	if r.Change != 0 {
		good := r.Change > 0
		if x.lowerIsBetter {
			good = !good
		}
		r.Direction = "worse"
		if good {
			r.Direction = "better"
		}
	}
	return r
}

// activity adds the figures read straight from the inputs: new leads,
// touches, engaged contacts, and the opportunities created (with the cost
// per opportunity when the costs have periods), won and lost, with win
// rate, won amount, average deal and days to close.
func (b *builder) activity() {
	ds, m, p := b.ds, b.m, b.prev
	var front figures
	if t := ds.Leads; t != nil {
		if c := t.TimeRole(funnel.RoleCreatedAt); c != nil {
			front.add("new_leads", countTimes(c, m), countTimes(c, p))
		}
	}
	if t := ds.Touches; t != nil {
		if c := t.TimeRole(funnel.RoleOccurredAt); c != nil {
			front.add("touches", countTimes(c, m), countTimes(c, p))
			if who := t.Role(funnel.RoleLeadID); who != nil && who.Kind == funnel.KindText {
				front.add("contacts_engaged", distinctIn(c, who, m), distinctIn(c, who, p))
			}
			if acc := t.Role(funnel.RoleAccountID); acc != nil && acc.Kind == funnel.KindText {
				front.add("accounts_engaged", distinctIn(c, acc, m), distinctIn(c, acc, p))
			}
		}
	}
	if t := ds.Opportunities; t != nil {
		om, outcomes := opportunityFigures(t, m)
		op, _ := opportunityFigures(t, p)
		if outcomes != nil {
			b.rep.AddMeta("outcome_source", outcomes.Source())
			b.warnOnce("deals", outcomes.Warnings())
		}
		front.add("opportunities_created", om.created, op.created)
		b.costPerOpportunity(&front, [2]float64{om.created, op.created})
		front.add("deals_won", om.won, op.won)
		front.addLower("deals_lost", om.lost, op.lost)
		front.add("win_rate", om.winRate(), op.winRate())
		front.add("won_amount", om.amount, op.amount)
		front.add("average_deal", om.averageDeal(), op.averageDeal())
		front.addLower("days_to_close", om.daysToClose(), op.daysToClose())
	}
	// Activity and deals first, then the analyses' figures.
	b.figures = append(front, b.figures...)
}

// countTimes counts the values of a time column in m.
func countTimes(c *funnel.Column, m Month) float64 {
	n := 0
	for _, t := range c.Times {
		if m.Contains(t) {
			n++
		}
	}
	return float64(n)
}

// distinctIn counts the distinct codes of who on rows whose time is in m.
func distinctIn(when, who *funnel.Column, m Month) float64 {
	seen := map[int32]struct{}{}
	for i, t := range when.Times {
		if m.Contains(t) && who.Codes[i] != funnel.NA {
			seen[who.Codes[i]] = struct{}{}
		}
	}
	return float64(len(seen))
}

// dealFigures are one month's opportunity figures.
type dealFigures struct {
	created, won, lost float64
	amount, amounts    float64 // sum and count of won deals' amounts
	cycleDays, cycles  float64 // sum and count of won deals' days from created to closed
}

// winRate = won / (won + lost), NaN without closed deals.
func (d dealFigures) winRate() float64 { return ratio(d.won, d.won+d.lost) }

// averageDeal = won amount / won deals with an amount, NaN without them
// (velocity's average won amount).
func (d dealFigures) averageDeal() float64 { return ratio(d.amount, d.amounts) }

// daysToClose = mean days from created_at to closed_at of the won deals.
func (d dealFigures) daysToClose() float64 { return ratio(d.cycleDays, d.cycles) }

func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

// opportunityFigures counts the opportunities created in m (created_at)
// and those closed in m (closed_at), won or lost as of the month's end by
// funnel.OpportunityOutcomes, which it returns (nil when it cannot
// decide); won, lost and amounts are NaN (not known) without closed_at
// or a column that tells outcomes.
func opportunityFigures(t *funnel.Table, m Month) (dealFigures, *funnel.Outcomes) {
	var d dealFigures
	created, closed := t.TimeRole(funnel.RoleCreatedAt), t.TimeRole(funnel.RoleClosedAt)
	amount := t.Role(funnel.RoleAmount)
	if created != nil {
		d.created = countTimes(created, m)
	}
	outcomes, err := funnel.OpportunityOutcomes(t, m.End.Unix())
	if closed == nil || err != nil {
		d.won, d.lost, d.amount = math.NaN(), math.NaN(), math.NaN()
		return d, nil
	}
	for i, at := range closed.Times {
		if !m.Contains(at) {
			continue
		}
		switch outcomes.Of[i] {
		case funnel.OutcomeLost:
			d.lost++
		case funnel.OutcomeWon:
			d.won++
			if amount != nil && amount.Kind == funnel.KindNumber && !math.IsNaN(amount.Nums[i]) {
				d.amount += amount.Nums[i]
				d.amounts++
			}
			if created != nil && created.Times[i] != funnel.NoTime && created.Times[i] <= at {
				d.cycleDays += funnel.Days(created.Times[i], at)
				d.cycles++
			}
		}
	}
	return d, outcomes
}
