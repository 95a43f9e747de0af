package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// money is a number cell shown as currency ("$#,##0.00").
type money float64

// date is a date cell (an Excel serial number shown as m/d/yyyy).
type date time.Time

// formula is a formula cell with its cached value, as Excel saves it.
type formula struct {
	expr   string
	cached float64
}

// workbook wraps an excelize file with the few cell kinds the corpus uses.
type workbook struct {
	f                   *excelize.File
	sheet               string
	moneyStyle, dateSty int
	err                 error
	formulas            map[string][]string // sheet -> cells holding a formula
	sheetIndex          map[string]int
}

func newWorkbook(sheet string) *workbook {
	f := excelize.NewFile()
	w := &workbook{f: f, sheet: sheet, formulas: map[string][]string{}, sheetIndex: map[string]int{}}
	w.check(f.SetSheetName("Sheet1", sheet))
	w.sheetIndex[sheet] = 1
	fmtMoney := `"$"#,##0.00`
	fmtDate := "m/d/yyyy"
	w.moneyStyle, w.err = f.NewStyle(&excelize.Style{CustomNumFmt: &fmtMoney})
	if w.err == nil {
		w.dateSty, w.err = f.NewStyle(&excelize.Style{CustomNumFmt: &fmtDate})
	}
	return w
}

func (w *workbook) check(err error) {
	if err != nil && w.err == nil {
		w.err = err
	}
}

// addSheet adds a sheet after the others.
func (w *workbook) addSheet(name string) {
	_, err := w.f.NewSheet(name)
	w.check(err)
	w.sheetIndex[name] = len(w.sheetIndex) + 1
}

// set writes v to (col, row) of sheet, both 1-based.
func (w *workbook) set(sheet string, col, row int, v any) {
	cell, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		w.check(err)
		return
	}
	switch v := v.(type) {
	case money:
		w.check(w.f.SetCellFloat(sheet, cell, float64(v), 2, 64))
		w.check(w.f.SetCellStyle(sheet, cell, cell, w.moneyStyle))
	case date:
		// Excel's 1900 date system: days since 1899-12-30 (right for
		// every date after February 1900).
		serial := time.Time(v).Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
		w.check(w.f.SetCellFloat(sheet, cell, serial, -1, 64))
		w.check(w.f.SetCellStyle(sheet, cell, cell, w.dateSty))
	case formula:
		w.check(w.f.SetCellFloat(sheet, cell, v.cached, -1, 64))
		w.check(w.f.SetCellFormula(sheet, cell, v.expr))
		w.check(w.f.SetCellStyle(sheet, cell, cell, w.moneyStyle))
		w.formulas[sheet] = append(w.formulas[sheet], cell)
	default:
		w.check(w.f.SetCellValue(sheet, cell, v))
	}
}

// bytes saves the workbook. Document times are fixed and the content
// types sorted so that the same workbook gives the same bytes; then every
// formula cell's cached value is made a number again (excelize marks a
// formula cell as a string result, t="str"; Excel writes a number result
// without a type).
func (w *workbook) bytes() ([]byte, error) {
	if w.err != nil {
		return nil, w.err
	}
	const fixed = "2024-06-17T09:14:02Z"
	if err := w.f.SetDocProps(&excelize.DocProperties{Creator: "Raj Sales", LastModifiedBy: "Raj Sales",
		Created: fixed, Modified: fixed}); err != nil {
		return nil, err
	}
	w.f.SetActiveSheet(0)
	if ct := w.f.ContentTypes; ct != nil {
		sort.Slice(ct.Defaults, func(i, j int) bool { return ct.Defaults[i].Extension < ct.Defaults[j].Extension })
	}
	var buf bytes.Buffer
	if _, err := w.f.WriteTo(&buf); err != nil {
		return nil, err
	}
	if len(w.formulas) == 0 {
		return buf.Bytes(), nil
	}
	return w.numberResults(buf.Bytes())
}

// numberResults rewrites the sheets holding formulas: in each formula
// cell, t="str" is removed.
func (w *workbook) numberResults(in []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(in), int64(len(in)))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		for sheet, cells := range w.formulas {
			if zf.Name != fmt.Sprintf("xl/worksheets/sheet%d.xml", w.sheetIndex[sheet]) {
				continue
			}
			s := string(body)
			for _, cell := range cells {
				start := strings.Index(s, `<c r="`+cell+`"`)
				if start < 0 {
					return nil, fmt.Errorf("formula cell %s not found in %s", cell, zf.Name)
				}
				end := start + strings.Index(s[start:], ">")
				s = s[:start] + strings.Replace(s[start:end], ` t="str"`, "", 1) + s[end:]
			}
			body = []byte(s)
		}
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate})
		if err != nil {
			return nil, err
		}
		if _, err := fw.Write(body); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
