// Package testfiles writes hostile input files for the tests of the
// readers and of the command (funnel/ingest, cmd/funnel), so that a test
// of a bomb does not need the bomb committed.
package testfiles

import (
	"bytes"
	"compress/flate"
	"strings"
)

// RepeatedGzip returns gzip data of header and then mib MiB of row
// repeated. One MiB of rows is deflated once and its copies are
// concatenated (each ends on a block boundary and refers to nothing before
// it), so that gigabytes of rows take a second to write: 330:1 and more.
// The trailer's CRC and size are not the data's: a reader must stop long
// before it, or fail on it.
func RepeatedGzip(header, row string, mib int) []byte {
	block := deflate([]byte(strings.Repeat(row, (1<<20)/len(row))), false)
	out := []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}
	out = append(out, deflate([]byte(header), false)...)
	out = append(make([]byte, 0, len(out)+len(block)*mib+64), out...)
	for range mib {
		out = append(out, block...)
	}
	out = append(out, deflate(nil, true)...)
	return append(out, 0, 0, 0, 0, 0, 0, 0, 0)
}

// deflate compresses data as raw deflate blocks: flushed to a block
// boundary, or closed with the final block.
func deflate(data []byte, final bool) []byte {
	var b bytes.Buffer
	w, err := flate.NewWriter(&b, flate.BestCompression)
	if err != nil {
		panic(err) // BestCompression is a valid level
	}
	w.Write(data) // a bytes.Buffer takes every write
	if final {
		w.Close()
	} else {
		w.Flush()
	}
	return b.Bytes()
}
