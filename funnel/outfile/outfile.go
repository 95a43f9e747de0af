// Package outfile writes a run's output files so that they never harm a
// file that is not the run's: every output is staged in a temporary file
// in its destination's folder and put in place, all the run's outputs
// together, only when every one of them was written (Set); a failed or
// killed run leaves the old files as they were and no temporary file
// behind.
//
// The rules:
//
//   - A destination that is a regular file, or does not exist, is staged
//     and renamed over (atomic). A symbolic link is followed to its target
//     first: the target is replaced, the link stays.
//   - A destination that is not a regular file (a character device such as
//     /dev/null or /dev/full, a FIFO, a pipe or a terminal reached through
//     /dev/stdout or /proc/self/fd/N) is written directly, as a shell's >
//     would: it cannot be staged, and a write error (ENOSPC from
//     /dev/full) is an error. So is a path reached through /proc or
//     /dev/fd, whose links name open files, not places.
//   - A destination that is one of the run's inputs is refused (see
//     SameFile), as is a folder, and a path whose folder does not exist
//     ("folder X does not exist"): see Check, which a command calls before
//     it reads anything.
//   - On Linux the temporary file is unnamed (O_TMPFILE in the
//     destination's folder), so that even a kill -9 leaves nothing; it is
//     linked into place on commit. Where the file system refuses O_TMPFILE
//     (and on other systems) it is a named ".funnel-*" file, removed on
//     failure and by RemoveTempFiles, which a SIGINT/SIGTERM handler calls.
package outfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// Set is the output files of one run, staged and put in place together.
// The zero value is an empty set. A Set is not safe for concurrent use.
//
//	var set outfile.Set
//	defer set.Discard()
//	if err := set.Write("out.csv", inputs, fill); err != nil { ... }
//	if err := set.Write("plot.png", inputs, draw); err != nil { ... }
//	return set.Commit()
type Set struct {
	files []*File
}

// File is one staged output: what is written to it goes to its temporary
// file (or, for a device or FIFO, straight to the destination).
type File struct {
	path   string // the destination as given, for messages
	target string // the destination, symbolic links followed
	f      *os.File
	w      *bufio.Writer
	tmp    string // the named temporary file; "" for an unnamed one or a direct write
	direct bool   // written directly: a device, FIFO or pipe
	mode   fs.FileMode
	closed bool
	size   int64 // bytes written
}

// Write stages path (see Create), fills it with write and closes it. On
// an error nothing is left of path's staging.
func (s *Set) Write(path string, inputs []string, write func(w io.Writer) error) error {
	f, err := s.Create(path, inputs)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.discard()
		return err
	}
	return f.Close()
}

// Create stages path, which must not be one of inputs: it returns the
// File to write it through, whose Close finishes it (Commit puts it in
// place). A destination that is not a regular file is opened for writing
// directly (see the package documentation).
func (s *Set) Create(path string, inputs []string) (*File, error) {
	if path == "" || path == "-" {
		panic(fmt.Sprintf("outfile: Create needs a file name, not %q", path))
	}
	dest, err := resolve(path)
	if err != nil {
		return nil, err
	}
	if err := CheckNotInput(path, inputs); err != nil {
		return nil, err
	}
	for _, other := range s.files {
		if other.target == dest.target && !dest.direct {
			return nil, failf(path, "written twice by one run (also as %s)", other.path)
		}
	}
	f := &File{path: path, target: dest.target, direct: dest.direct, mode: dest.mode}
	if dest.direct {
		flag := os.O_WRONLY
		if dest.regular {
			flag |= os.O_APPEND // an open file of the shell's (>> or >): never cut
		}
		f.f, err = os.OpenFile(path, flag, 0)
	} else {
		f.f, f.tmp, err = createTemp(filepath.Dir(dest.target))
	}
	if err != nil {
		return nil, fail(path, err)
	}
	f.w = bufio.NewWriterSize(f.f, 64<<10)
	s.files = append(s.files, f)
	return f, nil
}

// Write writes p to the file's staging.
func (f *File) Write(p []byte) (int, error) {
	n, err := f.w.Write(p)
	f.size += int64(n)
	if err != nil {
		err = fail(f.path, err)
	}
	return n, err
}

// Size returns the number of bytes written to the file.
func (f *File) Size() int64 { return f.size }

// Close flushes the file and, staged, syncs it to disk with its mode; a
// direct one is closed. It does not put the file in place: Commit does.
func (f *File) Close() error {
	if f.closed {
		return nil
	}
	if err := f.w.Flush(); err != nil {
		f.discard()
		return fail(f.path, err)
	}
	if f.direct {
		f.closed = true
		if err := f.f.Close(); err != nil {
			return fail(f.path, err)
		}
		return nil
	}
	if err := f.f.Chmod(f.mode); err != nil {
		f.discard()
		return fail(f.path, err)
	}
	if err := f.f.Sync(); err != nil {
		f.discard()
		return fail(f.path, err)
	}
	f.closed = true // an unnamed file stays open until it is linked
	return nil
}

// discard drops the file's staging.
func (f *File) discard() {
	f.closed = true
	if f.f != nil {
		f.f.Close()
	}
	if f.tmp != "" {
		os.Remove(f.tmp)
		untrack(f.tmp)
		f.tmp = ""
	}
}

// Commit puts every staged file in place, when each was written and
// closed: first each gets a temporary name in its folder (an unnamed
// file is linked to one), then each is renamed over its destination. A failure before
// the renames leaves every destination as it was. The renames are one at
// a time: should one fail (a folder put in a file's way meanwhile), the
// files renamed before it are the new ones and the rest the old, and the
// error says so.
func (s *Set) Commit() error {
	for _, f := range s.files {
		if !f.closed {
			s.Discard()
			return fmt.Errorf("outfile: %s was not closed before Commit", f.path)
		}
	}
	for _, f := range s.files {
		if f.direct || f.tmp != "" {
			continue
		}
		name, err := linkUnnamed(f.f, f.target)
		f.f.Close()
		f.f = nil
		if err != nil {
			s.Discard()
			return fail(f.path, err)
		}
		f.tmp = name
	}
	dirs := map[string]bool{}
	for i, f := range s.files {
		if f.direct {
			continue
		}
		dirs[filepath.Dir(f.target)] = true
		if err := os.Rename(f.tmp, f.target); err != nil {
			s.files = s.files[i:]
			s.Discard()
			return failf(f.path, "%v (%d of the run's other files were put in place before it)", plainError(err), i)
		}
		untrack(f.tmp)
		f.tmp = ""
	}
	s.files = nil
	for dir := range dirs {
		syncDir(dir)
	}
	return nil
}

// Discard drops every staged file that was not committed: no destination
// changes (a direct write cannot be taken back). It is safe to call after
// Commit, and as a defer.
func (s *Set) Discard() {
	for _, f := range s.files {
		f.discard()
	}
	s.files = nil
}

// WriteFile writes one output file: a Set of one.
func WriteFile(path string, inputs []string, write func(w io.Writer) error) error {
	var s Set
	defer s.Discard()
	if err := s.Write(path, inputs, write); err != nil {
		return err
	}
	return s.Commit()
}

// syncDir makes a rename in dir durable where the system allows it.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync() // best effort: some systems cannot sync a folder
	d.Close()
}

// destination is what resolve found at an output path.
type destination struct {
	target  string      // symbolic links followed
	direct  bool        // not a regular file, or reached through /proc or /dev/fd
	regular bool        // it exists and is a regular file
	mode    fs.FileMode // permission bits of a new file (0644) or the replaced one
}

// maxLinks bounds the symbolic links followed, as the kernel's ELOOP does.
const maxLinks = 40

// resolve follows path's symbolic links and says how it is written. The
// kernel follows /proc's links to open files (pipe:[123] included), so
// the type comes from os.Stat of path itself.
func resolve(path string) (destination, error) {
	d := destination{target: path, mode: 0o644}
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		// a new file: its folder is checked below
	case err != nil:
		return d, fail(path, err)
	case st.IsDir():
		return d, failf(path, "a folder, not a file")
	case !st.Mode().IsRegular():
		d.direct = true
		return d, nil
	default:
		d.regular, d.mode = true, st.Mode().Perm()
	}
	p := path
	for hops := 0; ; hops++ {
		if magic(p) {
			d.direct = true
			return d, nil
		}
		fi, err := os.Lstat(p)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 || hops == maxLinks {
			break // a new file, or the target
		}
		link, err := os.Readlink(p)
		if err != nil {
			return d, fail(path, err)
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(p), link)
		}
		p = link
	}
	d.target = p
	if !d.regular {
		if err := checkFolder(path, filepath.Dir(p)); err != nil {
			return d, err
		}
	}
	return d, nil
}

// IsStream reports whether path is written as a stream (a device, a FIFO,
// a pipe through /dev/stdout or /proc/self/fd/N) rather than as a file put
// in place: such a path names no format by its extension.
func IsStream(path string) bool {
	d, err := resolve(path)
	return err == nil && d.direct
}

// magic reports whether path lies under /proc or /dev/fd, whose links
// name open files (a pipe, a deleted file), not places to write a file.
func magic(path string) bool {
	clean := filepath.Clean(path)
	for _, root := range []string{"/proc", "/dev/fd"} {
		if clean == root || strings.HasPrefix(clean, root+"/") {
			return true
		}
	}
	return false
}

// Check reports, before a run reads anything, whether path can be
// written: a file (not a folder), in a folder that exists and takes new
// files, or a device or FIFO; and not one of inputs. A folder that does
// not exist is "folder X does not exist": the caller creates one only
// where the user asked for it (sample --out-dir, a configured report output).
func Check(path string, inputs []string) error {
	d, err := resolve(path)
	if err != nil {
		return err
	}
	if err := CheckNotInput(path, inputs); err != nil {
		return err
	}
	if d.direct {
		return nil
	}
	f, tmp, err := createTemp(filepath.Dir(d.target))
	if err != nil {
		return failf(path, "cannot write in folder %s: %v", filepath.Dir(d.target), plainError(err))
	}
	f.Close()
	if tmp != "" {
		os.Remove(tmp)
		untrack(tmp)
	}
	return nil
}

// checkFolder says "folder X does not exist" (or is a file) for a path
// whose folder is missing.
func checkFolder(path, dir string) error {
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return failf(path, "folder %s does not exist", dir)
	case err != nil:
		return failf(path, "folder %s: %v", dir, plainError(err))
	case !st.IsDir():
		return failf(path, "%s is a file, not a folder", dir)
	}
	return nil
}

// Error is a problem with an output file: its path as given, and what
// happened.
type Error struct {
	Path string
	Err  error
}

func (e *Error) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// fail returns err about the output path, without the temporary file's
// name.
func fail(path string, err error) error { return &Error{Path: path, Err: plainError(err)} }

// failf returns a formatted error about the output path.
func failf(path, format string, args ...any) error {
	return &Error{Path: path, Err: fmt.Errorf(format, args...)}
}

// plainError drops the *PathError wrapping of err, whose path is a
// temporary file's, so that messages name the destination only.
func plainError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
