package render

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

var plotOut = flag.String("plot.out", "", "also write the test plots as PNG files into this folder, to look at")

// plotGoldenDir holds the expected SVG of each test chart.
var plotGoldenDir = filepath.Join("..", "..", "testdata", "render", "plot")

// plotReport is a velocity-like long-layout line chart (3 transitions x 6
// months, one mean missing) and an attribution-like wide-layout bar chart
// (2 models x 4 channels).
func plotReport() *funnel.Report {
	r := funnel.NewReport("velocity", "Plot test")
	periods := []string{"2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"}
	transitions := []string{"Lead>MQL", "MQL>SQL", "SQL>Won"}
	means := [][]float64{ // [period][transition]
		{4.5, 12.25, 41},
		{5, 11.5, 38.5},
		{3.75, 13, 44.25},
		{4.25, math.NaN(), 40},
		{6, 10.75, 36},
		{5.5, 9.5, 39.75},
	}
	var period, transition []string
	var mean []float64
	for a, p := range periods {
		for b, tr := range transitions {
			period = append(period, p)
			transition = append(transition, tr)
			mean = append(mean, means[a][b])
		}
	}
	velocity := dataframe.New(
		series.New(period, series.String, "period"),
		series.New(transition, series.String, "transition"),
		series.New(mean, series.Float, "mean_days"),
	)
	r.AddTable("velocity", velocity)

	attribution := dataframe.New(
		series.New([]string{"email", "paid_search", "webinar", "organic"}, series.String, "channel"),
		series.New([]float64{120, 85.5, 40, 64}, series.Float, "first_touch"),
		series.New([]float64{96.25, 101, 57.75, 54.5}, series.Float, "markov"),
		series.New([]int{3, 2, 1, 0}, series.Int, "rank"),
	)
	r.AddTable("attribution", attribution)

	r.AddChart(funnel.Chart{Kind: funnel.LineChart, Title: "Mean days per stage transition", Table: "velocity",
		X: "period", SeriesBy: "transition", Y: "mean_days", XTitle: "month", YTitle: "mean days"})
	r.AddChart(funnel.Chart{Kind: funnel.BarChart, Title: "Conversions credited by channel and model", Table: "attribution",
		X: "channel", Series: []string{"first_touch", "markov"}, XTitle: "channel", YTitle: "conversions"})
	return r
}

// renderPlot draws chart k of r.
func renderPlot(t *testing.T, r *funnel.Report, k int, f PlotFormat) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WritePlot(&buf, r, r.Charts[k], f); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// savePreview writes a PNG into -plot.out when it is set.
func savePreview(t *testing.T, name string, data []byte) {
	t.Helper()
	if *plotOut == "" {
		return
	}
	if err := os.MkdirAll(*plotOut, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*plotOut, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestPlotFormatFromPath(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path string
		want PlotFormat
		err  string
	}{
		{"out/velocity.png", PNG, ""},
		{"Velocity.SVG", SVG, ""},
		{"chart.pdf", 0, `unknown plot extension ".pdf" of chart.pdf (want .png or .svg)`},
		{"chart", 0, "plot file chart has no extension"},
	}
	for _, tc := range tests {
		got, err := PlotFormatFromPath(tc.path)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v, want one containing %q", tc.path, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: got %v, %v; want %v", tc.path, got, err, tc.want)
		}
	}
	if PNG.String() != "png" || SVG.String() != "svg" {
		t.Errorf("names %q %q", PNG, SVG)
	}
}

// TestPlotData checks what is plotted: the long table pivoted by first
// appearance (values copied from plotReport), the missing mean as NaN.
func TestPlotData(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	r := plotReport()
	tests := []struct {
		chart  int
		cats   []string
		names  []string
		values [][]float64
		yTitle string
	}{
		{0,
			[]string{"2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"},
			[]string{"Lead>MQL", "MQL>SQL", "SQL>Won"},
			[][]float64{
				{4.5, 5, 3.75, 4.25, 6, 5.5},
				{12.25, 11.5, 13, nan, 10.75, 9.5},
				{41, 38.5, 44.25, 40, 36, 39.75},
			},
			"Mean days"}, // as axisTitle writes "mean days"
		{1,
			[]string{"email", "paid_search", "webinar", "organic"},
			[]string{"First touch", "Markov"}, // first_touch, markov in words
			[][]float64{{120, 85.5, 40, 64}, {96.25, 101, 57.75, 54.5}},
			"Conversions"},
	}
	for _, tc := range tests {
		d, err := readChartData(r, r.Charts[tc.chart])
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(d.cats) != fmt.Sprint(tc.cats) || fmt.Sprint(d.names) != fmt.Sprint(tc.names) || d.yTitle != tc.yTitle {
			t.Errorf("chart %d: cats %q names %q y %q; want %q %q %q", tc.chart, d.cats, d.names, d.yTitle, tc.cats, tc.names, tc.yTitle)
		}
		// fmt prints NaN as NaN, so equal prints mean equal values here.
		if fmt.Sprint(d.values) != fmt.Sprint(tc.values) {
			t.Errorf("chart %d: values %v, want %v", tc.chart, d.values, tc.values)
		}
	}

	// Without YTitle the value axis is named after Y (long) or the only
	// series (wide), in words; ints become floats and NA becomes NaN.
	r.Charts = []funnel.Chart{
		{Kind: funnel.LineChart, Table: "velocity", X: "period", SeriesBy: "transition", Y: "mean_days"},
		{Kind: funnel.BarChart, Table: "attribution", X: "channel", Series: []string{"rank"}},
	}
	d, err := readChartData(r, r.Charts[0])
	if err != nil || d.yTitle != "Mean days" {
		t.Errorf("long y title %q, %v", d.yTitle, err)
	}
	d, err = readChartData(r, r.Charts[1])
	if err != nil || d.yTitle != "Rank" || fmt.Sprint(d.values) != "[[3 2 1 0]]" {
		t.Errorf("wide one series: %+v, %v", d, err)
	}
}

func TestPlotGolden(t *testing.T) {
	t.Parallel()
	r := plotReport()
	for k, name := range []string{"velocity_line.svg", "attribution_bar.svg"} {
		t.Run(name, func(t *testing.T) {
			got := renderPlot(t, r, k, SVG)
			path := filepath.Join(plotGoldenDir, name)
			if *update {
				if err := os.MkdirAll(plotGoldenDir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./funnel/render -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file (%d bytes, want %d); look at it, then refresh with -update", name, len(got), len(want))
			}
		})
	}
}

// TestPlotSVGText checks the text and fonts of the SVG: every label is
// there, and the fonts fall back to metric-compatible ones.
func TestPlotSVGText(t *testing.T) {
	t.Parallel()
	r := plotReport()
	svg := string(renderPlot(t, r, 0, SVG))
	for _, want := range []string{
		`<svg width="576pt" height="324pt"`, // 8 x 72 pt, 4.5 x 72 pt
		">Mean days per stage transition</text>",
		">Month</text>", ">Mean days</text>",
		">2024-01</text>", ">2024-06</text>",
		">Lead&gt;MQL</text>", ">MQL&gt;SQL</text>", ">SQL&gt;Won</text>",
		`font-family:'Liberation Sans',Arial,Helvetica,sans-serif;`,
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("svg lacks %s", want)
		}
	}
	if strings.Contains(svg, "font-family:Liberation Sans;") || strings.Contains(svg, "@font-face") {
		t.Error("svg names a font without fallbacks, or embeds one")
	}
}

func TestPlotPNG(t *testing.T) {
	t.Parallel()
	r := plotReport()
	for k, name := range []string{"velocity_line.png", "attribution_bar.png"} {
		data := renderPlot(t, r, k, PNG)
		savePreview(t, name, data)
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// 8 in x 96 dpi = 768, 4.5 in x 96 dpi = 432.
		if b := img.Bounds(); b != image.Rect(0, 0, 768, 432) {
			t.Errorf("%s: bounds %v, want 768x432", name, b)
		}
		if got := colorAt(img, 2, 2); got != (color.RGBA{255, 255, 255, 255}) {
			t.Errorf("%s: corner %v, want white", name, got)
		}
		// Each series is drawn in its palette colour; the next colour is unused.
		used := len(r.Charts[k].Series)
		if used == 0 {
			used = 3
		}
		counts := colorCounts(img)
		for s := range used + 1 {
			c := seriesColors[s].(color.RGBA)
			switch n := counts[c]; {
			case s < used && n < 100:
				t.Errorf("%s: series %d colour %v in %d pixels, want at least 100", name, s, c, n)
			case s == used && n != 0:
				t.Errorf("%s: unused colour %v in %d pixels", name, c, n)
			}
		}
	}
}

// TestPlotDeterministic renders every chart twice, from two reports built
// alike, in both formats.
func TestPlotDeterministic(t *testing.T) {
	t.Parallel()
	for k := range plotReport().Charts {
		for _, f := range []PlotFormat{PNG, SVG} {
			a := renderPlot(t, plotReport(), k, f)
			b := renderPlot(t, plotReport(), k, f)
			if !bytes.Equal(a, b) {
				t.Errorf("chart %d %v: two renders differ", k, f)
			}
		}
	}
}

func TestPlotErrors(t *testing.T) {
	t.Parallel()
	empty := dataframe.New(
		series.New([]string{}, series.String, "period"),
		series.New([]float64{}, series.Float, "mean_days"),
	)
	allNA := dataframe.New(
		series.New([]string{"a", "b"}, series.String, "period"),
		series.New([]float64{math.NaN(), math.Inf(1)}, series.Float, "mean_days"),
	)
	tests := []struct {
		chart funnel.Chart
		err   string
	}{
		{funnel.Chart{Kind: funnel.LineChart, Title: "c", Table: "nope", X: "period", Series: []string{"mean_days"}},
			`render: chart "c": the report has no table "nope"`},
		{funnel.Chart{Kind: funnel.LineChart, Title: "c", Table: "velocity", X: "month", SeriesBy: "transition", Y: "mean_days"},
			`render: chart "c": table "velocity" has no column "month"`},
		{funnel.Chart{Kind: funnel.BarChart, Title: "c", Table: "attribution", X: "channel", Series: []string{"first_touch", "shapley"}},
			`render: chart "c": table "attribution" has no column "shapley"`},
		{funnel.Chart{Kind: funnel.BarChart, Title: "c", Table: "attribution", X: "channel", Series: []string{"channel"}},
			`render: chart "c": column "channel" of table "attribution" is not numeric`},
		{funnel.Chart{Kind: funnel.LineChart, Title: "c", Table: "velocity", X: "period", SeriesBy: "transition", Y: "period"},
			`render: chart "c": column "period" of table "velocity" is not numeric`},
		{funnel.Chart{Kind: funnel.LineChart, Title: "c", Table: "velocity", X: "period", SeriesBy: "transition"},
			`render: chart "c": SeriesBy "transition" needs a Y column`},
		{funnel.Chart{Kind: funnel.LineChart, Title: "c", Table: "velocity", X: "period"},
			`render: chart "c": no series`},
		{funnel.Chart{Kind: funnel.LineChart, Title: "c", Table: "velocity", X: "period", SeriesBy: "period", Y: "mean_days"},
			`rows 1 and 2 both hold period=2024-01, period=2024-01`},
		{funnel.Chart{Kind: funnel.LineChart, Table: "empty", X: "period", Series: []string{"mean_days"}},
			`render: chart "empty": table "empty" has no rows to plot`},
		{funnel.Chart{Kind: funnel.BarChart, Title: "c", Table: "all_na", X: "period", Series: []string{"mean_days"}},
			`render: chart "c": every value to plot in table "all_na" is missing`},
		{funnel.Chart{Kind: 7, Title: "c", Table: "velocity", X: "period", Series: []string{"mean_days"}},
			`render: chart "c": unknown chart kind 7`},
	}
	r := plotReport()
	r.AddTable("empty", empty)
	r.AddTable("all_na", allNA)
	for _, tc := range tests {
		for _, f := range []PlotFormat{PNG, SVG} {
			var buf bytes.Buffer
			err := WritePlot(&buf, r, tc.chart, f)
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%+v: error %v, want one containing %q", tc.chart, err, tc.err)
			}
			if buf.Len() != 0 {
				t.Errorf("%+v: %d bytes written before the error", tc.chart, buf.Len())
			}
		}
	}
	var buf bytes.Buffer
	if err := WritePlot(&buf, r, r.Charts[0], PlotFormat(9)); err == nil || !strings.Contains(err.Error(), "unknown plot format") {
		t.Errorf("format 9: %v", err)
	}
}

func TestWritePlots(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := plotReport()

	path := filepath.Join(dir, "velocity.svg")
	if err := WritePlots(path, nil, r); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := renderPlot(t, r, 0, SVG); !bytes.Equal(got, want) {
		t.Error("WritePlots did not write the first chart")
	}

	input := filepath.Join(dir, "stages.csv")
	if err := os.WriteFile(input, []byte("entity_id,stage,entered_at\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	noCharts := plotReport()
	noCharts.Charts = nil
	badChart := plotReport()
	badChart.Charts[0].Table = "nope"
	tests := []struct {
		path string
		r    *funnel.Report
		err  string
	}{
		{filepath.Join(dir, "v.pdf"), r, `unknown plot extension ".pdf"`},
		{filepath.Join(dir, "v.png"), noCharts, "the velocity report has no chart to plot"},
		{filepath.Join(dir, "v.png"), badChart, `the report has no table "nope"`},
		{filepath.Join(dir, "stages.png"), r, ""}, // not an input
	}
	for _, tc := range tests {
		err := WritePlots(tc.path, []string{input}, tc.r)
		if tc.err == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.path, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: error %v, want one containing %q", tc.path, err, tc.err)
		}
		if _, statErr := os.Stat(tc.path); statErr == nil {
			t.Errorf("%s written despite the error", tc.path)
		}
	}
	// The input keeps its content when named as output (with a plot extension).
	svgInput := filepath.Join(dir, "in.svg")
	if err := os.WriteFile(svgInput, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WritePlots(svgInput, []string{svgInput}, r); err == nil || !strings.Contains(err.Error(), "refusing to write output to") {
		t.Errorf("input as output: %v", err)
	}
	if b, _ := os.ReadFile(svgInput); string(b) != "keep" {
		t.Errorf("input overwritten: %q", b)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".funnel-*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestGroupThousands(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{ // by hand
		{"0", "0"},
		{"-0", "0"},
		{"-0.00", "0.00"},
		{"999", "999"},
		{"1000", "1,000"},
		{"-1234567.5", "-1,234,567.5"},
		{"12500000", "12,500,000"},
		{"0.25", "0.25"},
	}
	for _, tc := range tests {
		if got := groupThousands(tc.in); got != tc.want {
			t.Errorf("groupThousands(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNiceStep(t *testing.T) {
	t.Parallel()
	tests := []struct { // by hand: the smallest of 1, 2, 2.5, 5 x 10^k >= (hi-lo)/5
		lo, hi, want float64
	}{
		{0, 1, 0.2},          // 0.2
		{0, 44.25, 10},       // 8.85
		{3.75, 44.25, 10},    // 8.1
		{0, 120, 25},         // 24
		{0, 100, 20},         // 20 exactly
		{0, 0.012, 0.0025},   // 0.0024
		{-0.4, 2.5, 1},       // 0.58
		{-2.5e5, 1.5e6, 5e5}, // 350,000
		{11, 13, 0.5},        // 0.4
	}
	for _, tc := range tests {
		if got := niceStep(tc.lo, tc.hi, 5); math.Abs(got-tc.want) > 1e-12*tc.want {
			t.Errorf("niceStep(%v, %v) = %v, want %v", tc.lo, tc.hi, got, tc.want)
		}
	}
}

func TestValueTicks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		step, lo, hi float64
		want         string // labels, by hand
	}{
		{10, 0, 50, "0 10 20 30 40 50"},
		{2.5e5, -2.5e5, 1.5e6, "-250,000 0 250,000 500,000 750,000 1,000,000 1,250,000 1,500,000"},
		{0.0025, 0, 0.0125, "0.0000 0.0025 0.0050 0.0075 0.0100 0.0125"},
		{0.2, 0, 1, "0.0 0.2 0.4 0.6 0.8 1.0"},
		{0.5, 10.5, 13, "10.5 11.0 11.5 12.0 12.5 13.0"},
	}
	for _, tc := range tests {
		var labels []string
		for _, tk := range (valueTicks{step: tc.step}).Ticks(tc.lo, tc.hi) {
			labels = append(labels, tk.Label)
		}
		if got := strings.Join(labels, " "); got != tc.want {
			t.Errorf("step %v over [%v, %v]: %q, want %q", tc.step, tc.lo, tc.hi, got, tc.want)
		}
	}
}

func TestCategoryStep(t *testing.T) {
	t.Parallel()
	// Turned 45 degrees, labels of line height h need a slot of
	// 1.5 h / sin 45° = 2.1213 h: for h = 11.5 pt, 24.395 pt.
	tests := []struct {
		slot, height vg.Length
		want         int
	}{
		{30, 11.5, 1},
		{24.4, 11.5, 1},
		{24.3, 11.5, 2},
		{12.2, 11.5, 2},
		{12.1, 11.5, 3}, // 24.395 / 12.1 = 2.016
		{5, 11.5, 5},    // 24.395 / 5 = 4.88
	}
	for _, tc := range tests {
		if got := categoryStep(tc.slot, tc.height); got != tc.want {
			t.Errorf("categoryStep(%v, %v) = %d, want %d", tc.slot, tc.height, got, tc.want)
		}
	}
}

// TestPlotLayouts draws crowded and awkward charts: many periods, long
// labels, many series, negative and missing bars, one value. Labels are
// level when they fit, turned when not, thinned when turned ones crowd.
func TestPlotLayouts(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	periods := func(n int) []string {
		s := make([]string, n)
		for i := range s {
			s[i] = fmt.Sprintf("%d-%02d", 2021+i/12, 1+i%12)
		}
		return s
	}
	wave := func(n int, phase float64) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = 20 + 8*math.Sin(float64(i)/4+phase) + phase*3
		}
		return v
	}
	long := []string{"Paid Social - LinkedIn Sponsored Content", "Organic Search", "Email Nurture Q3 Campaign", "Partner Referral", "Direct"}
	tests := []struct {
		name    string
		kind    funnel.ChartKind
		cats    []string
		series  map[string][]float64
		order   []string
		turned  bool
		minStep int // the label step is at least this
	}{
		{"few_short", funnel.BarChart, []string{"a", "b", "c"},
			map[string][]float64{"n": {3, 1, 2}}, []string{"n"}, false, 1},
		// "2021-01" at 10 pt Liberation Sans is 6 x 5.56 + 3.33 = 36.7 pt
		// wide, plus 6 pt of air; 12 slots share at most 576 - 17.3 (margins)
		// - 86.4 (legend) = 472 pt, 39.4 pt each: turned.
		{"months_12", funnel.LineChart, periods(12),
			map[string][]float64{"MQL>SQL": wave(12, 0), "SQL>Opp": wave(12, 1)}, []string{"MQL>SQL", "SQL>Opp"}, true, 1},
		// 36 slots of at most 13.1 pt; turned labels of line height 11.17 pt
		// (ascent + descent) need 1.5 x 11.17 / sin 45° = 23.7 pt: every 2nd at least.
		{"months_36", funnel.LineChart, periods(36),
			map[string][]float64{"MQL>SQL": wave(36, 0), "SQL>Opp": wave(36, 1), "Opp>Won": wave(36, 2)}, []string{"MQL>SQL", "SQL>Opp", "Opp>Won"}, true, 2},
		// 104 slots of at most (576 - 17.3) / 104 = 5.4 pt: every 5th at least.
		{"weeks_104", funnel.LineChart, periods(104),
			map[string][]float64{"MQL>SQL": wave(104, 0)}, []string{"MQL>SQL"}, true, 5},
		{"long_labels", funnel.BarChart, long,
			map[string][]float64{"first_touch": {30, 22, 18, 9, 4}, "last_touch": {25, 20, 24, 6, 8}, "linear": {27, 21, 20, 8, 7},
				"time_decay": {26, 21, 22, 7, 7}, "position_based": {28, 21, 20, 8, 6}, "markov": {29, 19, 21, 9, 5}, "shapley": {28, 20, 21, 8, 6}},
			[]string{"first_touch", "last_touch", "linear", "time_decay", "position_based", "markov", "shapley"}, true, 1},
		{"negative_missing", funnel.BarChart, []string{"email", "paid_search", "webinar", "events"},
			map[string][]float64{"profit": {1.5e6, -2.5e5, 4e5, nan}, "cost": {1.2e6, 3e5, nan, 2.5e5}}, []string{"profit", "cost"}, false, 1},
		{"one_value", funnel.LineChart, []string{"2024-01"},
			map[string][]float64{"MQL>SQL": {12}}, []string{"MQL>SQL"}, false, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cols := []series.Series{series.New(tc.cats, series.String, "x")}
			for _, name := range tc.order {
				cols = append(cols, series.New(tc.series[name], series.Float, name))
			}
			r := funnel.NewReport("test", "")
			r.AddTable("t", dataframe.New(cols...))
			r.AddChart(funnel.Chart{Kind: tc.kind, Title: tc.name, Table: "t", X: "x", Series: tc.order, XTitle: "x"})
			data := renderPlot(t, r, 0, PNG)
			savePreview(t, tc.name+".png", data)
			savePreview(t, tc.name+".svg", renderPlot(t, r, 0, SVG))
			if cfg, err := png.DecodeConfig(bytes.NewReader(data)); err != nil || cfg.Width != 768 || cfg.Height != 432 {
				t.Errorf("png %dx%d, %v", cfg.Width, cfg.Height, err)
			}

			d, err := readChartData(r, r.Charts[0])
			if err != nil {
				t.Fatal(err)
			}
			p := plot.New()
			styleText(&p.X.Tick.Label, sansFont, 10)
			c := testCanvas()
			p.X.Min, p.X.Max = -0.5, float64(len(d.cats))-0.5
			p.Y.Min, p.Y.Max = 0, 1
			layoutCategories(p, &c, d.cats)
			turned := p.X.Tick.Label.Rotation != 0
			ticks := p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max)
			step := len(ticks)
			for i, tk := range ticks[1:] {
				if tk.Label != "" {
					step = i + 1
					break
				}
			}
			if turned != tc.turned || step < tc.minStep || ticks[0].Label == "" {
				t.Errorf("turned %v step %d first %q; want turned %v, step >= %d", turned, step, ticks[0].Label, tc.turned, tc.minStep)
			}
			for i, tk := range ticks {
				if (i%step == 0) != (tk.Label != "") || tk.Value != float64(i) {
					t.Errorf("tick %d: %+v with step %d", i, tk, step)
				}
				if n := len([]rune(tk.Label)); n > maxCatRunes {
					t.Errorf("label %q has %d characters", tk.Label, n)
				}
			}
		})
	}
}

// testCanvas is a plot area as wide as a chart with a legend.
func testCanvas() draw.Canvas {
	c := vgimg.NewWith(vgimg.UseWH(plotWidth, plotHeight), vgimg.UseDPI(plotDPI))
	return draw.Crop(draw.New(c), plotMargin, -plotMargin-1.2*vg.Inch, plotMargin, -plotMargin)
}

// colorAt is the colour of one pixel as 8-bit RGBA.
func colorAt(img image.Image, x, y int) color.RGBA {
	return color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
}

// colorCounts counts the pixels of each colour.
func colorCounts(img image.Image) map[color.RGBA]int {
	counts := map[color.RGBA]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			counts[colorAt(img, x, y)]++
		}
	}
	return counts
}
