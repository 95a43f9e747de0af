package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// Fresh memory is slow on the virtual machines funnel is measured on
// (bench/RESULTS.md): the first write to each 4 KiB page traps into the
// guest kernel and then the host, about 13 µs a page, 3.3 ms a MiB, so
// that the fit, holding 130 MiB, spent a quarter of its CPU in page faults
// (33k faults, 0.43 s of 1.85 s).
// Asking the kernel to back a whole range in one call
// (MADV_POPULATE_WRITE) costs about 0.2 ms a MiB, and the first write to
// a page backed that way 0.75 ms: a quarter of the cost. So a command
// that is about to read large inputs first grows the heap by about what
// it will hold, backed in one call, and frees it again: the allocations that
// follow reuse backed pages (as the JVM's AlwaysPreTouch does for its
// heap). The runtime hands pages it holds free for a while back to the
// kernel; by default with MADV_DONTNEED, which unbacks them, so that the
// heap faulted half of them in again. With GODEBUG=madvdontneed=0 it uses
// MADV_FREE, which leaves them backed until the machine is short of
// memory; since the runtime reads GODEBUG only at start-up, the command
// restarts itself with it (restartFreeMadvise) before it reads anything.
//
// The size comes from the inputs: each command states how many bytes of
// heap it holds per byte of each input (heapModel, measured on the bench
// data). Too much costs about 0.2 ms a MiB and resident memory; too little
// leaves the rest to fault in as before. It is capped (prefaultCap), and
// set FUNNEL_PREFAULT=0 to turn it off.

// heapModel is a command's peak heap per byte of each input file it reads,
// measured (bench/RESULTS.md).
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
// of the memory of the machine or of the cgroup the process runs in, when
// less (0 when neither is known: no cap but prefaultMax).
func prefaultCap() int64 {
	limit := int64(prefaultMax)
	if m := memoryLimit(); m > 0 {
		limit = min(limit, m/4)
	}
	return limit
}

// prefault grows the heap by n bytes backed in one call and frees them
// again (see above), when n is worth it, the platform can do it, and
// FUNNEL_PREFAULT is not 0; once a process, so that a command that reads
// its inputs again (velocity's fallback for wide stage files) does not
// back twice what it holds. It reports the bytes it backed.
func prefault(n int64) int64 {
	if prefaulted || os.Getenv("FUNNEL_PREFAULT") == "0" {
		return 0
	}
	n = min(n, prefaultCap())
	if n < prefaultMin {
		return 0
	}
	restartFreeMadvise()
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

// prefaulted is set once prefault has backed memory.
var prefaulted bool

// restartable is set by main: the process may replace itself with a new
// run of the same command (restartFreeMadvise). Tests, which call Main,
// leave it false.
var restartable bool

// godebugHas reports whether the GODEBUG list sets key.
func godebugHas(list, key string) bool {
	for _, kv := range strings.Split(list, ",") {
		if k, _, ok := strings.Cut(strings.TrimSpace(kv), "="); ok && k == key {
			return true
		}
	}
	return false
}

// withGodebug returns env with setting (key=value) added to GODEBUG.
func withGodebug(env []string, setting string) []string {
	out := make([]string, 0, len(env)+1)
	found := false
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "GODEBUG="); ok && !found {
			found = true
			if v != "" {
				setting = v + "," + setting
			}
			kv = "GODEBUG=" + setting
		}
		out = append(out, kv)
	}
	if !found {
		out = append(out, "GODEBUG="+setting)
	}
	return out
}
