package render

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// PlotFormat is an image format of WritePlot.
type PlotFormat int

// The plot formats.
const (
	PNG PlotFormat = iota + 1 // 768x432 pixels (8x4.5 in at 96 dpi)
	SVG                       // 8x4.5 in (576x324 pt), text as text
)

// String returns "png" or "svg".
func (f PlotFormat) String() string {
	switch f {
	case PNG:
		return "png"
	case SVG:
		return "svg"
	}
	return fmt.Sprintf("PlotFormat(%d)", int(f))
}

// PlotFormatFromPath returns the plot format for an output file from its
// extension (case-insensitive): .png or .svg. Any other extension, or
// none, is an error naming it.
func PlotFormatFromPath(path string) (PlotFormat, error) {
	ext := filepath.Ext(path)
	switch strings.ToLower(ext) {
	case ".png":
		return PNG, nil
	case ".svg":
		return SVG, nil
	case "":
		return 0, fmt.Errorf("render: plot file %s has no extension (want .png or .svg)", path)
	}
	return 0, fmt.Errorf("render: unknown plot extension %q of %s (want .png or .svg)", ext, path)
}

// Plot geometry and style.
const (
	plotWidth      = 8 * vg.Inch
	plotHeight     = 4.5 * vg.Inch
	plotDPI        = 96
	plotMargin     = 0.12 * vg.Inch // blank border around everything
	legendGap      = 0.2 * vg.Inch  // between the plot and the legend on its right
	maxCatRunes    = 22             // category labels are cut to this many characters
	maxNameRunes   = 28             // legend entries are cut to this many characters
	barGroupShare  = 0.8            // share of a category's slot its bars fill
	rotateAngle    = math.Pi / 4    // crowded category labels are turned 45 degrees
	valueIntervals = 5              // about this many steps between value ticks
)

// The Liberation fonts are compiled into gonum/plot: no system font is read.
var (
	sansFont = font.Font{Typeface: "Liberation", Variant: "Sans"}
	boldFont = font.Font{Typeface: "Liberation", Variant: "Sans", Weight: xfont.WeightBold}
)

// seriesColors are twelve colours distinct from each other on white: the
// Okabe-Ito palette without its yellow (too light for lines), which stays
// distinguishable for colour-blind readers, then five of Paul Tol's muted
// palette; series beyond them reuse the colours (lines then dashed).
var seriesColors = []color.Color{
	rgb(0x0072B2), // blue
	rgb(0xE69F00), // orange
	rgb(0x009E73), // bluish green
	rgb(0xD55E00), // vermillion
	rgb(0xCC79A7), // reddish purple
	rgb(0x56B4E9), // sky blue
	rgb(0x000000), // black
	rgb(0x882255), // wine
	rgb(0x999933), // olive
	rgb(0x332288), // indigo
	rgb(0x888888), // grey
	rgb(0xB8A000), // dark yellow
}

// seriesGlyphs mark the points of line series, one shape per series.
var seriesGlyphs = []draw.GlyphDrawer{
	draw.CircleGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{}, draw.RingGlyph{},
	draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.CrossGlyph{}, draw.PlusGlyph{},
	draw.CircleGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{}, draw.RingGlyph{},
}

var (
	gridColor = rgb(0xD9D9D9)
	textColor = rgb(0x262626)
)

func rgb(v uint32) color.RGBA {
	return color.RGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xFF}
}

// WritePlot draws chart, one of r's chart specs, as an image in format f:
// a line chart as one line with point markers per series over the
// categories, a bar chart as bars grouped by category, one bar per series.
//
// The X values are nominal categories in table order (first appearance in
// a long layout); a missing value (NA, NaN or infinite) leaves a gap in
// its line, or no bar. The title is the chart's (or its table's name), the
// axis titles its XTitle and YTitle; without a YTitle the value axis is
// named after the Y column (long layout) or the only series. A legend on
// the right names the series when there are several. Category labels that
// do not fit their slot are turned 45 degrees, and when even turned labels
// would overlap only every k-th is shown; long labels are cut with "…".
//
// The image is 8x4.5 in: 768x432 pixels for PNG. Fonts are the Liberation
// fonts compiled into gonum/plot; SVG text names "Liberation Sans" with the
// metric-compatible Arial and Helvetica as fallbacks, without embedding the
// font. The same report and chart always give the same bytes.
//
// A chart over a missing table or column, a non-numeric value column, a
// table without rows or a table whose values are all missing is an error.
func WritePlot(w io.Writer, r *funnel.Report, chart funnel.Chart, f PlotFormat) error {
	if r == nil {
		panic("render: nil report")
	}
	if f != PNG && f != SVG {
		return fmt.Errorf("render: unknown plot format %v", f)
	}
	d, err := readChartData(r, chart)
	if err != nil {
		return err
	}
	switch f {
	case PNG:
		c := vgimg.NewWith(vgimg.UseWH(plotWidth, plotHeight), vgimg.UseDPI(plotDPI))
		if err := drawChart(draw.New(c), chart, d); err != nil {
			return err
		}
		_, err = vgimg.PngCanvas{Canvas: c}.WriteTo(w)
	case SVG:
		c := vgsvg.New(plotWidth, plotHeight)
		if err := drawChart(draw.New(c), chart, d); err != nil {
			return err
		}
		var buf bytes.Buffer
		if _, err := c.WriteTo(&buf); err != nil {
			return err
		}
		_, err = w.Write(svgFontFallback(buf.Bytes()))
	}
	return err
}

// WritePlots writes the first chart of r to the image file path, in the
// format of its extension (.png or .svg), atomically and never over one of
// inputs (see WriteFile). Every command makes at most one chart except fit
// (calibration, then lift); a report's further charts are not drawn:
// WritePlot draws any one of them. A report without charts is an error.
func WritePlots(path string, inputs []string, r *funnel.Report) error {
	draw, err := PlotsTo(path, r)
	if err != nil {
		return err // before WriteFile makes a temporary file
	}
	return WriteFile(path, inputs, draw)
}

// PlotsTo checks that r has a chart WritePlots can draw to path and
// returns the function that draws it, for a caller that stages the file
// with others (outfile.Set).
func PlotsTo(path string, r *funnel.Report) (func(w io.Writer) error, error) {
	if r == nil {
		panic("render: nil report")
	}
	f, err := PlotFormatFromPath(path)
	if err != nil {
		return nil, err
	}
	if len(r.Charts) == 0 {
		return nil, fmt.Errorf("render: the %s report has no chart to plot", r.Command)
	}
	chart := r.Charts[0]
	if _, err := readChartData(r, chart); err != nil {
		return nil, err
	}
	return func(w io.Writer) error { return WritePlot(w, r, chart, f) }, nil
}

// svgFontFallback adds fallbacks to the font family of every text element
// vgsvg writes, so that a viewer without the Liberation fonts uses a font
// with the same metrics instead of its default serif. Text content cannot
// match: vgsvg escapes its quotes.
func svgFontFallback(svg []byte) []byte {
	return bytes.ReplaceAll(svg,
		[]byte(`style="font-family:Liberation Sans;`),
		[]byte(`style="font-family:'Liberation Sans',Arial,Helvetica,sans-serif;`))
}

// chartData is a chart's table read out as series over categories.
type chartData struct {
	cats   []string    // category labels in table order
	names  []string    // series names
	values [][]float64 // values[s][c]; NaN where missing
	yTitle string
	// percent: the values are fractions, their axis labelled in percent
	// (valueAxisTitle)
	percent bool
}

// allNonNegative reports whether no value is below zero.
func (d *chartData) allNonNegative() bool {
	lo, _ := valueRange(d.values)
	return lo >= 0
}

// readChartData reads the table of ch out of r, pivoting a long layout.
func readChartData(r *funnel.Report, ch funnel.Chart) (*chartData, error) {
	if ch.Kind != funnel.LineChart && ch.Kind != funnel.BarChart {
		return nil, fmt.Errorf("render: chart %q: unknown chart kind %d", chartTitle(ch), int(ch.Kind))
	}
	df, ok := r.Table(ch.Table)
	if !ok {
		return nil, fmt.Errorf("render: chart %q: the report has no table %q", chartTitle(ch), ch.Table)
	}
	fr, err := reportFrame(r, funnel.NamedFrame{Name: ch.Table, Frame: df})
	if err != nil {
		return nil, err
	}
	var d *chartData
	if ch.SeriesBy != "" {
		d, err = longChartData(&fr, ch)
	} else {
		d, err = wideChartData(&fr, ch)
	}
	if err != nil {
		return nil, err
	}
	if fr.rows == 0 {
		return nil, fmt.Errorf("render: chart %q: table %q has no rows to plot", chartTitle(ch), fr.name)
	}
	finite := false
	for _, vs := range d.values {
		for _, v := range vs {
			finite = finite || !math.IsNaN(v)
		}
	}
	if !finite {
		return nil, fmt.Errorf("render: chart %q: every value to plot in table %q is missing", chartTitle(ch), fr.name)
	}
	if ch.YTitle != "" {
		d.yTitle = ch.YTitle
	}
	d.yTitle, d.percent = valueAxisTitle(d.yTitle, chartColumns(&fr, ch))
	return d, nil
}

// wideChartData reads one series per Series column.
func wideChartData(fr *frame, ch funnel.Chart) (*chartData, error) {
	if len(ch.Series) == 0 {
		return nil, fmt.Errorf("render: chart %q: no series (set Series, or SeriesBy and Y)", chartTitle(ch))
	}
	xi, err := findColumn(fr, ch, ch.X, false)
	if err != nil {
		return nil, err
	}
	d := &chartData{cats: make([]string, fr.rows)}
	xs := labelStyle(&fr.cols[xi])
	for i := range fr.rows {
		d.cats[i] = plotLabel(&fr.cols[xi], i, xs)
	}
	for _, name := range ch.Series {
		si, err := findColumn(fr, ch, name, true)
		if err != nil {
			return nil, err
		}
		vs := make([]float64, fr.rows)
		for i := range vs {
			vs[i] = plotValue(&fr.cols[si], i)
		}
		d.values = append(d.values, vs)
	}
	d.names, d.yTitle = seriesNames(ch.Series)
	return d, nil
}

// seriesNames names the series of a wide chart, for the legends of the
// plots and the workbook's charts alike, and its value axis: a single
// series by its column, on the axis too; more in words (seriesWords).
func seriesNames(series []string) (names []string, axis string) {
	names = make([]string, len(series))
	for i, n := range series {
		names[i] = oneLine.Replace(n)
	}
	if len(names) == 1 {
		return names, names[0]
	}
	return seriesWords(names)
}

// seriesWords names the series of a wide chart in words for its legend:
// the suffix all of them share ("_conversions") is cut, and named on the
// value axis instead, and each name is written as SheetTitle writes it:
// "first_touch_conversions" -> "First touch", axis "conversions".
func seriesWords(names []string) (words []string, axis string) {
	suffix := ""
	if k := strings.LastIndexByte(names[0], '_'); k > 0 {
		suffix = names[0][k:]
		for _, n := range names {
			if !strings.HasSuffix(n, suffix) || len(n) == len(suffix) {
				suffix = ""
				break
			}
		}
	}
	words = make([]string, len(names))
	for i, n := range names {
		words[i] = SheetTitle(strings.TrimSuffix(n, suffix))
	}
	return words, strings.TrimPrefix(suffix, "_")
}

// longChartData reads one series per distinct SeriesBy value through the
// pivot the xlsx charts use.
func longChartData(fr *frame, ch funnel.Chart) (*chartData, error) {
	p, err := pivotLong(fr, ch)
	if err != nil {
		return nil, err
	}
	d := &chartData{
		cats:   make([]string, len(p.xRows)),
		names:  make([]string, len(p.sRows)),
		values: make([][]float64, len(p.sRows)),
		yTitle: oneLine.Replace(ch.Y),
	}
	xs, bs := labelStyle(p.x), labelStyle(p.by)
	for a, i := range p.xRows {
		d.cats[a] = plotLabel(p.x, i, xs)
	}
	for b, i := range p.sRows {
		d.names[b] = plotLabel(p.by, i, bs)
		vs := make([]float64, len(p.xRows))
		for a := range vs {
			vs[a] = math.NaN()
			if row, ok := p.row(a, b); ok {
				vs[a] = plotValue(p.y, row)
			}
		}
		d.values[b] = vs
	}
	return d, nil
}

// labelStyle is the number style of a float column's labels.
func labelStyle(c *column) floatStyle {
	if c.kind == kindFloat {
		return floatStyleFor(c.name, c.floats)
	}
	return floatStyle{}
}

// plotLabel names row i of c on an axis or in a legend: as the table
// renderer writes it, on one line, unguarded (an image is no spreadsheet).
func plotLabel(c *column, i int, st floatStyle) string {
	if c.na[i] {
		return "NA"
	}
	switch c.kind {
	case kindString:
		return oneLine.Replace(c.strs[i])
	case kindInt:
		return strconv.Itoa(c.ints[i])
	case kindFloat:
		return st.format(c.floats[i])
	case kindBool:
		return strconv.FormatBool(c.bools[i])
	}
	return ""
}

// plotValue is row i of the numeric column c, NaN when missing or infinite.
func plotValue(c *column, i int) float64 {
	switch {
	case c.na[i]:
		return math.NaN()
	case c.kind == kindInt:
		return float64(c.ints[i])
	case math.IsInf(c.floats[i], 0):
		return math.NaN()
	}
	return c.floats[i]
}

// cutLabel shortens s to at most n characters, ending in "…" when cut.
func cutLabel(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// drawChart draws d as ch onto c.
func drawChart(c draw.Canvas, ch funnel.Chart, d *chartData) error {
	c.SetColor(color.White) // the whole image, margins and legend too
	c.Fill(c.Rectangle.Path())
	c = draw.Crop(c, plotMargin, -plotMargin, plotMargin, -plotMargin)
	p := plot.New()
	p.BackgroundColor = nil
	styleText(&p.Title.TextStyle, boldFont, 13)
	styleText(&p.X.Label.TextStyle, sansFont, 11)
	styleText(&p.Y.Label.TextStyle, sansFont, 11)
	styleText(&p.X.Tick.Label, sansFont, 10)
	styleText(&p.Y.Tick.Label, sansFont, 10)
	p.Title.Text = oneLine.Replace(chartTitle(ch))
	p.Title.Padding = vg.Points(8)
	p.X.Label.Text = axisTitle(oneLine.Replace(ch.XTitle))
	p.Y.Label.Text = d.yTitle
	p.X.Label.Padding = vg.Points(4)
	p.Y.Label.Padding = vg.Points(4)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Color = textColor
		a.Tick.Color = textColor
		a.Padding = 0
	}
	p.Y.Tick.Length = vg.Points(4)

	grid := plotter.NewGrid()
	grid.Vertical.Color = nil
	grid.Horizontal = draw.LineStyle{Color: gridColor, Width: vg.Points(0.5)}
	p.Add(grid)

	legend := plot.NewLegend()
	styleText(&legend.TextStyle, sansFont, 10)
	legend.Top, legend.Left = true, true
	legend.Padding = vg.Points(3)
	lo, hi := valueRange(d.values)
	if ch.Kind == funnel.BarChart {
		p.Add(&groupedBars{values: d.values})
		for s, name := range d.names {
			legend.Add(cutLabel(name, maxNameRunes), swatch{seriesColors[s%len(seriesColors)]})
		}
		lo, hi = min(lo, 0), max(hi, 0) // bars stand on zero
	} else {
		for s, vs := range d.values {
			thumbs, err := addLine(p, s, vs)
			if err != nil {
				return fmt.Errorf("render: chart %q: %w", chartTitle(ch), err)
			}
			legend.Add(cutLabel(d.names[s], maxNameRunes), thumbs...)
		}
	}
	if lo == hi { // one value, or bars all zero
		lo, hi = lo-max(1, math.Abs(lo)/2), hi+max(1, math.Abs(hi)/2)
		if d.allNonNegative() {
			lo = 0
		}
	}
	step := niceStep(lo, hi, valueIntervals)
	p.Y.Min = step * math.Floor(lo/step+1e-9)
	p.Y.Max = step * math.Ceil(hi/step-1e-9)
	p.Y.Tick.Marker = valueTicks{step: step}
	if d.percent {
		p.Y.Tick.Marker = valueTicks{step: step, scale: 100}
	}
	p.X.Min, p.X.Max = -0.5, float64(len(d.cats))-0.5

	plotC := c
	var legendC draw.Canvas
	if len(d.names) > 1 {
		lw := legend.Rectangle(c).Size().X
		plotC = draw.Crop(c, 0, -(lw + legendGap), 0, 0)
		legendC = draw.Crop(c, c.Size().X-lw, 0, 0, 0)
	}
	layoutCategories(p, &plotC, d.cats)
	p.Draw(plotC)
	if len(d.names) > 1 {
		legendC.Max.Y = p.DataCanvas(plotC).Max.Y
		legend.Draw(legendC)
	}
	return nil
}

// styleText sets a text style's font and size.
func styleText(s *text.Style, f font.Font, size float64) {
	s.Font = font.From(f, vg.Points(size))
	s.Color = textColor
}

// valueRange returns the smallest and largest finite values.
func valueRange(values [][]float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, vs := range values {
		for _, v := range vs {
			if !math.IsNaN(v) {
				lo, hi = min(lo, v), max(hi, v)
			}
		}
	}
	return lo, hi
}

// addLine adds series s as lines through its runs of present values, with
// a marker on every value (so a value between two gaps still shows;
// markers shrink past 24 and 60 categories), and returns the legend
// thumbnails.
func addLine(p *plot.Plot, s int, vs []float64) ([]plot.Thumbnailer, error) {
	ls := draw.LineStyle{Color: seriesColors[s%len(seriesColors)], Width: vg.Points(1.75)}
	if s >= len(seriesColors) {
		ls.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
	}
	radius := vg.Points(3) // smaller markers when points crowd
	switch {
	case len(vs) > 60:
		radius = vg.Points(1.5)
	case len(vs) > 24:
		radius = vg.Points(2.25)
	}
	gs := draw.GlyphStyle{Color: ls.Color, Radius: radius, Shape: seriesGlyphs[s%len(seriesGlyphs)]}
	var points, run plotter.XYs
	flush := func() error {
		if len(run) > 1 {
			l, err := plotter.NewLine(run)
			if err != nil {
				return err
			}
			l.LineStyle = ls
			p.Add(l)
		}
		run = nil
		return nil
	}
	for i, v := range vs {
		if math.IsNaN(v) {
			if err := flush(); err != nil {
				return nil, err
			}
			continue
		}
		pt := plotter.XY{X: float64(i), Y: v}
		run = append(run, pt)
		points = append(points, pt)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	sc, err := plotter.NewScatter(points)
	if err != nil {
		return nil, err
	}
	sc.GlyphStyle = gs
	p.Add(sc)
	return []plot.Thumbnailer{&plotter.Line{LineStyle: ls}, &plotter.Scatter{GlyphStyle: gs}}, nil
}

// groupedBars draws one bar per series in each category, side by side,
// from zero; a NaN value has no bar. Bar widths are in data units: the
// group fills barGroupShare of its category's slot.
type groupedBars struct {
	values [][]float64 // values[s][c]
}

// Plot implements plot.Plotter.
func (g *groupedBars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	w := barGroupShare / float64(len(g.values))
	edge := draw.LineStyle{Color: color.White, Width: vg.Points(0.5)}
	for s, vs := range g.values {
		fill := seriesColors[s%len(seriesColors)]
		for i, v := range vs {
			if math.IsNaN(v) {
				continue
			}
			x0 := float64(i) - barGroupShare/2 + float64(s)*w
			pts := []vg.Point{
				{X: trX(x0), Y: trY(0)}, {X: trX(x0), Y: trY(v)},
				{X: trX(x0 + w), Y: trY(v)}, {X: trX(x0 + w), Y: trY(0)},
			}
			c.FillPolygon(fill, c.ClipPolygonXY(pts))
			if len(g.values) > 1 {
				c.StrokeLines(edge, c.ClipLinesXY(append(pts, pts[0]))...)
			}
		}
	}
	if p.Y.Min < 0 && p.Y.Max > 0 {
		c.StrokeLine2(draw.LineStyle{Color: textColor, Width: vg.Points(0.75)}, c.Min.X, trY(0), c.Max.X, trY(0))
	}
}

// DataRange implements plot.DataRanger.
func (g *groupedBars) DataRange() (xmin, xmax, ymin, ymax float64) {
	ymin, ymax = valueRange(g.values)
	return -0.5, float64(len(g.values[0])) - 0.5, min(ymin, 0), max(ymax, 0)
}

// swatch is a legend thumbnail of a bar series: a filled square.
type swatch struct{ color color.Color }

// Thumbnail implements plot.Thumbnailer.
func (s swatch) Thumbnail(c *draw.Canvas) {
	side := min(c.Size().X, c.Size().Y) * 0.8
	ctr := c.Center()
	r := vg.Rectangle{
		Min: vg.Point{X: ctr.X - side/2, Y: ctr.Y - side/2},
		Max: vg.Point{X: ctr.X + side/2, Y: ctr.Y + side/2},
	}
	c.FillPolygon(s.color, []vg.Point{r.Min, {X: r.Min.X, Y: r.Max.Y}, r.Max, {X: r.Max.X, Y: r.Min.Y}})
}

// layoutCategories sets the category ticks of p, whose plot will be
// drawn on c: labels level when the widest fits its category's slot
// (less a small gap), else turned 45 degrees, showing only every k-th
// when turned labels would still overlap. It narrows c on the left when a
// turned first label would run off it.
func layoutCategories(p *plot.Plot, c *draw.Canvas, cats []string) {
	labels := make([]string, len(cats))
	for i, s := range cats {
		labels[i] = cutLabel(s, maxCatRunes)
	}
	p.X.Tick.Length = 0
	p.X.Tick.Marker = categoryTicks(labels, 1)
	sty := p.X.Tick.Label
	widest := vg.Length(0)
	for _, s := range labels {
		widest = max(widest, sty.Width(s))
	}
	data := p.DataCanvas(*c)
	slot := data.Size().X / vg.Length(len(labels))
	if widest+vg.Points(6) <= slot {
		return
	}
	step := categoryStep(slot, sty.Height("Ag"))
	p.X.Tick.Label.Rotation = rotateAngle
	p.X.Tick.Label.XAlign = draw.XRight
	p.X.Tick.Label.YAlign = draw.YTop
	p.X.Tick.Marker = categoryTicks(labels, step)
	// Each turned label hangs from the end of its category's tick mark.
	p.X.Tick.Length = vg.Points(4)
	// A label hanging down-left from its tick at x reaches x - w cos θ.
	cos := vg.Length(math.Cos(rotateAngle))
	over := vg.Length(0)
	for i := 0; i < len(labels); i += step {
		x := data.Min.X + (vg.Length(i)+0.5)*slot
		over = max(over, c.Min.X-(x-sty.Width(labels[i])*cos))
	}
	c.Min.X += over
}

// categoryStep is k such that every k-th turned label clears the next:
// turned by θ, labels of line height h need a slot of h/sin θ plus half
// a line of air.
func categoryStep(slot, lineHeight vg.Length) int {
	need := lineHeight * 1.5 / vg.Length(math.Sin(rotateAngle))
	return max(1, int(math.Ceil(float64(need/slot)-1e-9)))
}

// categoryTicks puts a tick at every category, labelled at every step-th
// from the first.
func categoryTicks(labels []string, step int) plot.ConstantTicks {
	ticks := make(plot.ConstantTicks, len(labels))
	for i, s := range labels {
		ticks[i].Value = float64(i)
		if i%step == 0 {
			ticks[i].Label = s
		}
	}
	return ticks
}

// niceStep is the step between value ticks: the smallest of 1, 2, 2.5
// and 5 times a power of ten that divides [lo, hi] into at most n
// intervals (lo < hi).
func niceStep(lo, hi float64, n int) float64 {
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*mag >= raw*(1-1e-9) {
			return m * mag
		}
	}
	return 10 * mag
}

// valueTicks labels the multiples of step on the value axis for people:
// with the fewest decimals (up to 6) that write step exactly and commas
// between thousands (1,500,000 rather than 1.5e+06). A grid line is drawn
// at each. A scale other than 0 multiplies the labels (100: fractions
// labelled in percent, 0.25 -> "25").
type valueTicks struct{ step, scale float64 }

// Ticks implements plot.Ticker.
func (vt valueTicks) Ticks(lo, hi float64) []plot.Tick {
	scale := vt.scale
	if scale == 0 {
		scale = 1
	}
	shown := vt.step * scale
	decimals := 0
	for decimals < 6 {
		r, _ := strconv.ParseFloat(strconv.FormatFloat(shown, 'f', decimals, 64), 64)
		if math.Abs(r-shown) <= 1e-9*shown {
			break
		}
		decimals++
	}
	var ticks []plot.Tick
	for k := math.Ceil(lo/vt.step - 1e-9); k <= math.Floor(hi/vt.step+1e-9); k++ {
		v := k * vt.step
		ticks = append(ticks, plot.Tick{Value: v, Label: groupThousands(strconv.FormatFloat(k*shown, 'f', decimals, 64))})
	}
	return ticks
}

// groupThousands puts commas between the thousands of a plain decimal
// number's integer part: "-1234567.5" -> "-1,234,567.5"; "-0" is "0".
func groupThousands(s string) string {
	if strings.Trim(s, "-0.") == "" {
		return strings.TrimPrefix(s, "-")
	}
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac := s, ""
	if k := strings.IndexByte(s, '.'); k >= 0 {
		intPart, frac = s[:k], s[k:]
	}
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return sign + b.String() + frac
}
