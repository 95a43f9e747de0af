package nurture

import (
	"cmp"
	"maps"
	"slices"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/market"
	"github.com/funnel-analytics/funnel/velocity"
)

// NoStage labels the leads that stood at no rung of the ladder.
const NoStage = "(no stage)"

// AllStages labels a month's row over every stage.
const AllStages = "all"

// DormancyRow is a row of nurture_dormancy: the leads of a stage at a
// month's end and those of them dormant then.
type DormancyRow struct {
	Month   string  `table:"month"`
	Stage   string  `table:"stage"`
	Leads   int     `table:"leads"`
	Dormant int     `table:"dormant"`
	Share   float64 `table:"dormant_share"`
}

// months returns the ordinals of the months the dormancy tables cover:
// from the month of the first touch through the last month ending at or
// before AsOf (none when there is none).
func (r *Result) months() (first, last int) {
	loc := r.Opts.Location
	first = velocity.Month.Ordinal(r.Opts.AsOf, loc)
	for _, ld := range r.leads {
		if len(ld.touches) > 0 {
			first = min(first, velocity.Month.Ordinal(r.when.Times[ld.touches[0]], loc))
		}
	}
	return first, velocity.Month.Ordinal(r.Opts.AsOf, loc) - 1
}

// lastBefore returns the latest of ld's creation and its touches before
// t, and the index of its first touch at or after t.
func (r *Result) lastBefore(ld *lead, t int64, from int) (int64, int) {
	k := from
	for k < len(ld.touches) && r.when.Times[ld.touches[k]] < t {
		k++
	}
	last := ld.created
	if k > 0 {
		last = max(last, r.when.Times[ld.touches[k-1]])
	}
	return last, k
}

// dormancy fills Dormancy: at each month's end E, the leads created
// before E and not unsubscribed before it, by the rung they had reached
// (velocity.Reached), and the dormant: no touch in the Dormant before E.
func (r *Result) dormancy() {
	first, last := r.months()
	if last < first {
		return
	}
	nm, ns := last-first+1, len(r.Ladder)+1 // stage index k+1, 0 for none
	leads, dormant := make([]int, nm*ns), make([]int, nm*ns)
	ends := make([]int64, nm)
	for m := range ends {
		ends[m] = velocity.Month.Start(first+m+1, r.Opts.Location)
	}
	for i := range r.leads {
		ld := &r.leads[i]
		k := 0
		for m, end := range ends {
			if ld.created >= end || (ld.unsub != funnel.NoTime && ld.unsub < end) {
				continue
			}
			var lastAct int64
			lastAct, k = r.lastBefore(ld, end, k)
			s := m*ns + ld.stageAt(end-1) + 1
			leads[s]++
			if end-lastAct >= r.Opts.Dormant {
				dormant[s]++
			}
		}
	}
	for m := 0; m < nm; m++ {
		label := velocity.Month.Label(first + m)
		var all DormancyRow
		rows := []DormancyRow{}
		for s := 0; s < ns; s++ {
			n, d := leads[m*ns+s], dormant[m*ns+s]
			all.Leads += n
			all.Dormant += d
			if n == 0 {
				continue
			}
			name := NoStage
			if s > 0 {
				name = r.Ladder[s-1]
			}
			rows = append(rows, DormancyRow{label, name, n, d, float64(d) / float64(n)})
		}
		if all.Leads == 0 {
			continue
		}
		all.Month, all.Stage, all.Share = label, AllStages, float64(all.Dormant)/float64(all.Leads)
		r.Dormancy = append(r.Dormancy, all)
		r.Dormancy = append(r.Dormancy, rows...)
	}
}

// SpellRow is a row of nurture_reengagement: the dormant spells that
// began in a month (All: every month) and those that ended in a touch
// before AsOf.
type SpellRow struct {
	Month      string  `table:"month"`
	Spells     int     `table:"spells"`
	CameBack   int     `table:"came_back"`
	Rate       float64 `table:"reengagement_rate"`
	Low        float64 `table:"rate_low"`
	High       float64 `table:"rate_high"`
	MedianDays float64 `table:"median_gap_days"`
}

// ReturnRow is a row of nurture_reengaged_by: the first touch after a
// dormant spell, by activity type and channel.
type ReturnRow struct {
	ActivityType string  `table:"activity_type"`
	Channel      string  `table:"channel"`
	Returns      int     `table:"returns"`
	Share        float64 `table:"share"`
}

// spell is one dormant spell: it begins Dormant after the lead's last
// activity; back is the row of the touch that ended it (-1: none by
// AsOf).
type spell struct {
	begin, gap int64
	back       int32
}

// spells fills Spells and Returns: every gap of a lead's activity
// (its creation, then its touches) of Dormant or more is a spell that
// began at the gap's start plus Dormant, when that falls in a month of
// the dormancy table (months) and not after the lead's unsubscribe.
func (r *Result) spells() {
	var all []spell
	times := r.when.Times
	for i := range r.leads {
		ld := &r.leads[i]
		prev := ld.created
		for k := 0; k <= len(ld.touches); k++ {
			next, back := r.Opts.AsOf, int32(-1)
			if k < len(ld.touches) {
				next, back = times[ld.touches[k]], ld.touches[k]
			}
			begin := prev + r.Opts.Dormant
			if next-prev >= r.Opts.Dormant && begin < r.Opts.AsOf && (ld.unsub == funnel.NoTime || begin <= ld.unsub) {
				all = append(all, spell{begin, next - prev, back})
			}
			prev = max(prev, next)
		}
	}
	first, last := r.months()
	byMonth := map[int][]spell{}
	kept := all[:0]
	for _, s := range all {
		if m := velocity.Month.Ordinal(s.begin, r.Opts.Location); m >= first && m <= last {
			byMonth[m] = append(byMonth[m], s)
			kept = append(kept, s)
		}
	}
	all = kept
	for _, m := range slices.Sorted(maps.Keys(byMonth)) {
		r.Spells = append(r.Spells, r.spellRow(velocity.Month.Label(m), byMonth[m]))
	}
	if len(all) > 0 {
		r.Spells = append(r.Spells, r.spellRow(AllStages, all))
	}
	r.returns(all)
}

func (r *Result) spellRow(label string, ss []spell) SpellRow {
	row := SpellRow{Month: label, Spells: len(ss)}
	var gaps []float64
	for _, s := range ss {
		if s.back >= 0 {
			row.CameBack++
			gaps = append(gaps, float64(s.gap)/funnel.SecondsPerDay)
		}
	}
	row.Rate = float64(row.CameBack) / float64(row.Spells)
	row.Low, row.High = market.Wilson(row.CameBack, row.Spells, r.Opts.Conf)
	slices.Sort(gaps)
	row.MedianDays = velocity.Median(gaps)
	return row
}

// returns fills Returns from the touches that ended the spells.
func (r *Result) returns(ss []spell) {
	tt := r.touches
	act, ch := tt.Role(funnel.RoleActivityType), tt.Role(funnel.RoleChannel)
	text := func(c *funnel.Column, i int32) string {
		if c == nil {
			return ""
		}
		return tt.Text(c, int(i))
	}
	count := map[[2]string]int{}
	n := 0
	for _, s := range ss {
		if s.back < 0 {
			continue
		}
		count[[2]string{text(act, s.back), text(ch, s.back)}]++
		n++
	}
	for k, c := range count {
		r.Returns = append(r.Returns, ReturnRow{k[0], k[1], c, float64(c) / float64(n)})
	}
	slices.SortFunc(r.Returns, func(a, b ReturnRow) int {
		return cmp.Or(cmp.Compare(b.Returns, a.Returns), cmp.Compare(a.ActivityType, b.ActivityType), cmp.Compare(a.Channel, b.Channel))
	})
}
