//go:build !linux

package outfile

import (
	"errors"
	"os"
)

// openUnnamed is Linux's (O_TMPFILE): elsewhere every temporary file is
// named.
func openUnnamed(dir string) (*os.File, error) { return nil, errors.ErrUnsupported }

// linkUnnamed is never called where openUnnamed fails.
func linkUnnamed(f *os.File, target string) (string, error) {
	panic("outfile: linkUnnamed without O_TMPFILE")
}
