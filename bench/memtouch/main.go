// Command memtouch measures what fresh memory costs on this machine: it
// allocates a block, writes one byte per 4 KiB page (the first touch, when
// the kernel, and in a VM the host, must back each page), then writes them
// again (already backed). bench/run.sh records it with the machine, because
// on a VM where the first touch is slow, every megabyte a command holds
// costs time, and peak RSS becomes part of the speed.
//
//	go run ./bench/memtouch [-mb 200]
package main

import (
	"flag"
	"fmt"
	"time"
)

func main() {
	mb := flag.Int("mb", 200, "block size in MiB")
	flag.Parse()
	const page = 4096
	b := make([]byte, *mb<<20)
	t0 := time.Now()
	for i := 0; i < len(b); i += page {
		b[i] = 1
	}
	first := time.Since(t0)
	t0 = time.Now()
	for i := 0; i < len(b); i += page {
		b[i] = 2
	}
	again := time.Since(t0)
	pages := float64(len(b) / page)
	fmt.Printf("first touch of %d MiB: %.3f s (%.2f us per 4 KiB page, %.2f ms per MiB); touched again: %.4f s\n",
		*mb, first.Seconds(), float64(first.Microseconds())/pages, float64(first.Milliseconds())/float64(*mb), again.Seconds())
}
