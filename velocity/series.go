package velocity

import (
	"math"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// VelocityRow is one row of the velocity table: the transitions of one
// pair whose later entry fell in one period (and one --by group).
//
// The tags name the table's columns; the --by group columns stand in
// place of Group.
type VelocityRow struct {
	Period      string   `table:"period"`
	Group       []string // values of Options.By, in order
	From        string   `table:"from_stage"`
	To          string   `table:"to_stage"`
	Transitions int      `table:"transitions"`
	MeanDays    float64  `table:"mean_days"` // NaN without transitions
	MedianDays  float64  `table:"median_days"`
	P90Days     float64  `table:"p90_days"`
	Recycles    int      `table:"recycles"` // adjacent pairs only; extra pairs show 0
	Skipped     int      `table:"skipped"`  // adjacent pairs only
}

// TrendRow summarises one pair (and group) over all output periods: the
// statistics of every transition in them, and a sparkline of the periods'
// mean days.
//
// The tags name the table's columns; the --by group columns stand in
// place of Group.
type TrendRow struct {
	Group       []string
	From        string  `table:"from_stage"`
	To          string  `table:"to_stage"`
	Transitions int     `table:"transitions"`
	MeanDays    float64 `table:"mean_days"`
	MedianDays  float64 `table:"median_days"`
	P90Days     float64 `table:"p90_days"`
	Recycles    int     `table:"recycles"`
	Skipped     int     `table:"skipped"`
	// Sparkline has one character per period, see Sparkline.
	Sparkline string `table:"trend"`
}

// Mean returns the arithmetic mean of x, NaN when x is empty.
func Mean(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// Median returns the median of sorted x: the middle value, or the mean of
// the two middle values, (x[n/2-1] + x[n/2]) / 2; NaN when x is empty.
func Median(sorted []float64) float64 {
	return medianAt(len(sorted), func(i int) float64 { return sorted[i] })
}

func medianAt(n int, x func(i int) float64) float64 {
	switch {
	case n == 0:
		return math.NaN()
	case n%2 == 1:
		return x(n / 2)
	}
	return (x(n/2-1) + x(n/2)) / 2
}

// Quantile returns the p-quantile of sorted x by R's type 7 (numpy's and
// pandas' default, "linear"):
//
//	h = (n-1) p,  q = x[⌊h⌋] + (h-⌊h⌋) (x[⌊h⌋+1] - x[⌊h⌋])
//
// evaluated as numpy does (from the upper point when h-⌊h⌋ >= 0.5), so that
// results agree to the last bit. NaN when x is empty.
func Quantile(p float64, sorted []float64) float64 {
	return quantileAt(p, len(sorted), func(i int) float64 { return sorted[i] })
}

func quantileAt(p float64, n int, x func(i int) float64) float64 {
	if n == 0 {
		return math.NaN()
	}
	if p < 0 || p > 1 || math.IsNaN(p) {
		panic("velocity: quantile outside [0, 1]")
	}
	h := float64(n-1) * p
	lo := math.Floor(h)
	i := int(lo)
	j := min(i+1, n-1)
	t := h - lo
	a, b := x(i), x(j)
	d := b - a
	if t >= 0.5 {
		return b - d*(1-t)
	}
	return a + d*t
}

// dayStats returns the mean, median and p90 in days of durations in
// seconds, which it sorts in place (tmp is scratch space, returned for
// reuse). The mean is the exact integer sum of seconds divided by n and by
// 86400; median and p90 are taken on seconds/86400 as floats, like pandas
// on timedelta days.
func dayStats(secs, tmp []int64) (mean, median, p90 float64, _ []int64) {
	if len(secs) == 0 {
		return math.NaN(), math.NaN(), math.NaN(), tmp
	}
	tmp = sortSeconds(secs, tmp)
	var sum int64
	for _, s := range secs {
		sum += s
	}
	days := func(i int) float64 { return float64(secs[i]) / funnel.SecondsPerDay }
	mean = float64(sum) / float64(len(secs)) / funnel.SecondsPerDay
	return mean, medianAt(len(secs), days), quantileAt(0.9, len(secs), days), tmp
}

// dayStat is the mean, median and p90 in days of a cell's durations,
// computed elsewhere (Plan: in a database).
type dayStat struct{ mean, median, p90 float64 }

// noStat is the dayStat of no duration.
var noStat = dayStat{math.NaN(), math.NaN(), math.NaN()}

// statOf is the dayStat of n durations summing to secs seconds, with
// their median and p90 in days: the mean as dayStats takes it.
func statOf(n int, secs int64, median, p90 float64) dayStat {
	if n == 0 {
		return noStat
	}
	return dayStat{float64(secs) / float64(n) / funnel.SecondsPerDay, median, p90}
}

// durations stores the durations of one cell in chunks of growing size,
// so that appending never copies.
type durations struct {
	chunks [][]int64
	n      int
}

func (d *durations) add(v int64) {
	k := len(d.chunks)
	if k == 0 || len(d.chunks[k-1]) == cap(d.chunks[k-1]) {
		d.chunks = append(d.chunks, make([]int64, 0, 256<<min(k, 12)))
		k++
	}
	d.chunks[k-1] = append(d.chunks[k-1], v)
	d.n++
}

// appendTo appends the durations to buf.
func (d *durations) appendTo(buf []int64) []int64 {
	for _, c := range d.chunks {
		buf = append(buf, c...)
	}
	return buf
}

// sparkBlocks are the eight levels of a sparkline, lowest first.
var sparkBlocks = []rune("▁▂▃▄▅▆▇█")

// Sparkline draws values as one character each: ▁ for the smallest, █ for
// the largest, level = round(7 (v - min) / (max - min)); a space for NaN;
// ▄ for every value when all are equal.
func Sparkline(values []float64) string {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range values {
		if !math.IsNaN(v) {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	var b strings.Builder
	for _, v := range values {
		switch {
		case math.IsNaN(v):
			b.WriteByte(' ')
		case hi == lo:
			b.WriteRune(sparkBlocks[3])
		default:
			b.WriteRune(sparkBlocks[int(math.Round(7*(v-lo)/(hi-lo)))])
		}
	}
	return b.String()
}
