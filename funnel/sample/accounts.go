package sample

import (
	"math"
	"strconv"
	"strings"
)

// account is one company: firmographics, whether it is on the target
// list, its engagement multiplier and the size of its buying committee.
type account struct {
	id        int
	name      string
	domain    string
	industry  int
	region    int
	employees int
	revenue   int64
	target    bool
	mult      float64 // engagement multiplier of its leads' activity rates
	committee int     // contacts (leads) at the account, 0 to maxCommittee
}

// targetIntercept sets the share of target accounts to about 20%:
// P(target) = logistic(targetIntercept + targetSizeSlope*(log10(employees)-sizeCenter) + industryTargetBonus).
const (
	targetIntercept = -1.75
	targetSizeSlope = 0.9
	revenueNoise    = 0.4
)

var (
	industryCum  = cumulative(industryShare[:])
	regionCum    = cumulative(regionShare[:])
	seniorityCum = cumulative(seniorityShare[:])
)

// Ideal profile of the lookalike truth: the industries and regions whose
// engagement and win effects are not negative, and mid-size and larger
// accounts (bigger committees, more engagement).
var (
	idealIndustries = []int{indSoftware, indFinance, indHealthcare}
	idealRegions    = []int{0, 1} // NA, EMEA
)

const idealMinEmployees = 200

func (a *account) ideal() bool {
	in := func(v int, set []int) bool {
		for _, s := range set {
			if s == v {
				return true
			}
		}
		return false
	}
	return in(a.industry, idealIndustries) && in(a.region, idealRegions) && a.employees >= idealMinEmployees
}

func (g *generator) newAccount(id int) account {
	r := g.rng
	a := account{id: id}
	a.industry = pick(r, industryCum)
	a.region = pick(r, regionCum)
	lo, hi := math.Log(minEmployees), math.Log(maxEmployees)
	a.employees = int(math.Round(math.Exp(lo + r.Float64()*(hi-lo))))
	size := math.Log10(float64(a.employees)) - sizeCenter
	rev := float64(a.employees) * industryRevenuePerEmployee[a.industry] * math.Exp(revenueNoise*r.NormFloat64())
	a.revenue = int64(math.Round(rev/1000)) * 1000
	a.target = r.Float64() < sigmoid(targetIntercept+targetSizeSlope*size+industryTargetBonus[a.industry])
	logm := industryEngagement[a.industry] + regionEngagement[a.region] + sizeEngagement*size + engagementNoise*r.NormFloat64()
	if a.target {
		logm += targetEngagement
	}
	a.mult = math.Exp(logm)
	if r.Float64() < noContactShare {
		a.committee = 0
	} else {
		a.committee = min(maxCommittee, 1+poisson(r, 0.3+0.8*(math.Log10(float64(a.employees))-1)))
	}
	prefix := companyPrefixes[r.IntN(len(companyPrefixes))]
	noun := companyNouns[a.industry][r.IntN(len(companyNouns[a.industry]))]
	a.name = prefix + " " + noun
	if a.industry != indEducation {
		suffixes := regionSuffix[a.region]
		s := suffixes[r.IntN(len(suffixes))]
		if s[0] == ',' {
			a.name += s
		} else {
			a.name += " " + s
		}
	}
	tlds := regionTLD[a.region]
	base := slug(prefix + noun)
	tld := tlds[r.IntN(len(tlds))]
	n := g.domains[base+tld]
	g.domains[base+tld] = n + 1
	if n > 0 {
		base += strconv.Itoa(n + 1)
	}
	a.domain = base + tld
	if a.target {
		g.sum.TargetAccounts++
		g.targets = append(g.targets, targetAccount{id: a.id, employees: a.employees})
	}
	return a
}

func (g *generator) writeAccount(a *account) {
	w := g.accounts
	w.id('A', a.id, g.accountWidth)
	w.text(a.name)
	w.text(industryNames[a.industry])
	w.text(regionNames[a.region])
	w.int(int64(a.employees))
	w.int(a.revenue)
	w.flag(a.target)
	w.end()
}

// slug lowercases s and keeps letters and digits.
func slug(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	return b.String()
}
