package outfile

import (
	"os"
	"path/filepath"
	"strings"
)

// SameFile reports whether the output path names the same file as the
// input in: by os.SameFile when both exist (a hard link, another
// spelling, a symbolic link), else by cleaned absolute path. An input
// FILE#PART that is not itself a file names a part of FILE (an xlsx
// sheet: book.xlsx#Touches), so FILE is compared. "-" (stdin) and ""
// name no file. It is the one comparison of outputs with inputs.
func SameFile(path, in string) bool {
	if in == "" || in == "-" {
		return false
	}
	if i := strings.LastIndexByte(in, '#'); i > 0 {
		if _, err := os.Lstat(in); err != nil {
			in = in[:i]
		}
	}
	out, outErr := os.Stat(path)
	if outErr == nil {
		if st, err := os.Stat(in); err == nil && os.SameFile(out, st) {
			return true
		}
	}
	outAbs, err1 := filepath.Abs(path)
	inAbs, err2 := filepath.Abs(in)
	return err1 == nil && err2 == nil && outAbs == inAbs
}

// CheckNotInput returns an error when path is one of inputs (SameFile).
func CheckNotInput(path string, inputs []string) error {
	for _, in := range inputs {
		switch {
		case !SameFile(path, in):
		case in == path:
			return failf(path, "refusing to write output to an input file")
		default:
			return failf(path, "refusing to write output to input file %s, the same file", in)
		}
	}
	return nil
}
