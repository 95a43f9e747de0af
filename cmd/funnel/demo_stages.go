package main

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"

	"github.com/funnel-analytics/funnel/attribution"
	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/sample"
)

// plantedStageChannel is a row of the demo's planted_stage_channel table:
// the paid-social channel's share of the credit for entries into one
// lifecycle stage, `funnel attribute --milestone` on touches.csv and
// social_touches.csv next to truth.json's stage_channel. Markov has no
// planted value: its removal effect is shown as found.
type plantedStageChannel struct {
	Stage              string  `table:"stage"`
	PlantedJourneys    int     `table:"planted_journeys"`
	Journeys           int     `table:"journeys"`
	PlantedLastShare   float64 `table:"planted_last_touch_share"`
	LastShare          float64 `table:"last_touch_share"`
	PlantedFirstShare  float64 `table:"planted_first_touch_share"`
	FirstShare         float64 `table:"first_touch_share"`
	PlantedLinearShare float64 `table:"planted_linear_share"`
	LinearShare        float64 `table:"linear_share"`
	MarkovShare        float64 `table:"markov_share"`
	Match              bool    `table:"match"` // journeys equal, shares within 1e-9
}

// demoStageModels are the models of the demo's per-stage attribution.
const demoStageModels = "first_touch,last_touch,linear_touch,markov"

// demoStages attributes the entries into the stages of truth.json's
// stage_channel with social_touches.csv added to the touches, and adds
// planted_stage_channel to rep and the per-stage report to full; nothing
// for a sample without social_touches.csv.
func demoStages(rep, full *funnel.Report, ds *funnel.Dataset, truth *sample.Truth, dir string) error {
	sc := truth.StageChannel
	if sc == nil {
		return nil
	}
	withSocial := *ds // the other analyses keep touches.csv alone
	in := &inputSet{ds: &withSocial}
	if err := in.addTouches([]string{filepath.Join(dir, sample.SocialTouchesFile)}); err != nil {
		return fmt.Errorf("demo stages: %w", err)
	}
	names := make([]string, len(sc.Stages))
	for k, s := range sc.Stages {
		names[k] = s.Stage
	}
	names, reached, _, err := stageEntries(&withSocial, names, nil)
	if err != nil {
		return fmt.Errorf("demo stages: %w", err)
	}
	models, err := attribution.ParseModels(demoStageModels)
	if err != nil {
		return err
	}
	var stages []attribution.StageResult
	rows := make([]plantedStageChannel, len(names))
	for k, name := range names {
		res, err := attributeStage(&withSocial, attribution.StageOptions{Stage: name, Reached: reached[k]}, attribution.Config{Models: models})
		if err != nil {
			return fmt.Errorf("demo stages: %w", err)
		}
		stages = append(stages, attribution.StageResult{Stage: name, Result: res})
		conv, _, _ := res.Journeys.Totals()
		p := sc.Stages[k]
		r := plantedStageChannel{Stage: name, PlantedJourneys: p.Journeys, Journeys: int(conv),
			PlantedLastShare: p.LastTouchShare, PlantedFirstShare: p.FirstTouchShare, PlantedLinearShare: p.LinearShare}
		share := channelShares(res, sc.Channel)
		r.FirstShare, r.LastShare, r.LinearShare, r.MarkovShare = share["first_touch"], share["last_touch"], share["linear_touch"], share["markov"]
		r.Match = r.Journeys == r.PlantedJourneys && math.Abs(r.LastShare-p.LastTouchShare) < 1e-9 &&
			math.Abs(r.FirstShare-p.FirstTouchShare) < 1e-9 && math.Abs(r.LinearShare-p.LinearShare) < 1e-9
		rows[k] = r
	}
	rep.AddTable("planted_stage_channel", funnel.FrameOf(rows))
	addReports(full, attribution.StageReport(stages))
	return nil
}

// channelShares returns channel's share of each model's credit in res, by
// model name (0 when the channel has none).
func channelShares(res *attribution.Result, channel string) map[string]float64 {
	out := map[string]float64{}
	k := slices.Index(res.Journeys.Channels(), channel)
	for _, c := range res.Credits {
		total := 0.0
		for _, v := range c.Conversions {
			total += v
		}
		if k >= 0 && k < len(c.Conversions) && total > 0 {
			out[c.Model.String()] = c.Conversions[k] / total
		}
	}
	return out
}
