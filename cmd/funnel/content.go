package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/content"
	"github.com/funnel-analytics/funnel/funnel"
)

type contentOptions struct {
	g      *globalOptions
	inputs *inputFlags
	db     warehouseFlags // --db: the inputs streamed from a database's tables

	SegmentBy string

	opts content.Options
}

func newContentCmd(g *globalOptions, runF func(*contentOptions) error) *cobra.Command {
	o := &contentOptions{g: g}
	cmd := &cobra.Command{
		Use:   "content --touches FILE [--content FILE] [--stages FILE] [--leads FILE]",
		Short: "Content by funnel stage: the mix leads consume at each lifecycle stage, conversion after it, gaps, unused items",
		Long: `Which content do leads read at each stage of the funnel? Every touch is
staged top (tofu), middle (mofu) or bottom (bofu) by a content inventory or
its activity type; the tables show the mix per lifecycle stage, what came
next, the gaps and the items never used. More: 'funnel help content-stages'.`,
		Example: `  funnel content --data exports
  funnel content --data exports --table gaps --segment-by region`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return dispatch(o, runF, contentRun, o.parse, g.checkOutput)
		},
	}
	o.inputs = addInputFlags(cmd, funnel.Touches, funnel.Content, funnel.Stages, funnel.Leads)
	addWarehouseFlags(cmd, &o.db, "content is not pushed down yet: the tables' rows are streamed and analyzed as files are", false)
	o.inputs.fromDatabase(&o.db, "content")
	cmd.Flags().StringVar(&o.SegmentBy, "segment-by", "", "leads column of the segments of the gaps table (default industry, when the leads have it)")
	return cmd
}

// parse reads the flags into content.Options.
func (o *contentOptions) parse() error {
	o.opts.SegmentBy = strings.TrimSpace(o.SegmentBy)
	return nil
}

func contentRun(o *contentOptions) error {
	g := o.g
	in, err := g.readInputs(o.inputs, funnel.Touches)
	if err != nil {
		return err
	}
	res, err := content.Analyze(in.ds, o.opts)
	if err != nil {
		return err
	}
	return g.writeReport(in.withWarnings(res.Report()), in.paths())
}
