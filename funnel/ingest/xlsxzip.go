package ingest

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Zip-bomb guards, checked on the zip directory before a byte is inflated:
// a part that would inflate more than bombRatio times its compressed size
// and to more than bombMinSize is refused, whatever MaxXLSXBytes allows.
// Real worksheets compress 5:1 to 100:1 (their cell references differ from
// cell to cell); a bomb's runs of identical bytes reach deflate's limit,
// about 1000:1.
const (
	bombRatio   = 200
	bombMinSize = 16 << 20
)

// checkZip refuses a workbook whose parts would inflate past
// opts.MaxXLSXBytes in all, or one of whose parts inflates like a zip bomb.
// A part whose stored size lies is caught while it is read (archive/zip
// stops at the stated size).
func checkZip(zr *zip.Reader, name string, opts Options) error {
	limit := uint64(opts.maxXLSXBytes())
	var total uint64
	for _, f := range zr.File {
		size := f.UncompressedSize64
		total += size
		if size > limit || total > limit {
			return &FileError{File: name, Err: ErrLimit, Detail: xlsxLimitDetail(int64(limit))}
		}
		if size > bombMinSize && size/max(f.CompressedSize64, 1) > bombRatio {
			return &FileError{File: name, Err: ErrFormat, Detail: fmt.Sprintf(
				"part %s would inflate %d bytes to %d (over %d:1): a zip bomb, not a workbook",
				f.Name, f.CompressedSize64, size, bombRatio)}
		}
	}
	for _, f := range zr.File {
		if strings.EqualFold(strings.ReplaceAll(f.Name, `\`, "/"), "xl/sharedStrings.xml") {
			if err := checkSharedStrings(f, name, opts); err != nil {
				return err
			}
		}
	}
	return nil
}

// minSharedString is the fewest bytes of XML a shared string takes
// ("<si/>").
const minSharedString = 5

// checkSharedStrings refuses a shared strings part over
// opts.MaxSharedStringsBytes uncompressed, or holding more than
// opts.MaxSharedStrings strings: excelize keeps an index entry for each
// (some 50 bytes, whatever its length), and a part of 875 MB of short
// strings, under the workbook's limits, ran it out of memory. The
// strings are counted only when the part is large enough to hold more
// than the limit.
//
// A part too large for excelize to hold in memory (excelizeXMLLimit) is
// read by excelize from a temporary file, where its XML decoder's errors
// are dropped: a string past the damage reads as its index. Such a part
// goes through the damage check of the sheets (sheetCheck) too.
func checkSharedStrings(f *zip.File, name string, opts Options) error {
	maxBytes, maxCount := opts.maxSharedStringsBytes(), opts.maxSharedStrings()
	if f.UncompressedSize64 > uint64(maxBytes) {
		return &FileError{File: name, Err: ErrLimit, Detail: fmt.Sprintf(
			"shared strings over %d bytes uncompressed; raise with --max-shared-strings-bytes", maxBytes)}
	}
	count := f.UncompressedSize64/minSharedString > uint64(maxCount)
	damage := f.UncompressedSize64 > uint64(opts.excelizeXMLLimit())
	if !count && !damage {
		return nil
	}
	rc, err := f.Open()
	if err != nil {
		return xlsxOpenError(name, err, opts)
	}
	defer rc.Close()
	var r io.Reader = rc
	check := &sheetCheck{endTag: "sst"}
	if damage {
		r = io.TeeReader(rc, check)
	}
	n := 0
	if count {
		n, err = countSharedStrings(r, maxCount)
	} else {
		_, err = io.Copy(io.Discard, r)
	}
	if err != nil {
		return xlsxOpenError(name, err, opts)
	}
	if n > maxCount {
		return &FileError{File: name, Err: ErrLimit, Detail: fmt.Sprintf(
			"more than %d shared strings (distinct texts); raise with --max-shared-strings", maxCount)}
	}
	if !damage {
		return nil
	}
	switch {
	case check.badText != "":
		return &FileError{File: name, Err: ErrFormat, Detail: "the shared strings (" + f.Name + ") hold " + check.badText + damagedHint}
	case !check.closed:
		return &FileError{File: name, Err: ErrFormat, Detail: "the shared strings (" + f.Name + ") stop before their end (no </sst>)" + damagedHint}
	}
	return nil
}

// countSharedStrings counts the <si> elements of a shared strings part
// (with a namespace prefix too), stopping past limit.
func countSharedStrings(r io.Reader, limit int) (int, error) {
	const overlap = 16 // "<prefix:si" with a short prefix
	buf := make([]byte, readBufferSize+overlap)
	kept, n := 0, 0
	for n <= limit {
		m, err := io.ReadFull(r, buf[kept:])
		chunk := buf[:kept+m]
		// A "si" is looked at with the byte after it, so one ending the
		// chunk waits for the next, which starts with the chunk's last 16
		// bytes: from the second of them on, they are new.
		end := len(chunk) - 1
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			end = len(chunk)
		}
		for i := kept - min(kept, 2); i < end; {
			j := bytes.Index(chunk[i:end], []byte("si"))
			if j < 0 {
				break
			}
			at := i + j
			i = at + 2
			if at+2 < len(chunk) && !isTagEnd(chunk[at+2]) {
				continue
			}
			if at > 0 && chunk[at-1] == '<' {
				n++
			} else if at > 0 && chunk[at-1] == ':' {
				// "<x:si": a tag's name, not text ("Basis:si ").
				k := bytes.LastIndexByte(chunk[:at-1], '<')
				if k >= 0 && bytes.IndexByte(chunk[k:at], '>') < 0 && bytes.IndexByte(chunk[k:at], ' ') < 0 && chunk[k+1] != '/' {
					n++
				}
			}
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		kept = copy(buf, chunk[len(chunk)-overlap:])
	}
	return n, nil
}

func isTagEnd(b byte) bool {
	return b == '>' || b == '/' || b == ' ' || b == '\t' || b == '\r' || b == '\n'
}

// cellRange is a rectangle of cells, 1-based and inclusive.
type cellRange struct {
	ref          string // "D2:D3"
	row1, col1   int
	row2, col2   int
	value        string // the top-left cell's value, once read
	read, filled bool
}

// formulaCell is a formula cell: where it is and its formula.
type formulaCell struct {
	row, col int
	formula  string // "" for a shared formula's followers
}

// maxUncachedFormulas is how many formula cells without values a scan
// keeps (each is a row error); a sheet with more is refused whole (see
// sheetScan.moreFormulas).
const maxUncachedFormulas = 1000

// sheetScan is what scanSheet finds in a worksheet's XML that excelize's
// row iterator does not tell: merged ranges and formula cells without a
// computed value.
type sheetScan struct {
	merges   []cellRange
	formulas []formulaCell // in sheet order
	// moreFormulas is set when the sheet has more than
	// maxUncachedFormulas formula cells without values: past the ones
	// kept, they would read as empty cells.
	moreFormulas bool
	// external counts the formula cells whose formula references another
	// workbook ("[1]Prices!B2*2"): their values are as last computed, with
	// the other workbook as it was then; externalFirst is the first.
	external      int
	externalFirst formulaCell
	// check is what the sheet's XML says of its own damage and extent
	// (see sheetCheck); nil when the sheet's part was not found.
	check *sheetCheck
}

// scanSheet reads the XML of sheet in zr without building a DOM: a quick
// search for formula and merge tags first (most exports have neither),
// then, when there are some, a tag scanner (a worksheet's text holds no
// raw '<'). Either way the whole sheet goes through a sheetCheck on the
// way. It returns an empty scan when the sheet's part cannot be found:
// excelize reports that.
func scanSheet(zr *zip.Reader, sheet string) (sheetScan, error) {
	part := sheetPart(zr, sheet)
	if part == nil {
		return sheetScan{}, nil
	}
	rc, err := part.Open()
	if err != nil {
		return sheetScan{}, err
	}
	check := &sheetCheck{}
	found, err := hasFormulaOrMerge(io.TeeReader(rc, check))
	rc.Close()
	if err != nil {
		return sheetScan{}, err
	}
	if !found {
		return sheetScan{check: check}, nil
	}
	if rc, err = part.Open(); err != nil {
		return sheetScan{}, err
	}
	defer rc.Close()
	check = &sheetCheck{} // the quick search stopped at the first mark
	sc, err := scanSheetXML(io.TeeReader(rc, check))
	sc.check = check
	return sc, err
}

// scanMarks are the byte strings that a formula or merge tag holds ("<f",
// "<x:f" with a namespace prefix, "<mergeCell"); other tags that hold
// them (autoFilter's "<filters") only cost the full scan.
var scanMarks = [][]byte{[]byte("<f"), []byte(":f>"), []byte(":f "), []byte(":f/"), []byte("mergeCell")}

// hasFormulaOrMerge reports whether r holds one of scanMarks.
func hasFormulaOrMerge(r io.Reader) (bool, error) {
	const overlap = 16 // longer than any mark
	buf := make([]byte, readBufferSize+overlap)
	kept := 0
	for {
		n, err := io.ReadFull(r, buf[kept:])
		chunk := buf[:kept+n]
		for _, m := range scanMarks {
			if bytes.Contains(chunk, m) {
				return true, nil
			}
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		kept = copy(buf, chunk[len(chunk)-overlap:])
	}
}

// scanSheetXML is the tag scanner of scanSheet. Kept over encoding/xml's
// tokenizer (which reads the small parts, see xmlElements) by measurement:
// 4x as fast on a sheet's XML, with the same finds (BenchmarkScanSheetXML;
// bench/RESULTS.md, run 14, "Kept by measurement").
func scanSheetXML(r io.Reader) (sheetScan, error) {
	var sc sheetScan
	br := bufio.NewReaderSize(r, readBufferSize)
	var (
		inCell, hasF, hasV, inF bool
		ref, formula            string
	)
	for {
		// Text up to the next tag: a formula when inside <f>.
		text, err := br.ReadSlice('<')
		for err == bufio.ErrBufferFull {
			text, err = br.ReadSlice('<')
		}
		if err == io.EOF {
			return sc, nil
		}
		if err != nil {
			return sc, err
		}
		if inF && formula == "" {
			formula = string(text[:len(text)-1])
		}
		tag, err := br.ReadSlice('>')
		if err == bufio.ErrBufferFull {
			for err == bufio.ErrBufferFull { // a tag over 64 KiB: skip it
				_, err = br.ReadSlice('>')
			}
			continue
		}
		if err == io.EOF {
			return sc, nil
		}
		if err != nil {
			return sc, err
		}
		tag = tag[:len(tag)-1]
		closing := len(tag) > 0 && tag[0] == '/'
		selfClosing := len(tag) > 0 && tag[len(tag)-1] == '/'
		name := tagName(tag)
		switch {
		case name == "c" && !closing:
			inCell, hasF, hasV, inF, formula = true, false, false, false, ""
			ref = attr(tag, "r")
			if selfClosing {
				inCell = false
			}
		case name == "c" && closing:
			if inCell && hasF && !hasV {
				sc.addFormula(ref, formula)
			} else if inCell && hasF && externalRef.MatchString(formula) {
				if sc.external == 0 {
					sc.externalFirst, _ = formulaAt(ref, formula)
				}
				sc.external++
			}
			inCell, inF = false, false
		case name == "f" && !closing && inCell:
			hasF, inF = true, !selfClosing
		case name == "f" && closing:
			inF = false
		case name == "v" && !closing && !selfClosing && inCell:
			hasV = true
		case name == "mergeCell" && !closing:
			if rg, ok := parseRange(attr(tag, "ref")); ok {
				sc.merges = append(sc.merges, rg)
			}
		}
	}
}

func (sc *sheetScan) addFormula(ref, formula string) {
	if len(sc.formulas) >= maxUncachedFormulas {
		sc.moreFormulas = true
		return
	}
	if f, ok := formulaAt(ref, formula); ok {
		sc.formulas = append(sc.formulas, f)
	}
}

// formulaAt returns the formula cell at ref (an A1 reference) with its
// formula as stored in the XML (unescaped, "=" put in front); false when
// ref is not a cell reference.
func formulaAt(ref, formula string) (formulaCell, bool) {
	col, row, err := excelize.CellNameToCoordinates(ref)
	if err != nil {
		return formulaCell{}, false
	}
	f := strings.TrimSpace(xmlUnescape(formula))
	if f != "" && !strings.HasPrefix(f, "=") {
		f = "=" + f
	}
	return formulaCell{row: row, col: col, formula: f}, true
}

// externalRef matches a reference to another workbook in a formula as
// stored: an external link's number in brackets before a sheet or name and
// "!" ("[1]Prices!B2", "'[2]Price list'!B2", "[1]!Rate"), or a workbook's
// file name in brackets ("'C:\x\[prices.xlsx]Sheet1'!B2"). A table's
// structured references ("Table1[Amount]", "[@Amount]") hold no "!".
var externalRef = regexp.MustCompile(`\[(\d+|[^\]]*\.xl[a-z]*)\][^\[\]!]*!`)

// tagName returns the local name of a tag's text ("x:c r=..." -> "c").
func tagName(tag []byte) string {
	tag = bytes.TrimPrefix(tag, []byte{'/'})
	end := bytes.IndexAny(tag, " \t\r\n/")
	if end < 0 {
		end = len(tag)
	}
	name := tag[:end]
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	return string(name)
}

// attr returns the value of attribute key in a tag's text, "" when absent.
func attr(tag []byte, key string) string { return string(attrBytes(tag, key)) }

// attrBytes is attr without a copy: a slice of tag, nil when absent.
func attrBytes(tag []byte, key string) []byte {
	for i := 0; i < len(tag); {
		j := bytes.Index(tag[i:], []byte(key+"="))
		if j < 0 {
			return nil
		}
		at := i + j
		i = at + len(key) + 1
		if at > 0 && tag[at-1] != ' ' && tag[at-1] != '\t' && tag[at-1] != '\n' && tag[at-1] != '\r' {
			continue // the end of another attribute's name
		}
		if i >= len(tag) || (tag[i] != '"' && tag[i] != '\'') {
			continue
		}
		q := tag[i]
		end := bytes.IndexByte(tag[i+1:], q)
		if end < 0 {
			return nil
		}
		return tag[i+1 : i+1+end]
	}
	return nil
}

var xmlUnescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&quot;", `"`, "&apos;", "'", "&amp;", "&")

func xmlUnescape(s string) string { return xmlUnescaper.Replace(s) }

// parseRange reads "D2:D3" (or a single cell "D2").
func parseRange(ref string) (cellRange, bool) {
	a, b, found := strings.Cut(ref, ":")
	if !found {
		b = a
	}
	c1, r1, err1 := excelize.CellNameToCoordinates(a)
	c2, r2, err2 := excelize.CellNameToCoordinates(b)
	if err1 != nil || err2 != nil {
		return cellRange{}, false
	}
	return cellRange{ref: ref, row1: min(r1, r2), col1: min(c1, c2), row2: max(r1, r2), col2: max(c1, c2)}, true
}

// sheetPart finds the zip entry of the worksheet named sheet through the
// package relationships (_rels/.rels -> workbook -> its rels), or nil.
func sheetPart(zr *zip.Reader, sheet string) *zip.File {
	wb := "xl/workbook.xml"
	for _, rel := range readRels(zr, "_rels/.rels", "") {
		if strings.HasSuffix(rel.typ, "/officeDocument") {
			wb = rel.target
		}
	}
	rid := ""
	if f := zipEntry(zr, wb); f != nil {
		_ = xmlElements(f, func(e xml.StartElement) {
			if e.Name.Local != "sheet" {
				return
			}
			var name, id string
			for _, a := range e.Attr {
				switch {
				case a.Name.Local == "name" && a.Name.Space == "":
					name = a.Value
				case a.Name.Local == "id" && a.Name.Space != "":
					id = a.Value
				}
			}
			if name == sheet && rid == "" {
				rid = id
			}
		})
	}
	if rid == "" {
		return nil
	}
	dir, base := path.Split(wb)
	for _, rel := range readRels(zr, dir+"_rels/"+base+".rels", dir) {
		if rel.id == rid {
			return zipEntry(zr, rel.target)
		}
	}
	return nil
}

type relationship struct{ id, typ, target string }

// readRels reads a relationships part; targets are resolved against dir.
func readRels(zr *zip.Reader, name, dir string) []relationship {
	f := zipEntry(zr, name)
	if f == nil {
		return nil
	}
	var rels []relationship
	_ = xmlElements(f, func(e xml.StartElement) {
		if e.Name.Local != "Relationship" {
			return
		}
		var r relationship
		for _, a := range e.Attr {
			switch a.Name.Local {
			case "Id":
				r.id = a.Value
			case "Type":
				r.typ = a.Value
			case "Target":
				r.target = a.Value
			}
		}
		if strings.HasPrefix(r.target, "/") {
			r.target = strings.TrimPrefix(r.target, "/")
		} else {
			r.target = path.Clean(path.Join(dir, r.target))
		}
		rels = append(rels, r)
	})
	return rels
}

// xmlElements calls fn with each start element of a small XML part.
func xmlElements(f *zip.File, fn func(xml.StartElement)) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if e, ok := tok.(xml.StartElement); ok {
			fn(e)
		}
	}
}

// zipEntry returns the entry called name (exactly, else ignoring case and
// slashes' direction), or nil.
func zipEntry(zr *zip.Reader, name string) *zip.File {
	for _, f := range zr.File {
		if f.Name == name {
			return f
		}
	}
	for _, f := range zr.File {
		if strings.EqualFold(strings.ReplaceAll(f.Name, `\`, "/"), name) {
			return f
		}
	}
	return nil
}
