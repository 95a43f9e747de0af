package render

import (
	"encoding/xml"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// chartPart is what the cache tests read of a chart part: the series of
// its line and bar charts, each reference with its caches.
type chartPart struct {
	Line []chartSer `xml:"chart>plotArea>lineChart>ser"`
	Bar  []chartSer `xml:"chart>plotArea>barChart>ser"`
}

type chartSer struct {
	Tx struct {
		StrRef *chartRef `xml:"strRef"`
		V      string    `xml:"v"`
	} `xml:"tx"`
	Cat struct {
		StrRef *chartRef `xml:"strRef"`
	} `xml:"cat"`
	Val struct {
		NumRef *chartRef `xml:"numRef"`
	} `xml:"val"`
}

type chartRef struct {
	F   string      `xml:"f"`
	Num *chartCache `xml:"numCache"`
	Str *chartCache `xml:"strCache"`
}

type chartCache struct {
	FormatCode string `xml:"formatCode"`
	PtCount    struct {
		Val int `xml:"val,attr"`
	} `xml:"ptCount"`
	Pts []struct {
		Idx int    `xml:"idx,attr"`
		V   string `xml:"v"`
	} `xml:"pt"`
}

// points returns the cache's points by index.
func (c *chartCache) points() map[int]string {
	m := map[int]string{}
	for _, p := range c.Pts {
		m[p.Idx] = p.V
	}
	return m
}

// refLength counts the cells of a reference such as 'S'!$A$2:$A$9 by its
// row numbers (every chart reference here is one column).
func refLength(t *testing.T, ref string) int {
	t.Helper()
	_, cells, _ := strings.Cut(ref, "!")
	from, to, ok := strings.Cut(cells, ":")
	if !ok {
		return 1
	}
	row := func(s string) int {
		n, err := strconv.Atoi(s[strings.LastIndexByte(s, '$')+1:])
		if err != nil {
			t.Fatalf("reference %q: %v", ref, err)
		}
		return n
	}
	return row(to) - row(from) + 1
}

// TestXLSXChartCaches reads richReport's two charts out of the written
// zip: every reference carries a cache of the values richReport planted
// in its cells (an NA cell is no point: a gap), ptCount is the
// reference's length, and each cached value equals the cell read back.
func TestXLSXChartCaches(t *testing.T) {
	t.Parallel()
	data := renderXLSX(t, richReport())
	parts := zipParts(t, data)
	f := openXLSX(t, data)
	nan := math.NaN()
	type want struct {
		kind   string
		name   string // the series name: its cache (long layout) or literal text
		cats   []string
		values []float64 // NaN: no point
	}
	channels := []string{"email", `'=HYPERLINK("http://x","click")`, "'+1+1", "'-2+3", "'@SUM(A1)", "'\t=1", "paid|search", ""} // gota reads "NaN" as NA: an empty cell, no point
	periods := []string{"2024-01", "2024-02", "2024-03"}
	wants := []want{
		{"line", "MQL>SQL", periods, []float64{12.5, 10, 9.5}},
		{"line", "SQL>Opp", periods, []float64{30.25, 28.75, nan}},
		{"bar", "Conversions", channels, []float64{120, 45, 0, 3, nan, 1, 88, 12}},
		{"bar", "Credit", channels, []float64{52.5, -3.5, 0.125, nan, 1234.5678, 1e-7, 88, -0.25}},
	}
	var got []chartSer
	var kinds []string
	for _, name := range []string{"xl/charts/chart1.xml", "xl/charts/chart2.xml"} {
		var c chartPart
		if err := xml.Unmarshal(parts[name], &c); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, s := range c.Line {
			got, kinds = append(got, s), append(kinds, "line")
		}
		for _, s := range c.Bar {
			got, kinds = append(got, s), append(kinds, "bar")
		}
	}
	if len(got) != len(wants) {
		t.Fatalf("%d series, want %d", len(got), len(wants))
	}
	for k, w := range wants {
		s := got[k]
		if kinds[k] != w.kind {
			t.Errorf("series %d is a %s series, want %s", k, kinds[k], w.kind)
		}
		name := s.Tx.V
		if r := s.Tx.StrRef; r != nil {
			if r.Str == nil || r.Str.PtCount.Val != 1 || len(r.Str.Pts) != 1 {
				t.Fatalf("series %d: name %s has no one-point cache: %+v", k, r.F, r.Str)
			}
			name = r.Str.Pts[0].V
		}
		if name != w.name {
			t.Errorf("series %d is named %q, want %q", k, name, w.name)
		}
		cat, val := s.Cat.StrRef, s.Val.NumRef
		if cat == nil || cat.Str == nil || val == nil || val.Num == nil {
			t.Fatalf("series %q: categories or values without a cache", w.name)
		}
		sheet, _, _ := strings.Cut(val.F, "!")
		sheet = strings.Trim(sheet, "'")
		if n := refLength(t, cat.F); cat.Str.PtCount.Val != n || n != len(w.cats) {
			t.Errorf("series %q: categories %s: ptCount %d, want %d", w.name, cat.F, cat.Str.PtCount.Val, len(w.cats))
		}
		if n := refLength(t, val.F); val.Num.PtCount.Val != n || n != len(w.values) {
			t.Errorf("series %q: values %s: ptCount %d, want %d", w.name, val.F, val.Num.PtCount.Val, len(w.values))
		}
		cats := cat.Str.points()
		_, cellsOf, _ := refCells(cat.F)
		for i, c := range w.cats {
			if p, ok := cats[i]; c == "" && ok {
				t.Errorf("series %q: category %d of an empty cell cached as %q", w.name, i, p)
			}
			if cats[i] != c {
				t.Errorf("series %q: category %d cached %q, want %q", w.name, i, cats[i], c)
			}
			if v, _ := f.GetCellValue(sheet, cellsOf[i]); v != cats[i] {
				t.Errorf("series %q: category %d cached %q, cell %s holds %q", w.name, i, cats[i], cellsOf[i], v)
			}
		}
		vals := val.Num.points()
		_, cellsOf, _ = refCells(val.F)
		for i, v := range w.values {
			p, ok := vals[i]
			if math.IsNaN(v) {
				if ok {
					t.Errorf("series %q: value %d of an empty cell cached as %q", w.name, i, p)
				}
				continue
			}
			x, err := strconv.ParseFloat(p, 64)
			if !ok || err != nil || math.Abs(x-v) > 1e-12*math.Abs(v) {
				t.Errorf("series %q: value %d cached %q, want %v", w.name, i, p, v)
			}
			if cell, _ := f.GetCellValue(sheet, cellsOf[i], excelize.Options{RawCellValue: true}); cell != p {
				t.Errorf("series %q: value %d cached %q, cell %s holds %q", w.name, i, p, cellsOf[i], cell)
			}
		}
	}
}

// TestCacheChart: a part as Excel writes it (the c: prefix, a stale
// cache) gets its caches replaced; a sheet name with an apostrophe, a
// single-cell reference, text in a numeric range and an empty cell.
func TestCacheChart(t *testing.T) {
	t.Parallel()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "It's"); err != nil {
		t.Fatal(err)
	}
	for cell, v := range map[string]any{"A1": "Series & co", "A2": "x", "A3": "y", "A4": "z", "B2": 1.5, "B3": "n/a", "B5": -2} {
		if err := f.SetCellValue("It's", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	part := `<c:chartSpace xmlns:c="c"><c:ser>` +
		`<c:tx><c:strRef><c:f>'It''s'!$A$1</c:f></c:strRef></c:tx>` +
		`<c:cat><c:strRef><c:f>'It''s'!$A$2:$A$5</c:f><c:strCache><c:ptCount val="9"/></c:strCache></c:strRef></c:cat>` +
		`<c:val><c:numRef><c:f>'It''s'!$B$2:$B$5</c:f><c:numCache><c:formatCode/></c:numCache></c:numRef></c:val>` +
		`</c:ser></c:chartSpace>`
	got, err := cacheChart(f, []byte(part))
	if err != nil {
		t.Fatal(err)
	}
	want := `<c:chartSpace xmlns:c="c"><c:ser>` +
		`<c:tx><c:strRef><c:f>'It''s'!$A$1</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>Series &amp; co</c:v></c:pt></c:strCache></c:strRef></c:tx>` +
		`<c:cat><c:strRef><c:f>'It''s'!$A$2:$A$5</c:f><c:strCache><c:ptCount val="4"/><c:pt idx="0"><c:v>x</c:v></c:pt><c:pt idx="1"><c:v>y</c:v></c:pt><c:pt idx="2"><c:v>z</c:v></c:pt></c:strCache></c:strRef></c:cat>` +
		`<c:val><c:numRef><c:f>'It''s'!$B$2:$B$5</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="4"/><c:pt idx="0"><c:v>1.5</c:v></c:pt><c:pt idx="3"><c:v>-2</c:v></c:pt></c:numCache></c:numRef></c:val>` +
		`</c:ser></c:chartSpace>`
	if string(got) != want {
		t.Errorf("cacheChart =\n%s\nwant\n%s", got, want)
	}
	if _, err := cacheChart(f, []byte(`<chartSpace><numRef><f>$A$1</f></numRef></chartSpace>`)); err == nil || !strings.Contains(err.Error(), "names no sheet") {
		t.Errorf("a reference without a sheet: %v", err)
	}
}
