package sample_test

import (
	"fmt"
	"io"
	"testing"

	"github.com/funnel-analytics/funnel/funnel/sample"
)

// countingDiscard counts the bytes written to it.
type countingDiscard struct{ n *int64 }

func (c countingDiscard) Write(b []byte) (int, error) { *c.n += int64(len(b)); return len(b), nil }
func (c countingDiscard) Close() error                { return nil }

// BenchmarkGenerate generates the demo size and the `--lead-count 100000` size
// into discarding writers; MB/s is the CSV and JSON written per second.
func BenchmarkGenerate(b *testing.B) {
	for _, leads := range []int{2000, 100000} {
		b.Run(fmt.Sprintf("leads=%d", leads), func(b *testing.B) {
			var n int64
			create := func(string) (io.WriteCloser, error) { return countingDiscard{&n}, nil }
			if _, err := sample.Generate(sample.Config{Leads: leads, Seed: 1}, create); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(n)
			b.ResetTimer()
			for b.Loop() {
				if _, err := sample.Generate(sample.Config{Leads: leads, Seed: 1}, create); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
