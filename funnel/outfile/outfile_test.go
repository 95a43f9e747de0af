package outfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

// names returns the names in dir, sorted.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// TestUnnamedBeforeCommit: on Linux a staged file has no name in its
// folder until Commit (O_TMPFILE), so a kill -9 before it leaves nothing;
// after Commit the folder holds the file and nothing else.
func TestUnnamedBeforeCommit(t *testing.T) {
	dir := t.TempDir()
	var s Set
	defer s.Discard()
	if err := s.Write(filepath.Join(dir, "a.csv"), nil, writeString("a\n1\n")); err != nil {
		t.Fatal(err)
	}
	if err := s.Write(filepath.Join(dir, "b.csv"), nil, writeString("b\n2\n")); err != nil {
		t.Fatal(err)
	}
	if f, err := openUnnamed(dir); err != nil {
		t.Skipf("no O_TMPFILE here: %v", err)
	} else {
		f.Close()
	}
	if got := names(t, dir); len(got) != 0 {
		t.Fatalf("before Commit the folder holds %v, want nothing", got)
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := names(t, dir); !slices.Equal(got, []string{"a.csv", "b.csv"}) {
		t.Fatalf("after Commit the folder holds %v", got)
	}
	for name, want := range map[string]string{"a.csv": "a\n1\n", "b.csv": "b\n2\n"} {
		b, _ := os.ReadFile(filepath.Join(dir, name))
		st, _ := os.Stat(filepath.Join(dir, name))
		if string(b) != want || st.Mode().Perm() != 0o644 {
			t.Errorf("%s: %q mode %v, want %q 0644", name, b, st.Mode().Perm(), want)
		}
	}
}

// TestNamedAndRemoveTempFiles: where O_TMPFILE is refused the staging is
// a named .funnel-* file; RemoveTempFiles (a signal's cleanup: a killed
// run simulated) removes it, and MkdirTemp's folder, and a later run
// writes normally.
func TestNamedAndRemoveTempFiles(t *testing.T) {
	namedOnly = true
	defer func() { namedOnly = false }()
	dir := t.TempDir()
	var s Set
	f, err := s.Create(filepath.Join(dir, "out.csv"), nil)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(f, strings.Repeat("x", 100000))
	tmpDir, _, err := MkdirTemp("outfile-test-")
	if err != nil {
		t.Fatal(err)
	}
	if got := names(t, dir); len(got) != 1 || !strings.HasPrefix(got[0], ".funnel-") {
		t.Fatalf("staging: folder holds %v, want one .funnel-* file", got)
	}
	RemoveTempFiles()
	if got := names(t, dir); len(got) != 0 {
		t.Errorf("after RemoveTempFiles the folder holds %v", got)
	}
	if _, err := os.Stat(tmpDir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("MkdirTemp's folder left: %v", err)
	}
	s.Discard()
	if err := WriteFile(filepath.Join(dir, "out.csv"), nil, writeString("ok")); err != nil {
		t.Fatal(err)
	}
	if got := names(t, dir); !slices.Equal(got, []string{"out.csv"}) {
		t.Errorf("named run: folder holds %v", got)
	}
}

// TestSetAllOrNothing: when a later output fails, the earlier ones of the
// set are not put in place, and existing files keep their bytes.
func TestSetAllOrNothing(t *testing.T) {
	for _, named := range []bool{false, true} {
		namedOnly = named
		dir := t.TempDir()
		old := filepath.Join(dir, "model.json")
		os.WriteFile(old, []byte("old model"), 0o644)
		var s Set
		if err := s.Write(filepath.Join(dir, "plot.png"), nil, writeString("png")); err != nil {
			t.Fatal(err)
		}
		if err := s.Write(old, nil, writeString("new model")); err != nil {
			t.Fatal(err)
		}
		boom := errors.New("boom")
		err := s.Write(filepath.Join(dir, "x.csv"), nil, func(w io.Writer) error {
			io.WriteString(w, strings.Repeat("half ", 50000))
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("error %v, want boom", err)
		}
		s.Discard()
		if got := names(t, dir); !slices.Equal(got, []string{"model.json"}) {
			t.Errorf("named %v: folder holds %v, want model.json only", named, got)
		}
		if b, _ := os.ReadFile(old); string(b) != "old model" {
			t.Errorf("named %v: model.json holds %q", named, b)
		}
	}
	namedOnly = false
}

// TestFIFO: a FIFO is written into, not replaced by a file.
func TestFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	got := make(chan string)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		got <- string(b)
	}()
	if err := WriteFile(fifo, nil, writeString("a,b\n1,2\n")); err != nil {
		t.Fatal(err)
	}
	if s := <-got; s != "a,b\n1,2\n" {
		t.Errorf("the reader got %q", s)
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("the FIFO is now %v (%v)", st.Mode(), err)
	}
}

// TestDevFull: a write error of a device is an error, and the device
// stays a device.
func TestDevFull(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip(err)
	}
	err := WriteFile("/dev/full", nil, writeString("a,b\n1,2\n"))
	if !errors.Is(err, syscall.ENOSPC) || !strings.HasPrefix(err.Error(), "/dev/full: ") {
		t.Errorf("error %v, want /dev/full: no space left on device", err)
	}
	if st, _ := os.Lstat("/dev/full"); st.Mode()&fs.ModeCharDevice == 0 {
		t.Errorf("/dev/full is now %v", st.Mode())
	}
	if err := WriteFile("/dev/null", nil, writeString("x")); err != nil {
		t.Errorf("/dev/null: %v", err)
	}
}

// TestPipeThroughProc: /dev/fd/N and a symbolic link to /proc/self/fd/N
// naming a pipe are written into; the link stays a link.
func TestPipeThroughProc(t *testing.T) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip(err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	fd := strconv.Itoa(int(w.Fd()))
	link := filepath.Join(t.TempDir(), "stdout")
	if err := os.Symlink("/proc/self/fd/"+fd, link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(link, nil, writeString("one\n")); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile("/dev/fd/"+fd, nil, writeString("two\n")); err != nil {
		t.Fatal(err)
	}
	w.Close()
	b, _ := io.ReadAll(r)
	if string(b) != "one\ntwo\n" {
		t.Errorf("the pipe got %q", b)
	}
	if st, _ := os.Lstat(link); st.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the link is now %v", st.Mode())
	}
}

// TestSymlinkToFile: the target is replaced atomically, the link stays;
// a dangling link gets its target created.
func TestSymlinkToFile(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.csv")
	os.WriteFile(target, []byte("old"), 0o600)
	link := filepath.Join(dir, "link.csv")
	os.Symlink("real.csv", link)
	if err := WriteFile(link, nil, writeString("new")); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(target)
	st, _ := os.Stat(target)
	if string(b) != "new" || st.Mode().Perm() != 0o600 {
		t.Errorf("target holds %q mode %v, want \"new\" 0600", b, st.Mode().Perm())
	}
	if st, _ := os.Lstat(link); st.Mode()&fs.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}
	dangling := filepath.Join(dir, "dangling.csv")
	os.Symlink("made.csv", dangling)
	if err := WriteFile(dangling, nil, writeString("made")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "made.csv")); string(b) != "made" {
		t.Errorf("dangling link's target holds %q", b)
	}
}

// TestSameFileSheet: an input book.xlsx#Touches protects book.xlsx; a
// file really named with a # is compared as it is.
func TestSameFileSheet(t *testing.T) {
	dir := t.TempDir()
	book := filepath.Join(dir, "book.xlsx")
	os.WriteFile(book, []byte("PK"), 0o644)
	hashed := filepath.Join(dir, "odd#name.csv")
	os.WriteFile(hashed, []byte("x"), 0o644)
	tests := []struct {
		out, in string
		want    bool
	}{
		{book, book + "#Touches", true},
		{filepath.Join(dir, "sub", "..", "book.xlsx"), book + "#Touches", true},
		{filepath.Join(dir, "new.xlsx"), filepath.Join(dir, "new.xlsx#S"), true}, // neither exists yet
		{hashed, hashed, true},
		{filepath.Join(dir, "odd"), hashed, false},
		{book, "-", false},
		{book, "", false},
	}
	for _, tc := range tests {
		if got := SameFile(tc.out, tc.in); got != tc.want {
			t.Errorf("SameFile(%s, %s) = %v, want %v", tc.out, tc.in, got, tc.want)
		}
	}
	err := WriteFile(book, []string{book + "#Touches"}, writeString("oops"))
	if err == nil || !strings.Contains(err.Error(), "refusing to write output to input file "+book+"#Touches") {
		t.Errorf("error %v", err)
	}
	if b, _ := os.ReadFile(book); string(b) != "PK" {
		t.Errorf("the workbook holds %q", b)
	}
}

// TestCheck: a missing folder, a folder and a file in a file's place are
// named before anything is read; a device passes.
func TestCheck(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f.csv")
	os.WriteFile(file, nil, 0o644)
	tests := []struct{ path, want string }{
		{filepath.Join(dir, "nodir", "x.csv"), "folder " + filepath.Join(dir, "nodir") + " does not exist"},
		{dir, "a folder, not a file"},
		{filepath.Join(file, "x.csv"), file + " is a file, not a folder"},
	}
	for _, tc := range tests {
		err := Check(tc.path, nil)
		if err == nil || err.Error() != tc.path+": "+tc.want {
			t.Errorf("Check(%s) = %v, want %s", tc.path, err, tc.want)
		}
	}
	if err := Check(filepath.Join(dir, "new.csv"), nil); err != nil {
		t.Error(err)
	}
	if err := Check("/dev/null", nil); err != nil {
		t.Error(err)
	}
	if got := names(t, dir); !slices.Equal(got, []string{"f.csv"}) {
		t.Errorf("Check left %v", got)
	}
}

// IsStream: a device and a path under /proc or /dev/fd are streams; a
// regular file, a new file and a missing folder are not.
func TestIsStream(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "a.csv")
	if err := os.WriteFile(file, []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]bool{
		"/dev/null":                   true,
		"/proc/self/fd/1":             true,
		file:                          false,
		filepath.Join(dir, "new.csv"): false,
		filepath.Join(dir, "no", "x"): false,
	} {
		if got := IsStream(path); got != want {
			t.Errorf("IsStream(%s) = %v, want %v", path, got, want)
		}
	}
}
