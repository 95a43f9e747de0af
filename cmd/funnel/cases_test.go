package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

var update = flag.Bool("update", false, "rewrite the expected outputs of testdata/cases and testdata/exports")

// TestCases runs the end-to-end cases under testdata/cases/<command>/<NNNN>/
// (Miller's regression-case layout), and the conformance corpus: every
// folder testdata/exports/<vendor>/<export>/ that holds a cmd (a real
// vendor export and the command that reads it; see
// testdata/exports/README.md), as subtests exports/<vendor>/<export>.
// Each folder holds
//
//	cmd          the command line, starting with "funnel", run from the repository root
//	stdin        optional: fed to the command's standard input
//	expout       expected standard output
//	experr       expected standard error
//	expcode      optional: expected exit code (default 0, or 1 with should-fail)
//	should-fail  optional: marks a case that must exit non-zero
//
// Run with -update to rewrite expout, experr and expcode from what the
// command does now (then read the diff before committing it).
func TestCases(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dirs, err := filepath.Glob(filepath.Join(root, "testdata", "cases", "*", "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatal("no cases found under testdata/cases")
	}
	exports, err := filepath.Glob(filepath.Join(root, "testdata", "exports", "*", "*", "cmd"))
	if err != nil {
		t.Fatal(err)
	}
	if len(exports) == 0 {
		t.Fatal("no cases found under testdata/exports")
	}
	wd, _ := os.Getwd()
	if err := os.Chdir(root); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	t.Setenv("FUNNEL_CONFIG", "")
	for _, dir := range dirs {
		rel, _ := filepath.Rel(filepath.Join(root, "testdata", "cases"), dir)
		t.Run(rel, func(t *testing.T) { runCase(t, dir) })
	}
	for _, cmd := range exports {
		dir := filepath.Dir(cmd)
		rel, _ := filepath.Rel(filepath.Join(root, "testdata"), dir)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) { runCase(t, dir) })
	}
}

func runCase(t *testing.T, dir string) {
	line, err := os.ReadFile(filepath.Join(dir, "cmd"))
	if err != nil {
		t.Fatal(err)
	}
	args, err := splitArgs(strings.TrimSpace(string(line)))
	if err != nil || len(args) == 0 || args[0] != "funnel" {
		t.Fatalf("cmd %q: want a line starting with funnel (%v)", line, err)
	}
	var stdin bytes.Buffer
	if b, err := os.ReadFile(filepath.Join(dir, "stdin")); err == nil {
		stdin.Write(b)
	}
	var out, errOut bytes.Buffer
	code := Main(&IOStreams{In: &stdin, Out: &out, ErrOut: &errOut}, args[1:])

	_, shouldFailErr := os.Stat(filepath.Join(dir, "should-fail"))
	shouldFail := shouldFailErr == nil
	wantCode := ExitOK
	if shouldFail {
		wantCode = ExitFailure
	}
	if b, err := os.ReadFile(filepath.Join(dir, "expcode")); err == nil {
		n, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil {
			t.Fatalf("expcode: %v", err)
		}
		wantCode = ExitCode(n)
	}
	if *update {
		write(t, filepath.Join(dir, "expout"), out.Bytes())
		write(t, filepath.Join(dir, "experr"), errOut.Bytes())
		if code != ExitOK && code != ExitFailure || (code == ExitFailure) != shouldFail {
			write(t, filepath.Join(dir, "expcode"), []byte(fmt.Sprintf("%d\n", code)))
		}
		return
	}
	if code != wantCode {
		t.Errorf("exit code %d, want %d; stderr:\n%s", code, wantCode, errOut.String())
	}
	compareFile(t, filepath.Join(dir, "expout"), out.String(), "stdout")
	compareFile(t, filepath.Join(dir, "experr"), errOut.String(), "stderr")
}

func compareFile(t *testing.T, path, got, what string) {
	t.Helper()
	want, err := os.ReadFile(path)
	if err != nil {
		if os.IsNotExist(err) && got == "" {
			return
		}
		t.Fatalf("%s: %v", what, err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s:\n--- got\n%s\n--- want\n%s", what, path, got, want)
	}
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if len(b) == 0 {
		os.Remove(path)
		return
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// splitArgs splits a command line as a POSIX shell would for plain words,
// single and double quotes, and backslash escapes.
func splitArgs(s string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inWord := false
	var quote rune
	escaped := false
	for _, r := range s {
		switch {
		case escaped:
			cur.WriteRune(r)
			escaped = false
		case quote == '\'':
			if r == '\'' {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case quote == '"':
			switch r {
			case '"':
				quote = 0
			case '\\':
				escaped = true
			default:
				cur.WriteRune(r)
			}
		case r == '\\':
			escaped, inWord = true, true
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case unicode.IsSpace(r):
			if inWord {
				args = append(args, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 || escaped {
		return nil, fmt.Errorf("unbalanced quote in %q", s)
	}
	if inWord {
		args = append(args, cur.String())
	}
	return args, nil
}
