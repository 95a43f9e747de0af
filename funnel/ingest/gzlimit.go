package ingest

import (
	"bytes"
	"fmt"
	"io"
)

// gzipLimit stands between a gzip stream and the text reader, as checkZip
// stands before a workbook: gzip data that inflates past
// Options.MaxGzipBytes, or past MaxGzipRatio times the compressed bytes
// read so far once over bombMinSize, is an error naming the flag that
// raises the limit. Real CSV compresses 5:1 to 20:1; a gzip bomb's runs
// of repeated bytes reach deflate's limit, about 1000:1, and without the
// check ran until the runtime died out of memory. Concatenated gzip
// members count together.
type gzipLimit struct {
	gz       io.Reader    // the inflated data
	in       *countReader // the compressed data under gz
	out      int64        // bytes inflated so far
	maxOut   int64
	maxRatio int64
	name     string
	err      error // the limit hit, returned from then on
}

func newGzipLimit(gz io.Reader, in *countReader, name string, opts Options) *gzipLimit {
	return &gzipLimit{gz: gz, in: in, maxOut: opts.maxGzipBytes(), maxRatio: int64(opts.maxGzipRatio()), name: name}
}

func (g *gzipLimit) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	n, err := g.gz.Read(p)
	g.out += int64(n)
	switch {
	case g.out > g.maxOut:
		g.err = &FileError{File: g.name, Err: ErrLimit, Detail: fmt.Sprintf(
			"gzip data over %d bytes uncompressed; raise with --max-gzip-bytes", g.maxOut)}
	case g.out > bombMinSize && g.out/max(g.in.n, 1) > g.maxRatio:
		g.err = &FileError{File: g.name, Err: ErrFormat, Detail: fmt.Sprintf(
			"gzip data inflating over %d:1 past its first %d MiB: a gzip bomb, not an export; raise with --max-gzip-ratio",
			g.maxRatio, bombMinSize>>20)}
	}
	if g.err != nil {
		// The text ends at the last whole line: a line cut by the limit
		// would be read as a short row, and its error would hide this one.
		if i := bytes.LastIndexByte(p[:n], '\n'); i >= 0 {
			return i + 1, nil
		}
		return 0, g.err
	}
	return n, err
}

// countReader counts the bytes read through it.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
