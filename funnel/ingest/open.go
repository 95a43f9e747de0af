package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"
)

// Magic numbers that tell formats apart whatever a file is called.
var (
	magicGzip = []byte{0x1F, 0x8B}
	magicZip  = []byte("PK\x03\x04")
	magicOLE  = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1} // .xls, encrypted .xlsx
)

// Open returns the RecordReader for path, picking the format from the
// path and the file's first bytes:
//
//   - "-" reads opts.Stdin (os.Stdin when nil), named "stdin";
//   - a zip file (.xlsx, .xlsm, or any name) is an xlsx workbook, read from
//     its first visible sheet, or from the sheet a "#Sheet name" suffix
//     names ("book.xlsx#Leads 2024"; a *FileError wrapping ErrNoSheet
//     lists the sheets when it has no such sheet);
//   - gzip data (.gz, or any name) is decompressed and read as text, up
//     to MaxGzipBytes uncompressed and MaxGzipRatio times its size (see
//     gzipLimit);
//   - anything else is delimited text (see NewReader).
//
// A file that cannot be opened is a *FileError naming it; so is an .xlsx
// that is not a zip ("not an xlsx file (zip)", ErrFormat), an old .xls or
// a password-protected workbook, and an HTML page.
func Open(path string, opts Options) (RecordReader, error) {
	if path == "-" {
		var stdin io.Reader = os.Stdin
		if opts.Stdin != nil {
			stdin = opts.Stdin
		}
		return openStream(progress(stdin, "stdin", 0, opts), "stdin", opts)
	}
	name, sheet := splitSheet(path)
	f, err := os.Open(name)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &FileError{File: name, Err: err}
	}
	var size int64
	regular := true
	var watch *changeWatch
	var src io.Reader = f
	if st, err := f.Stat(); err == nil {
		if st.IsDir() {
			f.Close()
			return nil, &FileError{File: name, Err: ErrFormat, Detail: "a directory, not a file"}
		}
		size, regular = st.Size(), st.Mode().IsRegular()
		if regular {
			watch = &changeWatch{file: f, name: name, size: size, modTime: st.ModTime()}
			src = io.LimitReader(f, size)
		}
	}
	br := bufio.NewReaderSize(progress(src, name, size, opts), readBufferSize)
	magic, err := br.Peek(len(magicOLE))
	if err != nil && err != io.EOF {
		f.Close()
		return nil, readError(name, err, false, 0)
	}
	switch {
	case bytes.HasPrefix(magic, magicZip) && !regular:
		// A pipe (<(cat book.xlsx)): read it into memory.
		defer f.Close()
		return openXLSXStream(br, name, sheet, opts)
	case bytes.HasPrefix(magic, magicZip):
		f.Close()
		r, err := openXLSXFile(name, sheet, opts)
		if err != nil {
			return nil, err
		}
		if opts.Progress != nil {
			opts.Progress(name, size, size)
		}
		return r, nil
	case bytes.HasPrefix(magic, magicOLE):
		f.Close()
		return nil, oleError(name)
	case sheet != "" || isXLSXName(name):
		f.Close()
		detail := "not an xlsx file (zip)"
		if start, _ := br.Peek(512); len(start) > 0 && binaryError(name, start) == nil && validUTF8Prefix(start, len(start) < 512) {
			detail += " but text; if it is a CSV export, name it .csv"
		}
		return nil, &FileError{File: name, Err: ErrFormat, Detail: detail}
	}
	r, err := openText(br, name, f, opts)
	if err != nil {
		f.Close()
		return nil, err
	}
	r.watch = watch
	return r, nil
}

// changeWatch notices a file that changes while it is read: an export
// still being written, whose last row may be half written. A regular
// file is read up to its size when it was opened (never into what is
// appended meanwhile); when the reading is over, a size or modification
// time other than at the open is a warning. Stdin and pipes have neither.
type changeWatch struct {
	file    *os.File
	name    string
	size    int64
	modTime time.Time
}

// warning returns the warning for a file that changed since it was
// opened, "" when it did not (or cannot be told).
func (w *changeWatch) warning() string {
	if w == nil {
		return ""
	}
	st, err := w.file.Stat()
	if err != nil {
		return ""
	}
	var change string
	switch {
	case st.Size() != w.size:
		change = fmt.Sprintf("its size went from %d to %d bytes", w.size, st.Size())
	case !st.ModTime().Equal(w.modTime):
		change = fmt.Sprintf("it was modified at %s", st.ModTime().UTC().Format("2006-01-02 15:04:05.000 UTC"))
	default:
		return ""
	}
	return fmt.Sprintf("%s: the file changed while it was read (%s): it may still be being written, and its last row may be cut short; the %d bytes it had when opened were read (read it again once the export is complete)",
		w.name, change, w.size)
}

// openStream reads a workbook, gzip data or text from a stream (stdin).
func openStream(src io.Reader, name string, opts Options) (RecordReader, error) {
	br := bufio.NewReaderSize(src, readBufferSize)
	magic, err := br.Peek(len(magicOLE))
	if err != nil && err != io.EOF {
		return nil, readError(name, err, false, 0)
	}
	switch {
	case bytes.HasPrefix(magic, magicZip):
		return openXLSXStream(br, name, "", opts)
	case bytes.HasPrefix(magic, magicOLE):
		return nil, oleError(name)
	}
	return openText(br, name, nil, opts)
}

// openText reads br as delimited text, decompressing gzip data; closer is
// the file under it (nil for stdin, which is left open).
func openText(br *bufio.Reader, name string, closer io.Closer, opts Options) (*csvReader, error) {
	magic, _ := br.Peek(len(magicGzip))
	if !bytes.Equal(magic, magicGzip) {
		if err := htmlError(br, name); err != nil {
			return nil, err
		}
		return newCSVReader(br, name, opts, closer, false)
	}
	in := &countReader{r: br}
	gz, err := gzip.NewReader(in)
	if err != nil {
		return nil, &FileError{File: name, Err: ErrFormat, Detail: "corrupt gzip data: " + err.Error()}
	}
	r, err := newCSVReader(newGzipLimit(gz, in, name, opts), name, opts, gzipCloser{gz, closer}, true)
	if err != nil {
		gz.Close()
		return nil, err
	}
	return r, nil
}

// gzipCloser closes a gzip stream and the file under it.
type gzipCloser struct {
	gz   *gzip.Reader
	file io.Closer
}

func (c gzipCloser) Close() error {
	err := c.gz.Close()
	if c.file != nil {
		if ferr := c.file.Close(); err == nil {
			err = ferr
		}
	}
	return err
}

// splitSheet splits "book.xlsx#Sheet" into the file and the sheet, unless
// a file is really called that.
func splitSheet(path string) (name, sheet string) {
	i := strings.LastIndexByte(path, '#')
	if i < 0 || !isXLSXName(path[:i]) {
		return path, ""
	}
	if _, err := os.Stat(path); err == nil {
		return path, ""
	}
	return path[:i], path[i+1:]
}

func isXLSXName(name string) bool {
	lower := strings.ToLower(name)
	return strings.HasSuffix(lower, ".xlsx") || strings.HasSuffix(lower, ".xlsm")
}

func oleError(name string) error {
	return &FileError{File: name, Err: ErrFormat,
		Detail: "an old Excel .xls workbook or a password-protected one; save it as .xlsx (without a password) or as CSV"}
}

// htmlError recognises an HTML page, which some CRMs export under an .xls
// name.
func htmlError(br *bufio.Reader, name string) error {
	start, _ := br.Peek(512)
	start = bytes.TrimLeft(bytes.TrimPrefix(start, bomUTF8), " \t\r\n")
	lower := bytes.ToLower(start[:min(len(start), 14)])
	for _, tag := range []string{"<!doctype html", "<html", "<table"} {
		if bytes.HasPrefix(lower, []byte(tag)) {
			return &FileError{File: name, Err: ErrFormat,
				Detail: "an HTML page, not CSV or xlsx (some CRMs export HTML as .xls); export as CSV"}
		}
	}
	return nil
}

// progress wraps r to report the bytes read to opts.Progress, if set.
func progress(r io.Reader, name string, total int64, opts Options) io.Reader {
	if opts.Progress == nil {
		return r
	}
	return &progressReader{r: r, name: name, total: total, report: opts.Progress}
}

type progressReader struct {
	r      io.Reader
	name   string
	done   int64
	total  int64
	report func(name string, done, total int64)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.done += int64(n)
		p.report(p.name, p.done, p.total)
	}
	return n, err
}
