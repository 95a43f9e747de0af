package ingest

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// BenchmarkDate reads 4096 distinct values of one layout through a date
// column, as Load does (ns/op is per value): the ISO layouts of the fast
// path and of the general one, and the others.
func BenchmarkDate(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 7))
	unix := make([]int64, 4096)
	for i := range unix {
		unix[i] = 1704067200 + rng.Int64N(600*86400)
	}
	layouts := []struct {
		name   string
		format func(t time.Time) string
	}{
		{"ISO datetime", func(t time.Time) string { return t.Format(time.DateTime) }},
		{"ISO date", func(t time.Time) string { return t.Format(time.DateOnly) }},
		{"ISO T Z", func(t time.Time) string { return t.Format("2006-01-02T15:04:05Z") }},
		{"slash mdy", func(t time.Time) string { return t.Format("01/02/2006 15:04") }},
		{"Excel serial", func(t time.Time) string { return fmt.Sprint(t.Unix()/86400 + 25569) }},
		{"YYYYMMDD", func(t time.Time) string { return t.Format("20060102") }},
		{"epoch ms", func(t time.Time) string { return fmt.Sprint(t.UnixMilli() + 123) }},
		{"epoch us", func(t time.Time) string { return fmt.Sprint(t.UnixMicro() + 123456) }},
	}
	for _, l := range layouts {
		vals := make([]string, len(unix))
		for i, u := range unix {
			vals[i] = l.format(time.Unix(u, 0).UTC())
		}
		b.Run(l.name, func(b *testing.B) {
			dc := newDateColumn(Options{DateOrder: "mdy"}, true)
			times := make([]int64, 0, 1)
			for i := 0; b.Loop(); i++ {
				if _, err := dc.parse(vals[i%len(vals)], i+2, times); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
