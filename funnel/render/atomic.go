package render

import (
	"io"

	"github.com/funnel-analytics/funnel/funnel/outfile"
)

// WriteFile writes an output file atomically, never over one of inputs:
// write fills a temporary file in path's folder, which is synced and put
// in place only when write succeeds; on any failure an existing file at
// path is left as it was and no temporary file remains. A replaced file
// keeps its permission bits; a new file gets 0644. A symbolic link is
// followed: its target is replaced. A device, FIFO or pipe (/dev/stdout)
// is written directly. A run that writes several files stages them in one
// outfile.Set instead, so that they are put in place together; the
// package outfile states the rules.
func WriteFile(path string, inputs []string, write func(w io.Writer) error) error {
	return outfile.WriteFile(path, inputs, write)
}
