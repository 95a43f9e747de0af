package render

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteFile writes an output file atomically: write fills a temporary file
// in path's folder, which is synced and renamed over path only when write
// succeeds; on any failure the temporary file is removed and an existing
// file at path is left as it was. A replaced file keeps its permission
// bits; a new file gets 0644. When path is a symbolic link its target is
// replaced.
//
// WriteFile refuses a path that is the same file as one of inputs (by
// os.SameFile, or by cleaned absolute path when it does not exist yet), so
// that -o never clobbers the data being read; "-" (stdin) and "" inputs
// are ignored.
func WriteFile(path string, inputs []string, write func(w io.Writer) error) (err error) {
	if path == "" || path == "-" {
		return fmt.Errorf("render: WriteFile needs a file name, not %q", path)
	}
	if err := checkNotInput(path, inputs); err != nil {
		return err
	}
	target := path
	mode := fs.FileMode(0o644)
	if fi, statErr := os.Stat(path); statErr == nil {
		if fi.IsDir() {
			return fmt.Errorf("render: output %s is a folder", path)
		}
		mode = fi.Mode().Perm()
		if resolved, err := filepath.EvalSymlinks(path); err == nil {
			target = resolved
		}
	} else if !errors.Is(statErr, fs.ErrNotExist) {
		return fmt.Errorf("render: output %s: %w", path, statErr)
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), ".funnel-*")
	if err != nil {
		return fmt.Errorf("render: output %s: %w", path, err)
	}
	done := false
	defer func() {
		if !done { // any failure, or a panic in write
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 64<<10)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("render: writing %s: %w", path, err)
	}
	if err := tmp.Chmod(mode); err != nil {
		return fmt.Errorf("render: output %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("render: writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("render: writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return fmt.Errorf("render: output %s: %w", path, err)
	}
	done = true
	syncDir(filepath.Dir(target))
	return nil
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

// checkNotInput returns an error when path is one of inputs.
func checkNotInput(path string, inputs []string) error {
	outInfo, outErr := os.Stat(path)
	outAbs, absErr := filepath.Abs(path)
	for _, in := range inputs {
		if in == "" || in == "-" {
			continue
		}
		if outErr == nil {
			if inInfo, err := os.Stat(in); err == nil && os.SameFile(outInfo, inInfo) {
				return fmt.Errorf("render: refusing to write output to input file %s", in)
			}
		}
		if absErr == nil {
			if inAbs, err := filepath.Abs(in); err == nil && inAbs == outAbs {
				return fmt.Errorf("render: refusing to write output to input file %s", in)
			}
		}
	}
	return nil
}
