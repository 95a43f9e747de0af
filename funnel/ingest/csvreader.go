package ingest

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"slices"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// readBufferSize is the size of the read buffers; lines up to this length
// are parsed in place.
const readBufferSize = 64 << 10

// lineReader is where a csvReader reads its lines: ReadSlice as
// bufio.Reader's (a view of the reader's buffer, valid until the next
// call; bufio.ErrBufferFull for a part of a line longer than the buffer).
type lineReader interface {
	ReadSlice(delim byte) ([]byte, error)
}

// csvReader reads delimited text. Its parser follows encoding/csv
// (RFC 4180: fields in double quotes may hold delimiters, newlines and ""
// for a quote; CRLF reads as LF; empty lines are skipped), with three
// differences: a quote inside an unquoted field is kept as a literal
// character (encoding/csv's LazyQuotes for that case only), the limits of
// Options are enforced while reading, and invalid UTF-8 and NUL bytes are
// errors. Like encoding/csv with ReuseRecord, Read allocates one string
// per record, which the record's fields share; readView allocates none.
//
// A line without a double quote (almost every line of an export) is split
// in place: its fields are slices of the read buffer, not copied. Any
// other line, and any line that breaks a rule, takes the general parser,
// which copies the unquoted fields into recordBuffer and finds the error.
type csvReader struct {
	name      string
	text      *bufio.Reader // the decoded text
	br        lineReader    // where lines are read: text, or a prefetcher's blockReader
	closer    io.Closer
	watch     *changeWatch // a file read up to its size at the open; nil for stdin and pipes
	format    Format
	warnings  []string
	delim     []byte // the delimiter, UTF-8 encoded
	checkUTF8 bool   // the text is not decoded, so it may hold invalid UTF-8
	maxCell   int
	maxCols   int
	maxRecord int
	knobs     knobs // the tests' (see Options)

	header       []string
	skipped      []SkippedRow // the rows above the header
	ahead        []aheadRow   // records read after the header while finding it, not yet returned
	record       []string     // returned by Read and readView, reused
	recordBuffer []byte       // general parser: the fields, unquoted, back to back
	fieldIndexes []int        // the end of each field in base
	// base holds the fields of the last record: recordBuffer, or the line
	// itself when it was split in place, where gap bytes (the delimiter)
	// separate them. Field i runs from fieldIndexes[i-1]+gap (0 for the
	// first) to fieldIndexes[i].
	base      []byte
	gap       int
	rawBuffer []byte // a line longer than the read buffer
	numLine   int    // lines read so far
	line      int    // the line where the last record starts
	lineOver  bool   // the last line read was cut at maxRecord bytes
	ioErr     error  // a read error (*FileError), returned from then on
	err       error  // an error that leaves the reader out of step, returned from then on
	closed    bool
	atEnd     bool // Read has returned io.EOF
}

// NewReader returns a RecordReader for the delimited text read from r; name
// is used in messages and Name.
//
// The encoding is detected from the first 64 KiB unless opts.Encoding sets
// it: UTF-8 with or without a byte-order mark, UTF-16 LE or BE with a BOM
// (Excel's "Unicode text"), UTF-16 without a BOM when every other byte of
// the start is NUL (read with a warning), and Windows-1252 when the start
// is not valid UTF-8 (with a warning). Invalid UTF-8 further on is a
// *RowError wrapping ErrEncoding. Text whose lines end in bare carriage
// returns (old Mac) is read too.
//
// The delimiter is sniffed from the first records (one of , tab ; |; see
// sniffDelimiter) unless opts.Delimiter sets it.
//
// NewReader reads the header: a file without one is a *FileError wrapping
// ErrEmpty. Header cells are trimmed of spaces and byte-order marks; data
// cells are returned as they are.
func NewReader(r io.Reader, name string, opts Options) (RecordReader, error) {
	cr, err := newCSVReader(r, name, opts, nil, false)
	if err != nil {
		return nil, err
	}
	return cr, nil
}

// newCSVReader is NewReader with the file to close and whether it was
// gzip-compressed (for Format).
func newCSVReader(src io.Reader, name string, opts Options, closer io.Closer, compressed bool) (*csvReader, error) {
	forced, err := normalizeEncoding(opts.Encoding)
	if err != nil {
		return nil, err
	}
	delim, err := delimiterBytes(opts.Delimiter)
	if err != nil {
		return nil, err
	}
	raw := bufio.NewReaderSize(src, readBufferSize)
	sample, atEOF, err := peekSample(raw)
	if err != nil {
		return nil, readErrorAt(name, err, compressed, sample)
	}
	enc, err := detectEncoding(name, sample, atEOF, forced)
	if err != nil {
		return nil, err
	}
	if _, err := raw.Discard(enc.skip); err != nil {
		return nil, readError(name, err, compressed, 1)
	}
	text := raw
	if enc.name != encUTF8 && enc.name != encUTF8BOM {
		text = bufio.NewReaderSize(decodeText(raw, enc.name), readBufferSize)
		if sample, atEOF, err = peekSample(text); err != nil {
			return nil, readErrorAt(name, err, compressed, sample)
		}
	}
	endings := countLineEndings(sample, atEOF)
	if err := endings.mixedError(name, atEOF); err != nil {
		return nil, err
	}
	if endings.onlyCR() {
		text = bufio.NewReaderSize(crToLF{text}, readBufferSize)
		if sample, atEOF, err = peekSample(text); err != nil {
			return nil, readErrorAt(name, err, compressed, sample)
		}
	}
	utf16 := enc.name == encUTF16LE || enc.name == encUTF16BE
	if delim == nil {
		delim = []byte{sniffDelimiter(sample, atEOF, utf16)}
	}
	r := &csvReader{
		name:      name,
		text:      text,
		br:        text,
		closer:    closer,
		delim:     delim,
		checkUTF8: enc.name == encUTF8 || enc.name == encUTF8BOM,
		maxCell:   opts.maxCellBytes(),
		maxCols:   opts.maxColumns(),
		maxRecord: opts.maxRecordSize(),
		knobs:     opts.knobs,
		format: Format{
			Kind:       "csv",
			Delimiter:  []rune(string(delim))[0],
			Encoding:   enc.name,
			Compressed: compressed,
		},
	}
	if enc.warning != "" {
		r.warnings = append(r.warnings, enc.warning)
	}
	rows := r.readAhead(opts.HeaderRow)
	if len(rows) == 0 {
		switch {
		case r.ioErr != nil:
			return nil, r.ioErr
		case r.numLine <= 1:
			return nil, &FileError{File: name, Line: 1, Err: ErrEmpty, Detail: "no header, no rows"}
		default:
			return nil, &FileError{File: name, Line: 1, Err: ErrEmpty, Detail: "only blank lines, no header"}
		}
	}
	t, err := findTable(name, rows, opts)
	if err != nil {
		return nil, err
	}
	r.header, r.skipped, r.line, r.ahead = t.header, t.skipped, t.line, t.ahead
	if t.warning != "" {
		r.warnings = append(r.warnings, t.warning)
	}
	return r, nil
}

// readAhead reads the first records, to find the header among them:
// headerScanRows of them, or with headerRow set up to the record that
// starts on that line. It stops early at the end of the text or at an
// error that leaves the reader out of step.
func (r *csvReader) readAhead(headerRow int) []aheadRow {
	var rows []aheadRow
	for len(rows) < headerScanRows || (headerRow > 0 && r.line < headerRow) {
		rec, err := r.readRecord()
		if err == io.EOF {
			break
		}
		if err != nil {
			rows = append(rows, aheadRow{line: r.line, err: err})
			if r.err != nil || r.ioErr != nil {
				break
			}
			continue
		}
		rows = append(rows, aheadRow{fields: slices.Clone(rec), line: r.line})
	}
	return rows
}

func isSpaceOrBOM(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' }

// delimiterBytes validates Options.Delimiter; nil means sniff.
func delimiterBytes(d rune) ([]byte, error) {
	switch {
	case d == 0:
		return nil, nil
	case d == '"' || d == '\r' || d == '\n' || !utf8.ValidRune(d) || d == utf8.RuneError:
		return nil, fmt.Errorf("ingest: invalid delimiter %q", d)
	}
	return []byte(string(d)), nil
}

// readError is the *FileError for an error reading the file itself, met
// while reading line (0 when unknown). Gzip data that ends early is a
// truncated file, and says so.
func readError(name string, err error, compressed bool, line int) error {
	if fe := (*FileError)(nil); errors.As(err, &fe) {
		return fe // a limit of the gzip data (gzipLimit), whole
	}
	if compressed {
		detail := "corrupt gzip data: " + err.Error()
		if errors.Is(err, io.ErrUnexpectedEOF) {
			detail = "the gzip data ends early: the file is truncated (copy or export it again)"
		}
		return &FileError{File: name, Line: line, Err: ErrFormat, Detail: detail}
	}
	return &FileError{File: name, Line: line, Err: err}
}

// readErrorAt is readError for an error met while reading the sample, on
// the line after the sample's last complete line.
func readErrorAt(name string, err error, compressed bool, sample []byte) error {
	return readError(name, err, compressed, bytes.Count(sample, []byte{'\n'})+1)
}

func (r *csvReader) Header() []string { return r.header }
func (r *csvReader) Line() int        { return r.line }
func (r *csvReader) Name() string     { return r.name }
func (r *csvReader) Format() Format   { return r.format }

// Warnings returns what reading noticed; whether the file changed while
// it was read (see changeWatch) and whether it ends on Excel's last row
// (see rowCapWarning) are told once the reading is over.
func (r *csvReader) Warnings() []string {
	w := r.warnings[:len(r.warnings):len(r.warnings)]
	if r.atEnd {
		if c := rowCapWarning(r.name, r.line); c != "" {
			w = append(w, c)
		}
	}
	if c := r.watch.warning(); c != "" {
		w = append(w, c)
	}
	return w
}

// Skipped returns the rows above the header.
func (r *csvReader) Skipped() []SkippedRow { return r.skipped }

// Read returns the next record. Its slice is reused by the next call; its
// strings are not.
//
// After a *RowError, Read carries on with the next record, except after
// one that leaves the reader out of step (a quoted field spanning lines
// that runs over a limit, most likely an unbalanced quote): that error is
// returned again.
func (r *csvReader) Read() ([]string, error) {
	if len(r.ahead) > 0 {
		return r.popAhead()
	}
	return r.readRecord()
}

// popAhead returns the next record read ahead of the header's finding.
func (r *csvReader) popAhead() ([]string, error) {
	a := r.ahead[0]
	r.ahead = r.ahead[1:]
	r.line = a.line
	return a.fields, a.err
}

// readView is Read without allocating: the strings it returns are views
// of the reader's buffers, valid only until the next call. A caller that
// keeps a value must copy it (strings.Clone). See viewReader.
func (r *csvReader) readView() ([]string, error) {
	if len(r.ahead) > 0 {
		return r.popAhead()
	}
	if err := r.next(); err != nil {
		return nil, err
	}
	return r.fields(unsafe.String(unsafe.SliceData(r.base), len(r.base))), nil
}

// fields slices the record's fields out of str, which holds base.
func (r *csvReader) fields(str string) []string {
	n := len(r.fieldIndexes)
	if cap(r.record) < n {
		r.record = make([]string, n)
	}
	rec := r.record[:n]
	pre := 0
	for i, end := range r.fieldIndexes {
		rec[i] = str[pre:end]
		pre = end + r.gap
	}
	return rec
}

// Close closes the underlying file, if NewReader was not given a bare
// reader.
func (r *csvReader) Close() error {
	if r.closed || r.closer == nil {
		return nil
	}
	r.closed = true
	return r.closer.Close()
}

// readLine reads the next line (with its '\n') like encoding/csv: CRLF
// becomes LF, and a '\r' ending the file is dropped. A line longer than
// maxRecord is cut there (lineOver), the rest discarded. At the end, or
// on a read error (kept in ioErr), it returns io.EOF.
func (r *csvReader) readLine() ([]byte, error) {
	line, err := r.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		r.rawBuffer = append(r.rawBuffer[:0], line...)
		for err == bufio.ErrBufferFull {
			line, err = r.br.ReadSlice('\n')
			if len(r.rawBuffer)+len(line) > r.maxRecord {
				r.lineOver = true
				continue
			}
			r.rawBuffer = append(r.rawBuffer, line...)
		}
		line = r.rawBuffer
	}
	if err != nil && err != io.EOF {
		r.ioErr = readError(r.name, err, r.format.Compressed, r.numLine+1)
		err = io.EOF
	}
	readSize := len(line)
	if readSize > 0 && err == io.EOF {
		err = nil
		if line[readSize-1] == '\r' {
			line = line[:readSize-1]
		}
	}
	r.numLine++
	if n := len(line); n >= 2 && line[n-2] == '\r' && line[n-1] == '\n' {
		line[n-2] = '\n'
		line = line[:n-1]
	}
	return line, err
}

func lengthNL(b []byte) int {
	if len(b) > 0 && b[len(b)-1] == '\n' {
		return 1
	}
	return 0
}

// indexDelim returns the index of the first delimiter in b, or -1.
func (r *csvReader) indexDelim(b []byte) int {
	if len(r.delim) == 1 {
		return bytes.IndexByte(b, r.delim[0])
	}
	return bytes.Index(b, r.delim)
}

func (r *csvReader) hasDelimPrefix(b []byte) bool {
	if len(r.delim) == 1 {
		return len(b) > 0 && b[0] == r.delim[0]
	}
	return bytes.HasPrefix(b, r.delim)
}

// readRecord reads and checks one record; see Read.
func (r *csvReader) readRecord() ([]string, error) {
	if err := r.next(); err != nil {
		return nil, err
	}
	// One string for the record; the fields are slices of it.
	return r.fields(string(r.base)), nil
}

// splitLine splits line (one whole record, without a double quote) at
// the delimiter in place, into base and fieldIndexes. It reports false,
// having changed nothing the general parser needs, when the line holds a
// double quote or breaks a rule (a limit, invalid UTF-8, a NUL byte): the
// general parser then reads the line again and reports the error as it
// always does.
//
// A one-byte delimiter is found eight bytes at a time, together with
// quotes, NUL and non-ASCII bytes (see specialBytes): export lines are
// short, and one pass beats a search per field.
func (r *csvReader) splitLine(line []byte) bool {
	text := line[:len(line)-lengthNL(line)]
	r.fieldIndexes = r.fieldIndexes[:0]
	if len(r.delim) != 1 {
		if bytes.IndexByte(text, '"') >= 0 || !r.splitAt(text) {
			return false
		}
	} else if !r.splitByte(text, r.delim[0]) {
		return false
	}
	r.base, r.gap = text, len(r.delim)
	return true
}

// splitAt splits text at a delimiter of several bytes.
func (r *csvReader) splitAt(text []byte) bool {
	if r.checkUTF8 && !utf8.Valid(text) || bytes.IndexByte(text, 0) >= 0 {
		return false
	}
	rest, at := text, 0
	for {
		if len(r.fieldIndexes) == r.maxCols {
			return false
		}
		i := r.indexDelim(rest)
		if i < 0 {
			i = len(rest)
		}
		if i > r.maxCell {
			return false
		}
		r.fieldIndexes = append(r.fieldIndexes, at+i)
		if i == len(rest) {
			return true
		}
		rest = rest[i+len(r.delim):]
		at += i + len(r.delim)
	}
}

// splitByte splits text at the one-byte delimiter d.
func (r *csvReader) splitByte(text []byte, d byte) bool {
	start := 0 // of the field
	field := func(end int) bool {
		if len(r.fieldIndexes) == r.maxCols || end-start > r.maxCell {
			return false
		}
		r.fieldIndexes = append(r.fieldIndexes, end)
		start = end + 1
		return true
	}
	var high uint64 // non-ASCII bytes seen
	i := 0
	for ; i+8 <= len(text); i += 8 {
		w := binary.LittleEndian.Uint64(text[i:])
		high |= w
		for m := specialBytes(w, d); m != 0; m &= m - 1 {
			j := i + bits.TrailingZeros64(m)>>3
			if text[j] != d {
				return false // a quote or NUL
			}
			if !field(j) {
				return false
			}
		}
	}
	for ; i < len(text); i++ {
		switch c := text[i]; c {
		case d:
			if !field(i) {
				return false
			}
		case '"', 0:
			return false
		default:
			high |= uint64(c)
		}
	}
	if !field(len(text)) {
		return false
	}
	return high&0x8080808080808080 == 0 || !r.checkUTF8 || utf8.Valid(text)
}

// specialBytes marks (with its high bit) each byte of w, eight bytes
// little-endian, that is d, a double quote or NUL. It is exact: no byte
// is marked for a neighbour's sake.
func specialBytes(w uint64, d byte) uint64 {
	const lo7, hi = 0x7F7F7F7F7F7F7F7F, 0x8080808080808080
	zero := func(x uint64) uint64 { return ^((x&lo7 + lo7) | x | lo7) }
	m := zero(w^(uint64(d)*0x0101010101010101)) | zero(w^0x2222222222222222) | zero(w)
	return m & hi
}

// next reads and checks one record into base and fieldIndexes: a line
// without quotes is split in place (splitLine), any other record is read
// by the general parser (parseRecord).
func (r *csvReader) next() error {
	if r.err != nil {
		return r.err
	}
	if r.ioErr != nil {
		return r.ioErr
	}
	line, errRead := r.nextLine()
	if errRead == io.EOF {
		if r.ioErr != nil {
			return r.ioErr
		}
		r.atEnd = true
		return io.EOF
	}
	r.line = r.numLine
	if !r.knobs.noSplitInPlace && !r.lineOver && len(line) <= r.maxRecord && r.splitLine(line) {
		return nil
	}
	return r.parseRecord(line)
}

// nextLine reads the next line that is not empty.
func (r *csvReader) nextLine() ([]byte, error) {
	for {
		line, err := r.readLine()
		if err == nil && len(line) == lengthNL(line) {
			continue
		}
		return line, err
	}
}

// parseRecord is the general parser: it reads the record that starts
// with line, on line r.line, field by field into recordBuffer and
// fieldIndexes, quoted fields over as many lines as they take, and checks
// it.
func (r *csvReader) parseRecord(line []byte) error {
	recLine := r.line
	recordBytes := len(line)
	r.recordBuffer = r.recordBuffer[:0]
	r.fieldIndexes = r.fieldIndexes[:0]
	// pending is an error found part way: the rest of the record is still
	// read, so that the next record starts in step.
	var pending error
	if r.lineOver || recordBytes > r.maxRecord {
		r.lineOver = false
		pending = r.limitError(recLine, -1, limitRecord, 0)
	}
	for more := true; more; {
		if len(r.fieldIndexes) == r.maxCols && pending == nil {
			pending = r.limitError(recLine, r.maxCols, limitColumns, 0)
		}
		if len(line) > 0 && line[0] == '"' {
			var err error
			if line, more, err = r.quotedField(line, recLine, &recordBytes, &pending); err != nil {
				return err
			}
			continue
		}
		// An unquoted field.
		i := r.indexDelim(line)
		field := line
		if i >= 0 {
			field = field[:i]
		} else {
			field = field[:len(field)-lengthNL(field)]
		}
		if len(field) > r.maxCell {
			if pending == nil {
				pending = r.limitError(recLine, len(r.fieldIndexes), limitCell, 0)
			}
			field = field[:0]
		}
		r.recordBuffer = append(r.recordBuffer, field...)
		r.fieldIndexes = append(r.fieldIndexes, len(r.recordBuffer))
		if more = i >= 0; more {
			line = line[i+len(r.delim):]
		}
	}
	if pending != nil {
		return pending
	}
	if r.ioErr != nil {
		return r.ioErr
	}
	if r.checkUTF8 && !utf8.Valid(r.recordBuffer) {
		return r.encodingError(recLine)
	}
	if i := bytes.IndexByte(r.recordBuffer, 0); i >= 0 {
		return r.nulError(recLine, i)
	}
	r.base, r.gap = r.recordBuffer, 0
	return nil
}

// quotedField reads the quoted field that opens line, of the record on
// recLine, into recordBuffer, over as many lines as it takes
// (recordBytes counts the record's bytes). It returns the rest of the
// line after the field's delimiter and whether another field follows. A
// fault that leaves the record's end in place (a limit, text after the
// closing quote) goes to pending, unless it holds one already; one that
// does not (a field or record over its limit across lines, a quote never
// closed) is err.
func (r *csvReader) quotedField(line []byte, recLine int, recordBytes *int, pending *error) (rest []byte, more bool, err error) {
	quoteLine := r.numLine
	fieldStart := len(r.recordBuffer)
	line = line[1:]
	for {
		i := bytes.IndexByte(line, '"')
		switch {
		case i >= 0:
			r.recordBuffer = append(r.recordBuffer, line[:i]...)
			line = line[i+1:]
			switch {
			case len(line) > 0 && line[0] == '"':
				// "" is a quote.
				r.recordBuffer = append(r.recordBuffer, '"')
				line = line[1:]
			case r.hasDelimPrefix(line):
				*pending = r.endQuoted(*pending, recLine, fieldStart)
				return line[len(r.delim):], true, nil
			case lengthNL(line) == len(line):
				*pending = r.endQuoted(*pending, recLine, fieldStart)
				return line, false, nil
			default:
				if *pending == nil {
					c, _ := utf8.DecodeRune(line)
					*pending = &RowError{File: r.name, Line: r.numLine, Column: r.columnName(len(r.fieldIndexes)),
						Err: ErrQuote, Detail: fmt.Sprintf(
							"%q after the closing quote of a quoted field; write a quote inside quotes as \"\"", c)}
				}
				return line, false, nil // the rest of the line is dropped
			}
		case len(line) > 0:
			// The field goes on over the next line.
			r.recordBuffer = append(r.recordBuffer, line...)
			if len(r.recordBuffer)-fieldStart > r.maxCell {
				r.err = r.limitError(recLine, len(r.fieldIndexes), limitCell, quoteLine)
				return nil, false, r.err
			}
			line, _ = r.readLine()
			*recordBytes += len(line)
			if r.lineOver || *recordBytes > r.maxRecord {
				r.err = r.limitError(recLine, len(r.fieldIndexes), limitRecord, quoteLine)
				return nil, false, r.err
			}
		default:
			// The end of the file inside a quoted field.
			if r.ioErr != nil {
				return nil, false, r.ioErr
			}
			return nil, false, &RowError{File: r.name, Line: quoteLine, Column: r.columnName(len(r.fieldIndexes)),
				Err: ErrQuote, Detail: "the quoted field starting on this line is never closed"}
		}
	}
}

// endQuoted ends a quoted field that started at fieldStart in recordBuffer,
// checking its size.
func (r *csvReader) endQuoted(pending error, recLine, fieldStart int) error {
	if len(r.recordBuffer)-fieldStart > r.maxCell {
		r.recordBuffer = r.recordBuffer[:fieldStart]
		if pending == nil {
			pending = r.limitError(recLine, len(r.fieldIndexes), limitCell, 0)
		}
	}
	r.fieldIndexes = append(r.fieldIndexes, len(r.recordBuffer))
	return pending
}

// columnName names field i of a record in messages: its header, or "#3"
// for the third field when there is no header name.
func (r *csvReader) columnName(i int) string {
	if i >= 0 && i < len(r.header) && r.header[i] != "" {
		return r.header[i]
	}
	if i < 0 {
		return ""
	}
	return fmt.Sprintf("#%d", i+1)
}

// The limits of Options.
const (
	limitCell = iota
	limitColumns
	limitRecord
)

// limitError is the *RowError for a limit hit by field (or the record when
// field < 0) of the record on line; quoteLine > 0 names the line where a
// quoted field that ran over began.
func (r *csvReader) limitError(line, field, limit, quoteLine int) error {
	var detail string
	switch limit {
	case limitCell:
		detail = fmt.Sprintf("a cell over %d bytes; raise with --max-cell-bytes", r.maxCell)
	case limitColumns:
		detail = fmt.Sprintf("more than %d columns; raise with --max-columns", r.maxCols)
	default:
		detail = fmt.Sprintf("a record over %d bytes; raise with --max-record-bytes", r.maxRecord)
	}
	if quoteLine > 0 {
		detail += fmt.Sprintf("; the quoted field opened on line %d may lack its closing quote", quoteLine)
	}
	return &RowError{File: r.name, Line: line, Column: r.columnName(field), Err: ErrLimit, Detail: detail}
}

// fieldAt returns the index of the field holding byte i of recordBuffer
// and the byte's offset in that field.
func (r *csvReader) fieldAt(i int) (field, offset int) {
	start := 0
	for f, end := range r.fieldIndexes {
		if i < end {
			return f, i - start
		}
		start = end
	}
	return len(r.fieldIndexes) - 1, i - start
}

// encodingError is the *RowError for invalid UTF-8 in the record on line.
func (r *csvReader) encodingError(line int) error {
	b := r.recordBuffer
	i := 0
	for i < len(b) {
		c, size := utf8.DecodeRune(b[i:])
		if c == utf8.RuneError && size == 1 {
			break
		}
		i += size
	}
	f, off := r.fieldAt(i)
	start := 0
	if f > 0 {
		start = r.fieldIndexes[f-1]
	}
	return &RowError{File: r.name, Line: line, Column: r.columnName(f), Value: string(b[start:r.fieldIndexes[f]]),
		Err: ErrEncoding, Detail: fmt.Sprintf(
			"invalid UTF-8 byte 0x%02X at byte %d of the value; if the file is Windows-1252 (Excel's \"CSV\" on Windows), read it with --encoding windows-1252",
			b[i], off+1)}
}

// nulError is the *RowError for a NUL byte at i in the record on line.
func (r *csvReader) nulError(line, i int) error {
	f, off := r.fieldAt(i)
	return &RowError{File: r.name, Line: line, Column: r.columnName(f), Err: ErrFormat,
		Detail: fmt.Sprintf("a NUL byte at byte %d of the value: binary data, not text", off+1)}
}
