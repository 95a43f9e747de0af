package ingest

import (
	"encoding/xml"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// scanSheetDecoder is scanSheetXML written with encoding/xml's tokenizer
// (RawToken: no namespace lookup), the library alternative that
// BenchmarkScanSheetXML measures the tag scanner against.
func scanSheetDecoder(r io.Reader) (sheetScan, error) {
	var sc sheetScan
	d := xml.NewDecoder(r)
	var (
		inCell, hasF, hasV, inF bool
		ref                     string
		formula                 []byte
	)
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return sc, nil
		}
		if err != nil {
			return sc, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "c":
				inCell, hasF, hasV, inF, formula, ref = true, false, false, false, formula[:0], ""
				for _, a := range t.Attr {
					if a.Name.Local == "r" && a.Name.Space == "" {
						ref = a.Value
					}
				}
			case "f":
				if inCell {
					hasF, inF = true, true
				}
			case "v":
				if inCell {
					hasV = true
				}
			case "mergeCell":
				for _, a := range t.Attr {
					if a.Name.Local == "ref" && a.Name.Space == "" {
						if rg, ok := parseRange(a.Value); ok {
							sc.merges = append(sc.merges, rg)
						}
					}
				}
			}
		case xml.CharData:
			if inF {
				formula = append(formula, t...)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "c":
				if inCell && hasF && !hasV {
					// the decoder unescaped the text; escape it back for addFormula
					sc.addFormula(ref, xmlEscaper.Replace(string(formula)))
				}
				inCell, inF = false, false
			case "f":
				inF = false
			}
		}
	}
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// benchSheetXML is a worksheet of rows of 8 cells, as Excel writes them: a
// shared string, a number, a date serial and a formula with its cached
// value in every row, one formula in 100 without a value, 10 merges.
func benchSheetXML(rows int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for i := 1; i <= rows; i++ {
		n := strconv.Itoa(i)
		b.WriteString(`<row r="` + n + `" spans="1:8">`)
		b.WriteString(`<c r="A` + n + `" t="s"><v>` + strconv.Itoa(i%997) + `</v></c>`)
		b.WriteString(`<c r="B` + n + `" t="s"><v>` + strconv.Itoa(i%31) + `</v></c>`)
		b.WriteString(`<c r="C` + n + `" s="1"><v>` + strconv.Itoa(45000+i%300) + `</v></c>`)
		b.WriteString(`<c r="D` + n + `"><v>` + strconv.Itoa(i%5000) + `.25</v></c>`)
		b.WriteString(`<c r="E` + n + `"><v>` + strconv.Itoa(i%37) + `</v></c>`)
		b.WriteString(`<c r="F` + n + `" t="s"><v>3</v></c>`)
		b.WriteString(`<c r="G` + n + `"><v>` + strconv.Itoa(i%101) + `</v></c>`)
		if i%100 == 0 {
			b.WriteString(`<c r="H` + n + `"><f>IF(D` + n + `&gt;100,E` + n + `,0)</f></c>`)
		} else {
			b.WriteString(`<c r="H` + n + `"><f>D` + n + `*E` + n + `</f><v>` + strconv.Itoa(i%5000*(i%37)) + `</v></c>`)
		}
		b.WriteString(`</row>`)
	}
	b.WriteString(`</sheetData><mergeCells count="10">`)
	for i := 1; i <= 10; i++ {
		b.WriteString(`<mergeCell ref="J` + strconv.Itoa(i*3) + `:K` + strconv.Itoa(i*3+1) + `"/>`)
	}
	b.WriteString(`</mergeCells></worksheet>`)
	return b.String()
}

// TestScanSheetDecoderAgrees: the tag scanner and the encoding/xml version
// find the same formulas and merges in the benchmark's sheet (2,000 rows:
// 20 formulas without a value, at H100, H200, ..., and 10 merges).
func TestScanSheetDecoderAgrees(t *testing.T) {
	t.Parallel()
	s := benchSheetXML(2000)
	a, err := scanSheetXML(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	b, err := scanSheetDecoder(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	if len(a.formulas) != 20 || len(a.merges) != 10 || a.formulas[0] != (formulaCell{row: 100, col: 8, formula: "=IF(D100>100,E100,0)"}) {
		t.Fatalf("scanner found %d formulas (first %+v), %d merges; want 20 from H100 and 10", len(a.formulas), a.formulas[0], len(a.merges))
	}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("scanner %+v\ndecoder %+v", a, b)
	}
}

// BenchmarkScanSheetXML scans a 100,000-row worksheet (about 30 MB of XML)
// with the tag scanner and with encoding/xml's RawToken; MB/s is XML read.
func BenchmarkScanSheetXML(b *testing.B) {
	s := benchSheetXML(100000)
	for _, c := range []struct {
		name string
		scan func(io.Reader) (sheetScan, error)
	}{{"scanner", scanSheetXML}, {"encoding-xml", scanSheetDecoder}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(s)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.scan(strings.NewReader(s)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
