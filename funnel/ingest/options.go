package ingest

import (
	"io"
	"strings"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
)

// Options controls how files are read. The zero value reads with every
// detection on and default limits.
type Options struct {
	// Delimiter of CSV files; 0 sniffs it from the first lines (, ; | tab).
	Delimiter rune
	// Encoding: "" detects (UTF-8 with or without BOM, UTF-16 with BOM,
	// Windows-1252 when the bytes are not valid UTF-8, with a warning);
	// "utf-8", "utf-16le", "utf-16be", "windows-1252" force one.
	Encoding string
	// NAValues are extra tokens read as missing (the empty string, null and
	// NULL always are).
	NAValues []string
	// DateOrder settles slash dates whose order the values leave open:
	// "" (detect; ambiguous columns are an error), "mdy" or "dmy".
	DateOrder string
	// Decimal is the decimal separator of number columns whose values
	// leave it open (--decimal): '.' (1,234.5), ',' (1.234,5), 0 to
	// decide per column (see numStyle).
	Decimal byte
	// MinDate is the floor of plausible dates (--min-date): a date of a
	// time column before it is a placeholder (0001-01-01, 1900-01-01,
	// Excel serial 0), read as missing with a warning. The zero Time is
	// DefaultMinDate.
	MinDate time.Time
	// Dedupe drops the touch rows that repeat an earlier row exactly,
	// every field equal (--dedupe); they are counted in a warning either
	// way (see dupRows).
	Dedupe bool
	// Positive lists extra values read as true in boolean columns
	// (--positive VALUE).
	Positive []string
	// MaxErrors is the number of bad rows skipped (and reported as
	// warnings) before a bad row becomes an error; 0 = the first is fatal.
	MaxErrors int
	// Columns binds roles to headers explicitly, from --col and the config
	// file: key "role" or "table.role", value the header.
	Columns map[string]string
	// WideHeaders names the headers of a stages file that hold one stage's
	// entry dates each (velocity --wide "Engaged=engage_date,..."): they are
	// typed as dates and the long-layout roles are not required.
	WideHeaders []string
	// HeaderRow is the line (sheet row) of the header, 1-based; 0 finds
	// it among the first lines (see pickHeader).
	HeaderRow int
	// HeaderRows sets HeaderRow for one input (--header-row costs=3).
	HeaderRows map[funnel.TableKind]int
	// Stdin is read for the path "-"; nil means os.Stdin.
	Stdin io.Reader
	// Progress, when set, is called as a file is read with the bytes read
	// so far and the file's size (0 when unknown: stdin, gzip streams
	// report compressed bytes against the compressed size).
	Progress func(name string, done, total int64)
	// Location for timestamps without a zone; nil = UTC.
	Location *time.Location
	// Keep, when set, says which columns a command needs: a column of a
	// file of input kind, bound to role ("" for an attribute) under
	// header, in a file whose columns are bound to roles (one per column,
	// "" for attributes), is read only when Keep returns true. Other columns are
	// still counted (a row with the wrong number of fields is an error)
	// but not parsed, checked, interned or stored: the table has no
	// column for them, and a bad value in them is no error. Two columns
	// are read whatever Keep says, so that duplicate ids are still told
	// from repeated rows exactly: the id of leads, opportunities and
	// accounts (see LoadFrom), and in those inputs the number and bool
	// role columns (skipped text columns are compared by their text).
	// Inspect ignores Keep. nil reads every column.
	Keep func(kind funnel.TableKind, role, header string, roles []string) bool
	// Sink, when set, is asked by LoadDataset before it reads each input
	// without unique ids (not leads, opportunities or accounts), with the
	// Dataset read so far (the inputs before it in funnel.TableKinds).
	// When it returns a rows function, the input is streamed to it in
	// chunks (see Stream) instead of stored: the Dataset has no table for
	// it, but records its latest timestamp (funnel.Dataset.AddStreamed).
	// Load, Stream and Inspect ignore it.
	Sink func(ds *funnel.Dataset, kind funnel.TableKind) (rows func(chunk *funnel.Table) error)
	// Limits; zero values mean the defaults below.
	MaxCellBytes  int   // default 1 MiB
	MaxColumns    int   // default 4096
	MaxXLSXBytes  int64 // uncompressed size of an xlsx, default 1 GiB
	MaxRecordSize int   // bytes of one record, default 8 MiB
	MaxGzipBytes  int64 // uncompressed size of gzip data, default 4 GiB
	MaxGzipRatio  int   // uncompressed to compressed size of gzip data past its first 16 MiB, default 200
	// Shared strings of an xlsx workbook (its sharedStrings part): how
	// many, default 8,000,000, and their XML's uncompressed size,
	// default 256 MiB.
	MaxSharedStrings      int
	MaxSharedStringsBytes int64
	// MaxMemory is the memory ceiling in bytes: reading a file fails with
	// a *FileError wrapping ErrMemory, naming the line it reached, once
	// the heap outgrows it (see memory.go). 0: no ceiling.
	MaxMemory int64

	// knobs are set only by the package's tests.
	knobs knobs
}

// knobs are settings that only the package's tests change, per call, to
// compare two code paths or to pin the clock: being per call, not package
// variables, they let the tests run in parallel. The zero value is what
// every other caller gets.
type knobs struct {
	noPrefetch     bool             // read records on the loader's goroutine (see startPrefetch)
	prefetch1CPU   bool             // prefetch with a single CPU too, to test it on any machine
	blockBytes     int              // the prefetcher's blocks; 0: prefetchBlockBytes
	noSplitInPlace bool             // leave every line to the general parser (see splitLine)
	noISOAttrs     bool             // intern ISO time attributes too (see isoAttr)
	chunkRows      int              // rows of Stream's chunks; 0: ChunkRows
	now            func() time.Time // the time of reading; nil: time.Now
	// unzipXMLSizeLimit is excelize's size over which a sheet goes to a
	// temporary file; 0: excelize's 16 MB.
	unzipXMLSizeLimit int64
}

func (k knobs) blockSize() int { return orDefault(k.blockBytes, prefetchBlockBytes) }

func (k knobs) chunkSize() int { return orDefault(k.chunkRows, ChunkRows) }

// clock returns the time of reading, for the dates-in-the-future warning.
func (k knobs) clock() time.Time {
	if k.now != nil {
		return k.now()
	}
	return time.Now()
}

// Default limits; each error that hits one names the option that raises it.
const (
	DefaultMaxCellBytes  = 1 << 20
	DefaultMaxColumns    = 4096
	DefaultMaxXLSXBytes  = 1 << 30
	DefaultMaxRecordSize = 8 << 20
	DefaultMaxGzipBytes  = 4 << 30
	DefaultMaxGzipRatio  = bombRatio
	// A shared string costs excelize some 50 bytes of index whatever its
	// length: 8 million of them 400 MB.
	DefaultMaxSharedStrings      = 8_000_000
	DefaultMaxSharedStringsBytes = 256 << 20
)

// DefaultMinDate is the default of Options.MinDate: no CRM or marketing
// export holds an event before 1990.
var DefaultMinDate = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)

// minDate returns the floor of plausible dates as Unix seconds.
func (o Options) minDate() int64 {
	if o.MinDate.IsZero() {
		return DefaultMinDate.Unix()
	}
	return o.MinDate.Unix()
}

func (o Options) maxCellBytes() int   { return orDefault(o.MaxCellBytes, DefaultMaxCellBytes) }
func (o Options) maxColumns() int     { return orDefault(o.MaxColumns, DefaultMaxColumns) }
func (o Options) maxXLSXBytes() int64 { return orDefault(o.MaxXLSXBytes, DefaultMaxXLSXBytes) }
func (o Options) maxRecordSize() int  { return orDefault(o.MaxRecordSize, DefaultMaxRecordSize) }
func (o Options) maxGzipBytes() int64 { return orDefault(o.MaxGzipBytes, DefaultMaxGzipBytes) }
func (o Options) maxGzipRatio() int   { return orDefault(o.MaxGzipRatio, DefaultMaxGzipRatio) }
func (o Options) maxSharedStrings() int {
	return orDefault(o.MaxSharedStrings, DefaultMaxSharedStrings)
}
func (o Options) maxSharedStringsBytes() int64 {
	return orDefault(o.MaxSharedStringsBytes, DefaultMaxSharedStringsBytes)
}

// orDefault returns v when it is set (above 0), else def: a size option
// left 0 takes its default.
func orDefault[T int | int64](v, def T) T {
	if v > 0 {
		return v
	}
	return def
}

// isWideHeader reports whether h is one of the WideHeaders (compared
// exactly after trimming, as --wide names them).
func (o Options) isWideHeader(h string) bool {
	for _, w := range o.WideHeaders {
		if strings.TrimSpace(w) == h {
			return true
		}
	}
	return false
}

// forKind returns the options for reading a file of input kind.
func (o Options) forKind(kind funnel.TableKind) Options {
	if n, ok := o.HeaderRows[kind]; ok {
		o.HeaderRow = n
	}
	return o
}
