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
		// Suggestions on the error's one line (cobra's span three).
		{"misspelt command", []string{"atribute"}, ExitUsage, `error: unknown command "atribute" for "funnel" (did you mean "attribute"?)` + "\n"},
		{"misspelt subcommand", []string{"config", "chek"}, ExitUsage, `error: unknown command "chek" for "funnel config" (did you mean "check"?)` + "\n"},
		{"misspelt flag", []string{"fit", "--targt", "won_at"}, ExitUsage, "error: unknown flag: --targt (did you mean --target?)\n"},
		{"misspelt global flag", []string{"velocity", "--dat", "x"}, ExitUsage, "error: unknown flag: --dat (did you mean --data?)\n"},
		{"one dash", []string{"fit", "-target", "won_at"}, ExitUsage, "error: unknown shorthand flag: 't' in -target (did you mean --target?)\n"},
		{"bad flag value", []string{"sample", "--out-dir", "x", "--lead-count", "many"}, ExitUsage, `error: invalid argument "many" for "--lead-count" flag`},
		{"missing required flag", []string{"sample"}, ExitUsage, "error: --out-dir DIR is required"},
		{"leads out of range", []string{"sample", "--out-dir", "x", "--lead-count", "0"}, ExitUsage, "error: --lead-count 0: want 1 to 10000000"},
		{"bad format", []string{"inspect", "--format", "yaml", "x.csv"}, ExitUsage, `error: --format: `},
		{"missing file", []string{"inspect", "testdata/does-not-exist.csv"}, ExitFailure, "error: testdata/does-not-exist.csv"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := run(t, "", tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tc.code, stderr)
			}
			first := strings.SplitN(stderr, "\n", 2)[0]
			if whole, ok := strings.CutSuffix(tc.errLine, "\n"); ok && first != whole {
				t.Errorf("stderr first line %q, want %q", first, whole)
			}
			if !strings.HasPrefix(first, strings.TrimSuffix(tc.errLine, "\n")) {
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

// TestConfigNotice: a config file no --config named is said on stderr,
// once, before anything else, and not under -q (issue 18: a funnel.yaml in
// the working folder steered runs unseen).
func TestConfigNotice(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("FUNNEL_CONFIG", "")
	write := func(name, body string) {
		if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("accounts.csv", "account_id,region\nA1,EMEA\nA2,EMEA\nA3,NA\n")
	write("funnel.yaml", "inputs:\n  accounts: accounts.csv\nsize: {by: [region], price: 10}\n")
	const found = "note: using the config file funnel.yaml (found in the working folder; --config FILE to choose another)\n"
	for _, c := range []struct {
		env    string
		args   []string
		stderr string
	}{
		{"", []string{"size", "--price", "10", "--by", "region"}, found},
		{"", []string{"size", "--price", "10", "--by", "region", "-q"}, ""},
		{"", []string{"size", "--price", "10", "--by", "region", "--config", "funnel.yaml"}, ""},
		{"funnel.yaml", []string{"size", "--price", "10", "--by", "region"}, "note: using the config file funnel.yaml (named by $FUNNEL_CONFIG; --config FILE to choose another)\n"},
	} {
		t.Setenv("FUNNEL_CONFIG", c.env)
		out, stderr, code := run(t, "", append(c.args, "--format", "csv")...)
		if code != ExitOK || stderr != c.stderr {
			t.Errorf("%v (FUNNEL_CONFIG=%q): exit %d, stderr %q, want %q", c.args, c.env, code, stderr, c.stderr)
		}
		// The config's input was read: EMEA 2 accounts x 10, NA 1 x 10.
		if want := "region,accounts,units,price,market_size\nEMEA,2,2,10,20\nNA,1,1,10,10\ntotal,3,3,10,30\n"; out != want {
			t.Errorf("%v: stdout %q, want %q", c.args, out, want)
		}
	}
}
