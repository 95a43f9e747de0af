package velocity

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
)

// benchStages generates n entities x perEntity stage entries in memory, like
// /work/shared/bench/gen_stages.py: each entity starts at a uniform second
// of 540 days from 2024-01-01 and walks awareness, engaged, mql, sql,
// opportunity, customer with exponential gaps (mean 12 days); 5% of steps
// skip a stage, 15% of sql entries recycle to mql, and after customer it
// starts again at mql (a re-entry). Rows are grouped by entity; shuffled
// permutes them (a counting sort then groups them).
func benchStages(n, perEntity int, shuffled bool) *funnel.Dataset {
	rng := rand.New(rand.NewPCG(5, 5))
	ds := funnel.NewDataset()
	ladder := []string{"awareness", "engaged", "mql", "sql", "opportunity", "customer"}
	stageCode := make([]int32, len(ladder))
	for i, s := range ladder {
		stageCode[i] = ds.Dict.Code(s)
	}
	rows := n * perEntity
	ent, stg, tms := make([]int32, rows), make([]int32, rows), make([]int64, rows)
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	r := 0
	for i := 0; i < n; i++ {
		e := ds.Dict.Code(fmt.Sprintf("E%08d", i))
		t := t0 + rng.Int64N(86400*540)
		k := 0
		for j := 0; j < perEntity; j++ {
			ent[r], stg[r], tms[r] = e, stageCode[k], t
			r++
			t += int64(rng.ExpFloat64() * 86400 * 12)
			switch {
			case k == len(ladder)-1:
				k = 2
			case k == 3 && rng.Float64() < 0.15:
				k = 2
			case rng.Float64() < 0.05 && k+2 < len(ladder):
				k += 2
			default:
				k++
			}
		}
	}
	if shuffled {
		rng.Shuffle(rows, func(i, j int) {
			ent[i], ent[j] = ent[j], ent[i]
			stg[i], stg[j] = stg[j], stg[i]
			tms[i], tms[j] = tms[j], tms[i]
		})
	}
	ds.Stages = &funnel.Table{Kind: funnel.Stages, Source: "stages", Rows: rows, Dict: ds.Dict, Columns: []*funnel.Column{
		{Name: "entity_id", Role: funnel.RoleEntityID, Kind: funnel.KindText, Codes: ent},
		{Name: "stage", Role: funnel.RoleStage, Kind: funnel.KindText, Codes: stg},
		{Name: "entered_at", Role: funnel.RoleEnteredAt, Kind: funnel.KindTime, Times: tms},
	}}
	return ds
}

var (
	benchOnce               sync.Once
	benchGrouped, benchShuf *funnel.Dataset
)

// BenchmarkVelocity10M: 1M entities x 10 entries = 10M stage-event rows
// to monthly velocity (velocity, conversion and trend tables).
func BenchmarkVelocity10M(b *testing.B) {
	benchOnce.Do(func() {
		benchGrouped = benchStages(1_000_000, 10, false)
		benchShuf = benchStages(1_000_000, 10, true)
	})
	for _, c := range []struct {
		name string
		ds   *funnel.Dataset
	}{{"grouped", benchGrouped}, {"shuffled", benchShuf}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				res, err := Analyze(c.ds, Options{})
				if err != nil {
					b.Fatal(err)
				}
				if res.Entries != 10_000_000 {
					b.Fatalf("%d entries", res.Entries)
				}
				b.ReportMetric(float64(res.Transitions), "transitions")
			}
		})
	}
}
