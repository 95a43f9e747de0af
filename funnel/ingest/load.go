package ingest

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// LoadFrom reads the records of r into a table of input kind, streaming:
//
//   - the header is bound to roles (Bind);
//   - role columns are typed by their RoleSpec.Kind as they are read: text
//     and id roles interned in dict (shared by a Dataset's tables), numbers
//     (see numStyle), booleans (see boolColumn), times (see dateFamily);
//   - attribute columns (no role) are interned as text while reading and
//     typed afterwards from their distinct values (see typeAttribute);
//   - wide stage date columns are read as time attributes.
//
// A row with the wrong number of fields is a *RowError wrapping
// ErrFieldCount; a value that does not parse is a *RowError wrapping
// ErrBadDate, ErrBadNumber or ErrBadBool, such as
//
//	touches.csv:12: column "Activity Date": cannot parse "2024-13-01" as a date (month 13 out of range (YYYY-MM-DD))
//
// It also checks what a parser cannot: an id of leads, opportunities or
// accounts on two rows is a *RowError wrapping ErrDuplicateID, unless the
// rows are identical (the repeat is dropped, with a warning); a negative
// cost, conversion count, null count or employee count wraps ErrNegative;
// event dates after the time of reading are kept with a warning (see
// pastRoles).
//
// With opts.Keep, only the columns a command needs are read (see
// Options.Keep).
//
// Up to opts.MaxErrors bad rows are skipped and listed in the warnings;
// the next is returned as the error. It returns the table, the warnings
// (the reader's, the binding's, skipped rows, layouts) and the error. It
// does not close r.
func LoadFrom(r RecordReader, kind funnel.TableKind, dict *funnel.Dict, opts Options) (*funnel.Table, []string, error) {
	return loadRecords(r, kind, dict, opts, loadConfig{})
}

// Load reads the export at path (see Open: csv, tsv, gzip, xlsx, "-" for
// stdin) as input kind, interning text into dict, and returns the table,
// the warnings and the error, as LoadFrom. The file is read once.
func Load(path string, kind funnel.TableKind, dict *funnel.Dict, opts Options) (*funnel.Table, []string, error) {
	return load(path, kind, dict, opts, loadConfig{})
}

func load(path string, kind funnel.TableKind, dict *funnel.Dict, opts Options, cfg loadConfig) (*funnel.Table, []string, error) {
	opts = opts.forKind(kind)
	r, err := Open(path, opts)
	if err != nil {
		return nil, nil, err
	}
	defer r.Close()
	cfg.sizeHint = textSize(path, r)
	return loadRecords(r, kind, dict, opts, cfg)
}

func loadRecords(r RecordReader, kind funnel.TableKind, dict *funnel.Dict, opts Options, cfg loadConfig) (*funnel.Table, []string, error) {
	l, err := newLoader(r, kind, dict, opts, cfg)
	if err != nil {
		return nil, r.Warnings(), err
	}
	t, err := l.run()
	warnings := append(slices.Clone(r.Warnings()), l.warnings...)
	if err != nil {
		return nil, warnings, err
	}
	return t, warnings, nil
}

// textSize returns the size of the text of a csv file, 0 when unknown:
// the file's size, or for a gzip file the uncompressed size its trailer
// records (ISIZE, RFC 1952; modulo 4 GiB, so only trusted when it is not
// below the compressed size).
func textSize(path string, r RecordReader) int64 {
	f := r.Format()
	if path == "-" || f.Kind != "csv" || strings.HasPrefix(f.Encoding, "utf-16") {
		return 0
	}
	st, err := os.Stat(path)
	if err != nil {
		return 0
	}
	if !f.Compressed {
		return st.Size()
	}
	file, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer file.Close()
	var trailer [4]byte
	if st.Size() < 18 || func() error { _, err := file.ReadAt(trailer[:], st.Size()-4); return err }() != nil {
		return 0
	}
	isize := int64(binary.LittleEndian.Uint32(trailer[:]))
	if isize < st.Size() {
		return 0
	}
	return isize
}

// loadConfig holds what Load, LoadDataset, Stream and Inspect add to
// LoadFrom.
type loadConfig struct {
	sizeHint    int64 // bytes of the file when known, to preallocate
	diagnostic  bool  // Inspect: skip every bad row, list up to maxProblems
	requireRows bool  // LoadDataset: a file without data rows is an error
	binding     *Binding
	// sink, when set, takes the rows in chunks instead of the table (see
	// Stream).
	sink func(chunk *funnel.Table) error
}

// maxProblems is how many errors Inspect lists.
const maxProblems = 20

// colMode is how a column is read while streaming.
type colMode uint8

const (
	modeText   colMode = iota + 1 // text role, interned in the shared Dict
	modeNumber                    // number role
	modeBool                      // bool role
	modeTime                      // time role or wide stage date column
	modeAttr                      // attribute: local Dict, typed afterwards
)

// colBuilder accumulates one column.
type colBuilder struct {
	mode  colMode
	field int
	col   *funnel.Column
	local *funnel.Dict // modeAttr
	dates dateColumn
	nums  numColumn
	bools boolColumn
	cache textCache // modeText
	iso   isoAttr   // modeAttr: read as times while its values are ISO timestamps
	// last text value read (the Dict's copy) and its code
	last        string
	hasLast     bool
	nonNegative bool // a role that cannot be negative
	past        bool // a time role of events that happened (see pastRoles)
	// dates after now in a past column: how many, the first and its line
	futureN    int
	futureT    int64
	futureLine int32
	// dates before the floor (Options.MinDate), read as missing: how
	// many, the first and its line
	earlyN    int
	earlyT    int64
	earlyLine int32
	// a number column's values, to check totals rows against: every row,
	// and the rows since the last subtotal; each read US-style and
	// European-style (values such as "1.234" differ until a later value
	// settles the column's style: see numColumn), see stats
	all, group [2]colStats
	// the current row's value, committed when the whole row parsed
	na   bool
	code int32
	num  float64
	flag int8
	t    int64
}

type loader struct {
	r     RecordReader
	name  string
	kind  funnel.TableKind
	dict  *funnel.Dict
	opts  Options
	cfg   loadConfig
	bind  *Binding
	na    naSet
	cols  []*colBuilder // the columns read (see Options.Keep)
	ncols int           // the header's fields, read or not
	table *funnel.Table
	xlsx  bool
	// database: the records are a database table's (Format().Kind
	// "database"), which has no footer or totals rows to tell: every row
	// is data.
	database bool
	padded   []string

	warnings []string
	skipped  int
	// diagnostic mode
	problems  []string
	badRows   int
	rowErrors int

	sampleBytes int64     // bytes of the first rows, for the size estimate
	lastReadErr *RowError // the reader's last error, to tell a repeated one

	// Streaming (cfg.sink): the rows handed out so far and the latest
	// timestamp among them.
	streamed int
	latest   int64
	finished bool // finish has run

	headerLine int // line (sheet row) of the header
	// The end of the table (see tail.go): rows held while they may be a
	// footer, the rows skipped (footer, totals, blank), the data rows read
	// (bad ones included) and where the last subtotal left them, and the
	// footer's first line.
	tail        []heldRow
	skippedRows []SkippedRow
	dataRows    int
	groupStart  int
	footerLine  int
	lastLine    int  // the line of the last row of the table read
	tailGap     bool // blank lines part the rows held from the table
	// A row whose numbers add up the rows above it, held until the next
	// row shows it was not the table's last (see sumsRow), and whether
	// held rows are being read again.
	heldSums  *heldRow
	replaying bool
	numCols   int // number columns read
	// the style the file's number columns settled by a value, when they
	// agree (see finishNumbers)
	numStyle numStyle
	// Unique ids (see uniqueIDRoles): the column, the row of each id
	// (indexed by Dict code, -1 when not seen), and the rows dropped as
	// exact repeats of an earlier row.
	idCol      *colBuilder
	idRows     []int32
	repeats    int
	repeatLine [2]int // the first repeated row and the row it repeats
	// Text columns not read (Options.Keep) of an input with unique ids:
	// their fields, hashed per row so that a repeated row is still told
	// from a duplicate id with other values.
	hashed []int
	seed   maphash.Seed
	// Touches (dedupeKinds): every field, and the hash of each row read
	// (hashFields), to tell the rows that repeat an earlier one exactly:
	// in order, counted at the end (rowHashes), or with Options.Dedupe in
	// a set, to drop each repeat as it is read (rowSeen).
	dedupe    bool
	unread    []int // the fields not read (Options.Keep)
	rowHashes []uint64
	rowSeen   *rowSet
	rowHash   []uint64 // per committed row
	thisHash  uint64   // of the row being read
}

func newLoader(r RecordReader, kind funnel.TableKind, dict *funnel.Dict, opts Options, cfg loadConfig) (*loader, error) {
	l := &loader{r: r, name: r.Name(), kind: kind, dict: dict, opts: opts, cfg: cfg, na: newNASet(opts), headerLine: max(r.Line(), 1)}
	l.xlsx = r.Format().Kind == "xlsx"
	l.database = r.Format().Kind == "database"
	b := cfg.binding
	if b == nil {
		var err error
		if b, err = Bind(l.name, kind, r.Header(), opts); err != nil {
			return nil, l.headerError(err)
		}
	}
	l.bind = b
	l.lastLine = l.headerLine
	for _, w := range b.Warnings {
		l.warnings = append(l.warnings, l.name+": "+w)
	}
	l.table = &funnel.Table{Kind: kind, Source: l.name, Dict: dict, Header: b.Headers}
	l.ncols = len(b.Headers)
	l.latest = funnel.NoTime
	keep := opts.Keep
	if cfg.diagnostic {
		keep = nil
	}
	_, uniqueIDs := uniqueIDRoles[kind]
	for i, h := range b.Headers {
		spec, isRole := b.Spec(i)
		if keep != nil && !keep(kind, b.Roles[i], h, b.Roles) {
			switch {
			case !uniqueIDs:
				if dedupeKinds[kind] {
					l.unread = append(l.unread, i) // see repeated
				}
				continue
			case isRole && (b.Roles[i] == uniqueIDRoles[kind] || spec.Kind == funnel.KindNumber || spec.Kind == funnel.KindBool):
				// read anyway: see Options.Keep
			default:
				l.hashed = append(l.hashed, i)
				continue
			}
		}
		cb := &colBuilder{field: i, col: &funnel.Column{Name: h, Role: b.Roles[i]}}
		switch {
		case isRole && spec.Kind == funnel.KindText:
			cb.mode, cb.col.Kind = modeText, funnel.KindText
		case isRole && spec.Kind == funnel.KindNumber:
			cb.mode, cb.col.Kind = modeNumber, funnel.KindNumber
			cb.nums = newNumColumn(opts)
		case isRole && spec.Kind == funnel.KindBool:
			cb.mode, cb.col.Kind = modeBool, funnel.KindBool
			cb.bools = newBoolColumn(opts)
		case isRole && spec.Kind == funnel.KindTime:
			cb.mode, cb.col.Kind = modeTime, funnel.KindTime
			cb.dates = newDateColumn(opts, true)
		case b.Wide[i]:
			cb.mode, cb.col.Kind = modeTime, funnel.KindTime
			cb.dates = newDateColumn(opts, false)
			cb.dates.allowEpoch = true // HubSpot's API writes epoch milliseconds; their sizes cannot be a stage's anything else
		default:
			cb.mode, cb.col.Kind = modeAttr, funnel.KindText
			cb.local = funnel.NewDict()
			l.startISO(cb)
		}
		l.cols = append(l.cols, cb)
		if cb.mode != modeAttr || cfg.sink == nil { // streamed attributes are typed at the end only
			l.table.Columns = append(l.table.Columns, cb.col)
		}
		if cb.mode == modeText && uniqueIDRoles[kind] == cb.col.Role && cb.col.Role != "" {
			l.idCol = cb
		}
		if cb.mode == modeNumber {
			l.numCols++
		}
		if cb.mode == modeNumber && nonNegativeRoles[cb.col.Role] {
			cb.nonNegative = true
		}
		if cb.mode == modeTime && (pastRoles[kind] == cb.col.Role || b.Wide[i]) {
			cb.past = true
		}
	}
	if l.idCol == nil {
		l.hashed = nil
	} else if len(l.hashed) > 0 {
		l.seed = maphash.MakeSeed()
	}
	if dedupeKinds[kind] && !cfg.diagnostic {
		l.dedupe = true
		if opts.Dedupe {
			l.rowSeen = &rowSet{}
		}
		l.seed = maphash.MakeSeed()
	}
	return l, nil
}

// headerError places an error of binding the header on the header's line
// and, when the header is one column that another delimiter would split,
// says so.
func (l *loader) headerError(err error) error {
	var fe *FileError
	if !errors.As(err, &fe) {
		return err
	}
	e := *fe
	if e.Line == 0 {
		e.Line = l.headerLine
	}
	if h := l.r.Header(); errors.Is(err, ErrMissingRole) && len(h) == 1 && l.r.Format().Kind == "csv" {
		if d := otherDelimiter(h[0], l.r.Format().Delimiter, 2); d != 0 {
			e.Detail += fmt.Sprintf("; the header is one column: are the fields separated by %s? (--delimiter %s)", delimName(d), delimFlag(d))
		}
	}
	return &e
}

// uniqueIDRoles are the roles whose values identify one row of an input:
// a value on two rows is an error, unless the rows are identical (an
// export that overlaps another), when the repeat is dropped with a
// warning.
var uniqueIDRoles = map[funnel.TableKind]string{
	funnel.Leads:         funnel.RoleLeadID,
	funnel.Opportunities: funnel.RoleOpportunityID,
	funnel.Accounts:      funnel.RoleAccountID,
}

// nonNegativeRoles are the number roles that cannot be below zero: a
// negative value is an error naming the cell.
var nonNegativeRoles = map[string]bool{
	funnel.RoleCost:        true,
	funnel.RoleConversions: true,
	funnel.RoleNulls:       true,
	funnel.RoleEmployees:   true,
}

// pastRoles are the time roles of events that have happened, so cannot lie
// in the future (an opportunity's closed_at can: the expected close date).
// Dates after the time of reading are kept, with a warning.
var pastRoles = map[funnel.TableKind]string{
	funnel.Leads:         funnel.RoleCreatedAt,
	funnel.Touches:       funnel.RoleOccurredAt,
	funnel.Stages:        funnel.RoleEnteredAt,
	funnel.Opportunities: funnel.RoleCreatedAt,
}

// futureSlack is how far past now a date may lie before it counts as in
// the future: a day, for time zones.
const futureSlack = funnel.SecondsPerDay

// otherDelimiter returns the delimiter other than used that splits s into
// at least want fields (, ; tab |, the first that does), or 0.
func otherDelimiter(s string, used rune, want int) rune {
	for _, d := range []rune{',', ';', '\t', '|'} {
		if d != used && strings.Count(s, string(d))+1 >= want {
			return d
		}
	}
	return 0
}

func delimName(d rune) string {
	if d == '\t' {
		return "tabs"
	}
	return fmt.Sprintf("'%c'", d)
}

func delimFlag(d rune) string {
	if d == '\t' {
		return "tab"
	}
	return fmt.Sprintf("'%c'", d)
}

// sampleRows is how many rows are read before the table's capacity is
// estimated from the file size.
const sampleRows = 1024

func (l *loader) run() (*funnel.Table, error) {
	read, lineOf := l.r.Read, l.r.Line
	if v, ok := l.r.(viewReader); ok {
		read = v.readView // every value kept is copied (Dict.Code copies)
	}
	if r, ok := l.r.(*csvReader); ok {
		// The reader splits records on a goroutine of its own while this one
		// converts them.
		if p := startPrefetch(r, l.cfg.sizeHint); p != nil {
			defer p.stop()
			read, lineOf = p.read, p.Line
		}
	}
	if err := l.startMemoryCheck(); err != nil {
		return nil, err
	}
	for {
		rec, err := read()
		if err == io.EOF {
			break
		}
		if err != nil {
			// The reader carries on after a *RowError, except after one
			// that leaves it out of step, which it returns again.
			var re *RowError
			if errors.As(err, &re) && re != l.lastReadErr {
				l.lastReadErr = re
				if err := l.bad(re); err != nil {
					return nil, err
				}
				continue
			}
			if re != nil && l.cfg.diagnostic {
				break
			}
			return nil, err
		}
		line := lineOf()
		if l.overMemory() {
			return nil, l.memoryError(line)
		}
		// A table of one column has no footer or totals to tell; a row
		// whose first two cells hold text and whose first cell cannot be a
		// totals label (nearly every row) needs no look (see tail.go).
		if !l.database && l.ncols >= 2 && (len(rec) < 2 || rec[0] == "" || rec[1] == "" || mayBeTotal(rec[0])) {
			kind, records := totalLabel(rec)
			if kind == totalNone && oneCell(rec) {
				l.holdTail(rec, line)
				continue
			}
			if kind != totalNone {
				if err := l.replayHeld(); err != nil {
					return nil, err
				}
				l.lastLine = line
				if rowErr := l.total(rec, line, kind, records); rowErr != nil {
					if err := l.bad(rowErr); err != nil {
						return nil, err
					}
				}
				continue
			}
		}
		if l.heldSums != nil || l.tail != nil {
			if err := l.replayHeld(); err != nil {
				return nil, err
			}
		}
		l.lastLine = line
		if err := l.dataRow(rec, line); err != nil {
			return nil, err
		}
	}
	if l.heldSums != nil {
		// The last row of the table adds up the rows above it.
		l.skip(l.heldSums.fields, l.heldSums.line, SkipTotal)
		l.heldSums = nil
	}
	if l.tail != nil {
		if err := l.endTail(); err != nil {
			return nil, err
		}
	}
	l.skippedWarning()
	if err := l.finish(); err != nil {
		return nil, err
	}
	if l.cfg.requireRows && l.streamed+l.table.Rows == 0 {
		detail := "the file holds only its header"
		if l.database {
			detail = "the table has no rows"
		}
		if l.skipped > 0 {
			detail = fmt.Sprintf("every row was bad (%d skipped, --max-errors %d)", l.skipped, l.opts.MaxErrors)
		}
		return nil, &FileError{File: l.name, Line: l.headerLine, Err: ErrNoRows, Detail: detail}
	}
	if l.cfg.sink != nil && l.table.Rows > 0 {
		if err := l.flush(); err != nil {
			return nil, err
		}
	}
	return l.table, nil
}

// dataRow reads one record of the table.
func (l *loader) dataRow(rec []string, line int) error {
	l.dataRows++
	if l.table.Rows < sampleRows && l.cfg.sizeHint > 0 {
		for _, f := range rec {
			l.sampleBytes += int64(len(f)) + 1
		}
	}
	if rowErr := l.row(rec, line); rowErr == errHeldSums {
		l.dataRows--
		l.heldSums = &heldRow{cloneFields(rec), line}
		return nil
	} else if rowErr != nil {
		return l.bad(l.bind.placeRepeated(rowErr))
	}
	if l.table.Rows >= sampleRows && l.cfg.sizeHint > 0 {
		l.reserve()
		l.cfg.sizeHint = 0 // once
	}
	if l.cfg.sink != nil && l.table.Rows >= l.opts.knobs.chunkSize() && !l.pending() {
		return l.flush()
	}
	return nil
}

// bad handles a bad row: skipped while opts.MaxErrors allows (always in
// diagnostic mode), else returned.
func (l *loader) bad(err *RowError) error {
	if l.cfg.diagnostic {
		l.badRows++
		l.rowErrors++
		if len(l.problems) < maxProblems {
			l.problems = append(l.problems, err.Error())
		}
		return nil
	}
	if l.skipped < l.opts.MaxErrors {
		l.skipped++
		l.warnings = append(l.warnings, err.Error()+" (row skipped)")
		return nil
	}
	if l.opts.MaxErrors > 0 {
		return fmt.Errorf("%w (after %d bad rows skipped, --max-errors %d)", err, l.skipped, l.opts.MaxErrors)
	}
	return err
}

// reserve grows the columns (of a table loaded whole) and the repeat
// check's hashes (of every file of touches, streamed too) to the row count
// the file size suggests, so that a large file is not copied at every
// growth step.
func (l *loader) reserve() {
	if l.sampleBytes == 0 {
		return
	}
	perRow := float64(l.sampleBytes) / float64(l.table.Rows)
	est := int(float64(l.cfg.sizeHint)/perRow*1.05) + sampleRows
	if est > 1<<31-1 {
		est = 1<<31 - 1
	}
	extra := est - l.table.Rows
	if extra <= 0 {
		return
	}
	// The repeat check spans the whole file, streamed or not.
	if l.rowSeen != nil {
		l.rowSeen.reserve(est)
	} else if l.dedupe {
		l.rowHashes = reserve(l.rowHashes, extra)
	}
	if l.cfg.sink != nil {
		return // the columns hold a chunk at a time (Stream)
	}
	l.table.Lines = reserve(l.table.Lines, extra)
	if l.idCol != nil {
		l.dict.Grow(extra) // ids are new strings, row after row
		l.idRows = reserve(l.idRows, l.dict.Len()+extra-len(l.idRows))
	}
	if l.rowHash != nil {
		l.rowHash = reserve(l.rowHash, extra)
	}
	for _, b := range l.cols {
		c := b.col
		switch b.mode {
		case modeText, modeAttr:
			if b.iso.on {
				c.Times = reserve(c.Times, extra)
				continue
			}
			c.Codes = reserve(c.Codes, extra)
		case modeNumber:
			c.Nums = reserve(c.Nums, extra)
		case modeBool:
			c.Bools = reserve(c.Bools, extra)
		case modeTime:
			c.Times = reserve(c.Times, extra)
		}
	}
}

// reserve returns s with room for extra more elements. Unlike slices.Grow
// it does not clear the new room: fresh memory from the system is zero
// already, and the rows appended overwrite it.
func reserve[E any](s []E, extra int) []E {
	if cap(s)-len(s) >= extra {
		return s
	}
	t := make([]E, len(s), len(s)+extra)
	copy(t, s)
	return t
}

// row parses one record and, when every value parsed, appends it.
func (l *loader) row(rec []string, line int) *RowError {
	if len(rec) != l.ncols {
		var err *RowError
		if rec, err = l.fitFields(rec, line); err != nil {
			return err
		}
	}
	if err := l.parseRow(rec, line); err != nil {
		return err
	}
	if l.numCols > 0 && !l.replaying && l.sumsRow(rec) {
		return errHeldSums
	}
	if l.hashed != nil {
		l.thisHash = l.hashFields(rec, l.hashed)
	}
	if l.dedupe && l.repeated(rec, line) {
		return nil // --dedupe
	}
	if l.idCol != nil && !l.idCol.na {
		if repeat, err := l.checkID(line); repeat || err != nil {
			return err
		}
	}
	l.appendRow(line)
	return nil
}

// fitFields fits a record with another number of fields than the header
// to it: blank fields past the header's are dropped, and an xlsx row,
// which ends at its last non-empty cell, is padded; any other record is
// an error.
func (l *loader) fitFields(rec []string, line int) ([]string, *RowError) {
	n := l.ncols
	switch {
	case len(rec) > n && allBlank(rec[n:]):
		return rec[:n], nil
	case len(rec) < n && l.xlsx:
		l.padded = append(l.padded[:0], rec...)
		for len(l.padded) < n {
			l.padded = append(l.padded, "")
		}
		return l.padded, nil
	}
	return nil, l.fieldCountError(rec, line)
}

// parseRow parses the fields of the columns read into their builders'
// values for the row (b.na, b.code, b.num, b.flag, b.t), committed by
// appendRow once the whole row parsed.
func (l *loader) parseRow(rec []string, line int) *RowError {
	for _, b := range l.cols {
		s := trimCell(rec[b.field])
		if l.na.isNA(s) {
			b.na = true
			continue
		}
		b.na = false
		var err error
		switch b.mode {
		case modeText:
			// Exports sorted by lead or date repeat values row after row.
			if !b.hasLast || s != b.last {
				if b == l.idCol {
					// A new id, but for a repeated row: no lookup first
					// (Code copies s when it is new).
					b.code = l.dict.Code(s)
				} else {
					b.code = b.cache.code(l.dict, s)
				}
				b.last, b.hasLast = l.dict.String(b.code), true
			}
		case modeAttr:
			if b.iso.on {
				if b.iso.read(s, line, l.table.Rows) {
					break
				}
				l.leave(b, l.table.Rows)
			}
			if !b.hasLast || s != b.last {
				b.code = b.local.Code(s)
				b.last, b.hasLast = b.local.String(b.code), true
			}
		case modeNumber:
			b.num, err = b.nums.parse(s, line, b.col.Nums)
		case modeBool:
			b.flag, err = b.bools.parse(s)
		case modeTime:
			b.t, err = b.dates.parse(s, line, b.col.Times)
		}
		if err != nil {
			return l.valueError(b, line, err)
		}
		if b.nonNegative && b.num < 0 {
			return &RowError{File: l.name, Line: line, Column: b.col.Name, Value: strings.Clone(s), Err: ErrNegative,
				Detail: fmt.Sprintf("%s cannot be below 0", b.col.Role)}
		}
	}
	return nil
}

// checkID checks the id of the row on line (see uniqueIDRoles): a new id
// is noted, a repeat of an earlier row with the same values is counted
// and dropped (repeat), and another row with the id is an error wrapping
// ErrDuplicateID.
func (l *loader) checkID(line int) (repeat bool, err *RowError) {
	code := int(l.idCol.code)
	if code >= len(l.idRows) { // make room for every code of the Dict
		n := len(l.idRows)
		l.idRows = slices.Grow(l.idRows, max(code+1, l.dict.Len())-n)[:max(code+1, l.dict.Len())]
		for i := n; i < len(l.idRows); i++ {
			l.idRows[i] = -1
		}
	}
	first := l.idRows[code]
	if first < 0 {
		l.idRows[code] = int32(l.table.Rows)
		return false, nil
	}
	if !l.sameAs(int(first)) {
		return false, &RowError{File: l.name, Line: line, Column: l.idCol.col.Name, Value: l.dict.String(l.idCol.code), Err: ErrDuplicateID,
			Detail: fmt.Sprintf("also on line %d, with other values; each %s must be on one row", l.table.Lines[first], l.idCol.col.Role)}
	}
	if l.repeats == 0 {
		l.repeatLine = [2]int{line, int(l.table.Lines[first])}
	}
	l.repeats++
	return true, nil
}

// appendRow appends the values parseRow read, found on line, to the
// columns.
func (l *loader) appendRow(line int) {
	row := l.table.Rows
	for _, b := range l.cols {
		c := b.col
		if b.na {
			c.Missing++
		}
		switch b.mode {
		case modeText, modeAttr:
			if b.mode == modeAttr && l.cfg.sink != nil {
				continue // typed at the end, from the distinct values
			}
			if b.iso.on {
				b.iso.keep(c, row, b.na)
				continue
			}
			code := b.code // kept for the next row, which may repeat the value
			if b.na {
				code = funnel.NA
			}
			c.Codes = append(c.Codes, code)
		case modeNumber:
			if b.na {
				b.num = math.NaN()
			} else {
				eu := b.num
				if b.nums.lastAmbig {
					eu = b.nums.lastAlt
				}
				b.nums.commit(row)
				b.all[0].add(b.num)
				b.all[1].add(eu)
				b.group[0].add(b.num)
				b.group[1].add(eu)
			}
			c.Nums = append(c.Nums, b.num)
		case modeBool:
			if b.na {
				b.flag = -1
			}
			c.Bools = append(c.Bools, b.flag)
		case modeTime:
			if b.na {
				b.t = funnel.NoTime
			}
			c.Times = append(c.Times, b.t)
		}
	}
	if l.hashed != nil {
		l.rowHash = append(l.rowHash, l.thisHash)
	}
	l.table.Lines = append(l.table.Lines, int32(line))
	l.table.Rows++
}

// dedupeKinds are the inputs without unique ids whose rows are checked
// for exact repeats (repeated): a touch export read in overlapping pages
// holds some rows twice, which count twice. (Inputs with unique ids check
// their repeats by id, see checkID.)
var dedupeKinds = map[funnel.TableKind]bool{funnel.Touches: true}

// repeated reports whether the row rec, read on line, is to be dropped
// as a repeat of an earlier row (Options.Dedupe): every field equal, as
// read (the values parseRow read, missing values alike; the trimmed text
// of the fields not read), compared by a 64-bit hash (valueHash; two rows
// that differ are taken for one with a chance of n²/2⁶⁵ in n rows, 3e-8
// in a million). Without Dedupe it keeps the hash, for finish to count
// the repeats (countRepeats).
func (l *loader) repeated(rec []string, line int) bool {
	h := l.valueHash()
	if l.unread != nil {
		h = mix64(h ^ l.hashFields(rec, l.unread))
	}
	if l.rowSeen == nil {
		l.rowHashes = append(l.rowHashes, h)
		return false
	}
	if !l.rowSeen.add(h) {
		return false
	}
	if l.repeats == 0 {
		l.repeatLine = [2]int{line, 0}
	}
	l.repeats++
	return true
}

// valueHash hashes the values parseRow read for the row: a text's Dict
// code, a number's, time's or boolean's bits, missing values alike. Each
// step is a bijective mix of the hash so far and the value, so that two
// rows that differ hash alike by chance only (2⁻⁶⁴).
func (l *loader) valueHash() uint64 {
	h := uint64(len(l.cols))
	for _, b := range l.cols {
		var v uint64
		switch {
		case b.na:
			v = 0x9E3779B97F4A7C15
		case b.mode == modeNumber:
			v = math.Float64bits(b.num)
		case b.mode == modeBool:
			v = uint64(b.flag)
		case b.mode == modeTime:
			v = uint64(b.t)
		case b.mode == modeAttr && b.iso.on:
			v = uint64(b.iso.cur.t) << 1
			if b.iso.cur.short {
				v |= 1
			}
		default:
			v = uint64(b.code)
		}
		h = mix64(h ^ v)
	}
	return h
}

// mix64 is splitmix64's finalizer: a bijection of 64-bit values whose
// output bits each depend on every input bit.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 27
	x *= 0x94D049BB133111EB
	return x ^ x>>31
}

// hashFields hashes the trimmed text of the fields of rec (the columns not
// read of an input with unique ids, l.hashed, or of touches, l.unread),
// missing values alike whatever their token.
func (l *loader) hashFields(rec []string, fields []int) uint64 {
	h := uint64(len(fields))
	for _, f := range fields {
		v := uint64(0x9E3779B97F4A7C15) // missing
		if s := trimCell(rec[f]); !l.na.isNA(s) {
			v = maphash.String(l.seed, s)
		}
		h = (h^v)*0x100000001B3 + 1
	}
	return h
}

// sameAs reports whether the row being read holds the same values as the
// committed row i.
func (l *loader) sameAs(i int) bool {
	if l.hashed != nil && l.rowHash[i] != l.thisHash {
		return false
	}
	for _, b := range l.cols {
		c := b.col
		switch b.mode {
		case modeText, modeAttr:
			if b.iso.on {
				if !b.iso.sameAs(c, i, b.na) {
					return false
				}
				continue
			}
			code := b.code
			if b.na {
				code = funnel.NA
			}
			if c.Codes[i] != code {
				return false
			}
		case modeNumber:
			if v := c.Nums[i]; b.na != math.IsNaN(v) || (!b.na && v != b.num) {
				return false
			}
		case modeBool:
			if v := c.Bools[i]; (b.na && v != -1) || (!b.na && v != b.flag) {
				return false
			}
		case modeTime:
			if v := c.Times[i]; (b.na && v != funnel.NoTime) || (!b.na && v != b.t) {
				return false
			}
		}
	}
	return true
}

// fieldCountError is the *RowError for a record with more or fewer fields
// than the header, naming the first missing or extra field and, when
// another delimiter would split the record right, that delimiter.
func (l *loader) fieldCountError(rec []string, line int) *RowError {
	n := l.ncols
	e := &RowError{File: l.name, Line: line, Err: ErrFieldCount}
	if len(rec) < n {
		e.Column = l.bind.Headers[len(rec)]
		e.Detail = fmt.Sprintf("the row ends after %d of the header's %d fields", len(rec), n)
		f := l.r.Format()
		if d := otherDelimiter(strings.Join(rec, string(f.Delimiter)), f.Delimiter, n); f.Kind == "csv" && d != 0 && len(rec) == 1 {
			e.Detail += fmt.Sprintf("; it is separated by %s, not %s", delimName(d), delimName(f.Delimiter))
		} else if f.Kind == "csv" {
			e.Detail += "; a truncated file, or a line break inside an unquoted value?"
		}
		return e
	}
	e.Column = fmt.Sprintf("#%d", n+1)
	e.Detail = fmt.Sprintf("the row has %d fields, the header %d", len(rec), n)
	if f := l.r.Format(); f.Kind == "csv" {
		e.Detail += fmt.Sprintf("; a value holding a %s that should be quoted?", delimName(f.Delimiter))
	}
	return e
}

func (l *loader) valueError(b *colBuilder, line int, err error) *RowError {
	var ve *ValueError
	if errors.As(err, &ve) {
		return &RowError{File: l.name, Line: line, Column: b.col.Name, Value: strings.Clone(ve.Value), Err: ve.Err, Detail: ve.Detail}
	}
	return &RowError{File: l.name, Line: line, Column: b.col.Name, Err: err}
}

func allBlank(fields []string) bool {
	for _, f := range fields {
		if trimCell(f) != "" {
			return false
		}
	}
	return true
}

// finish settles time layouts and types the attribute columns.
func (l *loader) finish() error {
	if l.rowHashes != nil {
		l.countRepeats()
	}
	if l.repeats > 0 {
		l.warnRepeats()
	}
	if err := l.finishNumbers(); err != nil {
		return err
	}
	for _, b := range l.cols {
		c := b.col
		switch b.mode {
		case modeTime:
			err := b.dates.finish(l.name, c.Name, c.Times, l.warn)
			if err != nil {
				if !l.cfg.diagnostic {
					return err
				}
				l.problems = append(l.problems, err.Error())
			}
			c.DateOnly = b.dates.dateOnly()
			if b.dates.values > 0 {
				c.Layout = b.dates.Layout()
			}
			l.scanTimes(b)
			l.warnTimes(b)
		case modeAttr:
			if l.cfg.sink == nil {
				if b.iso.on {
					l.finishISO(b)
				} else {
					l.typeAttribute(b)
				}
				break
			}
			if at := l.typeDistinct(b); at.kind == funnel.KindTime {
				for _, t := range at.times {
					l.latest = max(l.latest, t)
				}
			}
		}
	}
	l.finished = true
	return nil
}

// finishNumbers settles the number columns their values left open, in
// the style the file's other number columns settled when they agree (see
// numStyle).
func (l *loader) finishNumbers() error {
	conv, n := styleOpen, 0
	for _, b := range l.cols {
		if st := b.nums.settledBy(); b.mode == modeNumber && st != styleOpen {
			if n > 0 && st != conv {
				conv = styleOpen
				break
			}
			conv, n = st, n+1
		}
	}
	l.numStyle = conv
	for _, b := range l.cols {
		if b.mode != modeNumber {
			continue
		}
		if err := b.nums.finish(l.name, b.col.Name, conv, b.col.Nums); err != nil {
			if !l.cfg.diagnostic {
				return err
			}
			l.problems = append(l.problems, err.Error())
		}
		b.col.Currency = b.nums.cur
	}
	return nil
}

// countRepeats counts the touch rows kept that repeat an earlier row
// (see repeated) and finds the line of the first, when the table still
// holds it (not streamed away).
func (l *loader) countRepeats() {
	n, first := countRepeats(l.rowHashes)
	l.rowHashes = nil
	if n == 0 {
		return
	}
	l.repeats = n
	l.repeatLine = [2]int{}
	if i := first - l.streamed; l.streamed == 0 && first >= 0 && i < len(l.table.Lines) {
		l.repeatLine[0] = int(l.table.Lines[i])
	}
}

// warnRepeats says how many rows repeat an earlier row exactly, the first
// (and, by id, the row it repeats), and whether each was read once.
func (l *loader) warnRepeats() {
	first := fmt.Sprintf(" (line %d repeats line %d)", l.repeatLine[0], l.repeatLine[1])
	switch {
	case l.repeatLine[0] == 0:
		first = ""
	case l.repeatLine[1] == 0:
		first = fmt.Sprintf(" (the first on line %d)", l.repeatLine[0])
	}
	exactly, read := "exactly", "each is read once"
	switch {
	case l.dedupe && l.opts.Dedupe:
		exactly, read = "exactly, every field equal", "each is read once (--dedupe)"
	case l.dedupe:
		exactly, read = "exactly, every field equal", "each is read as often as it appears, and counts as often (--dedupe reads it once)"
	}
	l.warn(fmt.Sprintf("%d %s an earlier row %s%s; %s",
		l.repeats, plural(l.repeats, "row repeats", "rows repeat"), exactly, first, read))
}

func (l *loader) warn(w string) { l.warnings = append(l.warnings, l.name+": "+w) }

// scanTimes reads the dates of the time column of b once its layout is
// settled (the rows read so far: a chunk, when streamed), for warnTimes. A
// date before the floor (Options.MinDate) is a placeholder for no date
// (0001-01-01, 1900-01-01, Excel serial 0), never an event of an export:
// it is counted and read as missing, so that no duration or month is
// worked out from it. In a column of past events (b.past) the dates after
// the time of reading, with a day's slack, are counted and kept.
func (l *loader) scanTimes(b *colBuilder) {
	c, lines := b.col, l.table.Lines
	floor, limit := l.opts.minDate(), int64(math.MaxInt64)
	if b.past {
		limit = l.opts.knobs.clock().Unix() + futureSlack
	}
	for i, t := range c.Times {
		switch {
		case t == funnel.NoTime:
		case t < floor:
			if b.earlyN == 0 {
				b.earlyT, b.earlyLine = t, lines[i]
			}
			b.earlyN++
			c.Times[i] = funnel.NoTime
			c.Missing++
		case t > limit:
			if b.futureN == 0 {
				b.futureT, b.futureLine = t, lines[i]
			}
			b.futureN++
		}
	}
}

// warnTimes warns about the dates of b that scanTimes counted: before the
// floor, after now.
func (l *loader) warnTimes(b *colBuilder) {
	if n := b.earlyN; n > 0 {
		l.warn(fmt.Sprintf("column %q: %d %s before %s, the first %s on line %d (placeholders for no date?); read as missing (--min-date sets the floor)",
			b.col.Name, n, plural(n, "date is", "dates are"), funnel.FormatTime(l.opts.minDate(), true), funnel.FormatTime(b.earlyT, b.col.DateOnly), b.earlyLine))
	}
	if n := b.futureN; n > 0 {
		l.warn(fmt.Sprintf("column %q: %d %s after today, the first %s on line %d (a typo in the year?); %s kept as read (give --as-of to analyse as of an earlier date)",
			b.col.Name, n, plural(n, "date is", "dates are"), funnel.FormatTime(b.futureT, b.col.DateOnly), b.futureLine, plural(n, "it is", "they are")))
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
