package main

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"testing"
)

func TestParseMemorySize(t *testing.T) {
	t.Parallel()
	const machine = 16 << 30
	for _, c := range []struct {
		in   string
		want int64
	}{
		{"off", 0},
		{"OFF", 0},
		{"1048576", 1 << 20},
		{"512MiB", 512 << 20},
		{"512 MiB", 512 << 20},
		{"512m", 512 << 20},
		{"512MB", 512 << 20}, // read as MiB, said in the help
		{"4GiB", 4 << 30},
		{"1.5G", 3 << 29},
		{"2T", 2 << 40},
		{"64KiB", 64 << 10},
		{"100B", 100},
		{"75%", 12 << 30},  // of 16 GiB
		{"12.5%", 2 << 30}, // of 16 GiB
		{"100%", 16 << 30},
	} {
		got, err := parseMemorySize(c.in, machine)
		if err != nil || got != c.want {
			t.Errorf("parseMemorySize(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"0", "-1GiB", "lots", "4 GiBs", "0%", "101%", "x%", "1e30TiB", "GiB", ""} {
		if got, err := parseMemorySize(bad, machine); err == nil {
			t.Errorf("parseMemorySize(%q) = %d, want an error", bad, got)
		}
	}
	if _, err := parseMemorySize("50%", 0); err == nil || !strings.Contains(err.Error(), "not known") {
		t.Errorf("a percentage of an unknown machine: err = %v, want one saying the memory is not known", err)
	}
}

// TestMemoryCeilingDefault: without --max-memory the ceiling is 75% of
// memoryLimit (the machine or its cgroup), or GOMEMLIMIT when set; a bad
// value is a usage error naming the flag.
func TestMemoryCeilingDefault(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	g := &globalOptions{}
	got, err := g.memoryCeiling()
	if want := memoryLimit() / 100 * 75; err != nil || got != want {
		t.Errorf("default ceiling = %d, %v; want %d (75%% of %d)", got, err, want, memoryLimit())
	}
	t.Setenv("GOMEMLIMIT", "3GiB")
	prev := debug.SetMemoryLimit(3 << 30) // what the runtime read from GOMEMLIMIT at start
	defer debug.SetMemoryLimit(prev)
	if got, err := g.memoryCeiling(); err != nil || got != 3<<30 {
		t.Errorf("with GOMEMLIMIT=3GiB: ceiling = %d, %v; want %d", got, err, 3<<30)
	}
	g.MaxMemory = "2GiB"
	if got, err := g.memoryCeiling(); err != nil || got != 2<<30 {
		t.Errorf("--max-memory 2GiB: ceiling = %d, %v; want %d", got, err, 2<<30)
	}
	_, stderr, code := run(t, "", "attribute", "--touches", "-", "--max-memory", "lots")
	if code != ExitUsage || !strings.HasPrefix(stderr, `error: --max-memory "lots": want a size`) {
		t.Errorf("--max-memory lots: exit %d, stderr %q", code, stderr)
	}
}

// TestPrefaultUnderCeiling: the prefault backs at most half the ceiling.
func TestPrefaultUnderCeiling(t *testing.T) {
	t.Parallel()
	if got := prefaultCap(64 << 20); got != 32<<20 {
		t.Errorf("prefaultCap(64 MiB) = %d, want 32 MiB", got)
	}
	if got, none := prefaultCap(1<<50), prefaultCap(0); got != none || none > prefaultMax {
		t.Errorf("prefaultCap(1 PiB) = %d, prefaultCap(0) = %d; want both the cap without a ceiling, at most %d", got, none, prefaultMax)
	}
}

// endlessStdin is a touches export that never ends: each row a new lead,
// so the table and its ids grow with every row; it gives up after limit
// bytes so that a broken ceiling fails the test, not the machine.
type endlessStdin struct {
	rows, bytes, limit int
	buf                bytes.Buffer
}

func (e *endlessStdin) Read(p []byte) (int, error) {
	for e.buf.Len() < len(p) && e.bytes+e.buf.Len() < e.limit {
		if e.rows == 0 {
			e.buf.WriteString("lead_id,occurred_at,channel\n")
		} else {
			fmt.Fprintf(&e.buf, "L%d,2024-03-%02d 09:00,email\n", e.rows, 1+e.rows%28)
		}
		e.rows++
	}
	n, err := e.buf.Read(p)
	e.bytes += n
	if err != nil {
		return 0, io.EOF
	}
	return n, nil
}

// TestMemoryCeilingEndlessStdin: attribute reading an endless stdin under
// --max-memory 48 MiB over the test's heap stops with one line naming
// stdin and the line reached, and exit 4, instead of growing until the
// runtime dies. It is not timed: the heap grows row by row, the runtime
// collects it (the more often as it nears the limit Main sets), and the
// reader's check fires at the first collection that finds it over.
//
// The heap is measured after a collection: the objects of the heap count
// the garbage of the tests before until one, and a ceiling over that
// garbage (the bombs of TestBadInputsGenerated) had the run read hundreds
// of MiB more before the ceiling was reached (5-12 s instead of 1).
func TestMemoryCeilingEndlessStdin(t *testing.T) {
	runtime.GC()
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	ceiling := s[0].Value.Uint64() + 48<<20
	in := &endlessStdin{limit: 2 << 30}
	var out, errOut bytes.Buffer
	code := Main(&IOStreams{In: in, Out: &out, ErrOut: &errOut}, []string{"attribute", "--touches", "-", "--max-memory", fmt.Sprint(ceiling), "--format", "csv"})
	stderr := errOut.String()
	if code != ExitMemory {
		t.Fatalf("exit %d, want %d (read %d MiB); stderr:\n%s", code, ExitMemory, in.bytes>>20, stderr)
	}
	re := regexp.MustCompile(`^error: stdin:(\d+): memory ceiling reached: the heap outgrew --max-memory [0-9.]+ MiB while this file was read; raise --max-memory or reduce the input\n$`)
	m := re.FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("stderr %q, want one line matching %s", stderr, re)
	}
	if line := m[1]; line == "1" || len(line) > len(fmt.Sprint(in.rows+1)) {
		t.Errorf("the error names line %s, want one past the header and within the %d rows given", line, in.rows)
	}
	if in.bytes >= in.limit || out.Len() != 0 {
		t.Errorf("read %d of %d bytes, wrote %d bytes of output: want stopped short, nothing written", in.bytes, in.limit, out.Len())
	}
	if got := debug.SetMemoryLimit(-1); got == int64(ceiling) {
		t.Errorf("Main left the runtime's memory limit at the ceiling")
	}
}
