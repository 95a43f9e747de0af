package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/internal/pgtest"
)

// The helpers of this file run one command in-process through the seam
// its constructor has (newXCmd(g, runF)): parseFlags stops at the seam and
// returns the options the flags made; runParsed then calls the command's
// run function with them and fake streams; runCommand runs the whole
// command as Main would.

// TestMain runs the tests without the caller's $FUNNEL_CONFIG, which every
// command reads when --config is not given, so that they are hermetic and
// can run in parallel (t.Setenv cannot), and from the repository's root,
// the folder the command lines of testdata/cases, testdata/bad and
// testdata/exports name their files from: set once here, before any test
// runs, so that those tests need not change it (os.Chdir is the process's,
// which rules out t.Parallel) and the tests' paths are the root's
// (testdata/...). A PostgreSQL server is started for the tests that ask
// for one (pgtest.NewDatabase) and stopped at the end.
//
// With $FUNNEL_TEST_MAIN set the test binary is funnel itself: Main with
// the binary's arguments and streams, in the folder it was started in.
// TestReadme runs its examples so, each in a process of its own, so that
// they can have their own working folder while the other tests run.
func TestMain(m *testing.M) {
	if os.Getenv(testMainEnv) != "" {
		main()
	}
	os.Unsetenv("FUNNEL_CONFIG")
	if err := os.Chdir(filepath.Join("..", "..")); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := pgtest.Main(m)
	removeShared()
	os.Exit(code)
}

// testMainEnv makes the test binary run as funnel (TestMain).
const testMainEnv = "FUNNEL_TEST_MAIN"

// fakeIO gives g fake streams, as cli/cli's iostreams.Test: stdin reads
// stdin, stdout and stderr are buffers, and neither is a terminal.
func fakeIO(g *globalOptions, stdin string) (stdout, stderr *bytes.Buffer) {
	stdout, stderr = new(bytes.Buffer), new(bytes.Buffer)
	g.io = &IOStreams{In: strings.NewReader(stdin), Out: stdout, ErrOut: stderr}
	return stdout, stderr
}

// newCmdFunc is a command's constructor: newFitCmd, newScoreCmd, ...
type newCmdFunc[O any] func(*globalOptions, func(O) error) *cobra.Command

// runCommand runs the command newCmd builds on g in-process with args and
// fake streams, as Main would: a failure is printed on stderr as "error:
// ..." and mapped to its exit code. runF is the command's seam; nil runs
// the command's run function. The global flags are g's fields: the
// command is built without the root that declares them.
func runCommand[O any](t *testing.T, g *globalOptions, newCmd newCmdFunc[O], runF func(O) error, args ...string) (string, string, ExitCode) {
	t.Helper()
	stdout, stderr := fakeIO(g, "")
	cmd := newCmd(g, runF)
	setArgs(cmd, args) // none for nil, not the test binary's own
	cmd.SetOut(stdout)
	cmd.SetErr(stderr)
	cmd.SetFlagErrorFunc(flagUsageError)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	err := cmd.Execute()
	if err != nil && !errors.Is(err, errAlert) && !errors.Is(err, errExplained) {
		fmt.Fprintf(stderr, "error: %s\n", oneLine(err.Error()))
	}
	return stdout.String(), stderr.String(), exitCodeFor(err)
}

// parseFlags runs the command up to its runF seam and returns the options
// its flags made (the zero O when it stopped before the seam), the exit
// code and stderr.
func parseFlags[O any](t *testing.T, g *globalOptions, newCmd newCmdFunc[O], args ...string) (O, ExitCode, string) {
	t.Helper()
	var got O
	_, stderr, code := runCommand(t, g, newCmd, func(o O) error { got = o; return nil }, args...)
	return got, code, stderr
}

// runParsed parses args into the command's options through its seam (the
// test fails when they do not parse), then calls run, the command's run
// function, with them and fresh fake streams. It returns stdout, stderr
// and run's error.
func runParsed[O any](t *testing.T, g *globalOptions, newCmd newCmdFunc[O], run func(O) error, args ...string) (string, string, error) {
	t.Helper()
	o, code, stderr := parseFlags(t, g, newCmd, args...)
	if code != ExitOK {
		t.Fatalf("%q: exit %d: %s", args, code, stderr)
	}
	stdout, errOut := fakeIO(g, "")
	err := run(o)
	return stdout.String(), errOut.String(), err
}

// runJSON runs the command line through the seam as runParsed does, with
// JSON output, and returns the report; the test fails when the run does
// (a report with alerts is written, and returned).
func runJSON[O any](t *testing.T, g *globalOptions, newCmd newCmdFunc[O], run func(O) error, args ...string) reportJSON {
	t.Helper()
	g.Format = "json"
	out, stderr, err := runParsed(t, g, newCmd, run, args...)
	if err != nil && !errors.Is(err, errAlert) && !errors.Is(err, errExplained) {
		t.Fatalf("%q: %v: %s", args, err, stderr)
	}
	return decodeReport(t, out)
}

// flagCase is a command line and what its flags make: the exit code and,
// for a line that parses, a check of the options. global holds the
// global flags (--positive, --format, ...).
type flagCase[O any] struct {
	name   string
	args   []string
	global globalOptions
	code   ExitCode
	check  func(t *testing.T, o O)
}

// testFlags runs each case through the command's seam, in parallel.
func testFlags[O any](t *testing.T, newCmd newCmdFunc[O], cases []flagCase[O]) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			g := tc.global
			o, code, stderr := parseFlags(t, &g, newCmd, tc.args...)
			if code != tc.code {
				t.Fatalf("%q: exit %d, want %d (%s)", tc.args, code, tc.code, stderr)
			}
			if tc.check != nil {
				tc.check(t, o)
			}
		})
	}
}

// reportJSON is a command's JSON output (docs/design.md, section 4).
type reportJSON struct {
	Command  string                      `json:"command"`
	Meta     map[string]any              `json:"meta"`
	Tables   map[string][]map[string]any `json:"tables"`
	Warnings []string                    `json:"warnings"`
}

// decodeReport reads a command's JSON output.
func decodeReport(t *testing.T, out string) reportJSON {
	t.Helper()
	var rep reportJSON
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	return rep
}

// row returns the row of table whose column key holds value.
func (r reportJSON) row(t *testing.T, table, key string, value any) map[string]any {
	t.Helper()
	for _, row := range r.Tables[table] {
		if row[key] == value {
			return row
		}
	}
	t.Fatalf("table %s has no row with %s = %v: %v", table, key, value, r.Tables[table])
	return nil
}

// wantNumbers checks numbers of a JSON object (a row or the meta) against
// values worked out by hand, within 1e-9 relative.
func wantNumbers(t *testing.T, what string, got map[string]any, want map[string]float64) {
	t.Helper()
	for key, w := range want {
		v, ok := got[key].(float64)
		if !ok || math.Abs(v-w) > 1e-9*math.Max(1, math.Abs(w)) {
			t.Errorf("%s: %s = %v, want %g", what, key, got[key], w)
		}
	}
}
