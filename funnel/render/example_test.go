package render_test

import (
	"os"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/render"
	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

func ExampleRender() {
	r := funnel.NewReport("attribute", "Channel attribution")
	r.AddMeta("conversions", 42)
	r.AddTable("credit", dataframe.New(
		series.New([]string{"email", "=1+1", "paid"}, series.String, "channel"),
		series.New([]float64{21.5, -0.25, 20.75}, series.Float, "credit"),
	))
	render.Render(os.Stdout, r, render.CSV, render.Options{})
	render.Render(os.Stdout, r, render.Table, render.Options{})
	// Output:
	// channel,credit
	// email,21.5
	// '=1+1,-0.25
	// paid,20.75
	// Channel attribution
	//
	// conversions: 42
	//
	// credit
	// ┌─────────┬────────┐
	// │ channel │ credit │
	// ├─────────┼────────┤
	// │ email   │ 21.500 │
	// │ =1+1    │ -0.250 │
	// │ paid    │ 20.750 │
	// └─────────┴────────┘
}

func ExampleFormatFromPath() {
	f, err := render.FormatFromPath("report.xlsx")
	if err != nil {
		panic(err)
	}
	os.Stdout.WriteString(f.String() + "\n")
	_, err = render.FormatFromPath("report.pdf")
	os.Stdout.WriteString(err.Error() + "\n")
	// Output:
	// xlsx
	// render: unknown output extension ".pdf" of report.pdf (want .csv, .tsv, .txt, .json, .md or .xlsx, or set --format)
}
