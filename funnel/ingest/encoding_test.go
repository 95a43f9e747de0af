package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestDetectEncoding(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		sample  string
		atEOF   bool
		forced  string
		want    string
		skip    int
		warning bool
		err     string
	}{
		{name: "ascii", sample: "a,b\n", atEOF: true, want: "utf-8"},
		{name: "utf-8", sample: "Café,€\n", atEOF: true, want: "utf-8"},
		{name: "utf-8 BOM", sample: "\xEF\xBB\xBFa,b\n", atEOF: true, want: "utf-8-bom", skip: 3},
		{name: "utf-16le BOM", sample: "\xFF\xFEa\x00", atEOF: true, want: "utf-16le", skip: 2},
		{name: "utf-16be BOM", sample: "\xFE\xFF\x00a", atEOF: true, want: "utf-16be", skip: 2},
		{name: "utf-16le no BOM", sample: "a\x00,\x00b\x00\n\x00", atEOF: true, want: "utf-16le", warning: true},
		{name: "utf-16be no BOM", sample: "\x00a\x00,\x00b\x00\n", atEOF: true, want: "utf-16be", warning: true},
		// "Café" in Windows-1252: é is 0xE9, not UTF-8.
		{name: "windows-1252", sample: "Caf\xE9\n", atEOF: true, want: "windows-1252", warning: true},
		// A UTF-8 "é" (C3 A9) cut after its first byte by the sample's end
		// is not an encoding error...
		{name: "cut rune", sample: "Caf\xC3", atEOF: false, want: "utf-8"},
		// ...unless the file ends there.
		{name: "cut rune at EOF", sample: "Caf\xC3", atEOF: true, want: "windows-1252", warning: true},
		{name: "NUL", sample: "a,b\n\x00\x01\x02", atEOF: true,
			err: "x.csv: unreadable file: binary data (a NUL byte at offset 4), not a text file"},
		{name: "control bytes", sample: "\x01\x02\x03\x04abc", atEOF: true,
			err: "x.csv: unreadable file: binary data (4 control bytes in the first 7), not a text file"},
		{name: "forced windows-1252", sample: "a,b\n", atEOF: true, forced: "windows-1252", want: "windows-1252"},
		{name: "forced utf-8 on invalid", sample: "Caf\xE9\n", atEOF: true, forced: "utf-8", want: "utf-8"},
		{name: "forced utf-16le, BOM skipped", sample: "\xFF\xFEa\x00", atEOF: true, forced: "utf-16le", want: "utf-16le", skip: 2},
		{name: "forced utf-16be, no BOM", sample: "\x00a", atEOF: true, forced: "utf-16be", want: "utf-16be"},
		{name: "forced utf-16, BE BOM", sample: "\xFE\xFF\x00a", atEOF: true, forced: "utf-16", want: "utf-16be", skip: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := detectEncoding("x.csv", []byte(tt.sample), tt.atEOF, tt.forced)
			if tt.err != "" {
				var fe *FileError
				if err == nil || err.Error() != tt.err || !errors.As(err, &fe) || !errors.Is(err, ErrFormat) {
					t.Errorf("error = %v, want %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.name != tt.want || got.skip != tt.skip || (got.warning != "") != tt.warning {
				t.Errorf("detectEncoding = %+v, want %s skipping %d (warning %v)", got, tt.want, tt.skip, tt.warning)
			}
		})
	}
}

func TestNormalizeEncoding(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", ""},
		{"UTF-8", "utf-8"},
		{"utf8", "utf-8"},
		{"UTF_16LE", "utf-16le"},
		{"utf-16be", "utf-16be"},
		{"UTF-16", "utf-16"},
		{"Windows-1252", "windows-1252"},
		{"cp1252", "windows-1252"},
		{"latin-1", "windows-1252"},
	}
	for _, tt := range tests {
		got, err := normalizeEncoding(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("normalizeEncoding(%q) = %q, %v, want %q", tt.in, got, err, tt.want)
		}
	}
	if _, err := normalizeEncoding("shift-jis"); !errors.Is(err, ErrEncoding) {
		t.Errorf("shift-jis: %v, want ErrEncoding", err)
	}
}

// TestForcedEncoding reads the fixtures with --encoding set: no warning,
// the same records; and shows what forcing the wrong one does.
func TestForcedEncoding(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file, encoding, want string
	}{
		{"leads_cp1252.csv", "windows-1252", "windows-1252"},
		{"leads_utf16le.txt", "utf-16le", "utf-16le"},
		{"leads_utf16le_nobom.txt", "utf-16le", "utf-16le"},
		{"leads_utf16be.txt", "UTF-16", "utf-16be"},
		{"leads_bom.csv", "utf-8", "utf-8-bom"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r, err := Open(filepath.Join(fixtureDir, tt.file), Options{Encoding: tt.encoding})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if got := r.Format().Encoding; got != tt.want {
				t.Errorf("Encoding = %q, want %q", got, tt.want)
			}
			if w := r.Warnings(); len(w) != 0 {
				t.Errorf("Warnings() = %q", w)
			}
			rows, _ := readAll(t, r)
			if !reflect.DeepEqual(r.Header(), leadsHeader) || !reflect.DeepEqual(rows, leadsRows) {
				t.Errorf("read %q %q", r.Header(), rows)
			}
		})
	}

	// UTF-8 forced on the Windows-1252 file: the é of "Café" (0xE9) on
	// line 2 is the first invalid byte.
	path := filepath.Join(fixtureDir, "leads_cp1252.csv")
	r, err := Open(path, Options{Encoding: "utf-8"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	_, err = r.Read()
	want := path + `:2: column "Company": bad text encoding "Caf\xe9 Z\xfcrich" (invalid UTF-8 byte 0xE9 at byte 4 of the value; ` +
		`if the file is Windows-1252 (Excel's "CSV" on Windows), read it with --encoding windows-1252)`
	if err == nil || err.Error() != want || !errors.Is(err, ErrEncoding) {
		t.Errorf("error = %v\nwant %s", err, want)
	}
}

// TestWindows1252Bytes pins the decoding of the bytes that differ from
// Latin-1 (0x80-0x9F): 0x80 is € and 0x93/0x94 are curly quotes in
// Windows-1252 (the Unicode consortium's cp1252.txt mapping).
func TestWindows1252Bytes(t *testing.T) {
	t.Parallel()
	r, err := NewReader(strings.NewReader("name\n\x80 \x93q\x94 \xE9\n"), "x.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := readAll(t, r)
	if want := [][]string{{"€ “q” é"}}; !reflect.DeepEqual(rows, want) {
		t.Errorf("rows = %q, want %q", rows, want)
	}
}

// TestFixtureBytes pins the fixture encodings, so that a rewritten
// fixture cannot silently become UTF-8: "é" is E9 in Windows-1252, the
// UTF-16 files start with their BOMs (FF FE, FE FF).
func TestFixtureBytes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file   string
		prefix string
		holds  string
	}{
		{"leads_cp1252.csv", "Lead ID,", "Caf\xE9 Z\xFCrich"},
		{"leads_utf16le.txt", "\xFF\xFEL\x00", "L\x00-\x000\x000\x001\x00"},
		{"leads_utf16be.txt", "\xFE\xFF\x00L", "\x00L\x00-\x000\x000\x001"},
		{"leads_utf16le_nobom.txt", "L\x00e\x00", "\t\x00"},
		{"leads_bom.csv", "\xEF\xBB\xBFLead", "Café"},
		{"leads_crlf.csv", "Lead ID", "Notes\r\n"},
		{"leads_cr.csv", "Lead ID", "Notes\rL-001"},
	}
	for _, tt := range tests {
		data, err := os.ReadFile(filepath.Join(fixtureDir, tt.file))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(data), tt.prefix) || !strings.Contains(string(data), tt.holds) {
			t.Errorf("%s does not start with %q and hold %q", tt.file, tt.prefix, tt.holds)
		}
	}
}

// TestMixedLineEndings: lines ending some in a bare CR, some in LF or
// CRLF are an error naming the first line of the rarer ending, every
// ending counted as a line's; CRs inside quotes, CRCRLF, a CR ending an
// LF file and one kind of ending alone are no error.
func TestMixedLineEndings(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"a,b\n1,2\r3,4\n5,6\n", "f.csv:2: unreadable file: mixed line endings: 1 line ends in a bare carriage return (CR, old Mac), 3 in LF or CRLF; this line (counting every ending) is the first to end in CR"},
		{"a,b\r1,2\r3,4\r\n5,6\r7,8\r", "f.csv:3: unreadable file: mixed line endings: 4 lines end in a bare carriage return (CR, old Mac), 1 in LF or CRLF; this line (counting every ending) is the first to end in LF or CRLF"},
		{"a,b\n\"1\r2\",3\n", ""},
		{"a,b\r\r\n1,2\r\r\n", ""},
		{"a,b\n1,2\r", ""},
		{"a,b\r1,2\r", ""},
		{"a,b\r\n1,2\r\n", ""},
	}
	for _, c := range cases {
		_, err := NewReader(strings.NewReader(c.in), "f.csv", Options{})
		got := ""
		if err != nil {
			got = err.Error()
		}
		if (c.want == "" && got != "") || !strings.HasPrefix(got, c.want) {
			t.Errorf("%q: %q, want %q", c.in, got, c.want)
		}
	}
}
