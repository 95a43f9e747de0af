package ingest

import "fmt"

// Format describes how a file was read, as `funnel inspect` reports it.
type Format struct {
	Kind       string // "csv" or "xlsx"
	Delimiter  rune   // csv: the delimiter used
	Encoding   string // csv: "utf-8", "utf-8-bom", "utf-16le", "utf-16be", "windows-1252"
	Compressed bool   // gzip
	Sheet      string // xlsx: the sheet read
}

// RecordReader reads the records of one export file, header first, shaped
// like encoding/csv: call Read until it returns io.EOF.
//
// Implementations: the CSV reader (NewReader) and the XLSX reader; Open
// picks one from the path.
type RecordReader interface {
	// Header returns the header record: the file's first non-empty record,
	// or the one below a preamble (see pickHeader).
	Header() []string
	// Read returns the next data record; its slice may be reused by the
	// next call. Records shorter or longer than the header are returned
	// as they are; the caller reports them. At the end it returns io.EOF;
	// a structural problem (unbalanced quote, a limit) is a *RowError.
	Read() ([]string, error)
	// Line returns the line (csv: where the last record starts) or sheet
	// row (xlsx) of the last record returned, 1-based; before the first
	// Read, the header's.
	Line() int
	// Name returns the file's name for messages ("-" or "stdin" for stdin,
	// "book.xlsx#Sheet" for a sheet).
	Name() string
	// Format returns how the file is being read.
	Format() Format
	// Warnings returns what reading noticed (a guessed encoding, rows
	// skipped above the header).
	Warnings() []string
	// Skipped returns the rows above the header that are not part of the
	// table (titles, report dates, comments; see pickHeader).
	Skipped() []SkippedRow
	// Close releases the file.
	Close() error
}

// viewReader is a RecordReader that can also return a record whose strings
// are views of its read buffer, valid only until the next call: no
// allocation per record. The loader, which copies every value it keeps,
// reads through it when the reader offers it (the CSV reader does).
type viewReader interface {
	readView() ([]string, error)
}

// excelMaxRows is the last row of an Excel sheet: a sheet, or a CSV Excel
// saved, whose last row is this one was most likely cut there.
const excelMaxRows = 1_048_576

// rowCapWarning is the warning for a file whose last record, read to the
// end, is on line (sheet row) last: "" unless that is Excel's last row.
func rowCapWarning(name string, last int) string {
	if last != excelMaxRows {
		return ""
	}
	return fmt.Sprintf("%s: the last row is row 1,048,576, Excel's last: the export was probably cut there and rows past it lost (export in parts, or as CSV from the source)", name)
}
