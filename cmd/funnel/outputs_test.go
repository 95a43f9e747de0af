package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel/outfile"
	"github.com/funnel-analytics/funnel/funnel/sample"
)

// TestFailedWriteKeepsEveryOutput: a run whose last output fails while it
// is written (-o /dev/full: no space left on device, after the analysis
// and after the other outputs were staged) puts none of its outputs in
// place: fit's --model keeps its old bytes, attribute's --paths-out and
// --plot are not created.
func TestFailedWriteKeepsEveryOutput(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	leads := writeFile(t, dir, "leads.csv", oneFeatureLeads)
	model := writeFile(t, dir, "model.json", `{"old": "model"}`)
	_, stderr, code := run(t, "", "fit", "--leads", leads, "--target", "won", "--features", "x",
		"--model", model, "-o", "/dev/full", "--format", "csv")
	if code != ExitFailure || stderr != "error: -o /dev/full: no space left on device\n" {
		t.Errorf("fit: exit %d, stderr %q; want 1 and the device's error", code, stderr)
	}
	if b, _ := os.ReadFile(model); string(b) != `{"old": "model"}` {
		t.Errorf("--model was replaced by %.40q", b)
	}
	touches := writeFile(t, dir, "touches.csv", touchesHeader+touchesRows)
	_, stderr, code = run(t, "", "attribute", "--touches", touches, "--models", "first_touch,markov", "-q",
		"--paths-out", filepath.Join(dir, "paths.csv"), "--plot", filepath.Join(dir, "p.png"),
		"--transitions", filepath.Join(dir, "matrix.csv"), "-o", "/dev/full", "--format", "csv")
	if code != ExitFailure || stderr != "error: -o /dev/full: no space left on device\n" {
		t.Errorf("attribute: exit %d, stderr %q", code, stderr)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{"leads.csv", "model.json", "touches.csv"}; !slices.Equal(names, want) {
		t.Errorf("the folder holds %v, want %v", names, want)
	}
}

// TestOutputsCheckedBeforeReading: an output into a missing folder is
// named before a byte of input is read: the input here does not exist,
// and the error is the folder's, not the input's.
func TestOutputsCheckedBeforeReading(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	missing := filepath.Join(dir, "no-such-leads.csv")
	for _, args := range [][]string{
		{"fit", "--leads", missing, "--target", "won", "--model", filepath.Join(dir, "nodir", "m.json")},
		{"velocity", "--stages", missing, "--plot", filepath.Join(dir, "nodir", "v.png")},
		{"accounts", "--leads", missing, "-o", filepath.Join(dir, "nodir", "a.csv")},
	} {
		_, stderr, code := run(t, "", args...)
		want := "folder " + filepath.Join(dir, "nodir") + " does not exist"
		if code != ExitFailure || !strings.Contains(stderr, want) || strings.Contains(stderr, "no-such-leads") {
			t.Errorf("%s: exit %d, stderr %q; want 1 and %q", args[0], code, stderr, want)
		}
	}
}

// TestSampleForce: sample --out-dir refuses a folder holding a file of the
// set, naming it; --force replaces it; a missing folder is made, and
// stderr says so. The folder then holds the set and nothing else.
func TestSampleForce(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "exports")
	_, stderr, code := run(t, "", "sample", "--out-dir", dir, "--lead-count", "20", "-o", filepath.Join(dir, "..", "files.csv"))
	if code != ExitOK || !strings.HasPrefix(stderr, "created folder "+dir+"\n") {
		t.Fatalf("new folder: exit %d, stderr %q", code, stderr)
	}
	os.WriteFile(filepath.Join(dir, "leads.csv"), []byte("lead_id\nmine\n"), 0o644)
	_, stderr, code = run(t, "", "sample", "--out-dir", dir, "--lead-count", "20")
	// The first run wrote every file of the set (sample.Files, in the
	// order it writes them); all are named.
	want := "error: --out-dir " + dir + ": the folder already holds " + strings.Join(sample.Files, ", ") + "; give --force to replace them, or another folder\n"
	if code != ExitUsage || !strings.HasPrefix(stderr, want) {
		t.Errorf("existing set: exit %d, stderr %q; want 2 and %q", code, stderr, want)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "leads.csv")); string(b) != "lead_id\nmine\n" {
		t.Errorf("refused run changed leads.csv to %.30q", b)
	}
	if _, stderr, code = run(t, "", "sample", "--out-dir", dir, "--lead-count", "20", "--force"); code != ExitOK {
		t.Fatalf("--force: exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "leads.csv")); !strings.HasPrefix(string(b), "lead_id,account_id,") {
		t.Errorf("--force left leads.csv as %.30q", b)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want2 := slices.Sorted(slices.Values(sample.Files))
	if !slices.Equal(names, want2) {
		t.Errorf("the folder holds %v, want %v", names, want2)
	}
}

// TestSignalRemovesTempFiles simulates a killed run: SIGTERM (then
// SIGINT) reaches the handler main installs, which removes the run's
// temporary files and exits 143 (130).
func TestSignalRemovesTempFiles(t *testing.T) {
	for _, tc := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGTERM, 143}, {syscall.SIGINT, 130}} {
		dir, _, err := outfile.MkdirTemp("funnel-signal-test-")
		if err != nil {
			t.Fatal(err)
		}
		exited := make(chan int, 1)
		stop := removeTempFilesOnSignal(func(code int) { exited <- code })
		syscall.Kill(os.Getpid(), tc.sig)
		select {
		case code := <-exited:
			if code != tc.code {
				t.Errorf("%v: exit %d, want %d", tc.sig, code, tc.code)
			}
		case <-time.After(time.Minute): // a hang, not a speed: the handler runs at once
			t.Fatalf("%v: the handler did not exit", tc.sig)
		}
		stop()
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("%v: the temporary folder is left (%v)", tc.sig, err)
		}
	}
}

// TestOutputStreamFormat: -o onto a stream with no extension (/dev/null,
// as /dev/stdout or a FIFO) writes TSV as a pipe gets it, where a file
// without an extension is a usage error.
func TestOutputStreamFormat(t *testing.T) {
	t.Parallel()
	paths := "testdata/attribution/channelattribution/PathData.csv"
	if _, stderr, code := run(t, "", "attribute", "--paths", paths, "--models", "first_touch", "-o", "/dev/null"); code != ExitOK {
		t.Errorf("-o /dev/null: exit %d: %s", code, stderr)
	}
	_, stderr, code := run(t, "", "attribute", "--paths", paths, "--models", "first_touch", "-o", filepath.Join(t.TempDir(), "out"))
	if code != ExitUsage || !strings.Contains(stderr, "has no extension") {
		t.Errorf("-o out: exit %d, stderr %q; want 2 and no extension", code, stderr)
	}
}
