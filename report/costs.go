package report

import (
	"fmt"
	"math"

	"github.com/funnel-analytics/funnel/funnel"
)

// costPerOpportunity adds the cost_per_opportunity figure after the
// opportunities created (created: this month's and the previous month's
// count) when the costs have a period:
//
//	cost_per_opportunity = the month's costs / opportunities created in the month
//
// (NA without opportunities). A costs row belongs to the month its period
// starts in: a period written 2026-10, or a date 2026-10-05 (a week or day
// row), its first seven characters; a period in another form leaves the
// figure out, with a warning naming its line. When both the cost per
// opportunity and the opportunities fell against the previous month, a
// warning says the news is mixed: cheaper opportunities, but fewer.
func (b *builder) costPerOpportunity(front *figures, created [2]float64) {
	t := b.ds.Costs
	if t == nil {
		return
	}
	period, cost := t.Role(funnel.RolePeriod), t.Role(funnel.RoleCost)
	if period == nil || cost == nil || cost.Kind != funnel.KindNumber {
		b.skip("cost_per_opportunity", "the costs have no period (month) column")
		return
	}
	month, prev := b.m.String(), b.prev.String()
	var spent [2]float64
	for i := 0; i < t.Rows; i++ {
		p := t.Text(period, i)
		if !isMonthPrefix(p) {
			b.skip("cost_per_opportunity", fmt.Sprintf("%s: column %q: period %q is not a month (2026-10) or a date (2026-10-05)", t.Where(i), period.Name, p))
			return
		}
		v := cost.Nums[i]
		if math.IsNaN(v) {
			continue
		}
		switch p[:7] {
		case month:
			spent[0] += v
		case prev:
			spent[1] += v
		}
	}
	now, before := ratio(spent[0], created[0]), ratio(spent[1], created[1])
	front.addLower("cost_per_opportunity", now, before)
	if now < before && created[0] < created[1] {
		b.rep.Warnf("mixed signal in %s: the cost per opportunity fell (%.2f from %.2f) and so did the opportunities created (%g from %g): cheaper opportunities, but fewer of them",
			b.m, now, before, created[0], created[1])
	}
}

// isMonthPrefix reports whether s starts with a month written YYYY-MM,
// followed by nothing or by -.
func isMonthPrefix(s string) bool {
	if len(s) < 7 || (len(s) > 7 && s[7] != '-') || s[4] != '-' {
		return false
	}
	for _, i := range []int{0, 1, 2, 3, 5, 6} {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return (s[5] == '0' && s[6] >= '1') || (s[5] == '1' && s[6] <= '2')
}
