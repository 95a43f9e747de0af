package ingest

import (
	"errors"
	"io"
	"runtime"
	"sync"
	"unsafe"
)

// prefetchRecords is turned off by tests that compare reading with and
// without it.
var prefetchRecords = true

// Batches of records the prefetcher reads ahead: at most prefetchBatches
// batches of about prefetchBatchBytes each are in flight, so memory does
// not grow with the file.
const (
	prefetchBatches      = 4
	prefetchBatchBytes   = 1 << 20
	prefetchBatchRecords = 16384
)

// prefetcher reads the records of a CSV file on its own goroutine, a few
// batches ahead of the loader, which converts them on another: reading
// (the file, quotes, delimiters) and converting (dates, numbers, codes)
// then share two cores. Records come out in file order with their lines
// and the reader's errors where the reader met them, so the loader sees
// what it would see reading them itself; as with readView, a record's
// strings are valid only until the next call.
type prefetcher struct {
	full chan *recordBatch // read batches, in order
	free chan *recordBatch // batches to fill
	quit chan struct{}     // closed by stop: the loader reads no more
	done chan struct{}     // closed when the goroutine has returned
	once sync.Once

	cur    *recordBatch
	pos    int    // next record of cur
	field  int    // next field of cur
	text   string // cur's buf
	record []string
	line   int
}

// recordBatch holds records copied out of the reader's buffers: their text
// one after another in buf, ends[k] the end of field k in buf, and the
// reader's errors in errs.
type recordBatch struct {
	buf     []byte
	ends    []int32
	records []batchRecord
	errs    []error
}

// batchRecord is a record of a batch, or an error of the reader. It holds
// no pointer, so that filling a batch needs no write barrier while the
// garbage collector runs and the batches need no scanning.
type batchRecord struct {
	start  int   // the record's text starts at buf[start]
	line   int   // its line
	fields int32 // its fields end at ends[previous record's fields:fields]
	gap    int32 // the bytes between two fields (the delimiter, or none); -1: errs[fields] instead of a record
}

// startPrefetch starts reading r's records on a new goroutine, or returns
// nil when there is a single CPU, prefetching is off, or records may be
// too long for a batch's int32 field ends (a record size limit above 1
// GiB). The caller must call stop before it touches r again (Warnings,
// Close).
func startPrefetch(r *csvReader) *prefetcher {
	if !prefetchRecords || runtime.GOMAXPROCS(0) < 2 || r.maxRecord > 1<<30 { // field ends are int32
		return nil
	}
	p := &prefetcher{
		full: make(chan *recordBatch, prefetchBatches),
		free: make(chan *recordBatch, prefetchBatches),
		quit: make(chan struct{}),
		done: make(chan struct{}),
	}
	for range prefetchBatches {
		p.free <- &recordBatch{
			buf:     make([]byte, 0, prefetchBatchBytes+4096),
			ends:    make([]int32, 0, 8*prefetchBatchRecords), // room for 8 fields a record; grows for more
			records: make([]batchRecord, 0, prefetchBatchRecords+1),
		}
	}
	go p.produce(r)
	return p
}

// produce fills batches until the end of the file, an error that ends
// the reading, or stop. A *RowError does not end it, except one that the
// reader returns twice (it is out of step): the loader stops there too.
// A record is copied whole (its text and where its fields end), as the
// reader left it in base and fieldIndexes.
func (p *prefetcher) produce(r *csvReader) {
	defer close(p.done)
	defer close(p.full)
	var last *RowError
	for {
		var b *recordBatch
		select {
		case b = <-p.free:
		case <-p.quit:
			return
		}
		b.buf, b.ends, b.records = b.buf[:0], b.ends[:0], b.records[:0]
		clear(b.errs)
		b.errs = b.errs[:0]
		end := false
		for !end && len(b.records) < prefetchBatchRecords && len(b.buf) < prefetchBatchBytes {
			if err := r.next(); err != nil {
				b.records = append(b.records, batchRecord{start: len(b.buf), line: r.Line(), fields: int32(len(b.errs)), gap: -1})
				b.errs = append(b.errs, err)
				var re *RowError
				if err == io.EOF || !errors.As(err, &re) || re == last {
					end = true
				}
				last = re
				continue
			}
			start := len(b.buf)
			b.buf = append(b.buf, r.base...)
			for _, e := range r.fieldIndexes {
				b.ends = append(b.ends, int32(start+e))
			}
			b.records = append(b.records, batchRecord{start: start, line: r.Line(), fields: int32(len(b.ends)), gap: int32(r.gap)})
		}
		select {
		case p.full <- b:
		case <-p.quit:
			return
		}
		if end {
			return
		}
	}
}

// read returns the next record, as readView would.
func (p *prefetcher) read() ([]string, error) {
	for p.cur == nil || p.pos == len(p.cur.records) {
		if p.cur != nil {
			p.free <- p.cur // never blocks: there are only prefetchBatches batches
			p.cur = nil
		}
		b, ok := <-p.full
		if !ok {
			return nil, io.EOF
		}
		p.cur, p.pos, p.field = b, 0, 0
		p.text = unsafe.String(unsafe.SliceData(b.buf), len(b.buf))
	}
	b := p.cur
	r := b.records[p.pos]
	p.pos++
	p.line = r.line
	if r.gap < 0 {
		return nil, b.errs[r.fields]
	}
	fields := int(r.fields)
	n := fields - p.field
	if cap(p.record) < n {
		p.record = make([]string, n)
	}
	rec := p.record[:n]
	pre := r.start
	gap := int(r.gap)
	for i, end := range b.ends[p.field:fields] {
		rec[i] = p.text[pre:end]
		pre = int(end) + gap
	}
	p.field = fields
	return rec, nil
}

// Line returns the line of the last record read.
func (p *prefetcher) Line() int { return p.line }

// stop ends the reading ahead and waits for the goroutine to return.
func (p *prefetcher) stop() {
	p.once.Do(func() { close(p.quit) })
	<-p.done
}
