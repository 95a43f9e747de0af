package outfile

import (
	"os"
	"sync"
)

// Named temporary files (".funnel-*", where an unnamed one cannot be
// made) and temporary folders (MkdirTemp) of the running process are
// tracked, so that RemoveTempFiles can remove them when a signal ends the
// run.
var temps struct {
	sync.Mutex
	paths map[string]bool
}

// tempPrefix starts the name of every named temporary file.
const tempPrefix = ".funnel-"

// namedOnly makes every temporary file named, as where O_TMPFILE is
// refused: for tests.
var namedOnly bool

// createTemp makes the temporary file of an output in dir: unnamed where
// the system allows it (tmp == ""), else named and tracked.
func createTemp(dir string) (f *os.File, tmp string, err error) {
	if !namedOnly {
		if f, err := openUnnamed(dir); err == nil {
			return f, "", nil
		}
	}
	temps.Lock() // held until the name is tracked: no signal between
	defer temps.Unlock()
	f, err = os.CreateTemp(dir, tempPrefix+"*")
	if err != nil {
		return nil, "", err
	}
	trackLocked(f.Name())
	return f, f.Name(), nil
}

// MkdirTemp makes a temporary folder (os.MkdirTemp in the system's
// temporary folder) that RemoveTempFiles removes; remove removes it
// otherwise.
func MkdirTemp(pattern string) (dir string, remove func(), err error) {
	temps.Lock()
	defer temps.Unlock()
	dir, err = os.MkdirTemp("", pattern)
	if err != nil {
		return "", nil, err
	}
	trackLocked(dir)
	return dir, func() {
		os.RemoveAll(dir)
		untrack(dir)
	}, nil
}

func trackLocked(path string) {
	if temps.paths == nil {
		temps.paths = map[string]bool{}
	}
	temps.paths[path] = true
}

func track(path string) {
	temps.Lock()
	trackLocked(path)
	temps.Unlock()
}

func untrack(path string) {
	temps.Lock()
	delete(temps.paths, path)
	temps.Unlock()
}

// RemoveTemp removes a temporary file or folder made by MkdirTemp (or
// tracked otherwise) before RemoveTempFiles would: its owner is done with
// it.
func RemoveTemp(path string) {
	os.RemoveAll(path)
	untrack(path)
}

// RemoveTempFiles removes the named temporary files and folders of the
// running process: for a handler of SIGINT and SIGTERM, before it exits.
// Unnamed temporary files need nothing: they vanish with the process.
func RemoveTempFiles() {
	temps.Lock()
	paths := temps.paths
	temps.paths = nil
	temps.Unlock()
	for path := range paths {
		os.RemoveAll(path)
	}
}
