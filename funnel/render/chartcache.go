package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// cacheChartValues writes into every chart part of f the values its
// series refer to, as Excel does on save: a numeric reference
// (<numRef>, under <val>, <xVal>, <yVal>) gets a <numCache> of the cells'
// numbers, a text reference (<strRef>, under <cat>, <tx>) a <strCache> of
// the cells' text as shown. excelize writes references only, and a viewer
// that does not recalculate (Quick Look, previewers, web viewers,
// LibreOffice in some modes) draws a chart from its caches: without them
// it shows an empty chart.
//
// The values are read back from the cells the reference names, so the
// cache is what the sheet holds, whatever wrote it: a numCache point is
// the cell's number as stored (an empty cell, a text cell or "Inf" has no
// point: a gap), a strCache point the cell's formatted text (an empty
// cell has none). ptCount is the number of cells in the reference. It is
// run once, on the finished workbook, before it is written.
func cacheChartValues(f *excelize.File) error {
	var parts []string
	f.Pkg.Range(func(k, _ any) bool {
		if name := k.(string); strings.HasPrefix(name, "xl/charts/chart") && strings.HasSuffix(name, ".xml") {
			parts = append(parts, name)
		}
		return true
	})
	sort.Strings(parts)
	for _, part := range parts {
		v, _ := f.Pkg.Load(part)
		x, err := cacheChart(f, v.([]byte))
		if err != nil {
			return fmt.Errorf("render: %s: %w", part, err)
		}
		f.Pkg.Store(part, x)
	}
	return nil
}

// cacheChart returns the chart part x with a cache after every reference
// (see cacheChartValues), replacing the cache already there. Element
// names carry the prefix of the part's root element ("" or "c:").
func cacheChart(f *excelize.File, x []byte) ([]byte, error) {
	p := chartPrefix(x)
	var out bytes.Buffer
	for {
		k, numeric := nextRef(x, p)
		if k < 0 {
			out.Write(x)
			return out.Bytes(), nil
		}
		fOpen, fClose := "<"+p+"f>", "</"+p+"f>"
		start := k + bytes.Index(x[k:], []byte(fOpen))
		end := bytes.Index(x[start:], []byte(fClose))
		if end < 0 {
			return nil, fmt.Errorf("a reference without %s", fClose)
		}
		end += start
		ref := html.UnescapeString(string(x[start+len(fOpen) : end]))
		end += len(fClose)
		out.Write(x[:end])
		x = x[end:]
		cache := "numCache"
		if !numeric {
			cache = "strCache"
		}
		if old := "<" + p + cache + ">"; bytes.HasPrefix(x, []byte(old)) {
			n := bytes.Index(x, []byte("</"+p+cache+">"))
			if n < 0 {
				return nil, fmt.Errorf("%s without its end", old)
			}
			x = x[n+len("</"+p+cache+">"):]
		}
		if err := writeCache(&out, f, p, ref, numeric); err != nil {
			return nil, err
		}
	}
}

// chartPrefix is the namespace prefix of the chart part's root element,
// with its colon: "" for excelize's default namespace, "c:" as Excel
// writes it.
func chartPrefix(x []byte) string {
	k := bytes.Index(x, []byte("chartSpace"))
	if k <= 0 {
		return ""
	}
	j := bytes.LastIndexByte(x[:k], '<')
	if j < 0 {
		return ""
	}
	return string(x[j+1 : k])
}

// nextRef finds the next <numRef> or <strRef> of x and whether it is
// numeric; -1 when there is none.
func nextRef(x []byte, p string) (int, bool) {
	n := bytes.Index(x, []byte("<"+p+"numRef>"))
	s := bytes.Index(x, []byte("<"+p+"strRef>"))
	switch {
	case n < 0 && s < 0:
		return -1, false
	case s < 0 || (n >= 0 && n < s):
		return n, true
	}
	return s, false
}

// writeCache writes the cache of the cells ref names.
func writeCache(out *bytes.Buffer, f *excelize.File, p, ref string, numeric bool) error {
	sheet, cells, err := refCells(ref)
	if err != nil {
		return err
	}
	if numeric {
		fmt.Fprintf(out, "<%snumCache><%sformatCode>General</%sformatCode>", p, p, p)
	} else {
		fmt.Fprintf(out, "<%sstrCache>", p)
	}
	fmt.Fprintf(out, `<%sptCount val="%d"/>`, p, len(cells))
	for i, cell := range cells {
		v, ok, err := cachedValue(f, sheet, cell, numeric)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		fmt.Fprintf(out, `<%spt idx="%d"><%sv>`, p, i, p)
		if err := xml.EscapeText(out, []byte(v)); err != nil {
			return err
		}
		fmt.Fprintf(out, "</%sv></%spt>", p, p)
	}
	if numeric {
		fmt.Fprintf(out, "</%snumCache>", p)
	} else {
		fmt.Fprintf(out, "</%sstrCache>", p)
	}
	return nil
}

// cachedValue is the cached value of one cell: its number as stored
// (numeric), or its text as shown; false when the cell has none (empty,
// or not a finite number where one is wanted).
func cachedValue(f *excelize.File, sheet, cell string, numeric bool) (string, bool, error) {
	if !numeric {
		v, err := f.GetCellValue(sheet, cell)
		return v, err == nil && v != "", err
	}
	typ, err := f.GetCellType(sheet, cell)
	if err != nil {
		return "", false, err
	}
	switch typ {
	case excelize.CellTypeUnset, excelize.CellTypeNumber:
	default:
		return "", false, nil // text, a boolean, an error value
	}
	v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil || v == "" {
		return "", false, err
	}
	n, perr := strconv.ParseFloat(v, 64)
	if perr != nil || math.IsInf(n, 0) || math.IsNaN(n) {
		return "", false, nil
	}
	return v, true, nil
}

// refCells splits a chart reference ('Sheet'!$A$2:$A$9, Sheet!$B$1)
// into its sheet and the cells it names, row by row.
func refCells(ref string) (string, []string, error) {
	k := strings.LastIndexByte(ref, '!')
	if k < 0 {
		return "", nil, fmt.Errorf("reference %q names no sheet", ref)
	}
	sheet := ref[:k]
	if len(sheet) >= 2 && sheet[0] == '\'' && sheet[len(sheet)-1] == '\'' {
		sheet = strings.ReplaceAll(sheet[1:len(sheet)-1], "''", "'")
	}
	from, to, _ := strings.Cut(strings.ReplaceAll(ref[k+1:], "$", ""), ":")
	if to == "" {
		to = from
	}
	c0, r0, err := excelize.CellNameToCoordinates(from)
	if err != nil {
		return "", nil, fmt.Errorf("reference %q: %w", ref, err)
	}
	c1, r1, err := excelize.CellNameToCoordinates(to)
	if err != nil {
		return "", nil, fmt.Errorf("reference %q: %w", ref, err)
	}
	var cells []string
	for r := min(r0, r1); r <= max(r0, r1); r++ {
		for c := min(c0, c1); c <= max(c0, c1); c++ {
			cells = append(cells, cellName(c, r))
		}
	}
	return sheet, cells, nil
}
