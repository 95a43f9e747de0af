package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/funnel-analytics/funnel/funnel/sample"
)

// sharedDir is a folder of files several tests read (sample sets and
// fixtures made from them), made once per test binary and removed by
// TestMain at the end. The tests only read what is in it: a test that
// writes beside its inputs generates its own.
var sharedDir struct {
	once sync.Once
	dir  string
	err  error
}

// sharedFolder returns sharedDir's folder, making it on the first call.
func sharedFolder(t *testing.T) string {
	t.Helper()
	sharedDir.once.Do(func() { sharedDir.dir, sharedDir.err = os.MkdirTemp("", "funnel-test-shared-") })
	if sharedDir.err != nil {
		t.Fatal(sharedDir.err)
	}
	return sharedDir.dir
}

// removeShared removes sharedDir's folder, if made.
func removeShared() {
	if sharedDir.dir != "" {
		os.RemoveAll(sharedDir.dir)
	}
}

// made is a file set made once per test binary (sharedSet).
type made struct {
	once  sync.Once
	dir   string
	truth *sample.Truth
	err   error
}

var sets struct {
	mu sync.Mutex
	m  map[string]*made
}

// sharedSet returns the folder (in sharedDir) of the files write writes
// into it, and write's truth (nil when it has none); write runs once per
// test binary for key, on the first call. The same key must always come
// with the same write; a write that fails the test (t.Fatal) fails every
// test asking for key. The files are only to be read.
func sharedSet(t *testing.T, key string, write func(dir string) (*sample.Truth, error)) (string, *sample.Truth) {
	t.Helper()
	root := sharedFolder(t)
	sets.mu.Lock()
	if sets.m == nil {
		sets.m = map[string]*made{}
	}
	m := sets.m[key]
	if m == nil {
		m = &made{dir: filepath.Join(root, fmt.Sprintf("set%d", len(sets.m)))}
		sets.m[key] = m
	}
	sets.mu.Unlock()
	m.once.Do(func() {
		if m.err = os.Mkdir(m.dir, 0o755); m.err == nil {
			m.err = errors.New("making it failed in another test") // until write returns
			m.truth, m.err = write(m.dir)
		}
	})
	if m.err != nil {
		t.Fatalf("%s: %v", key, m.err)
	}
	return m.dir, m.truth
}

// sampleSet returns the folder of the sample set of cfg (what funnel
// sample writes for it) and its planted truth (not to be changed),
// generated once per test binary.
func sampleSet(t *testing.T, cfg sample.Config) (string, *sample.Truth) {
	t.Helper()
	key := fmt.Sprintf("sample leads=%d seed=%d months=%d end=%s", cfg.Leads, cfg.Seed, cfg.Months, cfg.End.Format("2006-01-02"))
	return sharedSet(t, key, func(dir string) (*sample.Truth, error) { return sample.WriteDir(dir, cfg) })
}

// defaultSample returns the folder of the default sample set
// (sample.DefaultConfig: 20,000 leads, seed 1) and its planted truth.
func defaultSample(t *testing.T) (string, *sample.Truth) {
	t.Helper()
	return sampleSet(t, sample.DefaultConfig())
}

// smallSample returns the folder of the sample set of leads leads over
// months months (seed 1, ending as the default): what `funnel sample
// --lead-count leads --history-months months` writes.
func smallSample(t *testing.T, leads, months int) string {
	t.Helper()
	cfg := sample.DefaultConfig()
	cfg.Leads, cfg.Months = leads, months
	dir, _ := sampleSet(t, cfg)
	return dir
}
