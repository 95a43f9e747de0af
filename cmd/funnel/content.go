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

	SegmentBy string

	opts content.Options
}

func newContentCmd(g *globalOptions, runF func(*contentOptions) error) *cobra.Command {
	o := &contentOptions{g: g}
	cmd := &cobra.Command{
		Use:   "content --touches FILE [--content FILE] [--stages FILE] [--leads FILE]",
		Short: "Content by funnel stage: the mix leads consume at each lifecycle stage, conversion after it, gaps, unused items",
		Long: `Stage every touch as top (tofu), middle (mofu) or bottom (bofu) of the funnel
and measure what leads consume.

A touch's content stage: with --content FILE (an inventory: item, url or
campaign; stage tofu|mofu|bofu; format; segment or audience; else
content.csv in --data), the stage of the inventory item that the touch's
item column (item, content_item, content, asset), else its url column (url,
page_url, page, page_path; compared by path), else its campaign names;
otherwise, and without an inventory, by its activity type: trial, demo or
pricing: bofu; white paper, case study or webinar: mofu; visit or blog:
tofu; any other activity has no stage (counted in the meta).

Tables:
  mix         per lifecycle stage (the lead's last stage entered at or before
              the touch, with --stages; "(all)" without) and content stage:
              touches, distinct leads, share = touches / staged touches of
              the lifecycle stage
  conversion  (with --stages) per lifecycle stage and content stage: the leads
              who consumed it there, those who then entered a later stage
              (advanced), rate = advanced / leads
  gaps        lifecycle stages and segments (--segment-by, a leads column,
              default industry) whose touches hold no mofu or no bofu content
  unused      (with an inventory) the items no touch matched, each with its line

An unknown stage tag is an error naming file, line and column; inventory
items that match no touch are a counted warning. attribute --by
content_stage credits the content stages by the same rule.`,
		Example: `  funnel content --data exports
  funnel content --touches touches.csv --content inventory.xlsx --stages stages.csv --leads leads.csv
  funnel content --data exports --table gaps --segment-by region`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return dispatch(o, runF, contentRun, o.parse, g.checkOutput)
		},
	}
	o.inputs = addInputFlags(cmd, funnel.Touches, funnel.Content, funnel.Stages, funnel.Leads)
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
