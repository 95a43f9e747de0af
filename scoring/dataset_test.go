package scoring

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

// tableBuilder builds a funnel.Table column by column for tests.
type tableBuilder struct {
	t *funnel.Table
}

func newTable(ds *funnel.Dataset, kind funnel.TableKind, rows int) *tableBuilder {
	t := &funnel.Table{Kind: kind, Source: kind.String() + ".csv", Rows: rows, Dict: ds.Dict}
	ds.Set(t)
	return &tableBuilder{t: t}
}

// text adds a text column; "" is missing.
func (b *tableBuilder) text(name, role string, vals []string) *tableBuilder {
	c := &funnel.Column{Name: name, Role: role, Kind: funnel.KindText, Codes: make([]int32, len(vals))}
	for i, v := range vals {
		if v == "" {
			c.Codes[i] = funnel.NA
			c.Missing++
			continue
		}
		c.Codes[i] = b.t.Dict.Code(v)
	}
	b.t.Columns = append(b.t.Columns, c)
	return b
}

// num adds a number column; NaN is missing.
func (b *tableBuilder) num(name, role string, vals []float64) *tableBuilder {
	c := &funnel.Column{Name: name, Role: role, Kind: funnel.KindNumber, Nums: vals}
	for _, v := range vals {
		if math.IsNaN(v) {
			c.Missing++
		}
	}
	b.t.Columns = append(b.t.Columns, c)
	return b
}

// flag adds a bool column; -1 is missing.
func (b *tableBuilder) flag(name, role string, vals []int8) *tableBuilder {
	b.t.Columns = append(b.t.Columns, &funnel.Column{Name: name, Role: role, Kind: funnel.KindBool, Bools: vals})
	return b
}

// times adds a time column; funnel.NoTime is missing.
func (b *tableBuilder) times(name, role string, vals []int64) *tableBuilder {
	b.t.Columns = append(b.t.Columns, &funnel.Column{Name: name, Role: role, Kind: funnel.KindTime, Times: vals})
	return b
}

// day returns Unix seconds of day d after 2024-01-01 plus h hours.
func day(d, h float64) int64 {
	return 1704067200 + int64(d*86400+h*3600)
}

// plantedTruth is the generator's truth: the b2b benchmark's weights
// (../shared/bench/gen_b2b.py).
var plantedTruth = struct {
	intercept float64
	types     []string
	rates     []float64
	beta      []float64
	inds      []string
	indBeta   []float64
}{
	-3.2,
	[]string{"demo_request", "email_click", "pricing_view", "trial_signup", "web_visit", "webinar", "whitepaper"},
	[]float64{0.15, 2, 0.8, 0.25, 4, 0.5, 0.7},
	[]float64{1.10, -0.02, 0.45, 1.30, 0.05, 0.30, 0.10},
	[]string{"Software", "Finance", "Manufacturing", "Healthcare", "Retail"},
	[]float64{0, 0.4, -0.3, 0.2, -0.6},
}

// plantedDataset generates n leads with the planted model, as gen_b2b.py
// does: touches before each lead's cutoff (won_at, or the last touch
// time for the others), and for won leads 3 onboarding touches after
// conversion that must never count. It returns the dataset and the number
// of post-conversion touches.
func plantedDataset(n int, seed uint64) (*funnel.Dataset, int) {
	rng := rand.New(rand.NewPCG(seed, 1))
	ds := funnel.NewDataset()
	ids := make([]string, n)
	created := make([]int64, n)
	wonAt := make([]int64, n)
	industry := make([]string, n)
	var tLead, tType []string
	var tAt []int64
	after := 0
	pois := func(l float64) int {
		k, p, lim := 0, 1.0, math.Exp(-l)
		for {
			p *= rng.Float64()
			if p < lim {
				return k
			}
			k++
		}
	}
	pt := plantedTruth
	for i := 0; i < n; i++ {
		ids[i] = "L" + string(rune('A'+i%26)) + itoa(i)
		created[i] = day(rng.Float64()*500, 0)
		ind := rng.IntN(len(pt.inds))
		industry[i] = pt.inds[ind]
		eta := pt.intercept + pt.indBeta[ind]
		span := int64((5 + 115*rng.Float64()) * 86400)
		for k, typ := range pt.types {
			c := pois(pt.rates[k])
			eta += pt.beta[k] * float64(c)
			for j := 0; j < c; j++ {
				tLead, tType = append(tLead, ids[i]), append(tType, typ)
				tAt = append(tAt, created[i]+rng.Int64N(span-1))
			}
		}
		wonAt[i] = funnel.NoTime
		if rng.Float64() < 1/(1+math.Exp(-eta)) {
			wonAt[i] = created[i] + span
			for j := 0; j < 3; j++ { // onboarding, after conversion
				tLead, tType = append(tLead, ids[i]), append(tType, pt.types[rng.IntN(len(pt.types))])
				tAt = append(tAt, wonAt[i]+int64(j)*3600)
				after++
			}
		}
	}
	newTable(ds, funnel.Leads, n).
		text("lead_id", funnel.RoleLeadID, ids).
		times("created_at", funnel.RoleCreatedAt, created).
		text("industry", funnel.RoleIndustry, industry).
		times("won_at", "", wonAt)
	newTable(ds, funnel.Touches, len(tLead)).
		text("lead_id", funnel.RoleLeadID, tLead).
		times("occurred_at", funnel.RoleOccurredAt, tAt).
		text("activity_type", funnel.RoleActivityType, tType)
	return ds, after
}

func itoa(i int) string {
	const digits = "0123456789"
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{digits[i%10]}, b...)
	}
	return string(b)
}

func TestTableBuilder(t *testing.T) {
	t.Parallel()
	ds, after := plantedDataset(50, 1)
	if ds.Leads.Rows != 50 || ds.Touches.Rows == 0 || after == 0 {
		t.Errorf("leads %d touches %d after %d", ds.Leads.Rows, ds.Touches.Rows, after)
	}
}
