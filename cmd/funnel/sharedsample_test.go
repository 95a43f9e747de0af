package main

import (
	"os"
	"sync"
	"testing"

	"github.com/funnel-analytics/funnel/funnel/sample"
)

// shared is the default sample set (sample.DefaultConfig: 20,000 leads,
// seed 1), generated once for the tests that read it, into a folder
// TestMain removes at the end. The tests only read it: a test that writes
// beside its inputs generates its own.
var shared struct {
	once  sync.Once
	dir   string
	truth *sample.Truth
	err   error
}

// defaultSample returns the folder of the default sample set and its
// planted truth (not to be changed), generating them on the first call.
func defaultSample(t *testing.T) (string, *sample.Truth) {
	t.Helper()
	shared.once.Do(func() {
		if shared.dir, shared.err = os.MkdirTemp("", "funnel-test-sample-"); shared.err == nil {
			shared.truth, shared.err = sample.WriteDir(shared.dir, sample.DefaultConfig())
		}
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.dir, shared.truth
}

// removeDefaultSample removes the folder of defaultSample, if made.
func removeDefaultSample() {
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
}
