package ingest

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// sheetCheck watches the bytes of a worksheet's XML go by (an io.Writer,
// fed through io.TeeReader by the scan that reads the sheet before
// excelize does) for the damage that excelize's row iterator does not
// report: its XML decoder's errors are dropped, so a sheet cut in half,
// or holding a character XML forbids, reads as the rows before the
// damage. The check finds
//
//   - the first character XML does not allow (a control character such as
//     U+0001, U+FFFE, U+FFFF, or bytes that are not UTF-8), and the row it
//     is in;
//   - whether the sheet's XML closes its rows (</sheetData>), else the row
//     where it stops;
//   - a row whose number (its r attribute) is not a whole number from 1;
//   - the last row the sheet holds, so that the reader can tell an
//     iterator that stopped short (a decoder error the check does not
//     look for: a broken tag, a forbidden character reference).
//
// It reads tags as scanSheetXML does: a sheet's text holds no raw '<'.
type sheetCheck struct {
	row    int  // the row of the last <row> tag: its r attribute, else one past the one before
	inRow  bool // inside that row's element
	closed bool // </sheetData> seen

	badRow  int    // the row of the first character XML forbids; 0: none
	badText string // that character, described

	inTag    bool   // the last Write ended inside a tag
	tag      []byte // the text of that tag so far, carried to the next Write
	tagOver  bool   // the carried tag was longer than maxCarriedTag: it is skipped
	runeTail []byte // a UTF-8 sequence cut at the end of the last Write
}

// maxCarriedTag bounds the part of a tag cut between two writes that is
// kept: a row tag's attributes are far shorter; a longer tag is skipped.
const maxCarriedTag = 4 << 10

// Write takes the next bytes of the sheet's XML; it never fails.
func (c *sheetCheck) Write(p []byte) (int, error) {
	n := len(p)
	if c.badRow == 0 {
		if bad, text := c.firstBad(p); bad >= 0 {
			c.tags(p[:bad])
			if c.badRow == 0 { // else a bad row number before it
				c.badRow, c.badText = c.row, text
				if !c.inRow {
					c.badRow++ // between rows: name the row it precedes
				}
			}
			p = p[bad:]
		}
	}
	c.tags(p)
	return n, nil
}

// damage returns the first row of the sheet that is damaged and what is
// wrong there, once the whole sheet has been written; 0 when it is
// whole.
func (c *sheetCheck) damage() (int, string) {
	switch {
	case c.badRow > 0:
		return c.badRow, "the sheet's XML holds " + c.badText
	case !c.closed:
		row := c.row
		if !c.inRow || row == 0 {
			row++
		}
		return row, "the sheet's XML stops in this row, without closing its rows (no </sheetData>)"
	}
	return 0, ""
}

// lastRow is the last row the sheet's XML holds.
func (c *sheetCheck) lastRow() int { return c.row }

// firstBad returns the index in p of the first character XML forbids (or
// of the first byte of a sequence that is not UTF-8) and its
// description; -1 when there is none. A UTF-8 sequence cut at the end of
// p is kept for the next call.
func (c *sheetCheck) firstBad(p []byte) (int, string) {
	i := 0
	if t := len(c.runeTail); t > 0 {
		// Finish the sequence cut at the end of the last write: a valid
		// start of one (an invalid start decodes whole, as one bad byte).
		k := min(utf8.UTFMax-t, len(p))
		buf := append(c.runeTail[:t:t], p[:k]...)
		if !utf8.FullRune(buf) {
			c.runeTail = buf
			return -1, ""
		}
		c.runeTail = c.runeTail[:0]
		r, size := utf8.DecodeRune(buf)
		if (r == utf8.RuneError && size == 1) || !xmlChar(r) {
			return 0, describeBad(buf, r, size)
		}
		i = size - t
	}
	for i < len(p) {
		// Eight bytes at a time while they are printable ASCII.
		if i+8 <= len(p) {
			w := binary.LittleEndian.Uint64(p[i:])
			if w&0x8080808080808080 == 0 && (w-0x2020202020202020)&^w&0x8080808080808080 == 0 {
				i += 8
				continue
			}
		}
		b := p[i]
		if b < utf8.RuneSelf {
			if b < 0x20 && b != '\t' && b != '\n' && b != '\r' {
				return i, describeBad(p[i:], rune(b), 1)
			}
			i++
			continue
		}
		if !utf8.FullRune(p[i:]) {
			c.runeTail = append(c.runeTail[:0], p[i:]...)
			return -1, ""
		}
		r, size := utf8.DecodeRune(p[i:])
		if (r == utf8.RuneError && size == 1) || !xmlChar(r) {
			return i, describeBad(p[i:], r, size)
		}
		i += size
	}
	return -1, ""
}

// xmlChar reports whether XML 1.0 allows r (its Char production, as
// encoding/xml checks it), r being at least U+0080.
func xmlChar(r rune) bool {
	return r <= 0xD7FF || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

func describeBad(p []byte, r rune, size int) string {
	if r == utf8.RuneError && size <= 1 {
		return fmt.Sprintf("the byte 0x%02X, which is not UTF-8", p[0])
	}
	return fmt.Sprintf("the character %U, which XML does not allow", r)
}

// tags reads the tags of p that the check follows: <row>, </row>,
// </sheetData>.
func (c *sheetCheck) tags(p []byte) {
	if c.inTag {
		end := bytes.IndexByte(p, '>')
		if end < 0 {
			c.carry(p)
			return
		}
		if !c.tagOver {
			c.tag = append(c.tag, p[:end]...)
			c.sheetTag(c.tag)
		}
		c.inTag, c.tag, c.tagOver = false, c.tag[:0], false
		p = p[end+1:]
	}
	for {
		lt := bytes.IndexByte(p, '<')
		if lt < 0 {
			return
		}
		p = p[lt+1:]
		end := bytes.IndexByte(p, '>')
		if end < 0 {
			c.carry(p)
			return
		}
		c.sheetTag(p[:end])
		p = p[end+1:]
	}
}

// carry keeps the start of a tag cut at the end of a write.
func (c *sheetCheck) carry(p []byte) {
	c.inTag = true
	if c.tagOver || len(c.tag)+len(p) > maxCarriedTag {
		c.tag, c.tagOver = c.tag[:0], true
		return
	}
	c.tag = append(c.tag, p...)
}

// sheetTag takes one tag's text, without its angle brackets.
func (c *sheetCheck) sheetTag(tag []byte) {
	if len(tag) == 0 {
		return
	}
	switch tag[0] {
	case '/':
		switch name := localName(tag[1:]); string(name) {
		case "row":
			c.inRow = false
		case "sheetData":
			c.closed = true
		}
	case '?', '!':
	default:
		if string(localName(tag)) != "row" {
			return
		}
		r := attr(tag, "r")
		if n, err := strconv.Atoi(r); err == nil && n > 0 {
			c.row = n
		} else {
			c.row++
			if r != "" && c.badRow == 0 {
				// excelize fails on it with strconv's words alone
				c.badRow, c.badText = c.row, fmt.Sprintf("a row numbered %q, not a whole number from 1", clip(r))
			}
		}
		c.inRow = tag[len(tag)-1] != '/'
	}
}

// localName returns the name a tag's text starts with, without its
// namespace prefix ("x:row r=..." -> "row").
func localName(tag []byte) []byte {
	end := 0
	for end < len(tag) {
		switch tag[end] {
		case ' ', '\t', '\r', '\n', '/':
			goto done
		case ':':
			tag, end = tag[end+1:], -1
		}
		end++
	}
done:
	return tag[:end]
}
