package ingest

import (
	"fmt"

	"github.com/funnel-analytics/funnel/funnel"
)

// ChunkRows is the number of rows of the chunks that Stream hands out
// (the last chunk may be shorter; a chunk is longer only while the
// meaning of some of its values is still open: see Stream).
const ChunkRows = 1 << 14

// StreamSummary is what Stream tells about a file once it is read.
type StreamSummary struct {
	Rows int // the rows handed out (bad rows skipped are not)
	// Latest is the latest timestamp of the file's time columns read,
	// attributes typed as times included; funnel.NoTime when none.
	// LoadDataset records it with funnel.Dataset.AddStreamed, to stand in
	// for the table in LatestTime.
	Latest int64
}

// Stream reads the export at path as input kind like Load, with the same
// checks, warnings and errors, but does not keep its rows: it hands them
// to fn, in file order, in chunks of about ChunkRows rows, so that memory
// does not grow with the file. A chunk is a *funnel.Table as Load would
// return for those rows (Lines hold their lines), except:
//
//   - its slices are reused: a chunk is valid only during the call;
//   - attribute columns are not in it: their type is decided from all
//     their values, once the file is read (their warnings are given as
//     Load gives them, and a time attribute counts in Latest);
//   - Layout and DateOnly of a time column describe the values read so
//     far.
//
// Values whose meaning a later row may change (slash dates while their
// day/month order is open, numbers whose style is open) are held back
// until it is settled, so chunks hold final values; a file whose order is
// never settled is an error at the end, as for Load.
//
// An error of fn stops the reading and is returned. Inputs with unique
// ids (leads, opportunities, accounts), whose rows are compared with
// earlier rows, cannot be streamed: Stream panics for them.
func Stream(path string, kind funnel.TableKind, dict *funnel.Dict, opts Options, fn func(chunk *funnel.Table) error) (StreamSummary, []string, error) {
	if _, ok := uniqueIDRoles[kind]; ok {
		panic(fmt.Sprintf("ingest: Stream of %s, whose ids must be unique; use Load", kind))
	}
	return stream(path, kind, dict, opts, loadConfig{sink: fn})
}

func stream(path string, kind funnel.TableKind, dict *funnel.Dict, opts Options, cfg loadConfig) (StreamSummary, []string, error) {
	r, err := Open(path, opts)
	if err != nil {
		return StreamSummary{Latest: funnel.NoTime}, nil, err
	}
	defer r.Close()
	cfg.sizeHint = textSize(path, r) // for the repeat check's hashes (reserve)
	l, err := newLoader(r, kind, dict, opts, cfg)
	if err != nil {
		return StreamSummary{Latest: funnel.NoTime}, r.Warnings(), err
	}
	_, err = l.run()
	warnings := append(append([]string(nil), r.Warnings()...), l.warnings...)
	return StreamSummary{Rows: l.streamed, Latest: l.latest}, warnings, err
}

// pending reports whether a value read may still change (see Stream).
func (l *loader) pending() bool {
	for _, b := range l.cols {
		switch b.mode {
		case modeTime:
			if b.dates.pending {
				return true
			}
		case modeNumber:
			if len(b.nums.pendRows) > 0 {
				return true
			}
		}
	}
	return false
}

// flush hands the rows read to the sink and empties the table for the
// next chunk. Before the end (finish), it also reads the dates before the
// floor as missing and counts the dates in the future (scanTimes), which
// finish does for the last chunk.
func (l *loader) flush() error {
	for _, b := range l.cols {
		c := b.col
		if b.mode != modeTime {
			continue
		}
		for _, t := range c.Times {
			if t != funnel.NoTime && t > l.latest {
				l.latest = t
			}
		}
		if !l.finished {
			c.DateOnly = b.dates.dateOnly()
			if b.dates.values > 0 {
				c.Layout = b.dates.Layout()
			}
			l.scanTimes(b)
		}
	}
	l.streamed += l.table.Rows
	if err := l.cfg.sink(l.table); err != nil {
		return err
	}
	t := l.table
	t.Rows, t.Lines = 0, t.Lines[:0]
	for _, c := range t.Columns {
		c.Missing = 0
		c.Codes, c.Nums, c.Bools, c.Times = c.Codes[:0], c.Nums[:0], c.Bools[:0], c.Times[:0]
	}
	return nil
}
