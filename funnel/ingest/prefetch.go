package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"runtime"
	"sync"
	"unsafe"
)

// prefetchBatches batches of records are in flight at most, each with a
// block of prefetchBlockBytes of the file's text, so that memory does not
// grow with the file. Tests make blocks small (knobs.blockBytes), to cut
// records at every place.
//
// A file whose text is known to be smaller than a block gets blocks of
// its size (at least prefetchMinBlock), not of prefetchBlockBytes: the
// blocks are allocated (and zeroed) at every read, and a file of a few
// rows would pay for 10 MiB of batches.
const (
	prefetchBatches    = 4
	prefetchBlockBytes = 1 << 20
	prefetchMinBlock   = 64 << 10
)

// prefetcher reads the records of a CSV file on its own goroutine, a few
// batches ahead of the loader, which converts them on another: reading
// (the file, quotes, delimiters) and converting (dates, numbers, codes)
// then share two cores. Records come out in file order with their lines
// and the reader's errors where the reader met them, so the loader sees
// what it would see reading them itself; as with readView, a record's
// strings are valid only until the next call.
//
// The file is read into the batches' blocks (see blockReader): a record
// split in place, nearly every record of an export, is a view of its
// batch's block, and only the others (quoted, or longer than a block) are
// copied.
type prefetcher struct {
	full chan *recordBatch // read batches, in order
	free chan *recordBatch // batches to fill
	quit chan struct{}     // closed by stop: the loader reads no more
	done chan struct{}     // closed when the goroutine has returned
	once sync.Once

	cur    *recordBatch
	pos    int    // next record of cur
	field  int    // next field of cur
	block  string // cur's block
	copied string // cur's copied
	record []string
	line   int
	ahead  []aheadRow // the reader's records read ahead, returned first
}

// recordBatch holds records: a block of the file's text with the records
// split in place in it, the text of the other records one after another
// in copied, ends[k] the end of field k in the record's text, and the
// reader's errors in errs.
type recordBatch struct {
	block   []byte
	copied  []byte
	ends    []int32
	records []batchRecord
	errs    []error
	line    int // the line of the first record
}

// batchRecord is a record of a batch, or an error of the reader. It holds
// no pointer, so that filling a batch needs no write barrier while the
// garbage collector runs and the batches need no scanning, and it is 16
// bytes: filling the records is much of the splitting goroutine's work.
type batchRecord struct {
	start  int32  // the record's text starts at block[start], or copied[start] when copied
	line   uint32 // its line, counted from the batch's first record's
	fields int32  // its fields end at ends[previous record's fields:fields]
	gap    int16  // the bytes between two fields (the delimiter, or none); -1: errs[fields] instead of a record
	copied bool
}

// startPrefetch starts reading r's records on a new goroutine, or returns
// nil when there is a single CPU (unless knobs.prefetch1CPU), prefetching
// is off (knobs.noPrefetch), or records may be too long for a batch's
// int32 field ends (a record size limit above 1 GiB). textBytes is the
// size of the file's text when known (0 when not), which sizes the blocks
// of a small file. The caller must call stop before it touches r again
// (Warnings, Close).
func startPrefetch(r *csvReader, textBytes int64) *prefetcher {
	oneCPU := runtime.GOMAXPROCS(0) < 2 && !r.knobs.prefetch1CPU
	if r.knobs.noPrefetch || oneCPU || r.maxRecord > 1<<30 { // field ends are int32
		return nil
	}
	p := &prefetcher{
		full: make(chan *recordBatch, prefetchBatches),
		free: make(chan *recordBatch, prefetchBatches),
		quit: make(chan struct{}),
		done: make(chan struct{}),
	}
	size := r.knobs.blockSize()
	if textBytes > 0 && textBytes < int64(size) {
		size = max(int(textBytes)+1, min(size, prefetchMinBlock))
	}
	for range prefetchBatches {
		records := size/32 + 1 // about a record a line; they grow for more
		p.free <- &recordBatch{
			block:   make([]byte, size),
			ends:    make([]int32, 0, 8*records),
			records: make([]batchRecord, 0, records),
		}
	}
	p.ahead, r.ahead = r.ahead, nil
	go p.produce(r)
	return p
}

// produce fills batches until the end of the file, an error that ends
// the reading, or stop. A *RowError does not end it, except one that the
// reader returns twice (it is out of step): the loader stops there too.
// A batch ends where its block does: before a line that does not fit in
// it, or after a record that went on past it (see blockReader).
func (p *prefetcher) produce(r *csvReader) {
	defer close(p.done)
	defer close(p.full)
	br := &blockReader{src: r.text, nl: -1}
	r.br = br
	var last *RowError
	for {
		var b *recordBatch
		select {
		case b = <-p.free:
		case <-p.quit:
			return
		}
		b.copied, b.ends, b.records = b.copied[:0], b.ends[:0], b.records[:0]
		clear(b.errs)
		b.errs = b.errs[:0]
		br.rebase(b.block)
		end := false
		for !end && !br.spilled && br.ready() {
			err := r.next()
			if len(b.records) == 0 {
				b.line = r.Line()
			}
			line := uint32(r.Line() - b.line) // a batch spans at most a block and one record: its lines fit
			if err != nil {
				b.add(batchRecord{line: line, fields: int32(len(b.errs)), gap: -1})
				b.errs = append(b.errs, err)
				var re *RowError
				if err == io.EOF || !errors.As(err, &re) || re == last {
					end = true
				}
				last = re
				continue
			}
			start, copied := br.offset(r.base), false
			if start < 0 {
				start, copied = len(b.copied), true
				b.copied = append(b.copied, r.base...)
			}
			for _, e := range r.fieldIndexes {
				b.ends = append(b.ends, int32(start+e))
			}
			rec := b.add(batchRecord{})
			rec.start, rec.line, rec.fields, rec.gap, rec.copied = int32(start), line, int32(len(b.ends)), int16(r.gap), copied
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

// add appends rec to b's records and returns it there. The record of a
// split line is filled in place, field by field: built on the stack and
// copied whole, it was read back in one 16-byte load of its four narrower
// stores, which the processor cannot forward (a third of the splitting
// goroutine's time in the profile).
func (b *recordBatch) add(rec batchRecord) *batchRecord {
	b.records = append(b.records, rec)
	return &b.records[len(b.records)-1]
}

// read returns the next record, as readView would.
func (p *prefetcher) read() ([]string, error) {
	if len(p.ahead) > 0 {
		a := p.ahead[0]
		p.ahead = p.ahead[1:]
		p.line = a.line
		return a.fields, a.err
	}
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
		p.block = unsafe.String(unsafe.SliceData(b.block), len(b.block))
		p.copied = unsafe.String(unsafe.SliceData(b.copied), len(b.copied))
	}
	b := p.cur
	r := b.records[p.pos]
	p.pos++
	p.line = b.line + int(r.line)
	if r.gap < 0 {
		return nil, b.errs[r.fields]
	}
	fields := int(r.fields)
	n := fields - p.field
	if cap(p.record) < n {
		p.record = make([]string, n)
	}
	rec := p.record[:n]
	text := p.block
	if r.copied {
		text = p.copied
	}
	pre := int(r.start)
	gap := int(r.gap)
	for i, end := range b.ends[p.field:fields] {
		rec[i] = text[pre:end]
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

// blockReader is a csvReader's lineReader while a prefetcher reads: it
// reads the text into the block of the batch being filled and returns
// lines as views of it, as bufio.Reader returns views of its buffer, so
// that a record split in place lies in the block the batch hands on.
//
// The prefetcher starts each batch with rebase, which moves the text not
// yet read to the new block, and reads a record only when ready says a
// whole line waits in the block. A record that needs more than the block
// holds (a quoted field over lines) goes on in a buffer of the
// blockReader's own: spilled is then set, the prefetcher copies that
// record (its text is not in the block) and ends the batch after it.
type blockReader struct {
	src     io.Reader // the csvReader's text
	buf     []byte    // the block, or spill
	r, w    int       // buf[r:w] is read and not yet returned
	err     error     // src's error, returned once the text before it is
	nl      int       // where ready found the next '\n' in buf, or -1
	spill   []byte
	spilled bool // buf is spill
}

// rebase makes block the buffer, starting with the text not yet read.
func (b *blockReader) rebase(block []byte) {
	n := copy(block, b.buf[b.r:b.w]) // it fits: buf and spill are no longer than a block
	b.buf, b.r, b.w, b.spilled, b.nl = block, 0, n, false, -1
}

// fill reads more into buf, whose end is free.
func (b *blockReader) fill() {
	for range 100 { // as bufio.Reader, give up on a reader that returns nothing
		n, err := b.src.Read(b.buf[b.w:])
		b.w += n
		if err != nil {
			b.err = err
			return
		}
		if n > 0 {
			return
		}
	}
	b.err = io.ErrNoProgress
}

// ready reports whether a record can be read from the block: a whole line
// waits in it, the text has ended, or the line starts the block (a line
// longer than a block, which spills). It reads into the block's free
// space as needed.
func (b *blockReader) ready() bool {
	for {
		if i := bytes.IndexByte(b.buf[b.r:b.w], '\n'); i >= 0 {
			b.nl = b.r + i // ReadSlice need not look again
			return true
		}
		if b.err != nil {
			return true
		}
		if b.w == len(b.buf) {
			return b.r == 0
		}
		b.fill()
	}
}

// ReadSlice returns the next line, as bufio.Reader's does.
func (b *blockReader) ReadSlice(delim byte) ([]byte, error) {
	if nl := b.nl; nl >= b.r && delim == '\n' {
		line := b.buf[b.r : nl+1]
		b.r, b.nl = nl+1, -1
		return line, nil
	}
	for {
		if i := bytes.IndexByte(b.buf[b.r:b.w], delim); i >= 0 {
			line := b.buf[b.r : b.r+i+1]
			b.r += i + 1
			return line, nil
		}
		if b.err != nil {
			line := b.buf[b.r:b.w]
			b.r = b.w
			return line, b.err
		}
		if b.w == len(b.buf) {
			if b.r == 0 { // the buffer holds part of one line
				b.r = b.w
				return b.buf, bufio.ErrBufferFull
			}
			// The block is full: go on in spill.
			if b.spill == nil {
				b.spill = make([]byte, len(b.buf))
			}
			n := copy(b.spill, b.buf[b.r:b.w])
			b.buf, b.r, b.w, b.spilled, b.nl = b.spill, 0, n, true, -1
			continue
		}
		b.fill()
	}
}

// offset returns where text, a line ReadSlice returned or a part of one,
// starts in the block, or -1 when it is not in the block (it was read in
// spill or built by the reader).
func (b *blockReader) offset(text []byte) int {
	if len(text) == 0 || b.spilled {
		return -1
	}
	at := uintptr(unsafe.Pointer(unsafe.SliceData(text)))
	base := uintptr(unsafe.Pointer(unsafe.SliceData(b.buf)))
	if at < base || at >= base+uintptr(len(b.buf)) {
		return -1
	}
	return int(at - base)
}
