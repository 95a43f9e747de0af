package render

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// leftovers returns the temporary files WriteFile left in dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join(dir, ".funnel-*"))
	if err != nil {
		t.Fatal(err)
	}
	return matches
}

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

func TestWriteFileNew(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "out.csv")
	if err := WriteFile(out, nil, writeString("a,b\n1,2\n")); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil || string(got) != "a,b\n1,2\n" {
		t.Fatalf("content %q, %v", got, err)
	}
	fi, _ := os.Stat(out)
	if fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", fi.Mode().Perm())
	}
	if l := leftovers(t, dir); len(l) != 0 {
		t.Errorf("temporary files left: %v", l)
	}
}

func TestWriteFileReplaceKeepsMode(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "out.csv")
	if err := os.WriteFile(out, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(out, 0o640); err != nil { // umask-proof
		t.Fatal(err)
	}
	if err := WriteFile(out, nil, writeString("new")); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(out)
	fi, _ := os.Stat(out)
	if string(got) != "new" || fi.Mode().Perm() != 0o640 {
		t.Errorf("content %q mode %v, want \"new\" 0640", got, fi.Mode().Perm())
	}
}

func TestWriteFileFailureKeepsOld(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "out.csv")
	if err := os.WriteFile(out, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := WriteFile(out, nil, func(w io.Writer) error {
		io.WriteString(w, strings.Repeat("half-written ", 100000)) // more than the buffer: reaches the temp file
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("error %v, want boom", err)
	}
	if got, _ := os.ReadFile(out); string(got) != "precious" {
		t.Errorf("existing file changed to %.20q", got)
	}
	if l := leftovers(t, dir); len(l) != 0 {
		t.Errorf("temporary files left: %v", l)
	}

	// A panic in write cleans up too.
	func() {
		defer func() { _ = recover() }()
		WriteFile(out, nil, func(w io.Writer) error { panic("render test: panic in write") })
	}()
	if got, _ := os.ReadFile(out); string(got) != "precious" {
		t.Errorf("existing file changed to %.20q", got)
	}
	if l := leftovers(t, dir); len(l) != 0 {
		t.Errorf("temporary files left after a panic: %v", l)
	}
}

func TestWriteFileRefusesInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	in := filepath.Join(dir, "leads.csv")
	if err := os.WriteFile(in, []byte("lead_id\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "hard.csv")
	if err := os.Link(in, link); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)
	tests := []struct {
		name   string
		out    string
		inputs []string
	}{
		{"same path", in, []string{in}},
		{"another spelling", filepath.Join(sub, "..", "leads.csv"), []string{"-", in}},
		{"hard link", link, []string{in}},
		{"not yet existing", filepath.Join(dir, "new.csv"), []string{filepath.Join(sub, "..", "new.csv")}},
	}
	for _, tc := range tests {
		err := WriteFile(tc.out, tc.inputs, writeString("oops"))
		if err == nil || !strings.Contains(err.Error(), "refusing to write output to") {
			t.Errorf("%s: error %v", tc.name, err)
		}
	}
	if got, _ := os.ReadFile(in); string(got) != "lead_id\n1\n" {
		t.Errorf("input changed to %q", got)
	}
	if err := WriteFile(filepath.Join(dir, "out.csv"), []string{in, "-", ""}, writeString("ok")); err != nil {
		t.Errorf("a different file: %v", err)
	}
}

func TestWriteFileSymlinkAndFolder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	target := filepath.Join(dir, "real.csv")
	os.WriteFile(target, []byte("old"), 0o644)
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(target, link); err != nil {
		t.Skip(err)
	}
	if err := WriteFile(link, nil, writeString("new")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(target); string(got) != "new" {
		t.Errorf("target holds %q", got)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}
	if err := WriteFile(dir, nil, writeString("x")); err == nil || !strings.Contains(err.Error(), "a folder, not a file") {
		t.Errorf("folder: %v", err)
	}
	if err := WriteFile(filepath.Join(dir, "no", "such", "dir.csv"), nil, writeString("x")); err == nil {
		t.Error("missing folder: no error")
	}
}
