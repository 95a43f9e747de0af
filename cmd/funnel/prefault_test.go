package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"slices"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

// TestMain lets a test run this binary as a restarting funnel would (see
// TestRestartFreeMadvise).
func TestMain(m *testing.M) {
	if os.Getenv("FUNNEL_TEST_RESTART") == "1" {
		restartable = true
		restartFreeMadvise()
		os.Stdout.WriteString("GODEBUG=" + os.Getenv("GODEBUG") + "\n")
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestHeapModelEstimate(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, size int) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, make([]byte, size), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	files := map[funnel.TableKind]string{
		funnel.Leads:         write("leads.csv", 1000),
		funnel.Touches:       write("touches.csv.gz", 500),          // read as 4 x 500
		funnel.Accounts:      write("book.xlsx", 300) + "#Accounts", // a sheet: read as 4 x 300
		funnel.Stages:        "-",                                   // stdin: unknown
		funnel.Opportunities: filepath.Join(dir, "missing.csv"),     // reading reports it
		funnel.Costs:         dir,                                   // not a file
		funnel.Paths:         write("paths.csv", 7000),              // not in the model
	}
	m := heapModel{funnel.Leads: 4, funnel.Touches: 0.5, funnel.Accounts: 2, funnel.Stages: 1, funnel.Opportunities: 1, funnel.Costs: 1}
	// 4 x 1000 + 0.5 x 2000 + 2 x 1200 = 7400
	if got := m.estimate(files); got != 7400 {
		t.Errorf("estimate = %d, want 7400", got)
	}
	if got := heapModel(nil).estimate(files); got != 0 {
		t.Errorf("no model: estimate = %d, want 0", got)
	}
}

func TestGodebug(t *testing.T) {
	for _, c := range []struct {
		list string
		want bool
	}{
		{"", false},
		{"madvdontneed=0", true},
		{"gctrace=1, madvdontneed=1", true},
		{"madvdontneedx=1", false},
		{"xmadvdontneed=1,gctrace=1", false},
		{"madvdontneed", false}, // not a setting
	} {
		if got := godebugHas(c.list, "madvdontneed"); got != c.want {
			t.Errorf("godebugHas(%q) = %v, want %v", c.list, got, c.want)
		}
	}
	for _, c := range []struct{ env, want []string }{
		{[]string{"HOME=/root"}, []string{"HOME=/root", "GODEBUG=madvdontneed=0"}},
		{[]string{"GODEBUG=", "A=1"}, []string{"GODEBUG=madvdontneed=0", "A=1"}},
		{[]string{"A=1", "GODEBUG=gctrace=1"}, []string{"A=1", "GODEBUG=gctrace=1,madvdontneed=0"}},
	} {
		if got := withGodebug(c.env, "madvdontneed=0"); !slices.Equal(got, c.want) {
			t.Errorf("withGodebug(%q) = %q, want %q", c.env, got, c.want)
		}
	}
}

// TestRestartFreeMadvise runs this test binary as a funnel process that
// may restart: it comes back with madvdontneed=0 added to GODEBUG, once,
// and leaves a GODEBUG that already chooses alone.
func TestRestartFreeMadvise(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("restarts on Linux only")
	}
	for _, c := range []struct{ godebug, want string }{
		{"", "GODEBUG=madvdontneed=0\n"},
		{"gctrace=0", "GODEBUG=gctrace=0,madvdontneed=0\n"},
		{"madvdontneed=1", "GODEBUG=madvdontneed=1\n"}, // the user's choice
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(withoutEnv(os.Environ(), "GODEBUG"), "FUNNEL_TEST_RESTART=1", "GODEBUG="+c.godebug)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("GODEBUG=%s: %v", c.godebug, err)
		}
		if string(out) != c.want {
			t.Errorf("GODEBUG=%s: the run printed %q, want %q", c.godebug, out, c.want)
		}
	}
	// Tests call Main, never main: the test process may not restart.
	if restartable {
		t.Error("restartable is set in the test process")
	}
}

func withoutEnv(env []string, key string) []string {
	return slices.DeleteFunc(slices.Clone(env), func(kv string) bool { return len(kv) > len(key) && kv[:len(key)+1] == key+"=" })
}

func TestPrefault(t *testing.T) {
	t.Setenv("FUNNEL_PREFAULT", "0")
	if got := prefault(64 << 20); got != 0 {
		t.Errorf("FUNNEL_PREFAULT=0: prefault backed %d bytes", got)
	}
	t.Setenv("FUNNEL_PREFAULT", "")
	if got := prefault(prefaultMin - 1); got != 0 {
		t.Errorf("below prefaultMin: prefault backed %d bytes", got)
	}
	if runtime.GOOS != "linux" {
		return
	}
	const n = 48 << 20
	got := prefault(n)
	if got == 0 && !populate(make([]byte, 1<<20)) {
		t.Skip("the kernel has no MADV_POPULATE_WRITE")
	}
	if got != n {
		t.Fatalf("prefault backed %d bytes, want %d", got, n)
	}
	defer func() { prefaulted = false }()
	// The block went back to the heap: free, or handed back to the kernel.
	s := []metrics.Sample{{Name: "/memory/classes/heap/free:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(s)
	if free := s[0].Value.Uint64() + s[1].Value.Uint64(); free < n {
		t.Errorf("after prefault the heap holds %d free bytes, want at least %d", free, n)
	}
	if again := prefault(n); again != 0 {
		t.Errorf("a second prefault backed %d bytes, want 0 (once a process)", again)
	}
}
