package sample_test

import (
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/funnel-analytics/funnel/funnel/sample"
)

// The statistical checks run on two sets: the default one (what `funnel
// sample` writes without flags: 20000 leads, seed 1) and a bigger one with
// another seed.
var statConfigs = []sample.Config{
	sample.DefaultConfig(),
	{Leads: 30000, Seed: 2},
}

type statSet struct {
	set     *exportSet
	truth   *sample.Truth
	scoring *scoringData
}

var (
	statOnce sync.Once
	statSets []statSet
)

func loadStatSets(t *testing.T) []statSet {
	t.Helper()
	statOnce.Do(func() {
		for _, cfg := range statConfigs {
			fs, truth := generate(t, cfg)
			set := readSet(t, fs)
			statSets = append(statSets, statSet{set, truth, readScoring(t, set)})
		}
	})
	if len(statSets) != len(statConfigs) {
		t.Fatal("statistical sets failed to generate")
	}
	return statSets
}

func sortedKeys(m map[string]float64, except string) []string {
	var keys []string
	for k := range m {
		if k != except {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// scoringData is what the lead-scoring checks need from a set, read from
// the files alone: per lead its industry, outcome and cutoff (won_at when
// won, else the latest timestamp of leads and touches: the default --as-of
// of `funnel fit`), and per touch its lead, time, activity type and channel.
type scoringData struct {
	industry []string
	won      []bool
	cutoff   []int64
	touches  []scoredTouch
}

type scoredTouch struct {
	lead     int
	at       int64
	activity string
	channel  string
}

func readScoring(t *testing.T, s *exportSet) *scoringData {
	t.Helper()
	d := &scoringData{}
	row := map[string]int{}
	asOf := int64(math.MinInt64)
	for i := range s.leads.rows {
		row[s.leads.get(i, "lead_id")] = i
		d.industry = append(d.industry, s.leads.get(i, "industry"))
		for _, c := range []string{"created_at", "mql_at", "sql_at", "won_at"} {
			if at, ok := unix(t, s.leads.get(i, c)); ok {
				asOf = max(asOf, at)
			}
		}
		at, won := unix(t, s.leads.get(i, "won_at"))
		d.won = append(d.won, won)
		d.cutoff = append(d.cutoff, at)
	}
	for i := range s.touches.rows {
		at, _ := unix(t, s.touches.get(i, "occurred_at"))
		asOf = max(asOf, at)
		d.touches = append(d.touches, scoredTouch{row[s.touches.get(i, "lead_id")], at,
			s.touches.get(i, "activity_type"), s.touches.get(i, "channel")})
	}
	for i, won := range d.won {
		if !won {
			d.cutoff[i] = asOf
		}
	}
	return d
}

// design builds the lead-scoring design: per lead an intercept, the count
// of touches per activity type strictly before the lead's cutoff, industry
// indicators against the reference; with channels also the count of
// pre-cutoff touches per channel but the reference one. all=true counts
// every touch (the leaky fit).
func design(d *scoringData, truth *sample.Truth, channels, all bool) (x [][]float64, y []float64, terms []string) {
	acts := sortedKeys(truth.ActivityLogOdds.Activity, "")
	inds := sortedKeys(truth.ActivityLogOdds.Industry, truth.ActivityLogOdds.IndustryReference)
	terms = append([]string{"(intercept)"}, acts...)
	for _, ind := range inds {
		terms = append(terms, "industry="+ind)
	}
	if channels {
		for _, ch := range sortedKeys(truth.ChannelEffects.PerTouchLogOdds, truth.ChannelEffects.Reference) {
			terms = append(terms, "channel="+ch)
		}
	}
	col := map[string]int{}
	for i, name := range terms {
		col[name] = i
	}
	x = make([][]float64, len(d.won))
	y = make([]float64, len(d.won))
	for i := range d.won {
		x[i] = make([]float64, len(terms))
		x[i][0] = 1
		if j, ok := col["industry="+d.industry[i]]; ok {
			x[i][j] = 1
		}
		if d.won[i] {
			y[i] = 1
		}
	}
	for _, tc := range d.touches {
		if !all && tc.at >= d.cutoff[tc.lead] {
			continue
		}
		x[tc.lead][col[tc.activity]]++
		if j, ok := col["channel="+tc.channel]; ok {
			x[tc.lead][j]++
		}
	}
	return x, y, terms
}

// trueWeight returns the planted weight of a design term.
func trueWeight(truth *sample.Truth, term string, channels bool) float64 {
	a := truth.ActivityLogOdds
	switch {
	case term == "(intercept)":
		return a.Intercept
	case strings.HasPrefix(term, "industry="):
		return a.Industry[strings.TrimPrefix(term, "industry=")]
	case strings.HasPrefix(term, "channel="):
		return truth.ChannelEffects.PerTouchLogOdds[strings.TrimPrefix(term, "channel=")]
	case channels:
		return truth.ChannelEffects.ActivityGivenChannel[term]
	}
	return a.Activity[term]
}

// TestActivityLogOddsRecovered fits the lead-scoring model the way `funnel
// fit --target won_at --features industry` defines it (counts of touches
// before the cutoff, industry indicators against the most frequent level)
// and checks that every planted weight lies within 3 standard errors of its
// estimate (the acceptance of issue 3). With channel counts added (26 terms)
// the planted channel effects are checked against a Bonferroni bound, so
// that the family of terms fails by chance at most 1% of the time:
// |z| <= Phi^-1(1 - 0.01/(2*terms)). Both models must also pass the joint
// Wald test at the 0.1% level. (Over seeds 3 to 12, the root mean square of
// every term's z was between 0.5 and 1.4: the data are drawn from the model.)
// A leaky fit that also counts the post-won onboarding touches must miss.
func TestActivityLogOddsRecovered(t *testing.T) {
	t.Parallel()
	for si, ss := range loadStatSets(t) {
		for _, channels := range []bool{false, true} {
			x, y, terms := design(ss.scoring, ss.truth, channels, false)
			beta, se, info, err := fitLogistic(x, y)
			if err != nil {
				t.Fatalf("set %d: %v", si, err)
			}
			bound := 3.0
			if channels {
				bound = distuv.UnitNormal.Quantile(1 - 0.01/(2*float64(len(terms))))
			}
			want := make([]float64, len(terms))
			for j, term := range terms {
				want[j] = trueWeight(ss.truth, term, channels)
				z := (beta[j] - want[j]) / se[j]
				t.Logf("set %d channels=%v %-28s true %+.4f est %+.4f se %.4f z %+.2f", si, channels, term, want[j], beta[j], se[j], z)
				if math.Abs(z) > bound {
					t.Errorf("set %d channels=%v: %s estimate %.4f is %.1f standard errors from the planted %.4f (bound %.2f)",
						si, channels, term, beta[j], z, want[j], bound)
				}
			}
			w := wald(beta, want, info)
			crit := distuv.ChiSquared{K: float64(len(terms))}.Quantile(0.999)
			t.Logf("set %d channels=%v: Wald %.1f on %d df (0.1%% critical value %.1f)", si, channels, w, len(terms), crit)
			if w > crit {
				t.Errorf("set %d channels=%v: joint Wald statistic %.1f exceeds the 0.1%% critical value %.1f", si, channels, w, crit)
			}
		}
		x, y, terms := design(ss.scoring, ss.truth, false, true)
		beta, se, _, err := fitLogistic(x, y)
		if err != nil {
			t.Fatalf("set %d leaky: %v", si, err)
		}
		worst := 0.0
		for j, term := range terms {
			worst = max(worst, math.Abs(beta[j]-trueWeight(ss.truth, term, false))/se[j])
		}
		t.Logf("set %d: leaky fit, worst |z| %.1f", si, worst)
		if worst < 5 {
			t.Errorf("set %d: a fit that counts post-won touches is within %.1f standard errors of the truth; the leakage trap is too weak", si, worst)
		}
	}
}

// cell is a (period, from stage) group of observed transition durations.
type cell struct {
	period, from string
}

// stageDurations computes, from stages.csv alone, the durations in days of
// the planted transitions: entries into stage k+1 whose previous event of
// the same entity is an entry into stage k, grouped by the month of the
// later entry; and counts recycles (moves down the ladder), re-entries and
// skips (moves up by two).
func stageDurations(t *testing.T, s *exportSet, ladder []string) (durations map[cell][]float64, recycles, reentries, skips int) {
	t.Helper()
	rank := map[string]int{}
	for i, st := range ladder {
		rank[st] = i
	}
	durations = map[cell][]float64{}
	prevEntity, prevStage := "", -1
	var prevAt int64
	seen := map[int]bool{}
	for i := range s.stages.rows {
		entity, st := s.stages.get(i, "entity_id"), s.stages.get(i, "stage")
		at, _ := unix(t, s.stages.get(i, "entered_at"))
		k, ok := rank[st]
		if !ok {
			t.Fatalf("stages row %d: stage %q is not on the ladder", i+2, st)
		}
		if entity != prevEntity {
			prevEntity, prevStage = entity, -1
			clear(seen)
		}
		if seen[k] {
			reentries++
		}
		seen[k] = true
		if prevStage >= 0 {
			switch {
			case k == prevStage+1:
				c := cell{time.Unix(at, 0).UTC().Format("2006-01"), ladder[prevStage]}
				durations[c] = append(durations[c], float64(at-prevAt)/86400)
			case k == prevStage+2:
				skips++
			case k < prevStage:
				recycles++
			}
		}
		prevStage, prevAt = k, at
	}
	return durations, recycles, reentries, skips
}

// TestStageDaysMatchTruth compares the empirical mean duration of every
// transition in every month of the window with at least 50 transitions
// against the planted mean: the tolerance is 4.5 standard errors of a mean
// of n draws, sd_days/sqrt(n), with sd_days from the truth (4.5 rather than
// 4 because lognormal means are right-skewed at small n); and the mean of
// the standardized differences over all cells must be within 3/sqrt(cells)
// of 0. The counts of recycles, re-entries and skips read from the file
// must equal the generator's.
func TestStageDaysMatchTruth(t *testing.T) {
	t.Parallel()
	for si, ss := range loadStatSets(t) {
		sd := ss.truth.StageDays
		durations, recycles, reentries, skips := stageDurations(t, ss.set, sd.Ladder)
		truth := map[cell]sample.StageMonth{}
		for _, r := range sd.Rows {
			truth[cell{r.Period, r.FromStage}] = r
		}
		start, end := ss.truth.Config.Start[:7], ss.truth.Config.End[:7]
		cells, zsum := 0, 0.0
		for c, ds := range durations {
			if c.period < start || c.period > end || len(ds) < 50 {
				continue
			}
			r, ok := truth[c]
			if !ok {
				t.Fatalf("set %d: no truth for %v", si, c)
			}
			mean := 0.0
			for _, d := range ds {
				mean += d
			}
			mean /= float64(len(ds))
			se := r.SDDays / math.Sqrt(float64(len(ds)))
			z := (mean - r.MeanDays) / se
			cells++
			zsum += z
			if math.Abs(z) > 4.5 {
				t.Errorf("set %d: %s %s->%s: mean %.2f days over %d transitions, planted %.2f (z %.1f)",
					si, c.period, r.FromStage, r.ToStage, mean, len(ds), r.MeanDays, z)
			}
		}
		if cells < 8*12 {
			t.Errorf("set %d: only %d month-transition cells with 50 transitions", si, cells)
		}
		if avg := zsum / float64(cells); math.Abs(avg) > 3/math.Sqrt(float64(cells)) {
			t.Errorf("set %d: mean standardized difference %.3f over %d cells; the durations are biased", si, avg, cells)
		}
		t.Logf("set %d: %d cells, mean z %.3f; recycles %d, re-entries %d, skips %d", si, cells, zsum/float64(cells), recycles, reentries, skips)
		sum := ss.truth.Summary
		if recycles != sum.Recycles || reentries != sum.Reentries || skips != sum.Skips {
			t.Errorf("set %d: file has %d recycles, %d re-entries, %d skips; truth says %d, %d, %d",
				si, recycles, reentries, skips, sum.Recycles, sum.Reentries, sum.Skips)
		}
		for name, v := range map[string]int{"recycles": recycles, "re-entries": reentries, "skips": skips} {
			if v < sum.Leads/100 {
				t.Errorf("set %d: only %d %s among %d leads", si, v, name, sum.Leads)
			}
		}
	}
}

// TestSlowdownVisible checks that the planted slowdown shows in the data
// the way `funnel velocity --alert-slower 25%` judges it: for a slowed
// transition the latest month's mean is at least 25% above the mean of the
// three months before (planted: 1.6 against (1+1.2+1.4)/3 = 1.2, a ratio
// of 1.33), and the slowdown is over 40% against the same months of the
// half year before; a transition that was not slowed stays below the alert.
func TestSlowdownVisible(t *testing.T) {
	t.Parallel()
	for si, ss := range loadStatSets(t) {
		sd := ss.truth.StageDays
		durations, _, _, _ := stageDurations(t, ss.set, sd.Ladder)
		end, err := time.Parse("2006-01-02", ss.truth.Config.End)
		if err != nil {
			t.Fatal(err)
		}
		month := func(back int) string { return end.AddDate(0, -back, -end.Day()+1).Format("2006-01") }
		mean := func(from string, backs ...int) float64 {
			sum, n := 0.0, 0
			for _, b := range backs {
				for _, d := range durations[cell{month(b), from}] {
					sum += d
					n++
				}
			}
			return sum / float64(n)
		}
		slowed := map[string]bool{}
		for _, tr := range sd.Slowdown.Transitions {
			slowed[strings.Split(tr, "->")[0]] = true
		}
		if len(slowed) == 0 {
			t.Fatal("no slowed transition in the truth")
		}
		for _, from := range sd.Ladder[:len(sd.Ladder)-1] {
			alert := mean(from, 0) / mean(from, 1, 2, 3)
			halfYear := mean(from, 0, 1, 2) / mean(from, 6, 7, 8)
			t.Logf("set %d %-12s latest/previous three %.2f, last three/half a year before %.2f", si, from, alert, halfYear)
			if slowed[from] && (alert < 1.25 || halfYear < 1.3) {
				t.Errorf("set %d: slowed transition from %s: ratios %.2f and %.2f, want >= 1.25 and >= 1.3", si, from, alert, halfYear)
			}
			if !slowed[from] && (alert >= 1.25 || halfYear > 1.2 || halfYear < 0.83) {
				t.Errorf("set %d: transition from %s was not slowed but shows ratios %.2f and %.2f", si, from, alert, halfYear)
			}
		}
	}
}
