package ingest

import (
	"fmt"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
)

// The memory ceiling (Options.MaxMemory). The runtime's memory limit
// (debug.SetMemoryLimit, which the command sets to the same figure) is
// soft: it makes the collector work harder as the heap nears it, but does
// not stop the heap from growing past it, until the machine has no memory
// left and the runtime dies with a stack trace. So the loader checks the
// heap itself, at two moments, and fails with a *FileError wrapping
// ErrMemory that names the file and the line it reached:
//
//   - when it starts on a file, the heap in use (live and not yet
//     collected objects) is read directly: a ceiling below what the
//     process already holds fails at the header;
//   - after that, every row compares the live heap measured at the end of
//     the last collection (heapLive, kept by a cleanup that runs once per
//     collection) with the ceiling: one atomic load a row, and a heap that
//     keeps growing is collected, so measured, again and again.
//
// Reading is where a heap grows without bound (endless stdin, a table
// too wide or too long); analyses hold what reading gave them, within the
// same order.

// heapLive is the live heap in bytes at the end of the latest collection
// since watchHeap started; 0 before.
var heapLive atomic.Uint64

var watchOnce sync.Once

// heapSentinel is an object whose only use is to be collected: its
// cleanup records the live heap and allocates the next one. Sixteen bytes
// or more, so that it is not batched with other tiny objects (which would
// keep it alive).
type heapSentinel struct{ _ [32]byte }

// liveSample is read by the cleanups, which run one at a time.
var liveSample = []metrics.Sample{{Name: "/gc/heap/live:bytes"}}

// watchHeap starts keeping heapLive, once a process.
func watchHeap() { watchOnce.Do(armHeapWatch) }

func armHeapWatch() {
	runtime.AddCleanup(new(heapSentinel), func(struct{}) {
		metrics.Read(liveSample)
		if liveSample[0].Value.Kind() == metrics.KindUint64 {
			heapLive.Store(liveSample[0].Value.Uint64())
		}
		armHeapWatch()
	}, struct{}{})
}

// heapInUse returns the bytes of heap objects now, live or not yet
// collected.
func heapInUse() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// startMemoryCheck starts the heap watch when the options set a ceiling
// and fails, at the header, when the heap is over it already.
func (l *loader) startMemoryCheck() error {
	if l.opts.MaxMemory <= 0 {
		return nil
	}
	watchHeap()
	if heapInUse() > uint64(l.opts.MaxMemory) {
		return l.memoryError(l.headerLine)
	}
	return nil
}

// overMemory reports whether the live heap of the last collection is over
// the ceiling; cheap enough for every row.
func (l *loader) overMemory() bool {
	return l.opts.MaxMemory > 0 && heapLive.Load() > uint64(l.opts.MaxMemory)
}

// memoryError is the error of reaching the ceiling at line.
func (l *loader) memoryError(line int) error {
	return &FileError{File: l.name, Line: line, Err: ErrMemory, Detail: fmt.Sprintf(
		"the heap outgrew --max-memory %s while this file was read; raise --max-memory or reduce the input",
		formatBytes(l.opts.MaxMemory))}
}

// formatBytes writes n bytes in the largest binary unit that leaves a
// number of at least 1, to three significant digits: "512 B", "1 MiB",
// "1.5 GiB", "12.3 GiB", "768 MiB".
func formatBytes(n int64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	v, u := float64(n), 0
	for v >= 1024 && u < len(units)-1 {
		v /= 1024
		u++
	}
	if v >= 100 {
		return fmt.Sprintf("%.0f %s", v, units[u])
	}
	return fmt.Sprintf("%.3g %s", v, units[u])
}
