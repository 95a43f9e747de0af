package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/funnel-analytics/funnel/funnel"
)

// Fresh memory is slow on the virtual machines funnel is measured on
// (bench/RESULTS.md): the first write to each 4 KiB page traps into the
// guest kernel and then the host, about 13 µs a page, 3.3 ms a MiB, so
// that the fit, holding 130 MiB, spent a quarter of its CPU in page faults.
// Asking the kernel to back a whole range in one call
// (MADV_POPULATE_WRITE) costs about 0.2 ms a MiB, and the first write to
// a page backed that way 0.75 ms: a quarter of the cost. So a command
// that is about to read large inputs first grows the heap by about what
// it will hold, backed in one call, and frees it again: the allocations that
// follow reuse backed pages (as the JVM's AlwaysPreTouch does for its
// heap).
//
// The runtime hands pages it holds free for a while back to the kernel; by
// default with MADV_DONTNEED, which unbacks them, so that the heap faults
// part of them in again. With GODEBUG=madvdontneed=0 it uses MADV_FREE,
// which leaves them backed until the machine is short of memory. The
// runtime reads that setting at start-up, and //go:debug does not accept
// it (the go command knows only the compatibility settings), so it is a
// build setting: `make build` links the binary with
// -ldflags=-X=runtime.godebugDefault=madvdontneed=0, the default the
// GODEBUG variable overrides; a binary built with `go install` gets the
// same with GODEBUG=madvdontneed=0 in the environment. The -X replaces
// any default the go command would set from go.mod's godebug lines or
// //go:debug directives: the module has none.
//
// The size comes from the inputs: each command's heap per byte of each
// input (heapModels, measured by bench/heapmodel.sh). Too much costs about
// 0.2 ms a MiB and resident memory; too little leaves the rest to fault in
// as before. It is capped (prefaultCap), and set FUNNEL_PREFAULT=0 to turn
// it off.

// heapModel is a command's peak heap per byte of each input file it reads.
type heapModel map[funnel.TableKind]float64

const (
	// prefaultMin: below this, faulting as the heap grows costs little.
	prefaultMin = 32 << 20
	// prefaultMax caps the estimate, whatever the inputs.
	prefaultMax = 4 << 30
	// compressedRatio is about how much larger than its file a gzip CSV
	// or an xlsx sheet reads.
	compressedRatio = 4
)

// estimate returns the heap the command will hold for files (by input:
// path, "-" for stdin, which counts for nothing), from the files' sizes.
func (m heapModel) estimate(files map[funnel.TableKind]string) int64 {
	var n float64
	for kind, path := range files {
		per := m[kind]
		if per == 0 || path == "-" {
			continue
		}
		if i := strings.LastIndexByte(path, '#'); i >= 0 && strings.HasSuffix(strings.ToLower(path[:i]), ".xlsx") {
			path = path[:i] // an xlsx sheet
		}
		st, err := os.Stat(path)
		if err != nil || !st.Mode().IsRegular() {
			continue // reading it reports the error
		}
		size := float64(st.Size())
		switch strings.ToLower(filepath.Ext(path)) {
		case ".gz", ".xlsx":
			size *= compressedRatio
		}
		n += per * size
	}
	return int64(n)
}

// prefaultCap returns the most prefault backs: prefaultMax, or a quarter
// of the memory of the machine or of the cgroup the process runs in, or
// half the memory ceiling (--max-memory; 0: none), whichever is least
// (with neither known: no cap but prefaultMax). Half the ceiling: the
// block is freed before reading, but the heap that then grows into it
// must stay under the ceiling with room for the collector.
func prefaultCap(ceiling int64) int64 {
	limit := int64(prefaultMax)
	if m := memoryLimit(); m > 0 {
		limit = min(limit, m/4)
	}
	if ceiling > 0 {
		limit = min(limit, ceiling/2)
	}
	return limit
}

// prefault grows the heap by n bytes backed in one call and frees them
// again (see above), when n is worth it, the platform can do it, and
// FUNNEL_PREFAULT is not 0; at most prefaultCap(ceiling); once a process,
// so that a command that reads its inputs again (velocity's fallback for
// wide stage files) does not back twice what it holds. It reports the
// bytes it backed.
func prefault(n, ceiling int64) int64 {
	prefaultMu.Lock() // tests run Main in-process, in parallel
	defer prefaultMu.Unlock()
	if prefaulted || os.Getenv("FUNNEL_PREFAULT") == "0" {
		return 0
	}
	n = min(n, prefaultCap(ceiling))
	if n < prefaultMin {
		return 0
	}
	b := make([]byte, n) // fresh pages, not touched by the runtime
	ok := populate(b)
	runtime.KeepAlive(b)
	b = nil
	if !ok {
		return 0 // the pages were never touched: freeing them costs nothing
	}
	runtime.GC() // frees the block: its pages are the heap's to reuse
	prefaulted = true
	return n
}

// prefaulted is set once prefault has backed memory; prefaultMu guards it.
var (
	prefaulted bool
	prefaultMu sync.Mutex
)
