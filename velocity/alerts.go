package velocity

import (
	"fmt"
	"math"
	"strings"
)

// Alert is a series whose latest complete period is markedly slower than
// the three periods before it.
type Alert struct {
	Group       []string
	From, To    string
	Period      string  // the latest complete period
	MeanDays    float64 // its mean days
	Baseline    float64 // mean of the three previous periods' means
	Slower      float64 // MeanDays/Baseline - 1 (+Inf when Baseline is 0)
	Transitions int     // in the latest complete period
	Message     string
}

// alerts judges every (group, pair) series at output period latest: an
// alert when each of the periods latest-3 .. latest has at least minN
// transitions, mean(latest) > 0 and
//
//	mean(latest) >= (1 + slower) × (mean(latest-3) + mean(latest-2) + mean(latest-1)) / 3
//
// (0 days, same-instant transitions all along, is never slower.)
func (r *Result) alerts(a *aggregator, labels [][]string, latest int, slower float64, minN int) []Alert {
	if latest < 3 || latest >= a.nPeriods {
		return nil
	}
	var out []Alert
	for g := range labels {
		for pi, pair := range a.pairs {
			row := func(p int) VelocityRow { return r.Velocity[(p*len(labels)+g)*len(a.pairs)+pi] }
			cur := row(latest)
			ok := cur.Transitions >= minN
			base := 0.0
			for p := latest - 3; p < latest && ok; p++ {
				ok = row(p).Transitions >= minN
				base += row(p).MeanDays / 3
			}
			if !ok || cur.MeanDays < (1+slower)*base || cur.MeanDays == 0 {
				continue
			}
			al := Alert{Group: labels[g], From: r.Ladder.Stages[pair.from], To: r.Ladder.Stages[pair.to], Period: cur.Period,
				MeanDays: cur.MeanDays, Baseline: base, Slower: math.Inf(1), Transitions: cur.Transitions}
			if base > 0 {
				al.Slower = cur.MeanDays/base - 1
			}
			prefix := ""
			if len(r.By) > 0 {
				prefix = groupLabel(r.By, al.Group) + ": "
			}
			al.Message = fmt.Sprintf("%s%s->%s %s: mean %.1f days, %s slower than %.1f days (mean of %s, %s, %s); %d transitions",
				prefix, al.From, al.To, al.Period, al.MeanDays, percent(al.Slower), base,
				row(latest-3).Period, row(latest-2).Period, row(latest-1).Period, cur.Transitions)
			out = append(out, al)
		}
	}
	return out
}

func percent(f float64) string {
	if math.IsInf(f, 1) {
		return "infinitely"
	}
	return fmt.Sprintf("%.0f%%", 100*f)
}

// groupLabel writes a group as "region=EMEA, industry=SaaS".
func groupLabel(by, values []string) string {
	parts := make([]string, len(by))
	for i := range by {
		parts[i] = by[i] + "=" + values[i]
	}
	return strings.Join(parts, ", ")
}
