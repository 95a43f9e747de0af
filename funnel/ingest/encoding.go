package ingest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Text encodings as Format.Encoding names them.
const (
	encUTF8        = "utf-8"
	encUTF8BOM     = "utf-8-bom"
	encUTF16LE     = "utf-16le"
	encUTF16BE     = "utf-16be"
	encWindows1252 = "windows-1252"
	encUTF16       = "utf-16" // forced UTF-16 whose byte order the BOM settles (LE without one)
)

// Byte-order marks.
var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// normalizeEncoding maps an Options.Encoding (an --encoding value) to one
// of the names above; "" means detect. Case, '-', '_' and spaces do not
// matter, and the usual aliases (cp1252, latin1, ansi, utf16) are accepted.
func normalizeEncoding(name string) (string, error) {
	key := strings.ToLower(strings.NewReplacer("-", "", "_", "", " ", "").Replace(name))
	switch key {
	case "":
		return "", nil
	case "utf8", "utf8bom":
		return encUTF8, nil
	case "utf16le", "unicode":
		return encUTF16LE, nil
	case "utf16be":
		return encUTF16BE, nil
	case "utf16":
		return encUTF16, nil
	case "windows1252", "cp1252", "latin1", "iso88591", "ansi":
		return encWindows1252, nil
	}
	return "", fmt.Errorf("ingest: %w: unknown encoding %q (use utf-8, utf-16le, utf-16be or windows-1252)", ErrEncoding, name)
}

// encodingChoice is what detectEncoding decided.
type encodingChoice struct {
	name    string // Format.Encoding
	skip    int    // bytes of byte-order mark to discard
	warning string // "" unless the encoding was guessed
}

// detectEncoding picks the encoding of a text file from its first bytes
// (sample; atEOF when sample is the whole file), or takes the forced one.
//
// Detection order: UTF-8 BOM, UTF-16 BOM (LE or BE), UTF-16 without a BOM
// (a NUL byte in every other position: read as UTF-16 with a warning),
// binary data (NUL or control bytes: an error), valid UTF-8, and otherwise
// Windows-1252 with a warning.
func detectEncoding(name string, sample []byte, atEOF bool, forced string) (encodingChoice, error) {
	switch forced {
	case encUTF8:
		if bytes.HasPrefix(sample, bomUTF8) {
			return encodingChoice{name: encUTF8BOM, skip: len(bomUTF8)}, binaryError(name, sample)
		}
		return encodingChoice{name: encUTF8}, binaryError(name, sample)
	case encUTF16LE:
		return encodingChoice{name: encUTF16LE, skip: bomLen(sample, bomUTF16LE)}, nil
	case encUTF16BE:
		return encodingChoice{name: encUTF16BE, skip: bomLen(sample, bomUTF16BE)}, nil
	case encUTF16:
		if bytes.HasPrefix(sample, bomUTF16BE) {
			return encodingChoice{name: encUTF16BE, skip: 2}, nil
		}
		return encodingChoice{name: encUTF16LE, skip: bomLen(sample, bomUTF16LE)}, nil
	case encWindows1252:
		return encodingChoice{name: encWindows1252}, binaryError(name, sample)
	}
	switch {
	case bytes.HasPrefix(sample, bomUTF8):
		return encodingChoice{name: encUTF8BOM, skip: len(bomUTF8)}, binaryError(name, sample)
	case bytes.HasPrefix(sample, bomUTF16LE):
		return encodingChoice{name: encUTF16LE, skip: 2}, nil
	case bytes.HasPrefix(sample, bomUTF16BE):
		return encodingChoice{name: encUTF16BE, skip: 2}, nil
	}
	if enc := utf16WithoutBOM(sample); enc != "" {
		return encodingChoice{name: enc, warning: fmt.Sprintf(
			"%s: no byte-order mark, read as %s from its NUL bytes (set --encoding if that is wrong)",
			name, strings.ToUpper(enc))}, nil
	}
	if err := binaryError(name, sample); err != nil {
		return encodingChoice{}, err
	}
	if !validUTF8Prefix(sample, atEOF) {
		return encodingChoice{name: encWindows1252, warning: fmt.Sprintf(
			"%s: not valid UTF-8, read as Windows-1252 (set --encoding if it is another encoding)", name)}, nil
	}
	return encodingChoice{name: encUTF8}, nil
}

func bomLen(sample, bom []byte) int {
	if bytes.HasPrefix(sample, bom) {
		return len(bom)
	}
	return 0
}

// utf16WithoutBOM reports "utf-16le" or "utf-16be" when the sample looks
// like mostly-ASCII UTF-16 text: at least 90% of its first 2-byte units
// hold one NUL byte, always on the same side. Text in non-Latin scripts
// (few NUL bytes) is not detected; --encoding reads it.
func utf16WithoutBOM(sample []byte) string {
	n := min(len(sample), 4096) &^ 1
	if n < 4 {
		return ""
	}
	var lowNUL, highNUL int // LE ASCII: "a\x00"; BE ASCII: "\x00a"
	for i := 0; i < n; i += 2 {
		switch {
		case sample[i] != 0 && sample[i+1] == 0:
			lowNUL++
		case sample[i] == 0 && sample[i+1] != 0:
			highNUL++
		}
	}
	units := n / 2
	switch {
	case lowNUL*10 >= units*9:
		return encUTF16LE
	case highNUL*10 >= units*9:
		return encUTF16BE
	}
	return ""
}

// binaryError returns a *FileError wrapping ErrFormat when more than 5% of
// the sample are NUL or control bytes (other than tab, newline, carriage
// return and form feed), at least one NUL or four controls: an image, a
// PDF or an old .xls, not text (random bytes are 11% controls). A stray
// NUL or escape sequence in a text file is left to the reader, which
// names the line and column of a NUL.
func binaryError(name string, sample []byte) error {
	controls := 0
	for _, c := range sample {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
			controls++
		}
	}
	if controls*100 <= 5*len(sample) {
		return nil
	}
	if i := bytes.IndexByte(sample, 0); i >= 0 {
		return &FileError{File: name, Err: ErrFormat,
			Detail: fmt.Sprintf("binary data (a NUL byte at offset %d), not a text file", i)}
	}
	if controls >= 4 {
		return &FileError{File: name, Err: ErrFormat,
			Detail: fmt.Sprintf("binary data (%d control bytes in the first %d), not a text file", controls, len(sample))}
	}
	return nil
}

// validUTF8Prefix reports whether sample is valid UTF-8, ignoring a rune
// cut at its end when more of the file follows.
func validUTF8Prefix(sample []byte, atEOF bool) bool {
	if !atEOF {
		for i := len(sample) - 1; i >= 0 && i >= len(sample)-utf8.UTFMax; i-- {
			if utf8.RuneStart(sample[i]) {
				if !utf8.FullRune(sample[i:]) {
					sample = sample[:i]
				}
				break
			}
		}
	}
	return utf8.Valid(sample)
}

// decodeText returns the UTF-8 text of raw read as enc; UTF-8 is returned
// as is (nil decoder), so the common case costs nothing.
func decodeText(raw io.Reader, enc string) io.Reader {
	switch enc {
	case encUTF16LE:
		return transform.NewReader(raw, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder())
	case encUTF16BE:
		return transform.NewReader(raw, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewDecoder())
	case encWindows1252:
		return transform.NewReader(raw, charmap.Windows1252.NewDecoder())
	}
	return raw
}

// crToLF turns the lone carriage returns of old Mac text (Excel 2011 for
// Mac "CSV") into newlines.
type crToLF struct{ r io.Reader }

func (c crToLF) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}

// lineEndings counts the line endings of a sample outside double quotes
// (where a line break is a value's): cr the bare carriage returns (old
// Mac), lf the LFs and CRLFs, and the 1-based line that each kind first
// ends, every ending counted as a line's. CRs before an LF are part of
// its ending (CRCRLF). A CR ending the sample is
// counted only at the end of the input (atEOF), where encoding/csv drops
// it: before, an LF may follow.
type lineEndings struct {
	cr, lf           int
	firstCR, firstLF int
}

func countLineEndings(sample []byte, atEOF bool) lineEndings {
	var e lineEndings
	quoted := false
	for i := 0; i < len(sample); i++ {
		switch sample[i] {
		case '"':
			quoted = !quoted
		case '\r':
			if quoted {
				continue
			}
			j := i + 1
			for j < len(sample) && sample[j] == '\r' {
				j++
			}
			switch {
			case j < len(sample) && sample[j] == '\n': // CRLF, or CRCRLF as some tools write
				e.add(&e.lf, &e.firstLF)
				i = j
			case j < len(sample) || atEOF:
				e.add(&e.cr, &e.firstCR)
			}
		case '\n':
			if !quoted {
				e.add(&e.lf, &e.firstLF)
			}
		}
	}
	return e
}

func (e *lineEndings) add(n, first *int) {
	if *n == 0 {
		*first = e.cr + e.lf + 1
	}
	*n++
}

// onlyCR reports whether the lines end in bare carriage returns.
func (e lineEndings) onlyCR() bool { return e.cr > 0 && e.lf == 0 }

// mixedError is the *FileError for text whose lines end some in a bare
// CR and some in LF or CRLF (two exports pasted together): read as it
// is, the CR lines run into one record, and the error that followed
// suggested an unquoted delimiter. It names the first line of the rarer
// ending; nil when the endings are of one kind. A CR at the very end of
// a line of LF text counts as an LF line's ending.
func (e lineEndings) mixedError(name string, atEOF bool) error {
	if e.cr == 0 || e.lf == 0 || (e.cr == 1 && e.firstCR == e.cr+e.lf && atEOF) {
		return nil
	}
	rare, first := "CR", e.firstCR
	if e.lf < e.cr {
		rare, first = "LF or CRLF", e.firstLF
	}
	where := " in the first 64 KiB"
	if atEOF {
		where = ""
	}
	return &FileError{File: name, Line: first, Err: ErrFormat, Detail: fmt.Sprintf(
		"mixed line endings%s: %d %s in a bare carriage return (CR, old Mac), %d in LF or CRLF; this line (counting every ending) is the first to end in %s; convert the file to one kind of line ending",
		where, e.cr, plural(e.cr, "line ends", "lines end"), e.lf, rare)}
}

// peekSample returns up to sniffSize bytes of br without consuming them,
// whether they are the whole rest of the input, and a read error other
// than io.EOF.
func peekSample(br *bufio.Reader) (sample []byte, atEOF bool, err error) {
	sample, err = br.Peek(sniffSize)
	switch err {
	case nil:
		return sample, false, nil
	case io.EOF:
		return sample, true, nil
	}
	return sample, true, err
}
