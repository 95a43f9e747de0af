package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/internal/pgtest"
)

// The README's examples are run by TestReadme, so that the README cannot
// drift from the tool (issue 18). A code block preceded by the line
// "<!-- test -->" is run, in order with the other marked blocks, in one
// folder holding the repository's testdata (a link) and what the examples
// write there (the sample set, model.json, reports):
//
//   - a block with "$ " lines: each is a command (a line ending in "\"
//     goes on), and the lines after it, up to the next "$ " line, are the
//     output it shows: what the command writes on stdout, then on stderr,
//     as a terminal shows them after the run;
//   - a block without: each line is a command that shows no output (a
//     "$ " line without output lines shows none either: it must succeed);
//   - "<!-- test: funnel ARGS -->" runs funnel ARGS and the whole block is
//     its shown output.
//
// A command on the database postgres://localhost/funnel (readmeDB) runs
// on a database of the test server instead, and is skipped where there
// is no PostgreSQL.
//
// funnel runs as the test binary itself ($FUNNEL_TEST_MAIN: TestMain
// calls main), in a process of its own in the examples' folder, as a user
// runs it. A command is funnel's line,
// optionally followed by "> /dev/null" (stdout not shown), by a pipe into
// the shell's filters (cut, column, awk, sed, head: run by bash, with
// funnel's stdout as their input) and by `; echo "exit $?"` (shows the
// exit code). "$ cat FILE" shows FILE: the test writes its shown lines
// there, so that a config file shown in the README is the one used.
//
// Shown output is compared line by line as the golden cases are
// (sameOutput: numbers within the default tolerance, runs of spaces alike,
// a tab as spaces), after trailing spaces; a line "..." (or a table row holding only "...")
// stands for lines left out, anywhere else every line must be there.
func TestReadme(t *testing.T) {
	// Parallel with the other tests: the examples run in processes of
	// their own, whose working folder is the examples' folder, so the
	// test's own stays the repository's root. The examples run in order.
	t.Parallel()
	blocks, err := readmeBlocks("README.md")
	if err != nil {
		t.Fatal(err)
	}
	if len(blocks) == 0 {
		t.Fatal("README.md: no block marked <!-- test -->")
	}
	testdataDir, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.Symlink(testdataDir, filepath.Join(dir, "testdata")); err != nil {
		t.Fatal(err)
	}
	// The examples on the README's database (readmeDB) run on a database
	// of the test server, where there is one.
	dbURL, noDB := "", pgtest.Available()
	if noDB == "" {
		dbURL = pgtest.NewDatabase(t)
	}
	check := func(t *testing.T, ex readmeExample) {
		if strings.Contains(ex.cmd, readmeDB) {
			if noDB != "" {
				if os.Getenv(pgtest.RequireEnv) == "1" {
					t.Fatalf("README.md:%d: %s", ex.line, noDB)
				}
				t.Skipf("README.md:%d: %s", ex.line, noDB)
			}
		}
		got := runExample(t, dir, ex, dbURL)
		if dbURL != "" {
			got = strings.ReplaceAll(got, dbURL, readmeDB) // the output names the README's database
		}
		if ex.file != "" || ex.shown == "" {
			return // a file written, or a command that shows no output
		}
		if diff := sameShown(ex.shown, got); diff != "" {
			t.Errorf("README.md:%d: $ %s\n%s\ngot:\n%s", ex.line, ex.cmd, diff, got)
		}
	}
	// Examples that only read run side by side, in a group that ends
	// before the next example that writes (a file, a model, a report).
	var readers []readmeExample
	flush := func() {
		if len(readers) == 0 {
			return
		}
		group := readers
		readers = nil
		t.Run(fmt.Sprintf("lines %d-%d", group[0].line, group[len(group)-1].line), func(t *testing.T) {
			for _, ex := range group {
				t.Run(fmt.Sprintf("line %d", ex.line), func(t *testing.T) {
					t.Parallel()
					check(t, ex)
				})
			}
		})
	}
	for _, b := range blocks {
		for _, ex := range b.examples() {
			if ex.readsOnly() {
				readers = append(readers, ex)
				continue
			}
			flush()
			t.Run(fmt.Sprintf("line %d", ex.line), func(t *testing.T) { check(t, ex) })
		}
	}
	flush()
}

// readmeDB is the database URL of the README's examples that need a
// server (funnel load, --db): TestReadme runs them on a database of the
// test server (internal/pgtest), and skips them where there is none.
const readmeDB = "postgres://localhost/funnel"

// readsOnly reports whether ex only reads, so that it can run beside the
// examples next to it: a funnel command of an analysis that writes no
// file (fit writes its model, report its workbook, sample and demo their
// sets; -o and --out name a file), not "cat FILE" (which writes FILE).
func (ex readmeExample) readsOnly() bool {
	if ex.file != "" {
		return false
	}
	line, _, _ := strings.Cut(ex.cmd, " | ")
	args, err := splitArgs(line)
	if err != nil || len(args) < 2 || args[0] != "funnel" {
		return false
	}
	switch args[1] {
	case "inspect", "score", "attribute", "velocity", "size", "accounts", "speed", "nurture", "test", "signals", "webinar", "content":
	default:
		return false
	}
	for _, a := range args[2:] {
		name, _, _ := strings.Cut(a, "=")
		if name == "-o" || name == "--out" || name == "--output" {
			return false
		}
	}
	return true
}

// readmeBlock is a code block of the README marked to be run: its lines,
// the line of the README it starts on, and the command of its marker.
type readmeBlock struct {
	start  int
	lines  []string
	marker string
}

// readmeBlocks reads the marked blocks of the README at path.
func readmeBlocks(path string) ([]readmeBlock, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var blocks []readmeBlock
	var cur *readmeBlock
	marked, marker := false, ""
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case cur != nil && strings.HasPrefix(line, "```"):
			blocks = append(blocks, *cur)
			cur = nil
		case cur != nil:
			cur.lines = append(cur.lines, line)
		case marked && strings.HasPrefix(line, "```"):
			cur = &readmeBlock{start: n + 1, marker: marker}
			marked = false
		case strings.HasPrefix(line, "<!-- test") && strings.HasSuffix(line, "-->"):
			marked = true
			marker = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(line, "<!-- test"), ":"), "-->"))
		}
	}
	return blocks, sc.Err()
}

// readmeExample is one command of a marked block and the output it shows;
// file is the file a "cat FILE" example shows.
type readmeExample struct {
	line  int
	cmd   string
	shown string
	file  string
}

// examples cuts a block into its commands.
func (b readmeBlock) examples() []readmeExample {
	if b.marker != "" {
		return []readmeExample{{line: b.start, cmd: b.marker, shown: strings.Join(b.lines, "\n")}}
	}
	var out []readmeExample
	hasPrompt := false
	for _, l := range b.lines {
		hasPrompt = hasPrompt || strings.HasPrefix(l, "$ ")
	}
	for i := 0; i < len(b.lines); i++ {
		l := b.lines[i]
		if !hasPrompt {
			if strings.TrimSpace(l) != "" {
				out = append(out, readmeExample{line: b.start + i, cmd: l})
			}
			continue
		}
		if !strings.HasPrefix(l, "$ ") {
			continue
		}
		ex := readmeExample{line: b.start + i, cmd: strings.TrimPrefix(l, "$ ")}
		for strings.HasSuffix(ex.cmd, "\\") && i+1 < len(b.lines) {
			i++
			ex.cmd = strings.TrimSuffix(ex.cmd, "\\") + " " + strings.TrimSpace(b.lines[i])
		}
		var shown []string
		for i+1 < len(b.lines) && !strings.HasPrefix(b.lines[i+1], "$ ") {
			i++
			shown = append(shown, b.lines[i])
		}
		ex.shown = strings.Join(shown, "\n")
		if name, ok := strings.CutPrefix(ex.cmd, "cat "); ok {
			ex.file = strings.TrimSpace(name)
		}
		out = append(out, ex)
	}
	return out
}

// runExample runs one example (see TestReadme), on the database db where
// it names readmeDB, and returns what it shows.
func runExample(t *testing.T, dir string, ex readmeExample, db string) string {
	t.Helper()
	if ex.file != "" {
		if err := os.WriteFile(filepath.Join(dir, ex.file), []byte(strings.TrimRight(ex.shown, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return ""
	}
	line := ex.cmd
	if i := strings.Index(line, " #"); i >= 0 && !strings.ContainsAny(line, "'\"|") {
		line = line[:i] // a comment
	}
	line, echoExit := strings.CutSuffix(strings.TrimSpace(line), `; echo "exit $?"`)
	line, filter, piped := strings.Cut(line, " | ")
	line, devNull := strings.CutSuffix(strings.TrimSpace(line), " > /dev/null")
	args, err := splitArgs(line)
	if err != nil || len(args) == 0 || args[0] != "funnel" || strings.ContainsAny(line, "|;&<>`$") {
		t.Fatalf("README.md:%d: %q is not a command the test runs (see TestReadme)", ex.line, ex.cmd)
	}
	for i, a := range args {
		args[i] = strings.ReplaceAll(a, readmeDB, db)
	}
	var stdout, stderr bytes.Buffer
	code := runFunnel(t, dir, args[1:], &stdout, &stderr)
	if ex.shown == "" && code != ExitOK {
		t.Fatalf("README.md:%d: exit %d\n%s", ex.line, code, stderr.String())
	}
	shown := stdout.String()
	if devNull {
		shown = ""
	}
	if piped {
		shown = shellFilter(t, dir, filter, stdout.Bytes())
	}
	shown += stderr.String()
	if echoExit {
		shown += fmt.Sprintf("exit %d\n", code)
	}
	return shown
}

// runFunnel runs funnel with args in dir: the test binary, run as funnel
// (TestMain), with an empty stdin; it returns the exit code.
func runFunnel(t *testing.T, dir string, args []string, stdout, stderr *bytes.Buffer) ExitCode {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), testMainEnv+"=1", "FUNNEL_CONFIG=")
	cmd.Stdout, cmd.Stderr = stdout, stderr
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &exit) && exit.ExitCode() > 0:
		return ExitCode(exit.ExitCode())
	}
	t.Fatalf("funnel %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	return 0
}

// shellFilter runs the shell filters of a pipe (cut, column, awk, ...) by
// bash, on in; the test is skipped where bash or a filter is missing.
func shellFilter(t *testing.T, dir, filter string, in []byte) string {
	t.Helper()
	for _, tool := range []string{"bash", "cut", "column", "awk", "sed", "head"} {
		if strings.Contains(filter, tool) || tool == "bash" {
			if _, err := exec.LookPath(tool); err != nil {
				t.Skipf("%s is not installed", tool)
			}
		}
	}
	cmd := exec.Command("bash", "-c", filter)
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(in)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	// head closes the pipe early: its error is no failure of the example.
	if err := cmd.Run(); err != nil && errOut.Len() > 0 {
		t.Fatalf("%s: %v: %s", filter, err, errOut.String())
	}
	return out.String()
}

// sameShown compares the output a README example shows with the output
// got (see TestReadme); "" when they agree, else the first difference.
func sameShown(shown, got string) string {
	want := trimLines(shown)
	have := trimLines(got)
	var segs [][]string
	cur := []string{}
	leading := len(want) > 0 && isEllipsis(want[0])
	trailing := len(want) > 0 && isEllipsis(want[len(want)-1])
	for _, l := range want {
		if isEllipsis(l) {
			if len(cur) > 0 {
				segs = append(segs, cur)
			}
			cur = []string{}
			continue
		}
		cur = append(cur, l)
	}
	if len(cur) > 0 {
		segs = append(segs, cur)
	}
	pos := 0
	for k, seg := range segs {
		at := -1
		for i := pos; i+len(seg) <= len(have); i++ {
			if (k > 0 || leading || i == 0) && linesMatch(seg, have[i:i+len(seg)]) {
				at = i
				break
			}
			if k == 0 && !leading {
				break
			}
		}
		if at < 0 {
			return fmt.Sprintf("these shown lines are not in the output (in this order, from line %d of it):\n%s", pos+1, strings.Join(seg, "\n"))
		}
		pos = at + len(seg)
	}
	if !trailing && pos != len(have) {
		return fmt.Sprintf("the output goes on after the shown lines (mark a cut with ...):\n%s", strings.Join(have[pos:], "\n"))
	}
	return ""
}

// linesMatch compares shown lines with output lines as golden outputs are.
func linesMatch(want, got []string) bool {
	return sameOutput(strings.Join(want, "\n"), strings.Join(got, "\n"), defaultTolerance) == ""
}

// trimLines splits s into lines without their trailing spaces, leaving
// out the blank lines at its end.
func trimLines(s string) []string {
	lines := strings.Split(strings.TrimRight(s, "\n "), "\n")
	for i, l := range lines {
		// a terminal shows a tab (of TSV through head) as spaces
		lines[i] = strings.ReplaceAll(strings.TrimRight(l, " \t"), "\t", " ")
	}
	if len(lines) == 1 && lines[0] == "" {
		return nil
	}
	return lines
}

// isEllipsis reports whether a shown line stands for lines left out: "..."
// alone, or a table row whose cells hold only "...".
func isEllipsis(l string) bool {
	return strings.TrimSpace(strings.NewReplacer("│", "", "|", "").Replace(l)) == "..."
}

// TestSameShown: the rule of shown output: every line, in order, unless a
// "..." line (or a table row of "...") says lines were left out there.
func TestSameShown(t *testing.T) {
	t.Parallel()
	got := "a 1\nb 2\nc 3\nd 4\n"
	for _, tc := range []struct {
		shown string
		same  bool
	}{
		{"a 1\nb 2\nc 3\nd 4", true},
		{"a  1\nb\t2\nc 3   \nd 4.0000000000001", true}, // spaces, a tab, a number within 1e-12
		{"a 1\nb 2\nc 3", false},                        // a line left out at the end, unsaid
		{"a 1\nb 2\nc 3\n...", true},
		{"a 1\nc 3\nd 4", false}, // a line left out in the middle, unsaid
		{"a 1\n│ ... │   │\nd 4", true},
		{"...\nc 3\nd 4", true},
		{"b 2\nc 3\nd 4", false}, // the first line left out, unsaid
		{"a 1\nb 2\nc 4\nd 4", false},
		{"a 1\n...\nd 4\n...\nb 2", false}, // out of order
	} {
		if diff := sameShown(tc.shown, got); (diff == "") != tc.same {
			t.Errorf("%q: same %v, want %v (%s)", tc.shown, diff == "", tc.same, diff)
		}
	}
}
