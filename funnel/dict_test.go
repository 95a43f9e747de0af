package funnel

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// TestDictMany interns 200,000 ids (several table doublings), long strings
// (own allocation) and the empty string, from strings and from reused byte
// buffers, and checks every code against a Go map doing the same job.
func TestDictMany(t *testing.T) {
	t.Parallel()
	d := NewDict()
	ref := map[string]int32{}
	var order []string
	buf := make([]byte, 0, 64)
	long := strings.Repeat("x", dictBlock) // larger than a quarter block
	add := func(s string, viaBytes bool) {
		var c int32
		if viaBytes {
			buf = append(buf[:0], s...)
			c = d.Code(unsafe.String(unsafe.SliceData(buf), len(buf))) // a view, as the loader passes
			for i := range buf {                                       // the caller reuses its buffer
				buf[i] = '?'
			}
		} else {
			c = d.Code(s)
		}
		want, ok := ref[s]
		if !ok {
			want = int32(len(order))
			ref[s] = want
			order = append(order, s)
		}
		if c != want {
			t.Fatalf("code of %q = %d, want %d", s, c, want)
		}
	}
	for i := range 200000 {
		add("L"+strconv.Itoa(i*7919%200000), i%2 == 0)
		if i%1000 == 0 {
			add("L"+strconv.Itoa(i/2), i%3 == 0) // seen before
			add(long+strconv.Itoa(i%5), false)
			add("", true)
		}
		if i == 50000 {
			d.Grow(100000)
		}
	}
	if d.Len() != len(order) {
		t.Fatalf("Len = %d, want %d", d.Len(), len(order))
	}
	for c, s := range order {
		if d.String(int32(c)) != s {
			t.Fatalf("String(%d) = %q, want %q", c, d.String(int32(c)), s)
		}
		if got, ok := d.Lookup(s); !ok || got != int32(c) {
			t.Fatalf("Lookup(%q) = %d, %v", s, got, ok)
		}
	}
	if _, ok := d.Lookup("L-1"); ok || d.Len() != len(order) {
		t.Error("Lookup of an unknown string found it or added it")
	}
}

// BenchmarkDict interns 500,000 distinct ids and then looks each up nine
// times more (the shape of a leads file and its touches), next to a Go
// map doing the same, in one run.
func BenchmarkDict(b *testing.B) {
	ids := make([][]byte, 500000)
	for i := range ids {
		ids[i] = []byte(fmt.Sprintf("L%07d", (i*7919)%500000))
	}
	b.Run("dict", func(b *testing.B) {
		for range b.N {
			d := NewDict()
			for r := range 10 {
				for _, id := range ids {
					d.Code(unsafe.String(unsafe.SliceData(id), len(id)))
				}
				_ = r
			}
		}
	})
	b.Run("map", func(b *testing.B) {
		for range b.N {
			m := map[string]int32{}
			var names []string
			for range 10 {
				for _, id := range ids {
					if _, ok := m[string(id)]; !ok {
						s := string(id)
						m[s] = int32(len(names))
						names = append(names, s)
					}
				}
			}
		}
	})
}
