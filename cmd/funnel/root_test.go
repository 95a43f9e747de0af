package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/funnel/render"
)

// run executes the command line in-process and returns its outputs.
func run(t *testing.T, stdin string, args ...string) (string, string, ExitCode) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(&IOStreams{In: strings.NewReader(stdin), Out: &out, ErrOut: &errOut}, args)
	return out.String(), errOut.String(), code
}

func TestExitCodes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		args    []string
		code    ExitCode
		errLine string
	}{
		{"unknown command", []string{"frobnicate"}, ExitUsage, `error: unknown command "frobnicate" for "funnel"`},
		{"unknown flag", []string{"sample", "--bogus"}, ExitUsage, "error: unknown flag: --bogus"},
		{"bad flag value", []string{"sample", "--out", "x", "--leads", "many"}, ExitUsage, `error: invalid argument "many" for "--leads" flag`},
		{"missing required flag", []string{"sample"}, ExitUsage, "error: --out DIR is required"},
		{"leads out of range", []string{"sample", "--out", "x", "--leads", "0"}, ExitUsage, "error: --leads 0: want 1 to 10000000"},
		{"bad format", []string{"inspect", "--format", "yaml", "x.csv"}, ExitUsage, `error: --format: `},
		{"missing file", []string{"inspect", "testdata/does-not-exist.csv"}, ExitFailure, "error: testdata/does-not-exist.csv"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := run(t, "", tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tc.code, stderr)
			}
			first := strings.SplitN(stderr, "\n", 2)[0]
			if !strings.HasPrefix(first, tc.errLine) {
				t.Errorf("stderr first line %q, want prefix %q", first, tc.errLine)
			}
			if strings.Contains(stderr, "goroutine") || strings.Contains(stderr, "panic") {
				t.Errorf("stack trace on stderr: %s", stderr)
			}
		})
	}
}

func TestExitCodeFor(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err  error
		code ExitCode
	}{
		{nil, ExitOK},
		{errAlert, ExitAlert},
		{usagef("x"), ExitUsage},
		{errors.New("leads.csv:3: column \"Create Date\": cannot parse \"x\" as a date"), ExitFailure},
		{errors.New("open /dev/x: invalid argument"), ExitFailure}, // an os error, not a usage error
		{errors.New(`unknown command "x" for "funnel"`), ExitUsage},
		{errors.New("accepts 0 arg(s), received 1"), ExitUsage},
		{&ingest.FileError{File: "-", Line: 9, Err: ingest.ErrMemory}, ExitMemory},
		{fmt.Errorf("touches: %w", ingest.ErrMemory), ExitMemory},
	} {
		if got := exitCodeFor(tc.err); got != tc.code {
			t.Errorf("exitCodeFor(%v) = %d, want %d", tc.err, got, tc.code)
		}
	}
}

func TestVersionAndHelp(t *testing.T) {
	t.Parallel()
	out, _, code := run(t, "", "--version")
	if code != ExitOK || !strings.HasPrefix(out, "funnel version ") {
		t.Errorf("--version: %q, exit %d", out, code)
	}
	out, _, code = run(t, "", "--help")
	if code != ExitOK || !strings.Contains(out, "Available Commands:") || !strings.Contains(out, "inspect") {
		t.Errorf("--help: exit %d\n%s", code, out)
	}
}

// TestNilArgsAreNone: Main with nil args runs the command line without
// arguments (the root's help), not the process's own arguments, which
// cobra reads for nil: in a test binary its -test.* flags, here a command
// that does not exist. It sets os.Args, so it does not run in parallel.
func TestNilArgsAreNone(t *testing.T) {
	defer func(saved []string) { os.Args = saved }(os.Args)
	os.Args = []string{os.Args[0], "frobnicate"}
	out, stderr, code := run(t, "") // args nil
	if code != ExitOK || stderr != "" || !strings.Contains(out, "Available Commands:") {
		t.Errorf("no args: exit %d, stderr %q\n%s", code, stderr, out)
	}
}

func TestSplitArgs(t *testing.T) {
	t.Parallel()
	got, err := splitArgs(`funnel inspect "a b.csv" --col 'leads.lead_id=Record ID' x\ y`)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"funnel", "inspect", "a b.csv", "--col", "leads.lead_id=Record ID", "x y"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("splitArgs = %q, want %q", got, want)
	}
	if _, err := splitArgs(`a "b`); err == nil {
		t.Error("unbalanced quote accepted")
	}
}

func TestStderrLinesAreCleaned(t *testing.T) {
	t.Parallel()
	// Errors and warnings quote values from the inputs; a channel typed as
	// "ev\x1b[2Jil" must not clear the analyst's terminal.
	if got, want := oneLine("bad channel \"ev\x1b[2Jil\"\nsecond line"), `bad channel "ev\x1b[2Jil"; second line`; got != want {
		t.Errorf("oneLine = %q, want %q", got, want)
	}
	rep := funnel.NewReport("t", "t")
	rep.Warnings = []string{"1 channel with a cost but no touches: ev\x1b[2Jil"}
	rep.Alerts = []string{"slower: \u202eevil"}
	var b strings.Builder
	render.WriteWarnings(&b, rep)
	if want := "warning: 1 channel with a cost but no touches: ev\\x1b[2Jil\nalert: slower: \\u202eevil\n"; b.String() != want {
		t.Errorf("WriteWarnings wrote %q, want %q", b.String(), want)
	}
}
