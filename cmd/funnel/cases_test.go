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
//	             (the tests' working folder: see TestMain)
//	stdin        optional: fed to the command's standard input
//	expout       expected standard output
//	experr       expected standard error
//	expcode      optional: expected exit code (default 0, or 1 with should-fail)
//	should-fail  optional: marks a case that must exit non-zero
//	tolerance    optional: "REL ABS reason", a looser tolerance for numbers
//	             (see checkGolden)
//
// stdout and stderr are compared with expout and experr by checkGolden:
// byte for byte on the reference build (amd64, GOAMD64=v1), whose output
// the goldens are; on other builds (GOAMD64=v3, arm64) numbers match
// within a relative 1e-12 and the rest byte for byte.
//
// Run with -update to rewrite expout, experr and expcode from what the
// command does now, on the reference build (then read the diff before
// committing it): an empty output removes its file, and expcode is
// written only when the code is not the default, and removed when it is.
func TestCases(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs(".")
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
	for _, dir := range dirs {
		rel, _ := filepath.Rel(filepath.Join(root, "testdata", "cases"), dir)
		t.Run(rel, func(t *testing.T) {
			t.Parallel()
			runCase(t, dir, false)
		})
	}
	for _, cmd := range exports {
		dir := filepath.Dir(cmd)
		rel, _ := filepath.Rel(filepath.Join(root, "testdata"), dir)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			t.Parallel()
			runCase(t, dir, false)
		})
	}
}

// runCase runs the case in dir; statesCode says that its expcode is kept
// by -update even when it holds the default (the corpus of testdata/bad
// states every code).
func runCase(t *testing.T, dir string, statesCode bool) {
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
		if !isReferenceBuild {
			t.Fatal("-update writes the goldens of the reference build: run it built for amd64 with GOAMD64=v1")
		}
		write(t, filepath.Join(dir, "expout"), out.Bytes())
		write(t, filepath.Join(dir, "experr"), errOut.Bytes())
		write(t, filepath.Join(dir, "expcode"), expcodeFor(code, shouldFail, statesCode))
		return
	}
	if code != wantCode {
		t.Errorf("exit code %d, want %d; stderr:\n%s", code, wantCode, errOut.String())
	}
	tol := readTolerance(t, dir)
	compareFile(t, filepath.Join(dir, "expout"), out.String(), "stdout", tol)
	compareFile(t, filepath.Join(dir, "experr"), errOut.String(), "stderr", tol)
}

func compareFile(t *testing.T, path, got, what string, tol tolerance) {
	t.Helper()
	want, err := os.ReadFile(path)
	if err != nil {
		if os.IsNotExist(err) && got == "" {
			return
		}
		t.Fatalf("%s: %v", what, err)
	}
	checkGolden(t, path, string(want), got, what, tol)
}

// expcodeFor is the expcode file -update writes for a run that exited
// with code: empty (no file) when code is the default of the case (1 with
// should-fail, else 0) and the case need not state it.
func expcodeFor(code ExitCode, shouldFail, statesCode bool) []byte {
	defaultCode := ExitOK
	if shouldFail {
		defaultCode = ExitFailure
	}
	if code == defaultCode && !statesCode {
		return nil
	}
	return []byte(fmt.Sprintf("%d\n", code))
}

// write writes b to path, or removes path when b is empty.
func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if len(b) == 0 {
		if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
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
