package main

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/funnel-analytics/funnel/content"
	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/sample"
)

// plantedContent is the demo's planted_content row: `funnel content` on
// the sample against truth.json's content field. The planted mix is the
// touches of each content stage by the stage truth.json gives their
// campaign; found, the touches the analysis staged, summed over the
// lifecycle stages of its mix table. The gaps compared are the lifecycle
// stages' (found may list more than the planted, which count as misses
// of the match).
type plantedContent struct {
	PlantedMix    string `table:"planted_mix"` // tofu/mofu/bofu touches
	FoundMix      string `table:"found_mix"`
	PlantedUnused int    `table:"planted_unused"`
	FoundUnused   int    `table:"found_unused"`
	PlantedGaps   string `table:"planted_gaps"`
	FoundGaps     string `table:"found_gaps"`
	Match         bool   `table:"match"` // the same mix, unused items and gaps
}

// demoContent runs content on the sample's touches and inventory and
// lays what it found next to ct; a nil result for a sample without the
// inventory.
func demoContent(ds *funnel.Dataset, ct *sample.ContentTruth) (plantedContent, *content.Result, error) {
	if ct == nil || ds.Content == nil {
		return plantedContent{}, nil, nil
	}
	res, err := content.Analyze(ds, content.Options{})
	if err != nil {
		return plantedContent{}, nil, fmt.Errorf("demo content: %w", err)
	}
	var planted, found [4]int
	if camp := ds.Touches.Role(funnel.RoleCampaign); camp != nil {
		for i := 0; i < ds.Touches.Rows; i++ {
			if s, ok := content.ParseStage(ct.Campaigns[ds.Touches.Text(camp, i)]); ok {
				planted[s]++
			}
		}
	}
	for _, m := range res.Mix {
		s, _ := content.ParseStage(m.Content)
		found[s] += m.Touches
	}
	var unused []string
	for _, it := range res.Tags.Unused() {
		unused = append(unused, it.Key)
	}
	gaps := map[string]string{}
	for _, g := range res.Gaps {
		if g.Dimension == "lifecycle_stage" {
			gaps[g.Group] = g.Missing
		}
	}
	row := plantedContent{PlantedMix: mixText(planted), FoundMix: mixText(found), PlantedUnused: len(ct.Unused), FoundUnused: len(unused),
		PlantedGaps: gapText(ct.Gaps), FoundGaps: gapText(gaps)}
	row.Match = planted == found && slices.Equal(unused, ct.Unused) && row.PlantedGaps == row.FoundGaps
	return row, res, nil
}

// mixText writes touches per content stage as tofu/mofu/bofu counts.
func mixText(n [4]int) string {
	return fmt.Sprintf("%d/%d/%d", n[content.ToFu], n[content.MoFu], n[content.BoFu])
}

// gapText writes gaps (lifecycle stage -> missing stages) sorted by stage.
func gapText(gaps map[string]string) string {
	var out []string
	for stage, missing := range gaps {
		out = append(out, stage+": "+missing)
	}
	sort.Strings(out)
	return strings.Join(out, "; ")
}
