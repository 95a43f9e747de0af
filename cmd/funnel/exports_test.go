package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// handWritten are the files of a corpus case that are written by hand (or
// by TestCases -update), not by testdata/exports/gen.
var handWritten = map[string]bool{
	"cmd": true, "expect.md": true, "expout": true, "experr": true, "expcode": true, "should-fail": true,
	"stdin": true, "README.md": true,
}

// TestExportsCorpusCurrent regenerates the conformance corpus into a
// temporary folder (go run ./testdata/exports/gen -out DIR) and checks that
// the committed export files are exactly what the generator writes: same
// set of files, same bytes. Workbooks (.xlsx) are compared entry by entry
// after decompression, so that a change of the Go toolchain's deflate
// output does not count as drift; their XML is deterministic (fixed
// document times, sorted content types). After changing the generator,
// run it and commit its output.
func TestExportsCorpusCurrent(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds and runs the corpus generator")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool on PATH to run the generator")
	}
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	corpus := filepath.Join(root, "testdata", "exports")
	tmp := t.TempDir()
	run := exec.Command(goTool, "run", "./testdata/exports/gen", "-out", tmp)
	run.Dir = root
	if out, err := run.CombinedOutput(); err != nil {
		t.Fatalf("go run ./testdata/exports/gen: %v\n%s", err, out)
	}
	generated := listFiles(t, tmp, nil)
	committed := listFiles(t, corpus, func(rel string) bool {
		return strings.HasPrefix(rel, "gen/") || handWritten[filepath.Base(rel)]
	})
	if len(generated) < 18 {
		t.Fatalf("the generator wrote %d files, want at least 18", len(generated))
	}
	for rel := range generated {
		if !committed[rel] {
			t.Errorf("%s: written by the generator but not committed (run go run ./testdata/exports/gen)", rel)
		}
	}
	for rel := range committed {
		if !generated[rel] {
			t.Errorf("%s: committed but not written by the generator (stale? remove it, or add it to the generator)", rel)
		}
	}
	for rel := range generated {
		if !committed[rel] {
			continue
		}
		want, err := os.ReadFile(filepath.Join(tmp, rel))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(corpus, rel))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(rel, ".xlsx") {
			if err := sameZip(got, want); err != nil {
				t.Errorf("%s differs from the generator's output: %v (run go run ./testdata/exports/gen)", rel, err)
			}
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the generator's output (run go run ./testdata/exports/gen)", rel)
		}
	}
}

// listFiles lists the regular files under dir by slash-separated relative
// path, leaving out those skip says to.
func listFiles(t *testing.T, dir string, skip func(rel string) bool) map[string]bool {
	t.Helper()
	files := map[string]bool{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if skip == nil || !skip(rel) {
			files[rel] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// sameZip reports how two zip archives differ: in their entries' names and
// order, or in an entry's uncompressed bytes.
func sameZip(a, b []byte) error {
	ea, err := zipEntries(a)
	if err != nil {
		return err
	}
	eb, err := zipEntries(b)
	if err != nil {
		return err
	}
	if len(ea) != len(eb) {
		return fmt.Errorf("%d entries, want %d", len(ea), len(eb))
	}
	for i := range ea {
		if ea[i].name != eb[i].name {
			return fmt.Errorf("entry %d is %s, want %s", i, ea[i].name, eb[i].name)
		}
		if !bytes.Equal(ea[i].body, eb[i].body) {
			return fmt.Errorf("entry %s differs", ea[i].name)
		}
	}
	return nil
}

type zipEntry struct {
	name string
	body []byte
}

func zipEntries(b []byte) ([]zipEntry, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, err
	}
	var out []zipEntry
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, zipEntry{f.Name, body})
	}
	return out, nil
}
