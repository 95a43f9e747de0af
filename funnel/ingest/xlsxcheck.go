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
//   - a cell whose style (its s attribute) is not a number: excelize
//     reads it with no style, a date as its serial number;
//   - a shared string cell (t="s") whose value, the string's index, is
//     not a number: excelize reads it as the first shared string;
//   - the last row the sheet holds, so that the reader can tell an
//     iterator that stopped short (a decoder error the check does not
//     look for: a broken tag, a forbidden character reference).
//
// It reads tags as scanSheetXML does: a sheet's text holds no raw '<'.
//
// The shared strings part is checked the same way, with endTag "sst".
type sheetCheck struct {
	endTag string // the tag that closes the part: "" for </sheetData>
	row    int    // the row of the last <row> tag: its r attribute, else one past the one before
	inRow  bool   // inside that row's element
	closed bool   // the end tag seen (</sheetData>, see endTag)

	badRow  int    // the row of the first character XML forbids; 0: none
	badText string // that character, described

	inV     bool   // in the value (<v>) of a shared string cell, whose text is its index
	cellRef []byte // the reference (r) of that cell; nil: not in one
	refBuf  []byte // cellRef's storage, reused
	vText   []byte // the value's text so far, up to maxIndexText bytes

	inTag    bool   // the last Write ended inside a tag
	tag      []byte // the text of that tag so far, carried to the next Write
	tagOver  bool   // the carried tag was longer than maxCarriedTag: it is skipped
	runeTail []byte // a UTF-8 sequence cut at the end of the last Write
}

// maxIndexText bounds the text of a shared string index: an index has at
// most 10 digits, and a longer text is damage (excelize reads it as 0),
// whose first maxIndexText+1 bytes are kept to name it.
const maxIndexText = 32

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

// tags reads the tags of p that the check follows (<row>, </row>,
// </sheetData>, <c>, <v>), and the text of a shared string cell's value.
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
		if c.inV {
			c.indexText(p, lt)
		}
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

// indexText takes the text of a shared string cell's value up to lt in
// p (the next tag; -1: the text goes on into the next write), and at its
// end checks that it is a number.
func (c *sheetCheck) indexText(p []byte, lt int) {
	text := p
	if lt >= 0 {
		text = p[:lt]
	}
	c.vText = append(c.vText, text[:min(len(text), maxIndexText+1-len(c.vText))]...)
	if lt < 0 {
		return
	}
	c.inV = false
	if v := bytes.TrimSpace(c.vText); len(v) > 0 && (len(c.vText) > maxIndexText || !digits(string(v))) && c.badRow == 0 {
		c.badRow, c.badText = c.row, fmt.Sprintf("cell %s, a shared string whose index is %q, not a number", c.cellRef, clip(string(v)))
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
		case c.end():
			c.closed = true
		}
	case '?', '!':
	default:
		switch string(localName(tag)) {
		case "c":
			c.cellTag(tag)
			return
		case "v":
			c.inV = c.cellRef != nil && tag[len(tag)-1] != '/'
			c.vText = c.vText[:0]
			return
		case "row":
		default:
			return
		}
		c.cellRef = nil
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

// cellTag checks a cell's tag: its style, and whether its value is a
// shared string's index (cellRef set, else nil). Its attributes are read
// in one pass: a sheet has a tag for every cell.
func (c *sheetCheck) cellTag(tag []byte) {
	c.cellRef = nil
	var ref, style, typ []byte
	for rest := tag[1:]; ; {
		eq := bytes.IndexByte(rest, '=')
		if eq < 1 || eq+1 >= len(rest) {
			break
		}
		q := rest[eq+1]
		end := bytes.IndexByte(rest[eq+2:], q)
		if (q != '"' && q != '\'') || end < 0 {
			break
		}
		value := rest[eq+2 : eq+2+end]
		// A one-letter name: the byte before the '=' after a space.
		if eq == 1 || rest[eq-2] == ' ' || rest[eq-2] == '\t' || rest[eq-2] == '\n' || rest[eq-2] == '\r' {
			switch rest[eq-1] {
			case 'r':
				ref = value
			case 's':
				style = value
			case 't':
				typ = value
			}
		}
		rest = rest[eq+3+end:]
	}
	if style != nil && (len(style) == 0 || !digits(string(style))) && c.badRow == 0 {
		c.badRow, c.badText = c.row, fmt.Sprintf("cell %s with the style %q, not a style number (its number format, a date's, is lost)",
			ref, clip(string(style)))
	}
	if len(typ) == 1 && typ[0] == 's' && tag[len(tag)-1] != '/' {
		c.cellRef = append(c.refBuf[:0], ref...)
		c.refBuf = c.cellRef
	}
}

func (c *sheetCheck) end() string {
	if c.endTag == "" {
		return "sheetData"
	}
	return c.endTag
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
