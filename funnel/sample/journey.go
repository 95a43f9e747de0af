package sample

import "math"

// buildPath draws the lead's walk through the lifecycle into g.path: from
// awareness forward one stage at a time, sometimes skipping one, an SQL
// sometimes recycled back to MQL; a won lead goes on to customer, another
// stops with a chance that falls with its score and never passes
// opportunity.
func (g *generator) buildPath(won bool, eta float64) {
	r := g.rng
	g.path = append(g.path[:0], stAwareness)
	k := stAwareness
	recycles := 0
	shift := pathScoreSlope * (eta - pathEtaCenter)
	for k != stCustomer {
		if !won {
			if k == stOpportunity {
				break
			}
			p := continueProb[k]
			if r.Float64() >= sigmoid(math.Log(p/(1-p))+shift) {
				break
			}
		}
		switch {
		case k == stSQL && recycles < maxRecycles && r.Float64() < recycleProb:
			recycles++
			k = stMQL
		case skipProb[k] > 0 && r.Float64() < skipProb[k]:
			k += 2
		default:
			k++
		}
		g.path = append(g.path, int8(k))
	}
}

// timePath times the path backward from its last entry, placed one
// expected path length after the lead's nominal creation time c0, and each
// earlier entry one duration before the next. An adjacent forward
// transition's duration is drawn from the planted lognormal of the month of
// its later entry; since the last entry's time never depends on a drawn
// duration, durations grouped by that month (the velocity period) follow
// the truth exactly. Early entries may fall before the window's start (the
// history of older leads).
//
// A won lead whose win would come after the censor time (the end of the
// data less a day) wins instead uniformly in the window after a lead-in of
// half its expected path (at most a third of the window); a future
// winner's win comes after the censor time. Entries past the censor time
// are dropped (they have not happened yet); a lead whose first entry would
// lie past it keeps that entry only, at c0. None of these choices depends
// on the durations of the transitions kept, so the truth stays exact.
func (g *generator) timePath(won, future bool, c0 int64) {
	r := g.rng
	n := len(g.path)
	if cap(g.times) < n {
		g.times = make([]int64, n, 2*n)
	}
	g.times = g.times[:n]
	expect := 0.0
	for j := 0; j+1 < n; j++ {
		expect += stepMeanDays(int(g.path[j]), int(g.path[j+1]))
	}
	censor := g.end - day
	last := c0 + int64(expect*day)
	switch {
	case won && last >= censor: // too late to win in the window: won earlier
		lo := g.start + int64(min(expect/2, float64(censor-g.start)/day/3)*day)
		last = lo + r.Int64N(censor-lo)
	case future: // the win comes after the data's end
		last = max(last, censor+day)
	}
	g.times[n-1] = last
	for j := n - 2; j >= 0; j-- {
		from, to := int(g.path[j]), int(g.path[j+1])
		var d int64
		switch {
		case to == from+1:
			mu, sigma := g.stageParams(monthOf(g.times[j+1]), from)
			d = lognormalSeconds(r, mu, sigma)
		case to == from+2:
			d = lognormalSeconds(r, math.Log(stageMedianDays[from]+stageMedianDays[from+1]), stageSigma[from+1])
		default:
			d = lognormalSeconds(r, math.Log(recycleMedianDays), recycleSigma)
		}
		g.times[j] = g.times[j+1] - d
	}
	if g.times[n-1] < censor {
		return
	}
	if g.times[0] >= censor {
		g.path, g.times = g.path[:1], g.times[:1]
		g.times[0] = c0
		return
	}
	k := n
	for g.times[k-1] >= censor {
		k--
	}
	g.path, g.times = g.path[:k], g.times[:k]
}

// stepMeanDays is the base mean duration of a step of a path, in days.
func stepMeanDays(from, to int) float64 {
	switch {
	case to == from+1:
		return stageMedianDays[from] * math.Exp(stageSigma[from]*stageSigma[from]/2)
	case to == from+2:
		s := stageSigma[from+1]
		return (stageMedianDays[from] + stageMedianDays[from+1]) * math.Exp(s*s/2)
	}
	return recycleMedianDays * math.Exp(recycleSigma*recycleSigma/2)
}

// stageParams returns mu and sigma of the lognormal duration in days of
// the transition from -> from+1 whose later entry falls in month mi:
//
//	mu = ln(stageMedianDays[from] * factor), factor = December factor * slowdown factor
func (g *generator) stageParams(mi, from int) (mu, sigma float64) {
	f := 1.0
	if mi%12 == 11 {
		f *= decemberFactor
	}
	if slowedStages[from] {
		if back := g.endMonth - mi; back >= 0 && back < len(slowdownFactors) {
			f *= slowdownFactors[len(slowdownFactors)-1-back]
		}
	}
	return math.Log(stageMedianDays[from] * f), stageSigma[from]
}
