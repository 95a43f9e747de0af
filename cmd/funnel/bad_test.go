package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/funnel-analytics/funnel/internal/testfiles"
)

// TestBadInputs runs the hostile-input corpus of issue 7: every folder
// under testdata/bad/ is a case in the layout of TestCases (cmd, expout,
// experr, expcode, optional stdin; inputs inside the folder; see
// testdata/bad/README.md), run from the repository root by runCase. On top
// of the exact exit code, stdout and stderr, every case must
//
//   - print no panic or stack trace;
//   - print at most one "error:" line: on a failure (exit 1, or 4 for the
//     memory ceiling) the last line, naming a file of the case, after
//     nothing but the warnings of what the run read; a usage error (exit
//     2) adds the usage hint; a success prints no error;
//   - leave its inputs byte for byte as they were and add no file (no
//     output, no temporary file) to its folder;
//   - when it fails, leave every output it was given (-o, --transitions,
//     --paths-out, --model) as it was: absent, or unchanged.
func TestBadInputs(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(filepath.Join(root, "testdata", "bad"))
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, filepath.Join(root, "testdata", "bad", e.Name()))
		}
	}
	if len(dirs) < 40 {
		t.Fatalf("%d cases under testdata/bad, want at least 40", len(dirs))
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			runBadCase(t, dir)
		})
	}
}

func runBadCase(t *testing.T, dir string) {
	line, err := os.ReadFile(filepath.Join(dir, "cmd"))
	if err != nil {
		t.Fatal(err)
	}
	args, err := splitArgs(strings.TrimSpace(string(line)))
	if err != nil {
		t.Fatal(err)
	}
	before := hashTree(t, dir)
	outputs := outputsOf(t, args)
	runCase(t, dir, true)
	if *update {
		return
	}
	b, err := os.ReadFile(filepath.Join(dir, "expcode"))
	if err != nil {
		t.Fatalf("every bad case states its exit code: %v", err)
	}
	code, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	stderr, _ := os.ReadFile(filepath.Join(dir, "experr"))
	rel, _ := filepath.Rel(mustAbs(t, "."), dir)
	where := filepath.ToSlash(rel) + "/"
	for _, a := range args {
		if a == "-" {
			where = "stdin:" // the input read from stdin is named so
		}
	}
	checkStderr(t, string(stderr), ExitCode(code), where)
	checkUnchanged(t, dir, before, hashTree(t, dir))
	checkOutputs(t, outputs, ExitCode(code))
}

// checkStderr asserts what every run's stderr must look like; where is a
// path the error line must name (a file of the case).
func checkStderr(t *testing.T, stderr string, code ExitCode, where string) {
	t.Helper()
	for _, bad := range []string{"panic", "goroutine ", "runtime error", ".go:"} {
		if strings.Contains(stderr, bad) {
			t.Errorf("stderr holds %q:\n%s", bad, stderr)
		}
	}
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	if stderr == "" {
		lines = nil
	}
	errorLines := 0
	for _, l := range lines {
		if strings.HasPrefix(l, "error:") {
			errorLines++
		}
	}
	switch code {
	case ExitOK:
		if errorLines != 0 {
			t.Errorf("a successful run printed an error:\n%s", stderr)
		}
	case ExitFailure, ExitMemory:
		last := len(lines) - 1
		warningsFirst := last >= 0
		for _, l := range lines[:max(last, 0)] {
			warningsFirst = warningsFirst && strings.HasPrefix(l, "warning: ")
		}
		if !warningsFirst || errorLines != 1 || !strings.HasPrefix(lines[last], "error:") {
			t.Errorf("a failure must print one line, the error, after the warnings of what it read; got:\n%s", stderr)
		} else if !strings.Contains(lines[last], where) {
			t.Errorf("the error does not name a file of the case (%s): %s", where, lines[last])
		}
	case ExitUsage:
		if len(lines) != 2 || errorLines != 1 || !strings.HasPrefix(lines[1], "Run '") {
			t.Errorf("a usage error prints the error and the usage hint; got:\n%s", stderr)
		}
	default:
		t.Errorf("exit code %d in the bad-input corpus", code)
	}
}

// hashTree returns the SHA-256 of every file under dir, by path.
func hashTree(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	sums := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sums[path] = sha256.Sum256(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return sums
}

// checkUnchanged asserts that no file of a case changed, vanished or
// appeared.
func checkUnchanged(t *testing.T, dir string, before, after map[string][32]byte) {
	t.Helper()
	for path, sum := range before {
		got, ok := after[path]
		switch {
		case !ok:
			t.Errorf("the run removed %s", path)
		case got != sum:
			t.Errorf("the run changed %s", path)
		}
	}
	for path := range after {
		if _, ok := before[path]; !ok {
			t.Errorf("the run left %s behind", path)
			os.Remove(path)
		}
	}
}

// output is a file a command line asks to write, and its state before
// the run.
type output struct {
	path    string
	existed bool
	sum     [32]byte
}

// outputFlags are the flags that name files a command writes.
var outputFlags = []string{"-o", "--output", "--transitions", "--paths-out", "--model", "--plot"}

// outputsOf returns the files args would write (except fit's --model,
// which score reads).
func outputsOf(t *testing.T, args []string) []output {
	t.Helper()
	var outs []output
	for i, a := range args {
		for _, f := range outputFlags {
			var path string
			switch {
			case a == f && i+1 < len(args):
				path = args[i+1]
			case strings.HasPrefix(a, f+"=") && strings.HasPrefix(f, "--"):
				path = strings.TrimPrefix(a, f+"=")
			default:
				continue
			}
			if f == "--model" && len(args) > 1 && args[1] == "score" {
				continue
			}
			o := output{path: path}
			if b, err := os.ReadFile(path); err == nil {
				o.existed, o.sum = true, sha256.Sum256(b)
			}
			outs = append(outs, o)
		}
	}
	return outs
}

// checkOutputs asserts that a failed run left its outputs as they were.
func checkOutputs(t *testing.T, outs []output, code ExitCode) {
	t.Helper()
	for _, o := range outs {
		b, err := os.ReadFile(o.path)
		switch {
		case code == ExitOK:
			if err == nil && !o.existed {
				os.Remove(o.path) // a success case's output: not part of the corpus
			}
		case !o.existed && err == nil:
			t.Errorf("a failed run created its output %s", o.path)
			os.Remove(o.path)
		case o.existed && (err != nil || sha256.Sum256(b) != o.sum):
			t.Errorf("a failed run changed or removed its output %s", o.path)
		}
	}
}

func mustAbs(t *testing.T, path string) string {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// The touches of most cases: two converting journeys and a null one.
//
//	L1: email (03-01), webinar (03-04, converts, 1200)
//	L2: paid_social (03-02), email (03-09, converts, 800)
//	L3: paid_social (03-05), no conversion
const (
	touchesHeader = "lead_id,occurred_at,channel,campaign,converted,value\n"
	touchesRows   = "L1,2024-03-01 09:00,email,spring,no,\n" +
		"L1,2024-03-04 10:30,webinar,spring,yes,1200\n" +
		"L2,2024-03-02 11:00,paid_social,q1_abm,no,\n" +
		"L2,2024-03-09 16:45,email,spring,yes,800\n" +
		"L3,2024-03-05 08:15,paid_social,q1_abm,no,\n"
	// attributionCSV is the attribution of those touches by channel,
	// worked out by hand: first touch gives email L1's 1200 and
	// paid_social L2's 800; last touch webinar 1200 and email 800; linear
	// splits each journey in halves: email 600+400, webinar 600,
	// paid_social 400.
	attributionCSV = "channel,first_touch_conversions,first_touch_value,last_touch_conversions,last_touch_value,linear_touch_conversions,linear_touch_value\n" +
		"email,1,1200,1,800,1,1000\n" +
		"webinar,0,0,1,1200,0.5,600\n" +
		"paid_social,1,800,0,0,0.5,400\n"
)

var attributeArgs = []string{"attribute", "--models", "first_touch,last_touch,linear_touch"}

// TestBadInputsGenerated runs the cases too large to commit: their inputs
// are written to a temporary folder at run time. Each states its exit
// code, its exact stderr (the folder's path filled in) and, for a
// success, its stdout; the corpus invariants (see TestBadInputs) hold for
// each, and the zip bombs must fail within seconds and small memory.
func TestBadInputsGenerated(t *testing.T) {
	t.Setenv("FUNNEL_CONFIG", "")
	bigCell := strings.Repeat("x", 2<<20) // 2 MiB
	var wide strings.Builder              // 10,000 columns
	wide.WriteString(strings.TrimSuffix(touchesHeader, "\n"))
	for c := 7; c <= 10000; c++ {
		fmt.Fprintf(&wide, ",c%d", c)
	}
	wide.WriteString("\n")
	for _, row := range strings.SplitAfter(touchesRows, "\n") {
		if row != "" {
			wide.WriteString(strings.TrimSuffix(row, "\n") + strings.Repeat(",", 10000-6) + "\n")
		}
	}
	// Valid UTF-8 for more than the 64 KiB the encoding is sniffed from,
	// then a Latin-1 byte: its line is 2 + 5*1500 = 7502.
	late := touchesHeader + strings.Repeat(touchesRows, 1500) + "L9,2024-03-10 10:00,email,caf\xe9,no,\n"
	// A quote opened on line 3 and never closed, then 1.2 MB of rows.
	bomb900 := len(bombSheet(t, 900))
	unclosed := touchesHeader + "L1,2024-03-01 09:00,email,\"spring,no,\n" + strings.Repeat(touchesRows, 6000)

	tests := []struct {
		name   string
		files  map[string][]byte
		args   []string // {dir} is the temporary folder
		code   ExitCode
		stderr string // {dir} is the temporary folder
		stdout string // compared on success
		// the bytes the run may allocate (0: no limit): a bomb is refused
		// before it is inflated, whatever the machine's speed
		maxAlloc uint64
	}{
		{
			name:   "2 MB cell",
			files:  map[string][]byte{"touches.csv": []byte(touchesHeader + "L4,2024-03-01 09:00,email," + bigCell + ",no,\n" + touchesRows)},
			args:   []string{"--touches", "{dir}/touches.csv", "-o", "{dir}/out.csv"},
			code:   ExitFailure,
			stderr: `error: {dir}/touches.csv:2: column "campaign": limit exceeded (a cell over 1048576 bytes; raise with --max-cell-bytes)` + "\n",
		},
		{
			name:   "2 MB cell under a raised limit",
			files:  map[string][]byte{"touches.csv": []byte(touchesHeader + "L4,2024-03-01 09:00,email," + bigCell + ",no,\n" + touchesRows)},
			args:   []string{"--touches", "{dir}/touches.csv", "--max-cell-bytes", "4194304", "--format", "csv"},
			code:   ExitOK,
			stdout: attributionCSV, // the big cell is the campaign of L4's touch, which converts nothing
		},
		{
			name:   "10,000 columns",
			files:  map[string][]byte{"touches.csv": []byte(wide.String())},
			args:   []string{"--touches", "{dir}/touches.csv", "-o", "{dir}/out.csv"},
			code:   ExitFailure,
			stderr: `error: {dir}/touches.csv:1: column "#4097": limit exceeded (more than 4096 columns; raise with --max-columns)` + "\n",
		},
		{
			name:   "10,000 columns under a raised limit",
			files:  map[string][]byte{"touches.csv": []byte(wide.String())},
			args:   []string{"--touches", "{dir}/touches.csv", "--max-columns", "10000", "--format", "csv"},
			code:   ExitOK,
			stdout: attributionCSV,
		},
		{
			name:  "invalid UTF-8 after the sniffed start",
			files: map[string][]byte{"touches.csv": []byte(late)},
			args:  []string{"--touches", "{dir}/touches.csv", "-o", "{dir}/out.csv"},
			code:  ExitFailure,
			stderr: `error: {dir}/touches.csv:7502: column "campaign": bad text encoding "caf\xe9" (invalid UTF-8 byte 0xE9 at byte 4 of the value; ` +
				`if the file is Windows-1252 (Excel's "CSV" on Windows), read it with --encoding windows-1252)` + "\n",
		},
		{
			name:  "unclosed quote running over the cell limit",
			files: map[string][]byte{"touches.csv": []byte(unclosed)},
			args:  []string{"--touches", "{dir}/touches.csv", "-o", "{dir}/out.csv"},
			code:  ExitFailure,
			stderr: `error: {dir}/touches.csv:2: column "campaign": limit exceeded (a cell over 1048576 bytes; raise with --max-cell-bytes; ` +
				`the quoted field opened on line 2 may lack its closing quote)` + "\n",
		},
		{
			// 900 MiB of zeros deflated to 0.9 MB: under the 1 GiB limit,
			// refused for its ratio before a byte is inflated.
			name:     "zip bomb",
			files:    map[string][]byte{"touches.xlsx": zipBomb(t, 900, 0)},
			args:     []string{"--touches", "{dir}/touches.xlsx", "-o", "{dir}/out.csv"},
			code:     ExitFailure,
			stderr:   "error: {dir}/touches.xlsx: unreadable file: part xl/worksheets/sheet1.xml would inflate {bomb900} bytes to 943718400 (over 200:1): a zip bomb, not a workbook\n",
			maxAlloc: 64 << 20,
		},
		{
			name:     "zip bomb over the size limit",
			files:    map[string][]byte{"touches.xlsx": zipBomb(t, 1536, 0)},
			args:     []string{"--touches", "{dir}/touches.xlsx", "-o", "{dir}/out.csv"},
			code:     ExitFailure,
			stderr:   "error: {dir}/touches.xlsx: limit exceeded: workbook over 1073741824 bytes uncompressed; raise with --max-xlsx-bytes\n",
			maxAlloc: 64 << 20,
		},
		{
			// The directory says 4 KiB; the data inflates to 900 MiB.
			name:     "zip bomb with lying sizes",
			files:    map[string][]byte{"touches.xlsx": zipBomb(t, 900, 4096)},
			args:     []string{"--touches", "{dir}/touches.xlsx", "-o", "{dir}/out.csv"},
			code:     ExitFailure,
			stderr:   "error: {dir}/touches.xlsx: unreadable file: a damaged or truncated xlsx (zip) file (zip: not a valid zip file); download or export it again\n",
			maxAlloc: 64 << 20,
		},
		{
			// 20 GiB of touch rows gzipped to about 20 MB (issue 19, item
			// 15): refused for its ratio once 16 MiB are inflated; it ran
			// until the runtime died out of memory, with a stack trace and
			// exit 2. FUNNEL_PREFAULT=0: the 20 MB file would have the
			// command back heap for it before reading, which is not the
			// reading's allocation.
			name:     "gzip bomb",
			files:    map[string][]byte{"touches.csv.gz": gzipBomb(20 << 10)},
			args:     []string{"--touches", "{dir}/touches.csv.gz", "-o", "{dir}/out.csv"},
			code:     ExitFailure,
			stderr:   "error: {dir}/touches.csv.gz: unreadable file: gzip data inflating over 200:1 past its first 16 MiB: a gzip bomb, not an export; raise with --max-gzip-ratio\n",
			maxAlloc: 256 << 20,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.maxAlloc > 0 {
				t.Setenv("FUNNEL_PREFAULT", "0")
			}
			dir := t.TempDir()
			for name, b := range tc.files {
				if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			fill := strings.NewReplacer("{dir}", dir, "{bomb900}", strconv.Itoa(bomb900))
			args := append([]string{}, attributeArgs...)
			for _, a := range tc.args {
				args = append(args, fill.Replace(a))
			}
			before := hashTree(t, dir)
			outs := outputsOf(t, append([]string{"funnel"}, args...))
			var m0, m1 runtime.MemStats
			runtime.ReadMemStats(&m0)
			stdout, stderr, code := run(t, "", args...)
			runtime.ReadMemStats(&m1)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tc.code, clipText(stderr))
			}
			if want := fill.Replace(tc.stderr); stderr != want {
				t.Errorf("stderr:\n%s\nwant:\n%s", clipText(stderr), clipText(want))
			}
			if tc.code == ExitOK && stdout != tc.stdout {
				t.Errorf("stdout:\n%s\nwant:\n%s", clipText(stdout), tc.stdout)
			}
			if alloc := m1.TotalAlloc - m0.TotalAlloc; tc.maxAlloc > 0 && alloc > tc.maxAlloc {
				t.Errorf("allocated %d MB, want under %d MB", alloc>>20, tc.maxAlloc>>20)
			}
			checkStderr(t, stderr, code, dir+"/")
			checkUnchanged(t, dir, before, hashTree(t, dir))
			checkOutputs(t, outs, code)
		})
	}
}

func clipText(s string) string {
	if len(s) > 2000 {
		return s[:2000] + fmt.Sprintf("... (%d bytes)", len(s))
	}
	return s
}

// bombBlock is 1 MiB of zeros deflated, ending on a block boundary, so
// that copies of it concatenate into a valid deflate stream.
func bombBlock(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := flate.NewWriter(&b, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(make([]byte, 1<<20)); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// bombSheet is a deflate stream of mib MiB of zeros.
func bombSheet(t *testing.T, mib int) []byte {
	t.Helper()
	block := bombBlock(t)
	var end bytes.Buffer // a final, empty block
	w, _ := flate.NewWriter(&end, flate.BestCompression)
	w.Close()
	stream := make([]byte, 0, len(block)*mib+end.Len())
	for i := 0; i < mib; i++ {
		stream = append(stream, block...)
	}
	return append(stream, end.Bytes()...)
}

// zipBomb returns an xlsx package whose first sheet is mib MiB of zeros,
// stored deflated; the directory states size lie when lie > 0, else the
// true size and CRC.
func zipBomb(t *testing.T, mib int, lie uint64) []byte {
	t.Helper()
	stream := bombSheet(t, mib)
	size := uint64(mib) << 20
	crc := uint32(0)
	zeros := make([]byte, 1<<20)
	for i := 0; i < mib; i++ {
		crc = crc32.Update(crc, crc32.IEEETable, zeros)
	}
	if lie > 0 {
		size = lie
	}
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Touches" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
	}
	for _, p := range parts {
		w, err := z.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(p.body))
	}
	w, err := z.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(len(stream)), UncompressedSize64: size})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(stream); err != nil {
		t.Fatal(err)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// gzipBomb returns gzip data of the touches header and mib MiB of one
// touch row repeated (testfiles.RepeatedGzip: 20 GiB take a second to
// write; the reading must stop long before the trailer).
func gzipBomb(mib int) []byte {
	return testfiles.RepeatedGzip(touchesHeader, "L1,2024-03-01 09:00,email,spring,no,\n", mib)
}

// TestFormulaGuardInOutputs writes the CSV-injection payloads of case
// 0042 (names starting with = + - @) to every output format a spreadsheet
// or a Markdown viewer opens, and checks each carries the leading
// apostrophe, and that the xlsx holds text, not formulas.
func TestFormulaGuardInOutputs(t *testing.T) {
	t.Parallel()
	input, err := filepath.Abs("testdata/bad/0042-csv-injection-names/touches.csv")
	if err != nil {
		t.Fatal(err)
	}
	payloads := []string{`=HYPERLINK("http://evil.example","x")`, "+cmd|' /C calc'!A0", "@SUM(A1:A9)", "-2+3"}
	args := []string{"attribute", "--touches", input, "--by", "campaign", "--models", "first_touch,last_touch"}
	for _, format := range []string{"csv", "tsv", "md"} {
		t.Run(format, func(t *testing.T) {
			stdout, stderr, code := run(t, "", append(args, "--format", format)...)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			for _, p := range payloads {
				guarded := "'" + p
				if format == "csv" {
					guarded = strings.ReplaceAll(guarded, `"`, `""`) // RFC 4180 quoting
				}
				if format == "md" {
					guarded = strings.NewReplacer("|", `\|`).Replace(guarded)
				}
				if !strings.Contains(stdout, guarded) {
					t.Errorf("%s output lacks %q:\n%s", format, guarded, stdout)
				}
			}
		})
	}
	t.Run("xlsx", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "attribution.xlsx")
		if _, stderr, code := run(t, "", append(args, "-o", out)...); code != ExitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		f, err := excelize.OpenFile(out)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		found := map[string]bool{}
		for _, sheet := range f.GetSheetList() {
			rows, err := f.GetRows(sheet)
			if err != nil {
				t.Fatal(err)
			}
			for r, row := range rows {
				for c, v := range row {
					cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
					if formula, _ := f.GetCellFormula(sheet, cell); formula != "" {
						t.Errorf("%s!%s holds the formula %q", sheet, cell, formula)
					}
					for _, p := range payloads {
						if strings.Contains(v, p) {
							found[p] = true
							if v != "'"+p {
								t.Errorf("%s!%s = %q, want %q", sheet, cell, v, "'"+p)
							}
						}
					}
				}
			}
		}
		for _, p := range payloads {
			if !found[p] {
				t.Errorf("the workbook lacks the campaign %q", p)
			}
		}
	})
}
