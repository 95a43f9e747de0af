package nurture

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/market"
	"github.com/funnel-analytics/funnel/velocity"
)

// Comparison is the nurtured-vs-not comparison: program members against
// non-members of the same strata (the leads' Strata columns, the entry
// month), of reaching the outcome stage by AsOf.
type Comparison struct {
	Strata            []string // the columns matched on
	Members           int      // every member
	Unmatched         int      // members in a stratum without non-members
	MatchedStrata     int      // strata with members and non-members
	MatchedMembers    int
	MatchedOthers     int
	MemberReached     int
	OtherReached      int
	MemberRate        float64 // MemberReached / MatchedMembers
	MemberLow         float64 // Wilson interval of MemberRate
	MemberHigh        float64
	OtherRate         float64 // non-members' rate standardised to the members' strata
	RateRatio         float64 // Mantel-Haenszel
	Low, High         float64 // its interval (Greenland-Robins variance)
	OddsRatio         float64 // Mantel-Haenszel
	OddsLow, OddsHigh float64 // its interval (Robins-Breslow-Greenland variance)
	CrudeOtherRate    float64 // OtherReached / MatchedOthers
	HasCosts          bool
	MemberCost        float64 // acquisition of the matched members and the program's cost
	OtherCost         float64 // acquisition of the matched non-members
	ProgramCost       float64
	MemberCostPer     float64 // MemberCost / MemberReached
	OtherCostPer      float64 // OtherCost / OtherReached
	CostWithoutPrice  int     // matched leads whose source has no cost row
}

// stratum counts one stratum's members and non-members and those of
// them that reached the outcome.
type stratum struct {
	n1, a, n0, c int
	cost1, cost0 float64
}

// compare fills Comparison (nil when there are no members to compare).
func (r *Result) compare(ds *funnel.Dataset, index []int32) error {
	named, err := r.members(ds, index)
	if err != nil || !named {
		return err
	}
	if ds.Leads == nil {
		r.Warnings = append(r.Warnings, "the nurtured-vs-not comparison needs the leads (their strata): left out")
		return nil
	}
	key, cols, err := r.strata(ds.Leads)
	if err != nil {
		return err
	}
	acq, program, err := r.costs(ds)
	if err != nil {
		return err
	}
	cmp := &Comparison{Strata: cols, HasCosts: acq != nil, ProgramCost: program}
	strata := map[string]*stratum{}
	var order []string
	for i := range r.leads {
		ld := &r.leads[i]
		if ld.row < 0 {
			continue
		}
		k := key(int(ld.row))
		s := strata[k]
		if s == nil {
			s = &stratum{}
			strata[k] = s
			order = append(order, k)
		}
		hit := 0
		if ld.reached(r.outcome) {
			hit = 1
		}
		price := 0.0
		if acq != nil {
			price = acq(int(ld.row))
		}
		if ld.member {
			cmp.Members++
			s.n1++
			s.a += hit
			s.cost1 += zeroNaN(price, &cmp.CostWithoutPrice)
		} else {
			s.n0++
			s.c += hit
			s.cost0 += zeroNaN(price, &cmp.CostWithoutPrice)
		}
	}
	if cmp.Members == 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("no lead is a member of %s: the nurtured-vs-not comparison is left out", r.ProgramName))
		return nil
	}
	var list []stratum
	for _, k := range order {
		list = append(list, *strata[k])
	}
	cmp.fill(list, r.Opts.Conf)
	r.Comparison = cmp
	return nil
}

// zeroNaN returns v, or 0 counting a missing price.
func zeroNaN(v float64, missing *int) float64 {
	if math.IsNaN(v) {
		*missing++
		return 0
	}
	return v
}

// fill computes the comparison from the strata: over the strata with
// members and non-members (matched), with T = n1 + n0,
//
//	RR_MH = sum(a n0 / T) / sum(c n1 / T),
//	var(ln RR_MH) = sum((n1 n0 (a + c) - a c T) / T^2) / (sum(a n0 / T) sum(c n1 / T)),
//
// the interval exp(ln RR_MH ± z var^(1/2)) (Greenland and Robins 1985);
// the standardised non-member rate sum(n1 c / n0) / sum(n1).
func (cmp *Comparison) fill(list []stratum, conf float64) {
	var num, den, v, std float64
	var or oddsSums
	for _, s := range list {
		if s.n1 == 0 {
			continue
		}
		if s.n0 == 0 {
			cmp.Unmatched += s.n1
			continue
		}
		cmp.MatchedStrata++
		cmp.MatchedMembers += s.n1
		cmp.MatchedOthers += s.n0
		cmp.MemberReached += s.a
		cmp.OtherReached += s.c
		cmp.MemberCost += s.cost1
		cmp.OtherCost += s.cost0
		n1, n0, a, c := float64(s.n1), float64(s.n0), float64(s.a), float64(s.c)
		t := n1 + n0
		num += a * n0 / t
		den += c * n1 / t
		v += (n1*n0*(a+c) - a*c*t) / (t * t)
		std += n1 * c / n0
		or.add(a, n1-a, c, n0-c)
	}
	nan := math.NaN()
	cmp.MemberRate, cmp.OtherRate, cmp.CrudeOtherRate, cmp.RateRatio, cmp.Low, cmp.High = nan, nan, nan, nan, nan, nan
	cmp.MemberLow, cmp.MemberHigh = market.Wilson(cmp.MemberReached, cmp.MatchedMembers, conf)
	if cmp.MatchedMembers > 0 {
		cmp.MemberRate = float64(cmp.MemberReached) / float64(cmp.MatchedMembers)
		cmp.OtherRate = std / float64(cmp.MatchedMembers)
		cmp.CrudeOtherRate = float64(cmp.OtherReached) / float64(cmp.MatchedOthers)
	}
	z := distuv.UnitNormal.Quantile(1 - (1-conf)/2)
	if num > 0 && den > 0 {
		cmp.RateRatio = num / den
		se := math.Sqrt(v / (num * den))
		cmp.Low, cmp.High = cmp.RateRatio*math.Exp(-z*se), cmp.RateRatio*math.Exp(z*se)
	}
	cmp.OddsRatio, cmp.OddsLow, cmp.OddsHigh = or.ratio(z)
	cmp.MemberCostPer, cmp.OtherCostPer = nan, nan
	if cmp.HasCosts {
		cmp.MemberCost += cmp.ProgramCost
		if cmp.MemberReached > 0 {
			cmp.MemberCostPer = cmp.MemberCost / float64(cmp.MemberReached)
		}
		if cmp.OtherReached > 0 {
			cmp.OtherCostPer = cmp.OtherCost / float64(cmp.OtherReached)
		}
	}
}

// strata returns the key of a leads row: its values of the strata
// columns (MonthStratum: the month of created_at), a missing value being
// a level of its own. A column named in Opts.Strata that the leads lack
// is an error; of the default strata, it is left out with a warning.
func (r *Result) strata(lt *funnel.Table) (func(i int) string, []string, error) {
	names := r.Opts.Strata
	explicit := names != nil
	if !explicit {
		names = DefaultStrata
	}
	var cols []*funnel.Column
	var used []string
	month := false
	created := lt.TimeRole(funnel.RoleCreatedAt)
	for _, n := range names {
		if funnel.NameKey(n) == MonthStratum {
			if created == nil {
				if explicit {
					return nil, nil, fmt.Errorf("%s: the month stratum needs created_at (columns: %s): %w", lt.Source, lt.Headers(), ErrBadInput)
				}
				r.Warnings = append(r.Warnings, fmt.Sprintf("%s: no created_at: the comparison is not matched on the entry month", lt.Source))
				continue
			}
			month = true
			used = append(used, MonthStratum)
			continue
		}
		c := lt.Named(n)
		if c == nil {
			if explicit {
				return nil, nil, fmt.Errorf("%s: no column %q to match on (columns: %s): %w", lt.Source, n, lt.Headers(), ErrBadInput)
			}
			r.Warnings = append(r.Warnings, fmt.Sprintf("%s: no column %q: the comparison is not matched on it", lt.Source, n))
			continue
		}
		cols = append(cols, c)
		used = append(used, c.Name)
	}
	loc := r.Opts.Location
	key := func(i int) string {
		var b strings.Builder
		for _, c := range cols {
			b.WriteString(lt.Text(c, i))
			b.WriteByte(0)
		}
		if month && created.Times[i] != funnel.NoTime {
			b.WriteString(velocity.Month.Label(velocity.Month.Ordinal(created.Times[i], loc)))
		}
		return b.String()
	}
	return key, used, nil
}

// oddsSums accumulates the Mantel-Haenszel odds ratio over 2x2 tables
// [[a, b], [c, d]] (members reached, not; others reached, not), T = a +
// b + c + d, P = (a + d)/T, Q = (b + c)/T, R = a d/T, S = b c/T:
//
//	OR_MH = sum R / sum S,
//	var(ln OR_MH) = sum(P R)/(2 (sum R)²) + sum(P S + Q R)/(2 sum R sum S) + sum(Q S)/(2 (sum S)²)
//
// (Robins, Breslow and Greenland 1986; R's mantelhaen.test).
type oddsSums struct{ r, s, pr, psqr, qs float64 }

func (o *oddsSums) add(a, b, c, d float64) {
	t := a + b + c + d
	p, q, r, s := (a+d)/t, (b+c)/t, a*d/t, b*c/t
	o.r += r
	o.s += s
	o.pr += p * r
	o.psqr += p*s + q*r
	o.qs += q * s
}

func (o *oddsSums) ratio(z float64) (or, low, high float64) {
	if o.r == 0 || o.s == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	or = o.r / o.s
	se := math.Sqrt(o.pr/(2*o.r*o.r) + o.psqr/(2*o.r*o.s) + o.qs/(2*o.s*o.s))
	return or, or * math.Exp(-z*se), or * math.Exp(z*se)
}
