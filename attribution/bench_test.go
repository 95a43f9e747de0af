package attribution

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
)

// BenchmarkMarkovPathData: the exact order-1 Markov model (chain, 13
// absorbing solves) on ChannelAttribution's PathData (10,000 path rows).
func BenchmarkMarkovPathData(b *testing.B) {
	j := pathData(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := MarkovModel(j, 1); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPathDataEndToEnd: reading the 10,000 typed path rows into
// journeys plus the order-1 Markov model.
func BenchmarkPathDataEndToEnd(b *testing.B) {
	tb := csvTable(b, funnel.NewDict(), funnel.Paths, pathDataFile, map[string]funnel.Kind{
		"path": funnel.KindText, "total_conversions": funnel.KindNumber,
		"total_conversion_value": funnel.KindNumber, "total_null": funnel.KindNumber,
	})
	b.ResetTimer()
	for b.Loop() {
		j, err := FromPaths(tb, PathOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := MarkovModel(j, 1); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMarkovOrders: orders 2-4 on PathData.
func BenchmarkMarkovOrders(b *testing.B) {
	j := pathData(b)
	for _, order := range []int{2, 3, 4} {
		b.Run(fmt.Sprint("order", order), func(b *testing.B) {
			for b.Loop() {
				if _, err := MarkovModel(j, order); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

var (
	bigTouchesOnce sync.Once
	bigTouches     *funnel.Table
)

// syntheticTouches returns a seeded event log of 1,000,000 leads with 1 to
// 9 touches each (about 5,000,000 rows) over 12 channels of unequal reach,
// in time order per lead but interleaved across leads; 30% of the leads
// convert on their last touch.
func syntheticTouches() *funnel.Table {
	bigTouchesOnce.Do(func() {
		const leads = 1_000_000
		rng := rand.New(rand.NewPCG(2024, 4))
		dict := funnel.NewDict()
		channels := []string{"paid_search", "organic", "email", "social", "display", "webinar",
			"event", "referral", "direct", "partner", "content", "sdr"}
		chanCode := make([]int32, len(channels))
		for i, c := range channels {
			chanCode[i] = dict.Code(c)
		}
		weights := []float64{20, 18, 15, 12, 9, 7, 5, 4, 4, 3, 2, 1}
		cum := make([]float64, len(weights))
		sum := 0.0
		for i, w := range weights {
			sum += w
			cum[i] = sum
		}
		pick := func() int32 {
			u := rng.Float64() * sum
			for i, c := range cum {
				if u < c {
					return chanCode[i]
				}
			}
			return chanCode[len(cum)-1]
		}
		lead := &funnel.Column{Name: "lead_id", Role: funnel.RoleLeadID, Kind: funnel.KindText}
		when := &funnel.Column{Name: "occurred_at", Role: funnel.RoleOccurredAt, Kind: funnel.KindTime}
		channel := &funnel.Column{Name: "channel", Role: funnel.RoleChannel, Kind: funnel.KindText}
		conv := &funnel.Column{Name: "converted", Role: funnel.RoleConverted, Kind: funnel.KindBool}
		value := &funnel.Column{Name: "value", Role: funnel.RoleValue, Kind: funnel.KindNumber}
		const start = 1704067200 // 2024-01-01
		// Leads arrive in blocks of 1000 whose touches interleave.
		for block := 0; block < leads; block += 1000 {
			type pending struct {
				code int32
				left int
				t    int64
				conv bool
			}
			ps := make([]pending, 0, 1000)
			for i := block; i < block+1000; i++ {
				ps = append(ps, pending{dict.Code(fmt.Sprintf("L%07d", i)), 1 + rng.IntN(9),
					start + rng.Int64N(300*86400), rng.Float64() < 0.3})
			}
			for len(ps) > 0 {
				k := rng.IntN(len(ps))
				p := &ps[k]
				p.t += rng.Int64N(5 * 86400)
				p.left--
				lead.Codes = append(lead.Codes, p.code)
				when.Times = append(when.Times, p.t)
				channel.Codes = append(channel.Codes, pick())
				if p.left == 0 && p.conv {
					conv.Bools = append(conv.Bools, 1)
					value.Nums = append(value.Nums, float64(100+rng.IntN(10000)))
				} else {
					conv.Bools = append(conv.Bools, 0)
					value.Nums = append(value.Nums, 0)
				}
				if p.left == 0 {
					ps[k] = ps[len(ps)-1]
					ps = ps[:len(ps)-1]
				}
			}
		}
		bigTouches = &funnel.Table{Kind: funnel.Touches, Source: "synthetic", Rows: len(lead.Codes), Dict: dict,
			Columns: []*funnel.Column{lead, when, channel, conv, value}}
	})
	return bigTouches
}

// BenchmarkMillionJourneys: ~5M touch rows of 1M leads -> journeys ->
// every model except Shapley that an event log allows (first, last,
// linear, position_based, time_decay, custom, markov order 1). Reports the
// heap held by the journeys.
func BenchmarkMillionJourneys(b *testing.B) {
	tb := syntheticTouches()
	cfg := Config{
		Models:    []Model{FirstTouch, LastTouch, LinearTouch, PositionBased, TimeDecay, Custom, Markov},
		Heuristic: HeuristicConfig{Custom: Weights{0.3, 0.4, 0.3}},
	}
	b.ResetTimer()
	for b.Loop() {
		var before runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		t0 := time.Now()
		j, err := FromTouches(tb, TouchOptions{})
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		var after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "journeys-MiB")
		b.ReportMetric(float64(len(j.jPath)), "journeys")
		b.ReportMetric(float64(tb.Rows), "touches")
		b.ReportMetric(float64(j.NumPaths()), "paths")
		t2 := time.Now()
		if _, err := Attribute(j, cfg); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(t1.Sub(t0).Seconds(), "journeys-s")
		b.ReportMetric(time.Since(t2).Seconds(), "models-s")
		runtime.KeepAlive(j)
	}
}

// BenchmarkMillionJourneysB2BModels: w_shaped and full_path over the same
// million journeys with milestone touches.
func BenchmarkMillionJourneysB2BModels(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	j := NewJourneys("channel")
	for c := 0; c < 12; c++ {
		j.Channel(fmt.Sprint("c", c))
	}
	seq := make([]int32, 0, 9)
	times := make([]int64, 0, 9)
	for k := 0; k < 1_000_000; k++ {
		n := 1 + rng.IntN(9)
		seq, times = seq[:0], times[:0]
		for i := 0; i < n; i++ {
			seq = append(seq, int32(rng.IntN(12)))
			times = append(times, int64(i*86400))
		}
		conv := rng.Float64() < 0.3
		jr := Journey{Channels: seq, Times: times, End: times[n-1], Converted: conv}
		if conv {
			jr.Value = 1000
			lead := rng.IntN(n)
			jr.Markers = &Markers{Lead: lead, Opportunity: lead + rng.IntN(n-lead), Won: n - 1}
		}
		if err := j.AddJourney(jr); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Attribute(j, Config{Models: []Model{WShaped, FullPath}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkShapley20: exact Shapley values over 20 channels (2^20
// coalitions) from 100,000 random paths.
func BenchmarkShapley20(b *testing.B) {
	rng := rand.New(rand.NewPCG(8, 9))
	j := NewJourneys("channel")
	for c := 0; c < MaxShapleyChannels; c++ {
		j.Channel(fmt.Sprint("c", c))
	}
	for k := 0; k < 100_000; k++ {
		path := make([]int32, 1+rng.IntN(6))
		for i := range path {
			path[i] = int32(rng.IntN(MaxShapleyChannels))
		}
		conv := float64(rng.IntN(2))
		j.AddPath(path, conv, 100*conv, float64(rng.IntN(3)))
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := ShapleyModel(j, ShapleyConfig{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFromOpportunities: B2B journeys at lead level from the ~5M
// touch rows of syntheticTouches, with one opportunity for each of 40% of
// the leads (closed a day after the lead's last touch, created a day
// before it, won half the time) and the leads' creation times, so every
// journey carries its milestone markers; the leads without an
// opportunity are null journeys.
func BenchmarkFromOpportunities(b *testing.B) {
	tt := syntheticTouches()
	dict := tt.Dict
	lead, when := tt.Role(funnel.RoleLeadID), tt.Role(funnel.RoleOccurredAt)
	first, last := map[int32]int64{}, map[int32]int64{}
	var order []int32
	for i, c := range lead.Codes {
		t := when.Times[i]
		if f, ok := first[c]; !ok {
			order = append(order, c)
			first[c], last[c] = t, t
		} else {
			first[c], last[c] = min(f, t), max(last[c], t)
		}
	}
	rng := rand.New(rand.NewPCG(7, 8))
	leads := &funnel.Table{Kind: funnel.Leads, Source: "leads", Dict: dict, Columns: []*funnel.Column{
		{Name: "lead_id", Role: funnel.RoleLeadID, Kind: funnel.KindText},
		{Name: "created_at", Role: funnel.RoleCreatedAt, Kind: funnel.KindTime}}}
	opps := &funnel.Table{Kind: funnel.Opportunities, Source: "opportunities", Dict: dict, Columns: []*funnel.Column{
		{Name: "opportunity_id", Role: funnel.RoleOpportunityID, Kind: funnel.KindText},
		{Name: "lead_id", Role: funnel.RoleLeadID, Kind: funnel.KindText},
		{Name: "created_at", Role: funnel.RoleCreatedAt, Kind: funnel.KindTime},
		{Name: "closed_at", Role: funnel.RoleClosedAt, Kind: funnel.KindTime},
		{Name: "amount", Role: funnel.RoleAmount, Kind: funnel.KindNumber},
		{Name: "won", Role: funnel.RoleWon, Kind: funnel.KindBool}}}
	for _, c := range order {
		leads.Columns[0].Codes = append(leads.Columns[0].Codes, c)
		leads.Columns[1].Times = append(leads.Columns[1].Times, first[c]+3600)
		if rng.Float64() >= 0.4 {
			continue
		}
		oc := opps.Columns
		oc[0].Codes = append(oc[0].Codes, dict.Code(fmt.Sprint("O", opps.Rows)))
		oc[1].Codes = append(oc[1].Codes, c)
		oc[2].Times = append(oc[2].Times, last[c]-86400)
		oc[3].Times = append(oc[3].Times, last[c]+86400)
		oc[4].Nums = append(oc[4].Nums, float64(1000+rng.IntN(50000)))
		oc[5].Bools = append(oc[5].Bools, int8(rng.IntN(2)))
		opps.Rows++
	}
	leads.Rows = len(order)
	ds := funnel.NewDataset()
	ds.Dict = dict
	ds.Touches, ds.Leads, ds.Opportunities = tt, leads, opps
	b.ResetTimer()
	for b.Loop() {
		j, err := FromOpportunities(ds, OpportunityOptions{Level: LeadLevel})
		if err != nil {
			b.Fatal(err)
		}
		if !j.HasMarkers() {
			b.Fatal("no markers")
		}
	}
}

// longPath returns journeys of one path of steps touches drawn uniformly
// (seeded) from channels channels, converting once and once not: the
// chain of a long journey that revisits its states, absorbed only at its
// last state.
func longPath(steps, channels int) *Journeys {
	rng := rand.New(rand.NewPCG(1, 2))
	j := NewJourneys("channel")
	codes := make([]int32, channels)
	for i := range codes {
		codes[i] = j.Channel(fmt.Sprint("c", i))
	}
	path := make([]int32, steps)
	for i := range path {
		path[i] = codes[rng.IntN(channels)]
	}
	j.AddPath(path, 1, 10, 1)
	return j
}

// BenchmarkMarkovLongPath: the exact Markov model on one long journey: a
// 5,000-step path over 40 channels at order 2 (1,534 states) and a
// 100,000-step path over 12 channels at order 4 (20,579 states).
func BenchmarkMarkovLongPath(b *testing.B) {
	for _, c := range []struct{ steps, channels, order int }{{5000, 40, 2}, {100000, 12, 4}} {
		j := longPath(c.steps, c.channels)
		b.Run(fmt.Sprintf("steps%d_channels%d_order%d", c.steps, c.channels, c.order), func(b *testing.B) {
			for b.Loop() {
				if _, err := MarkovModel(j, c.order); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
