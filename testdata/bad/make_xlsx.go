//go:build ignore

// make_xlsx writes the xlsx workbooks of the hostile-input corpus. They are
// written by hand, part by part, so that each holds exactly the oddity its
// case is about (a formula with or without its cached value, merged cells,
// a hidden first sheet, dates typed as text), which no spreadsheet library
// writes on request.
//
//	go run testdata/bad/make_xlsx.go
package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// sheet is one worksheet: rows of cells, cells written as XML.
type sheet struct {
	name   string
	hidden bool
	rows   [][]string // cell XML without the reference, see s(), n(), d(), f()
	merges []string   // ranges such as "C2:C3"
	// edit, when set, rewrites the sheet's XML as written (a damaged
	// sheet).
	edit func(xml string) string
}

func s(v string) string { return `t="inlineStr"><is><t>` + xmlEscape(v) + `</t></is>` }
func n(v string) string { return `><v>` + v + `</v>` }

// d is a date cell: an Excel serial under the built-in date format 14.
func d(serial string) string { return ` s="1"><v>` + serial + `</v>` }

// dt is a date-and-time cell: an Excel serial under format 22.
func dt(serial string) string { return ` s="2"><v>` + serial + `</v>` }

// f is a formula cell, with its cached value when cached is not "".
func f(formula, cached string) string {
	if cached == "" {
		return `><f>` + xmlEscape(formula) + `</f>`
	}
	return `><f>` + xmlEscape(formula) + `</f><v>` + cached + `</v>`
}

func xmlEscape(v string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(v)
}

func colName(i int) string { return string(rune('A' + i)) }

func (sh sheet) xml() string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for r, row := range sh.rows {
		fmt.Fprintf(&b, `<row r="%d">`, r+1)
		for c, cell := range row {
			if cell == "" {
				continue
			}
			ref := fmt.Sprintf("%s%d", colName(c), r+1)
			if strings.HasPrefix(cell, "t=") {
				fmt.Fprintf(&b, `<c r="%s" %s</c>`, ref, cell)
			} else {
				fmt.Fprintf(&b, `<c r="%s"%s</c>`, ref, cell)
			}
		}
		b.WriteString(`</row>`)
	}
	b.WriteString(`</sheetData>`)
	if len(sh.merges) > 0 {
		fmt.Fprintf(&b, `<mergeCells count="%d">`, len(sh.merges))
		for _, m := range sh.merges {
			fmt.Fprintf(&b, `<mergeCell ref="%s"/>`, m)
		}
		b.WriteString(`</mergeCells>`)
	}
	b.WriteString(`</worksheet>`)
	return b.String()
}

const styles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
</styleSheet>`

// write writes a workbook of sheets to path.
func write(path string, sheets ...sheet) { writeWith(path, nil, sheets...) }

// writeWith writes a workbook of sheets and extra parts (name to body)
// to path.
func writeWith(path string, extra map[string]string, sheets ...sheet) {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	put := func(name, body string) {
		h := &zip.FileHeader{Name: name, Method: zip.Deflate}
		w, err := z.CreateHeader(h)
		if err != nil {
			log.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			log.Fatal(err)
		}
	}
	var ct, wb, rels strings.Builder
	ct.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`)
	wb.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`)
	rels.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i, sh := range sheets {
		fmt.Fprintf(&ct, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i+1)
		state := ""
		if sh.hidden {
			state = ` state="hidden"`
		}
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>`, xmlEscape(sh.name), i+1, state, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
	}
	fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`, len(sheets)+1)
	ct.WriteString(`</Types>`)
	wb.WriteString(`</sheets></workbook>`)
	rels.WriteString(`</Relationships>`)
	put("[Content_Types].xml", ct.String())
	put("_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	put("xl/workbook.xml", wb.String())
	put("xl/_rels/workbook.xml.rels", rels.String())
	put("xl/styles.xml", styles)
	for i, sh := range sheets {
		body := sh.xml()
		if sh.edit != nil {
			body = sh.edit(body)
		}
		put(fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), body)
	}
	names := make([]string, 0, len(extra))
	for name := range extra {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		put(name, extra[name])
	}
	if err := z.Close(); err != nil {
		log.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
}

var header = []string{s("lead_id"), s("occurred_at"), s("channel"), s("campaign"), s("converted"), s("value")}

// touches are the five touches of the CSV cases, with real date-and-time
// cells: 45352.375 is 2024-03-01 09:00 (Excel 1900 system: 45352 days
// after 1899-12-30).
func touches() [][]string {
	return [][]string{
		header,
		{s("L1"), dt("45352.375"), s("email"), s("spring"), s("no"), ""},
		{s("L1"), dt("45355.4375"), s("webinar"), s("spring"), s("yes"), n("1200")},
		{s("L2"), dt("45353.458333333336"), s("paid_social"), s("q1_abm"), s("no"), ""},
		{s("L2"), dt("45360.697916666664"), s("email"), s("spring"), s("yes"), n("800")},
		{s("L3"), dt("45356.34375"), s("paid_social"), s("q1_abm"), s("no"), ""},
	}
}

// manyTouches are n touches of leads L1 to Ln under the header (sheet
// rows 2 to n+1), one a day from 2024-01-01, none converting.
func manyTouches(n int) [][]string {
	rows := [][]string{header}
	channels := []string{"email", "webinar", "paid_social"}
	for i := 1; i <= n; i++ {
		rows = append(rows, []string{s(fmt.Sprintf("L%d", i)), dt(fmt.Sprintf("%d.375", 45292+i%300)), s(channels[i%3]), s("spring"), s("no"), ""})
	}
	return rows
}

func main() {
	dir := "testdata/bad"

	// Formulas with their cached values: the values are read.
	rows := touches()
	rows[0] = append(rows[0], s("units"))
	rows[2] = append(rows[2], n("12"))
	rows[4] = append(rows[4], n("8"))
	rows[2][5], rows[4][5] = f("G3*100", "1200"), f("G5*100", "800")
	write(filepath.Join(dir, "0043-xlsx-formulas-cached/touches.xlsx"), sheet{name: "Touches", rows: rows})

	// The same formulas without cached values (a workbook written by a
	// script and never opened in Excel).
	rows = touches()
	rows[0] = append(rows[0], s("units"))
	rows[2] = append(rows[2], n("12"))
	rows[4] = append(rows[4], n("8"))
	rows[2][5], rows[4][5] = f("G3*100", ""), f("G5*100", "")
	write(filepath.Join(dir, "0044-xlsx-formulas-uncached/touches.xlsx"), sheet{name: "Touches", rows: rows})

	// Merged cells: the campaign "spring" of row 2 merged over rows 2-3,
	// so that row 3 shows it too.
	rows = touches()
	rows[2][3] = ""
	write(filepath.Join(dir, "0045-xlsx-merged-cells/touches.xlsx"), sheet{name: "Touches", rows: rows, merges: []string{"D2:D3"}})

	// A hidden first sheet (a lookup table) before the data.
	lookup := sheet{name: "Lookup", hidden: true, rows: [][]string{{s("channel"), s("group")}, {s("email"), s("owned")}}}
	write(filepath.Join(dir, "0046-xlsx-hidden-sheet/touches.xlsx"), lookup, sheet{name: "Touches", rows: touches()})

	// Dates typed as text, as a CSV pasted into Excel leaves them.
	rows = touches()
	for i, t := range []string{"2024-03-01 09:00", "2024-03-04 10:30", "2024-03-02 11:00", "2024-03-09 16:45", "2024-03-05 08:15"} {
		rows[i+1][1] = s(t)
	}
	write(filepath.Join(dir, "0047-xlsx-dates-as-text/touches.xlsx"), sheet{name: "Touches", rows: rows})

	// Real dates and one text date in another layout in one column.
	rows = touches()
	rows[3][1] = s("03/02/2024 11:00")
	write(filepath.Join(dir, "0048-xlsx-text-date-among-dates/touches.xlsx"), sheet{name: "Touches", rows: rows})

	// A workbook without the sheet asked for.
	write(filepath.Join(dir, "0049-xlsx-no-such-sheet/touches.xlsx"), lookup, sheet{name: "Touches", rows: touches()})

	// A sheet without any cell.
	write(filepath.Join(dir, "0051-xlsx-empty-sheet/touches.xlsx"), sheet{name: "Touches"})

	// 600 touches whose sheet XML is damaged at row 501 (issue 19, item
	// 6): excelize's row iterator stops there without an error, which
	// read the sheet as its first 500 rows. One holds a control character
	// (U+0001) in row 501; in the other the sheet's XML stops in the
	// middle of row 501, its zip entry whole.
	many := manyTouches(600)
	write(filepath.Join(dir, "0072-xlsx-control-character-row-501/touches.xlsx"), sheet{name: "Touches", rows: many,
		edit: func(x string) string { return strings.Replace(x, "<t>L500</t>", "<t>L\x01500</t>", 1) }})
	write(filepath.Join(dir, "0073-xlsx-sheet-xml-cut-in-half/touches.xlsx"), sheet{name: "Touches", rows: many,
		edit: func(x string) string { return x[:strings.Index(x, `<c r="C501"`)] }})

	// A row whose number is not a number (issue 19: excelize's error said
	// only strconv.Atoi: parsing "x"): the error names the row.
	write(filepath.Join(dir, "0092-xlsx-row-number-not-a-number/touches.xlsx"), sheet{name: "Touches", rows: touches(),
		edit: func(x string) string { return strings.Replace(x, `<row r="4">`, `<row r="x">`, 1) }})

	// A shared strings part of 6 strings under --max-shared-strings 5
	// (issue 19, item 16: one of 875 MB, under the workbook's limits, ran
	// excelize out of memory).
	var sst strings.Builder
	sst.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6">`)
	for _, v := range []string{"L1", "L2", "L3", "email", "webinar", "paid_social"} {
		sst.WriteString(`<si><t>` + v + `</t></si>`)
	}
	sst.WriteString(`</sst>`)
	writeWith(filepath.Join(dir, "0075-xlsx-too-many-shared-strings/touches.xlsx"),
		map[string]string{"xl/sharedStrings.xml": sst.String()}, sheet{name: "Touches", rows: touches()})

	// Formulas referencing another workbook, with their cached values:
	// read, with a warning that they may be out of date.
	rows = touches()
	rows[2][5], rows[4][5] = f("[1]Prices!B2*2", "1200"), f("'[1]Price list'!B3*2", "800")
	write(filepath.Join(dir, "0076-xlsx-formula-other-workbook/touches.xlsx"), sheet{name: "Touches", rows: rows})

	// A date cell whose style is not a number (s="x"): excelize read it
	// with no style, as its serial number, and attribution then said
	// only "missing time: bad input". The error names cell B3.
	write(filepath.Join(dir, "0111-xlsx-style-not-a-number/touches.xlsx"), sheet{name: "Touches", rows: touches(),
		edit: func(x string) string { return strings.Replace(x, `<c r="B3" s="2">`, `<c r="B3" s="x">`, 1) }})

	// A shared string cell whose index is not a number (t="s" holding
	// "x"): excelize read it as the first shared string. Channels are
	// shared strings here (0 email, 1 webinar, 2 paid_social); C4, L2's
	// paid_social touch, holds "x". The error names cell C4.
	rows = touches()
	for i, ch := range []string{"0", "1", "x", "0", "2"} {
		rows[i+1][2] = ` t="s"><v>` + ch + `</v>`
	}
	var channels strings.Builder
	channels.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">`)
	for _, v := range []string{"email", "webinar", "paid_social"} {
		channels.WriteString(`<si><t>` + v + `</t></si>`)
	}
	channels.WriteString(`</sst>`)
	writeWith(filepath.Join(dir, "0112-xlsx-shared-string-index-not-a-number/touches.xlsx"),
		map[string]string{"xl/sharedStrings.xml": channels.String()}, sheet{name: "Touches", rows: rows})

	// A workbook cut in half (an interrupted download).
	var full bytes.Buffer
	write(filepath.Join(os.TempDir(), "funnel-whole.xlsx"), sheet{name: "Touches", rows: touches()})
	b, err := os.ReadFile(filepath.Join(os.TempDir(), "funnel-whole.xlsx"))
	if err != nil {
		log.Fatal(err)
	}
	full.Write(b[:len(b)/2])
	if err := os.MkdirAll(filepath.Join(dir, "0050-xlsx-truncated"), 0o755); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "0050-xlsx-truncated/touches.xlsx"), full.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
}
