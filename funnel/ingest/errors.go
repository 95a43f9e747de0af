package ingest

import (
	"errors"
	"fmt"
)

// Sentinel errors wrapped by RowError and FileError; check with errors.Is.
var (
	ErrBadDate       = errors.New("cannot parse as a date")
	ErrAmbiguousDate = errors.New("ambiguous day/month order")
	ErrBadNumber     = errors.New("cannot parse as a number")
	// ErrAmbiguousNumber: a column whose "15.000" may be 15 or 15000.
	ErrAmbiguousNumber = errors.New("ambiguous decimal separator")
	// ErrCurrency: amounts of two currencies in one column.
	ErrCurrency    = errors.New("mixed currencies")
	ErrBadBool     = errors.New("cannot parse as a boolean")
	ErrFieldCount  = errors.New("wrong number of fields")
	ErrQuote       = errors.New("unbalanced quote")
	ErrMissingRole = errors.New("required column missing")
	ErrEmpty       = errors.New("empty file")
	ErrLimit       = errors.New("limit exceeded")
	ErrFormat      = errors.New("unreadable file")
	ErrEncoding    = errors.New("bad text encoding")
	ErrNegative    = errors.New("negative value")
	ErrDuplicateID = errors.New("duplicate id")
	ErrNoRows      = errors.New("no data rows")
	ErrFormula     = errors.New("formula without a value")
	ErrNoHeader    = errors.New("no header row")
	ErrTotals      = errors.New("totals row does not add up")
	ErrMemory      = errors.New("memory ceiling reached")
)

// RowError is a problem with one value or one row of an input file.
// Its message reads
//
//	file:line: column "Header": cannot parse "value" as a date (detail)
//
// Line is the 1-based line of the text file where the record starts (the
// header is line 1), or the 1-based row of an xlsx sheet, whose File reads
// "book.xlsx#Sheet".
type RowError struct {
	File   string
	Line   int
	Column string // header; "" for a row-level problem
	Value  string
	Err    error  // a sentinel above, possibly wrapped
	Detail string // extra explanation, e.g. the expected layout
}

func (e *RowError) Error() string {
	msg := fmt.Sprintf("%s:%d: ", e.File, e.Line)
	if e.Column != "" {
		msg += fmt.Sprintf("column %q: ", e.Column)
	}
	switch {
	case errors.Is(e.Err, ErrBadDate):
		msg += fmt.Sprintf("cannot parse %q as a date", clip(e.Value))
	case errors.Is(e.Err, ErrBadNumber):
		msg += fmt.Sprintf("cannot parse %q as a number", clip(e.Value))
	case errors.Is(e.Err, ErrBadBool):
		msg += fmt.Sprintf("cannot parse %q as a boolean", clip(e.Value))
	case errors.Is(e.Err, ErrNegative):
		msg += fmt.Sprintf("%q is negative", clip(e.Value))
	default:
		msg += e.Err.Error()
		if e.Value != "" {
			msg += fmt.Sprintf(" %q", clip(e.Value))
		}
	}
	if e.Detail != "" {
		msg += " (" + e.Detail + ")"
	}
	return msg
}

func (e *RowError) Unwrap() error { return e.Err }

// FileError is a problem with a whole file (cannot open, not a zip, a
// required column missing, a limit exceeded). Its message reads
//
//	file:line: error: detail
//
// Line is where the problem shows when there is such a place (the header
// line for a missing column, the line where a truncated file stops); 0
// for a problem of the file as a whole (not a zip, binary data), whose
// message reads "file: error: detail".
type FileError struct {
	File   string
	Line   int
	Err    error
	Detail string
}

func (e *FileError) Error() string {
	where := e.File
	if e.Line > 0 {
		where = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	if e.Detail == "" {
		return fmt.Sprintf("%s: %v", where, e.Err)
	}
	return fmt.Sprintf("%s: %v: %s", where, e.Err, e.Detail)
}

func (e *FileError) Unwrap() error { return e.Err }

// clip shortens a value quoted in an error message to 60 characters, so a
// 2 MB cell does not become a 2 MB error line.
func clip(s string) string {
	const max = 60
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max]) + "..."
}
