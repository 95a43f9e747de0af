package ingest

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// ErrNoSheet is wrapped by the *FileError for a "book.xlsx#Sheet" path
// whose sheet the workbook lacks; the error lists the sheets it has.
var ErrNoSheet = errors.New("no such sheet")

// xlsxReader reads one sheet of an xlsx workbook with excelize's streaming
// row iterator.
//
// Cells come back as the text a CSV export of them would hold, for the
// value layer to parse the same way:
//   - numbers: the stored value in plain decimal ("1200.5", "0.001"), not
//     as displayed (no thousands separators, no rounding to the format's
//     decimals); a number Excel stored in exponent form keeps it
//     ("1.5E-7"), which strconv.ParseFloat reads;
//   - numbers under a date or time number format: ISO text, "2024-03-05"
//     for a date format, "2024-03-05 14:30:00" for a date-and-time one,
//     "14:30:00" for a time-only one on a value under one day (the full
//     date and time when over), rounded to the second, in the workbook's
//     1900 or 1904 date system;
//   - booleans: "1" and "0"; error values as Excel writes them ("#N/A");
//   - formulas: their cached value; a formula cell without one (a workbook
//     written by a program and never opened in Excel) is a *RowError
//     wrapping ErrFormula, since reading it as empty would change the
//     numbers quietly; formulas referencing another workbook
//     ("[1]Prices!B2*2") are read by their cached value with a warning
//     that counts them (the other workbook may have changed since);
//   - merged cells: a range merged over several rows below the header
//     gives every row its top-left value in the range's first column, as
//     the sheet shows it (an account name merged over its contacts), with
//     a warning; the range's other columns stay empty (a label spilling
//     over the next columns belongs to the first), and the header row is
//     read as stored.
//
// Hidden rows are read like the others, with a warning that counts them.
// A workbook is checked before it is inflated: over MaxXLSXBytes in all,
// or a part that inflates like a zip bomb (see checkZip), is an error.
//
// Rows are padded with empty cells to the header's width (Excel omits
// trailing empty cells); longer rows are returned as they are. Empty rows
// are skipped. Line is the sheet's row number.
type xlsxReader struct {
	name     string // "book.xlsx#Sheet"
	file     *excelize.File
	tmpDir   string         // the folder of excelize's temporary files, removed on Close
	raw      *excelize.Rows // the stored values
	shown    *excelize.Rows // the same rows formatted, to tell dates; nil without date formats
	date1904 bool
	maxCell  int
	maxCols  int
	format   Format
	warnings []string

	header  []string
	skipped []SkippedRow // the rows above the header
	ahead   []aheadRow   // rows read after the header while finding it, not yet returned
	hidden  bool         // the last row read is hidden
	lead    int          // empty columns left of the table (it starts in column B or later), not returned
	row     int          // rows advanced over
	line    int          // the row of the last record
	closed  bool
	atEnd   bool // readRow has returned io.EOF

	check       *sheetCheck   // the damage and extent of the sheet's XML; nil: not known
	merges      []cellRange   // merged ranges below the header row
	mergeIndex  mergeIndex    // the ranges of merges over the row being read
	formulas    []formulaCell // formula cells without values, by row
	nextFormula int
	hiddenRows  int
	hiddenFirst int
}

// The kinds of number formats.
const (
	fmtNumber = iota
	fmtDate
	fmtDateTime
	fmtTime
)

// markerFormats stand in for the date formats of the workbook when the
// shown iterator renders cells: a number under one renders as the bare
// marker, which tells the kind of format. (Markers, not ISO formats:
// excelize's date rendering costs more than the rest of reading.)
var markerFormats = [...]string{fmtDate: `"~D~"`, fmtDateTime: `"~T~"`, fmtTime: `"~H~"`}

// openXLSXFile opens sheet (the first visible one when "") of the workbook
// at path.
func openXLSXFile(path, sheet string, opts Options) (*xlsxReader, error) {
	tmp, err := newXLSXTempDir()
	if err != nil {
		return nil, &FileError{File: path, Err: err, Detail: "cannot make a temporary folder"}
	}
	return openXLSXIn(path, path, sheet, tmp, opts)
}

// openXLSXIn opens sheet of the workbook in the file at path, named name
// in messages, with tmp the folder of its temporary files (see
// newXLSXTempDir), which it removes on error and the reader on Close.
func openXLSXIn(path, name, sheet, tmp string, opts Options) (*xlsxReader, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		removeXLSXTempDir(tmp)
		return nil, xlsxOpenError(name, err, opts)
	}
	defer zr.Close()
	if err := checkZip(&zr.Reader, name, opts); err != nil {
		removeXLSXTempDir(tmp)
		return nil, err
	}
	f, err := excelize.OpenFile(path, opts.excelizeOptions(tmp))
	if err != nil {
		removeXLSXTempDir(tmp)
		return nil, xlsxOpenError(name, err, opts)
	}
	return newXLSXReader(f, tmp, &zr.Reader, name, sheet, opts)
}

// openXLSXStream reads a workbook from r (stdin, a pipe) and opens sheet
// of it. The workbook is copied, up to MaxXLSXBytes, to a file in the
// folder of its temporary files and read from there as any other: held
// in memory, it cost its size again in excelize's own copy and the
// growth of both (a 166 MB workbook on stdin took 618 MB, from a file
// 24 MB).
func openXLSXStream(r io.Reader, name, sheet string, opts Options) (*xlsxReader, error) {
	tmp, err := newXLSXTempDir()
	if err != nil {
		return nil, &FileError{File: name, Err: err, Detail: "cannot make a temporary folder"}
	}
	path := filepath.Join(tmp, "stdin.xlsx")
	if err := spool(r, path, opts.maxXLSXBytes(), name); err != nil {
		removeXLSXTempDir(tmp)
		return nil, err
	}
	return openXLSXIn(path, name, sheet, tmp, opts)
}

// spool copies r to a new file at path, up to limit bytes: more is an
// error naming --max-xlsx-bytes.
func spool(r io.Reader, path string, limit int64, name string) error {
	w, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return &FileError{File: name, Err: err, Detail: "cannot copy the workbook to a temporary file"}
	}
	n, err := io.Copy(w, io.LimitReader(r, limit+1))
	if cerr := w.Close(); err == nil && cerr != nil {
		return &FileError{File: name, Err: cerr, Detail: "cannot copy the workbook to a temporary file"}
	}
	switch {
	case err != nil:
		return &FileError{File: name, Err: err}
	case n > limit:
		return &FileError{File: name, Err: ErrLimit, Detail: xlsxLimitDetail(limit)}
	}
	return nil
}

func xlsxLimitDetail(limit int64) string {
	return fmt.Sprintf("workbook over %d bytes uncompressed; raise with --max-xlsx-bytes", limit)
}

// xlsxOpenError is the *FileError for a workbook excelize cannot open.
func xlsxOpenError(name string, err error, opts Options) error {
	switch {
	case strings.Contains(err.Error(), "unzip size exceeds"):
		return &FileError{File: name, Err: ErrLimit, Detail: xlsxLimitDetail(opts.maxXLSXBytes())}
	case errors.Is(err, zip.ErrFormat), errors.Is(err, zip.ErrAlgorithm), errors.Is(err, zip.ErrChecksum), errors.Is(err, io.ErrUnexpectedEOF):
		return &FileError{File: name, Err: ErrFormat, Detail: "a damaged or truncated xlsx (zip) file (" + err.Error() + "); download or export it again"}
	}
	return &FileError{File: name, Err: ErrFormat, Detail: "not a readable xlsx workbook: " + err.Error()}
}

// excelizeOptions are the options excelize opens a workbook with: its
// size limit, and tmp the folder of its temporary files (see
// newXLSXTempDir).
func (o Options) excelizeOptions(tmp string) excelize.Options {
	eo := excelize.Options{UnzipSizeLimit: o.maxXLSXBytes(), TmpDir: tmp}
	if o.knobs.unzipXMLSizeLimit > 0 {
		eo.UnzipXMLSizeLimit = o.knobs.unzipXMLSizeLimit
	}
	return eo
}

// excelizeXMLLimit is the size of a part over which excelize reads it
// from a temporary file instead of memory: its UnzipXMLSizeLimit, by
// default the smaller of its UnzipSizeLimit and 16 MiB.
func (o Options) excelizeXMLLimit() int64 {
	if o.knobs.unzipXMLSizeLimit > 0 {
		return o.knobs.unzipXMLSizeLimit
	}
	return min(o.maxXLSXBytes(), excelize.StreamChunkSize)
}

// newXLSXReader opens sheet of f (whose zip is zr, whose temporary files
// are in tmp) and reads its header; it closes f and removes tmp on
// error.
func newXLSXReader(f *excelize.File, tmp string, zr *zip.Reader, path, sheet string, opts Options) (r *xlsxReader, err error) {
	defer func() {
		if err != nil {
			f.Close()
			removeXLSXTempDir(tmp)
		}
	}()
	sheet, hidden, err := pickSheet(f, path, sheet)
	if err != nil {
		return nil, err
	}
	x := &xlsxReader{
		name:    path + "#" + sheet,
		file:    f,
		tmpDir:  tmp,
		maxCell: opts.maxCellBytes(),
		maxCols: opts.maxColumns(),
		format:  Format{Kind: "xlsx", Sheet: sheet},
	}
	if len(hidden) > 0 {
		x.warnings = append(x.warnings, fmt.Sprintf("%s: read the first visible sheet, %q, passing over the hidden %s %s (name a sheet with %s#SHEET)",
			path, sheet, plural(len(hidden), "sheet", "sheets"), joinAnd(quoteStrings(hidden)), path))
	}
	scan, err := scanSheet(zr, sheet)
	if err != nil {
		return nil, xlsxOpenError(path, err, opts)
	}
	x.merges, x.formulas, x.check = scan.merges, scan.formulas, scan.check
	if scan.moreFormulas {
		first := scan.formulas[0]
		cell, _ := excelize.CoordinatesToCellName(first.col, first.row)
		return nil, &FileError{File: x.name, Line: first.row, Err: ErrFormula,
			Detail: fmt.Sprintf("more than %d formula cells hold no computed value (the first at %s), as when a program wrote the workbook and Excel never opened it; open and save it in Excel or LibreOffice, or export CSV", maxUncachedFormulas, cell)}
	}
	if scan.external > 0 {
		first := scan.externalFirst
		cell, _ := excelize.CoordinatesToCellName(first.col, first.row)
		x.warnings = append(x.warnings, fmt.Sprintf("%s: %d %s another workbook (the first at %s: %s); read as last computed, they may be out of date (open the workbooks together and save, or paste values)",
			x.name, scan.external, plural(scan.external, "formula cell references", "formula cells reference"), cell, first.formula))
	}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		x.date1904 = *props.Date1904
	}
	dates, err := markDateStyles(f)
	if err != nil {
		x.warnings = append(x.warnings, fmt.Sprintf("%s: cannot read the cell styles (%v); dates read as serial numbers", x.name, err))
	}
	if x.raw, err = f.Rows(sheet); err != nil {
		return nil, &FileError{File: x.name, Err: ErrFormat, Detail: err.Error()}
	}
	if dates {
		if x.shown, err = f.Rows(sheet); err != nil {
			x.raw.Close()
			return nil, &FileError{File: x.name, Err: ErrFormat, Detail: err.Error()}
		}
	}
	rows, err := x.readAhead(opts.HeaderRow)
	if err == nil && len(rows) == 0 {
		err = &FileError{File: x.name, Err: ErrEmpty, Detail: "no rows"}
	}
	var t foundTable
	if err == nil {
		t, err = findTable(x.name, rows, opts)
	}
	if err != nil {
		x.closeRows() // the deferred call closes f
		return nil, err
	}
	x.lead = leadingBlankColumns(rows[t.at:])
	x.header, x.skipped, x.line = t.header[x.lead:], t.skipped, t.line
	if t.warning != "" {
		x.warnings = append(x.warnings, t.warning)
	}
	// Merged ranges that start below the header fill their cells; the
	// others (a merged title, a header spanning columns) stay as stored.
	below := x.merges[:0]
	for _, m := range x.merges {
		if m.row1 > x.line {
			below = append(below, m)
		}
	}
	x.merges = below
	// The rows read below the header are read as Read would have.
	x.ahead = t.ahead
	for i := range x.ahead {
		if a := &x.ahead[i]; a.err == nil {
			a.fields = x.belowHeader(a.fields, a.line, a.hidden)
		}
	}
	return x, nil
}

// readAhead reads the first non-empty rows, to find the header among
// them: headerScanRows of them, or with headerRow set up to that row. An
// error that ends the reading (a damaged sheet) is returned.
func (x *xlsxReader) readAhead(headerRow int) ([]aheadRow, error) {
	var rows []aheadRow
	for len(rows) < headerScanRows || (headerRow > 0 && x.line < headerRow) {
		cells, err := x.readRow()
		if err == io.EOF {
			break
		}
		var re *RowError
		if err != nil && !errors.As(err, &re) {
			return nil, err
		}
		rows = append(rows, aheadRow{fields: cells, line: x.line, err: err, hidden: x.hidden})
	}
	return rows, nil
}

func quoteStrings(s []string) []string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = fmt.Sprintf("%q", x)
	}
	return q
}

// pickSheet returns the sheet named want (exactly, else ignoring case), or
// the first visible sheet when want is "", with the hidden sheets before
// it that were passed over.
func pickSheet(f *excelize.File, path, want string) (string, []string, error) {
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return "", nil, &FileError{File: path, Err: ErrFormat, Detail: "the workbook has no sheets"}
	}
	if want == "" {
		var hidden []string
		for _, s := range sheets {
			if visible, err := f.GetSheetVisible(s); err == nil && visible {
				return s, hidden, nil
			}
			hidden = append(hidden, s)
		}
		return sheets[0], nil, nil
	}
	for _, s := range sheets {
		if s == want {
			return s, nil, nil
		}
	}
	for _, s := range sheets {
		if strings.EqualFold(s, want) {
			return s, nil, nil
		}
	}
	names := make([]string, len(sheets))
	for i, s := range sheets {
		names[i] = strconv.Quote(s)
		if visible, err := f.GetSheetVisible(s); err == nil && !visible {
			names[i] += " (hidden)"
		}
	}
	return "", nil, &FileError{File: path, Err: ErrNoSheet,
		Detail: fmt.Sprintf("%q; the sheets are %s", want, strings.Join(names, ", "))}
}

// markDateStyles rewrites the number formats of f's cell styles, in
// memory, so that the shown iterator renders a number under a date,
// date-time or time format as its marker (markerFormats) and under any
// other format as General. It reports whether any style has a date or
// time format (else the shown iterator is not needed).
func markDateStyles(f *excelize.File) (bool, error) {
	if _, err := f.GetStyle(0); err != nil && f.Styles == nil {
		return false, err
	}
	st := f.Styles
	if st == nil || st.CellXfs == nil {
		return false, nil
	}
	custom := map[int]string{}
	if st.NumFmts != nil {
		for _, nf := range st.NumFmts.NumFmt {
			if nf == nil {
				continue
			}
			code := nf.FormatCode
			if nf.FormatCode16 != "" {
				code = nf.FormatCode16
			}
			custom[nf.NumFmtID] = code
		}
	}
	n := len(st.CellXfs.Xf)
	kinds := make([]int, n)
	dates := false
	for i := 0; i < n; i++ {
		id := 0
		if p := st.CellXfs.Xf[i].NumFmtID; p != nil {
			id = *p
		}
		if code, ok := custom[id]; ok {
			kinds[i] = formatCodeKind(code)
		} else {
			kinds[i] = builtinFormatKind(id)
		}
		dates = dates || kinds[i] != fmtNumber
	}
	if !dates {
		return false, nil
	}
	var ids [len(markerFormats)]int
	for kind := fmtDate; kind < len(markerFormats); kind++ {
		code := markerFormats[kind]
		style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
		if err != nil {
			return false, err
		}
		ids[kind] = *f.Styles.CellXfs.Xf[style].NumFmtID
	}
	for i := 0; i < n; i++ {
		id := ids[kinds[i]] // ids[fmtNumber] is 0, General
		f.Styles.CellXfs.Xf[i].NumFmtID = &id
	}
	return true, nil
}

// builtinFormatKind classifies Excel's built-in number formats: 14-17 and
// the East Asian 27-31, 34-36, 50-58 are dates, 22 a date and time,
// 18-21, 32, 33, 45 and 47 times; 46 ([h]:mm:ss) is a duration, a number.
func builtinFormatKind(id int) int {
	switch {
	case id >= 14 && id <= 17, id >= 27 && id <= 31, id >= 34 && id <= 36, id >= 50 && id <= 58:
		return fmtDate
	case id == 22:
		return fmtDateTime
	case id >= 18 && id <= 21, id == 32, id == 33, id == 45, id == 47:
		return fmtTime
	}
	return fmtNumber
}

// formatCodeKind classifies a custom number format code by the date and
// time tokens of its first section, outside quoted text, escapes (\x, _x,
// *x) and brackets ([Red], [$-409]): y, d or a month m make a date; h or
// s a time (an m next to them is minutes). Elapsed-time formats ([h],
// [mm], [ss]) are durations, numbers.
func formatCodeKind(code string) int {
	var b strings.Builder
	inQuote := false
scan:
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case inQuote:
			inQuote = c != '"'
		case c == '"':
			inQuote = true
		case c == '\\' || c == '_' || c == '*':
			i++
		case c == ';':
			break scan
		case c == '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				break scan
			}
			switch strings.ToLower(code[i+1 : i+j]) {
			case "h", "hh", "m", "mm", "s", "ss":
				return fmtNumber
			}
			i += j
		default:
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
		}
	}
	s := strings.NewReplacer("am/pm", "", "a/p", "").Replace(b.String())
	hasTime := strings.ContainsAny(s, "hs")
	hasDate := strings.ContainsAny(s, "yd") || (strings.Contains(s, "m") && !hasTime)
	switch {
	case hasDate && hasTime:
		return fmtDateTime
	case hasDate:
		return fmtDate
	case hasTime:
		return fmtTime
	}
	return fmtNumber
}

func (x *xlsxReader) Header() []string { return x.header }
func (x *xlsxReader) Line() int        { return x.line }
func (x *xlsxReader) Name() string     { return x.name }
func (x *xlsxReader) Format() Format   { return x.format }

// Skipped returns the rows above the header.
func (x *xlsxReader) Skipped() []SkippedRow { return x.skipped }

// Warnings returns what reading noticed; the counts of hidden rows and
// filled merged ranges are complete once Read has returned io.EOF.
func (x *xlsxReader) Warnings() []string {
	w := x.warnings
	if c := rowCapWarning(x.name, x.line); x.atEnd && c != "" {
		w = append(w[:len(w):len(w)], c)
	}
	if x.hiddenRows > 0 {
		w = append(w[:len(w):len(w)], fmt.Sprintf("%s: %d hidden %s read too, the first row %d (rows hidden or filtered out in Excel are data too; delete them to leave them out)",
			x.name, x.hiddenRows, plural(x.hiddenRows, "row is", "rows are"), x.hiddenFirst))
	}
	var filled []string
	for _, m := range x.merges {
		if m.filled {
			filled = append(filled, m.ref)
		}
	}
	if len(filled) > 0 {
		if len(filled) > 5 {
			filled = append(filled[:5], fmt.Sprintf("%d more", len(filled)-5))
		}
		w = append(w[:len(w):len(w)], fmt.Sprintf("%s: merged cells %s: every row of a merged range reads its top-left value, as Excel shows it",
			x.name, joinAnd(filled)))
	}
	return w
}

// Read returns the next non-empty row, padded to the header's width.
func (x *xlsxReader) Read() ([]string, error) {
	var row []string
	var err error
	if len(x.ahead) > 0 {
		a := x.ahead[0]
		x.ahead = x.ahead[1:]
		x.line = a.line
		row, err = a.fields, a.err
	} else {
		row, err = x.readRow()
	}
	if err != nil {
		return nil, err
	}
	if row, err = x.cutLead(row); err != nil {
		return nil, err
	}
	for len(row) < len(x.header) {
		row = append(row, "")
	}
	return row, nil
}

// cutLead cuts the empty columns left of the table (x.lead) off a row. A
// row of one cell there (a note under the table) keeps its text, in the
// table's first column; a row with more is an error, since its cells
// would land in the wrong columns.
func (x *xlsxReader) cutLead(row []string) ([]string, error) {
	if x.lead == 0 {
		return row, nil
	}
	for i := 0; i < x.lead && i < len(row); i++ {
		if trimCell(row[i]) == "" {
			continue
		}
		if !oneCell(row) {
			cell, _ := excelize.CoordinatesToCellName(i+1, x.line)
			return nil, &RowError{File: x.name, Line: x.line, Err: ErrFieldCount, Value: row[i],
				Detail: fmt.Sprintf("cell %s holds a value left of the table, whose header starts in column %s", cell, columnLetter(x.lead+1))}
		}
		return []string{row[i]}, nil
	}
	return row[min(x.lead, len(row)):], nil
}

func columnLetter(col int) string {
	name, _ := excelize.ColumnNumberToName(col)
	return name
}

// Close releases the workbook and its temporary files.
func (x *xlsxReader) Close() error {
	if x.closed {
		return nil
	}
	x.closed = true
	x.closeRows()
	err := x.file.Close()
	removeXLSXTempDir(x.tmpDir)
	return err
}

func (x *xlsxReader) closeRows() {
	x.raw.Close()
	if x.shown != nil {
		x.shown.Close()
	}
}

// readRow returns the cells of the next non-empty row.
func (x *xlsxReader) readRow() ([]string, error) {
	for {
		if !x.raw.Next() {
			if err := x.raw.Error(); err != nil {
				return nil, &FileError{File: x.name, Err: ErrFormat, Detail: err.Error()}
			}
			if err := x.damageError(0); err != nil {
				return nil, err
			}
			x.atEnd = true
			return nil, io.EOF
		}
		x.row++
		if err := x.damageError(x.row); err != nil {
			return nil, err
		}
		hidden := x.raw.GetRowOpts().Hidden
		cells, err := x.raw.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			// A row's cells are read up to the next row's tag, whose
			// damage (a bad row number) shows as this row's error.
			if err := x.damageError(x.row + 1); err != nil {
				return nil, err
			}
			x.line = x.row
			return nil, &RowError{File: x.name, Line: x.row, Err: ErrFormat, Detail: err.Error()}
		}
		var shown []string
		if x.shown != nil && x.shown.Next() {
			shown, _ = x.shown.Columns()
		}
		if err := x.formulaError(); err != nil {
			return nil, err
		}
		empty := true
		for _, c := range cells {
			if c != "" {
				empty = false
				break
			}
		}
		if empty {
			continue
		}
		x.line = x.row
		if len(cells) > x.maxCols {
			return nil, &RowError{File: x.name, Line: x.row, Err: ErrLimit,
				Detail: fmt.Sprintf("more than %d columns; raise with --max-columns", x.maxCols)}
		}
		for i, c := range cells {
			if len(c) > x.maxCell {
				return nil, &RowError{File: x.name, Line: x.row, Column: x.columnName(i), Err: ErrLimit,
					Detail: fmt.Sprintf("a cell over %d bytes; raise with --max-cell-bytes", x.maxCell)}
			}
			if i < len(shown) && shown[i] != c {
				cells[i] = x.dateText(c, shown[i])
			}
		}
		x.hidden = hidden
		if x.header != nil {
			cells = x.belowHeader(cells, x.row, hidden)
		}
		return cells, nil
	}
}

// damageError returns the *FileError for a damaged sheet (see
// sheetCheck) once the reading reaches sheet row row, the first row of
// the damage, or the end (row 0): excelize's iterator stops at the
// damage without an error, and the rows before it are not the sheet.
// At the end it also compares the rows read with the rows the sheet's
// XML holds, for damage the check does not name.
func (x *xlsxReader) damageError(row int) error {
	if x.check == nil {
		return nil
	}
	at, detail := x.check.damage()
	switch {
	case at > 0 && (row == 0 || row >= at):
		x.line = at
		return &FileError{File: x.name, Line: at, Err: ErrFormat, Detail: detail + damagedHint}
	case row == 0 && x.row < x.check.lastRow():
		// The reading stopped in row x.row or after it.
		x.line = max(x.row, 1)
		return &FileError{File: x.name, Line: x.line, Err: ErrFormat, Detail: fmt.Sprintf(
			"the sheet's XML cannot be read past this row, though it holds rows up to %d", x.check.lastRow()) + damagedHint}
	}
	return nil
}

const damagedHint = ": a damaged or cut-short workbook is not read in part; open and save it in Excel or LibreOffice, or export it again"

// formulaError returns the *RowError for the first formula cell without a
// value in the current row, and passes over the row's others.
func (x *xlsxReader) formulaError() error {
	for x.nextFormula < len(x.formulas) && x.formulas[x.nextFormula].row < x.row {
		x.nextFormula++
	}
	if x.nextFormula == len(x.formulas) || x.formulas[x.nextFormula].row != x.row {
		return nil
	}
	f := x.formulas[x.nextFormula]
	for x.nextFormula < len(x.formulas) && x.formulas[x.nextFormula].row == x.row {
		x.nextFormula++
	}
	x.line = x.row
	return &RowError{File: x.name, Line: x.row, Column: x.columnName(f.col - 1), Value: f.formula, Err: ErrFormula,
		Detail: "the workbook holds no computed value for it, as when a program wrote it and Excel never opened it; open and save it in Excel or LibreOffice, or export CSV"}
}

// belowHeader does to the cells of a row below the header, sheet row row,
// what the sheet shows: merged ranges filled, a hidden row counted.
func (x *xlsxReader) belowHeader(cells []string, row int, hidden bool) []string {
	if len(x.merges) > 0 {
		cells = x.fillMerged(cells, row)
	}
	if hidden {
		if x.hiddenRows == 0 {
			x.hiddenFirst = row
		}
		x.hiddenRows++
	}
	return cells
}

// fillMerged gives sheet row row, when a merged range covers it below
// its first row, the range's top-left value (remembered when its row is
// read) in the range's first column. Rows come in sheet order, so the
// ranges are taken up by their first row and let go after their last
// (mergeIndex): a row looks only at the ranges over it, which, merged
// ranges not overlapping, are at most one a column.
func (x *xlsxReader) fillMerged(cells []string, row int) []string {
	for _, k := range x.mergeIndex.over(x.merges, row) {
		cells = x.merges[k].fill(cells, row)
	}
	return cells
}

// fill applies range m to sheet row row, which it covers: on its first
// row it remembers the top-left value; below, it puts that value in the
// range's first column when the cell is empty.
func (m *cellRange) fill(cells []string, row int) []string {
	if row == m.row1 {
		if !m.read && m.col1-1 < len(cells) {
			m.value = cells[m.col1-1]
		}
		m.read = true
		return cells
	}
	if m.value == "" {
		return cells
	}
	for len(cells) < m.col1 {
		cells = append(cells, "")
	}
	if cells[m.col1-1] == "" {
		cells[m.col1-1] = m.value
		m.filled = true
	}
	return cells
}

// mergeIndex walks merged ranges down the rows of a sheet.
type mergeIndex struct {
	byStart []int // indexes of the ranges, by first row
	next    int   // the first of byStart not yet taken up
	active  []int // indexes of the ranges taken up and not yet let go, in index order
	row     int   // the last row asked about
}

// over returns the indexes (into merges, ascending) of the ranges that
// cover row; rows must not go back.
func (ix *mergeIndex) over(merges []cellRange, row int) []int {
	if ix.byStart == nil {
		ix.byStart = make([]int, len(merges))
		for k := range merges {
			ix.byStart[k] = k
		}
		slices.SortStableFunc(ix.byStart, func(a, b int) int { return merges[a].row1 - merges[b].row1 })
	}
	if row < ix.row { // not in sheet order: start again
		ix.next, ix.active = 0, ix.active[:0]
	}
	ix.row = row
	kept := ix.active[:0]
	for _, k := range ix.active {
		if merges[k].row2 >= row {
			kept = append(kept, k)
		}
	}
	ix.active = kept
	added := false
	for ; ix.next < len(ix.byStart) && merges[ix.byStart[ix.next]].row1 <= row; ix.next++ {
		if k := ix.byStart[ix.next]; merges[k].row2 >= row {
			ix.active, added = append(ix.active, k), true
		}
	}
	if added {
		slices.Sort(ix.active)
	}
	return ix.active
}

func (x *xlsxReader) columnName(i int) string {
	if i -= x.lead; i >= 0 && i < len(x.header) && x.header[i] != "" {
		return x.header[i]
	}
	return fmt.Sprintf("#%d", i+1)
}

// dateText returns the ISO text of a cell whose stored value is the serial
// number raw when its rendering under markerFormats (shown) says it has a
// date or time format; otherwise raw.
func (x *xlsxReader) dateText(raw, shown string) string {
	kind := fmtNumber
	for k := fmtDate; k < len(markerFormats); k++ {
		if shown == markerFormats[k][1:len(markerFormats[k])-1] {
			kind = k
		}
	}
	if kind == fmtNumber {
		return raw
	}
	serial, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		return raw
	}
	t, ok := excelTime(serial, x.date1904)
	if !ok {
		return raw
	}
	switch {
	case kind == fmtDate:
		return t.Format(time.DateOnly)
	case kind == fmtTime && serial < 1:
		return t.Format(time.TimeOnly)
	}
	return t.Format(time.DateTime)
}

// excelTime converts an Excel serial date to a time (UTC), rounded to the
// second. In the 1900 system day 1 is 1900-01-01 and Excel counts a
// 1900-02-29 that never was (day 60), so days from 61 on count from
// 1899-12-30 and days 1-59 from 1899-12-31; in the 1904 system day 0 is
// 1904-01-01. Serials below 0 or past 9999-12-31 are not dates, nor is
// day 60 of the 1900 system, the 1900-02-29 Excel shows: the cell keeps
// its serial, which a date column rejects as the serial of a day that
// never was (dateColumn.serial), as it does in a text file.
func excelTime(serial float64, date1904 bool) (time.Time, bool) {
	if serial < 0 || serial >= 2958466 || math.IsNaN(serial) {
		return time.Time{}, false
	}
	days := math.Floor(serial)
	if days == 60 && !date1904 {
		return time.Time{}, false
	}
	seconds := math.Round((serial - days) * 86400)
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	switch {
	case date1904:
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	case days < 60:
		base = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	return base.AddDate(0, 0, int(days)).Add(time.Duration(seconds) * time.Second), true
}
