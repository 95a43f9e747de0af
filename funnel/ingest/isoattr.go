package ingest

import (
	"time"

	"github.com/funnel-analytics/funnel/funnel"
)

// isoAttr reads an attribute column as times for as long as every value
// read is an ISO timestamp, YYYY-MM-DD or YYYY-MM-DD HH:MM:SS, read in
// UTC: the typing of the distinct values at the end (typeDistinct) would
// make such a column a time column with the same times, so its values need
// not be interned first. A column of conversion times (won_at) holds
// about one distinct value per row: interning 250k of them took a sixth of
// the leads' reading on the 500k-lead benchmark.
//
// The first value of another shape (or an invalid date) ends it (leave):
// the values read so far are written back in the order they were read,
// which these two layouts allow exactly, and interned into the local
// Dict, which then holds what it would have held, in the same order, had
// the column been interned from the start. The values of rows read but not
// kept (a bad value further on, a repeated row, a duplicate id) count:
// the local Dict holds them too.
type isoAttr struct {
	on    bool
	dates dateColumn
	short []uint64   // a bit per row kept: its value was a date alone
	late  []isoValue // values of rows read but not kept, in order
	// the value of the row being read, until the row is kept
	cur     isoValue
	pending bool
}

// isoValue is a value read: its time, whether it was a date alone, and
// for a row not kept, the number of rows kept before it.
type isoValue struct {
	t     int64
	short bool
	at    int
}

// isoLayouts are the two layouts of isoAttr.
const (
	isoDate     = "2006-01-02"
	isoDateTime = "2006-01-02 15:04:05"
)

// startISO turns isoAttr on for an attribute column of a table (not a
// stream, whose attributes keep only their distinct values) read in UTC.
func (l *loader) startISO(b *colBuilder) {
	loc := l.opts.Location
	if !l.opts.knobs.noISOAttrs && l.cfg.sink == nil && (loc == nil || loc == time.UTC) {
		b.iso = isoAttr{on: true, dates: newDateColumn(l.opts, false)}
	}
}

// isoShape reports whether s has the shape of YYYY-MM-DD (short) or
// YYYY-MM-DD HH:MM:SS, digits where the digits go: the layouts of the
// date fast lane (fastLane), which reads them once the column has.
func isoShape(s string) (short, ok bool) {
	switch len(s) {
	case 10:
	case 19:
		if s[10] != ' ' || s[13] != ':' || s[16] != ':' || !digits(s[11:13]) || !digits(s[14:16]) || !digits(s[17:19]) {
			return false, false
		}
	default:
		return false, false
	}
	return len(s) == 10, s[4] == '-' && s[7] == '-' && digits(s[:4]) && digits(s[5:7]) && digits(s[8:10])
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !asciiDigit(s[i]) {
			return false
		}
	}
	return true
}

// read reads s (not NA), found on line while rows rows are kept, and
// reports whether it is an ISO timestamp; if not, the caller must leave.
func (a *isoAttr) read(s string, line, rows int) bool {
	a.notKept()
	short, ok := isoShape(s)
	if !ok {
		return false
	}
	t, err := a.dates.parse(s, line, nil)
	if err != nil || a.dates.fam != famISO {
		return false
	}
	a.cur, a.pending = isoValue{t: t, short: short, at: rows}, true
	return true
}

// notKept moves the value read in a row that was not kept to late.
func (a *isoAttr) notKept() {
	if a.pending {
		a.late = append(a.late, a.cur)
		a.pending = false
	}
}

// keep appends the row's value (NoTime when missing) to the column.
func (a *isoAttr) keep(c *funnel.Column, row int, na bool) {
	if row/64 >= len(a.short) {
		a.short = append(a.short, 0)
	}
	if na {
		c.Times = append(c.Times, funnel.NoTime)
		return
	}
	c.Times = append(c.Times, a.cur.t)
	if a.cur.short {
		a.short[row/64] |= 1 << (row % 64)
	}
	a.pending = false
}

// sameAs reports whether row i holds the value of the row being read.
func (a *isoAttr) sameAs(c *funnel.Column, i int, na bool) bool {
	if na {
		return c.Times[i] == funnel.NoTime
	}
	return c.Times[i] == a.cur.t && a.isShort(i) == a.cur.short
}

func (a *isoAttr) isShort(i int) bool { return a.short[i/64]>>(i%64)&1 == 1 }

// leave ends the ISO reading of b, whose rows kept so far are rows: their
// values and those of the rows not kept are interned in the order they
// were read, and the column holds codes from then on.
func (l *loader) leave(b *colBuilder, rows int) {
	a, c := &b.iso, b.col
	a.notKept()
	text := func(v isoValue) string {
		if v.short {
			return time.Unix(v.t, 0).UTC().Format(isoDate)
		}
		return time.Unix(v.t, 0).UTC().Format(isoDateTime)
	}
	var codes []int32 // nil without rows, as when interned
	if rows > 0 {
		codes = make([]int32, rows, max(rows, cap(c.Times)))
	}
	late := a.late
	for r := 0; r <= rows; r++ {
		for len(late) > 0 && late[0].at == r {
			b.local.Code(text(late[0]))
			late = late[1:]
		}
		if r == rows {
			break
		}
		if c.Times[r] == funnel.NoTime {
			codes[r] = funnel.NA
		} else {
			codes[r] = b.local.Code(text(isoValue{t: c.Times[r], short: a.isShort(r)}))
		}
	}
	c.Codes, c.Times = codes, nil
	b.iso = isoAttr{}
	b.hasLast = false
}

// finishISO makes b, read as ISO timestamps to the end, a time column, as
// typeAttribute would have; a column without a value stays text.
func (l *loader) finishISO(b *colBuilder) {
	a, c := &b.iso, b.col
	if a.dates.values == 0 {
		var codes []int32 // nil without rows, as when interned
		for range c.Times {
			codes = append(codes, funnel.NA)
		}
		c.Codes, c.Times = codes, nil
	} else {
		c.Kind, c.DateOnly, c.Layout = funnel.KindTime, a.dates.dateOnly(), a.dates.Layout()
	}
	b.iso, b.local = isoAttr{}, nil
}
