package outfile

import (
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"

	"golang.org/x/sys/unix"
)

// openUnnamed opens an unnamed temporary file in dir (O_TMPFILE, Linux
// 3.11 and later, on file systems that support it): it has no name until
// linkUnnamed gives it one, so a killed process leaves nothing behind.
func openUnnamed(dir string) (*os.File, error) {
	fd, err := unix.Open(dir, unix.O_TMPFILE|unix.O_WRONLY|unix.O_CLOEXEC, 0o600)
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), filepath.Join(dir, "(unnamed)")), nil
}

// linkUnnamed gives the unnamed file f a temporary name in target's
// folder, for a rename over target: linkat cannot replace a file. It
// links through /proc/self/fd, as open(2) describes, which needs no
// privilege (AT_EMPTY_PATH would need CAP_DAC_READ_SEARCH). The name is
// tracked (RemoveTempFiles) from before it exists.
func linkUnnamed(f *os.File, target string) (string, error) {
	from := "/proc/self/fd/" + strconv.Itoa(int(f.Fd()))
	dir := filepath.Dir(target)
	for try := 0; ; try++ {
		name := filepath.Join(dir, tempPrefix+strconv.FormatUint(rand.Uint64()&0xffffffffff, 36))
		track(name)
		err := unix.Linkat(unix.AT_FDCWD, from, unix.AT_FDCWD, name, unix.AT_SYMLINK_FOLLOW)
		if err == nil {
			return name, nil
		}
		untrack(name)
		if !errors.Is(err, unix.EEXIST) || try == 100 {
			return "", &os.LinkError{Op: "link", Old: from, New: name, Err: err}
		}
	}
}
