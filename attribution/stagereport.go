package attribution

import (
	"math"

	"github.com/go-gota/gota/dataframe"

	"github.com/funnel-analytics/funnel/funnel"
)

// Table names of the per-stage attribution (attribute --milestone with
// lifecycle stages).
const (
	TableStageAttribution   = "stage_attribution"
	TableChannelsPerJourney = "channels_per_journey"
	TableStageJourneys      = "stage_journeys"
)

// ChannelsPerJourney returns the converting journeys by the number of
// distinct channels on their path: element k-1 counts those with k
// channels (a path table's conversions count as journeys), up to the
// largest k seen.
func (j *Journeys) ChannelsPerJourney() []float64 {
	var out []float64
	seen := make([]int32, j.NumChannels()) // path+1 that last marked the channel
	for p := 0; p < j.NumPaths(); p++ {
		if j.pathConv[p] == 0 {
			continue
		}
		k := 0
		for _, c := range j.Path(p) {
			if seen[c] != int32(p+1) {
				seen[c] = int32(p + 1)
				k++
			}
		}
		for len(out) < k {
			out = append(out, 0)
		}
		out[k-1] += j.pathConv[p]
	}
	return out
}

// StageResult is the attribution of the journeys that end at one
// lifecycle stage.
type StageResult struct {
	Stage  string
	Result *Result
}

// StageReport builds the report of attribute --milestone with several
// lifecycle stages:
//
//   - table stage_attribution: stage, the by column, then per model
//     <model>_conversions (the stage's entries credited to the channel)
//     and <model>_share (that credit over the stage's converting
//     journeys), one row per stage and channel in order of first
//     appearance; a model that did not run on a stage is NaN there.
//   - table channels_per_journey: stage, channels (distinct channels on
//     the journey, 1..k), journeys (converting journeys with that many),
//     share (of the stage's converting journeys).
//   - table stage_journeys: stage, journeys, converting_journeys,
//     null_journeys, unattributed (entries without a touch before them),
//     mean_channels (distinct channels per converting journey).
//   - meta: milestone (the stages), by, lookback, models; the warnings of
//     each stage prefixed with its name.
//
// With one stage it is that stage's Result.Report (table attribution,
// with values and costs) with meta milestone and the tables
// channels_per_journey and stage_journeys.
func StageReport(stages []StageResult) *funnel.Report {
	if len(stages) == 1 {
		rep := stages[0].Result.Report()
		rep.Title += " at entry into " + stages[0].Stage
		rep.AddMeta("milestone", stages[0].Stage)
		rep.AddTable(TableChannelsPerJourney, channelsPerJourney(stages))
		rep.AddTable(TableStageJourneys, stageCounts(stages))
		return rep
	}
	by := funnel.RoleChannel
	if len(stages) > 0 {
		by = stages[0].Result.Journeys.CreditedBy()
	}
	rep := funnel.NewReport("attribute", "Multi-touch attribution by "+by+" per lifecycle stage")
	var models []Model
	seen := map[Model]bool{}
	names := make([]string, len(stages))
	for i, s := range stages {
		names[i] = s.Stage
		for _, c := range s.Result.Credits {
			if !seen[c.Model] {
				seen[c.Model] = true
				models = append(models, c.Model)
			}
		}
		for _, w := range s.Result.Warnings {
			rep.Warnf("%s: %s", s.Stage, w)
		}
	}
	rep.AddMeta("milestone", names)
	rep.AddMeta("by", by)
	if len(stages) > 0 {
		rep.AddMeta("lookback", FormatLookback(stages[0].Result.Journeys.Lookback))
	}
	ids := make([]string, len(models))
	for i, m := range models {
		ids[i] = m.String()
	}
	rep.AddMeta("models", ids)
	rep.AddTable(TableStageAttribution, stageCredits(stages, by, models))
	rep.AddTable(TableChannelsPerJourney, channelsPerJourney(stages))
	rep.AddTable(TableStageJourneys, stageCounts(stages))
	return rep
}

// stageCredits is the stage_attribution table.
func stageCredits(stages []StageResult, by string, models []Model) dataframe.DataFrame {
	var stage, channel []string
	conv := make([][]float64, len(models))
	share := make([][]float64, len(models))
	for _, s := range stages {
		j := s.Result.Journeys
		total, _, _ := j.Totals()
		for c := 0; c < j.NumChannels(); c++ {
			stage = append(stage, s.Stage)
			channel = append(channel, j.ChannelName(int32(c)))
			for m, model := range models {
				v := math.NaN()
				if cr := s.Result.credit(model); cr != nil && c < len(cr.Conversions) {
					v = cr.Conversions[c]
				}
				conv[m] = append(conv[m], v)
				share[m] = append(share[m], v/total)
			}
		}
	}
	var f funnel.FrameBuilder
	f.Strings("stage", stage)
	f.Strings(by, channel)
	for m, model := range models {
		f.Floats(model.String()+"_conversions", conv[m])
		f.Floats(model.String()+"_share", share[m])
	}
	return f.Frame()
}

// channelsPerJourney is the channels_per_journey table.
func channelsPerJourney(stages []StageResult) dataframe.DataFrame {
	var rows []channelsRow
	for _, s := range stages {
		total, _, _ := s.Result.Journeys.Totals()
		for i, x := range s.Result.Journeys.ChannelsPerJourney() {
			rows = append(rows, channelsRow{s.Stage, i + 1, x, x / total})
		}
	}
	return funnel.FrameOf(rows)
}

// channelsRow is a row of the channels_per_journey table.
type channelsRow struct {
	Stage    string  `table:"stage"`
	Channels int     `table:"channels"`
	Journeys float64 `table:"journeys"`
	Share    float64 `table:"share"`
}

// StageJourneysTable is StageReport's stage_journeys table for any number
// of stages, one included (the monthly report's per-stage credit).
func StageJourneysTable(stages []StageResult) dataframe.DataFrame { return stageCounts(stages) }

// stageCounts is the stage_journeys table.
func stageCounts(stages []StageResult) dataframe.DataFrame {
	rows := make([]stageCountRow, len(stages))
	for i, s := range stages {
		j := s.Result.Journeys
		c, _, nl := j.Totals()
		sum := 0.0
		for k, x := range j.ChannelsPerJourney() {
			sum += float64(k+1) * x
		}
		rows[i] = stageCountRow{s.Stage, c + nl, c, nl, j.Unattributed, sum / c}
	}
	return funnel.FrameOf(rows)
}

// stageCountRow is a row of the stage_journeys table.
type stageCountRow struct {
	Stage        string  `table:"stage"`
	Journeys     float64 `table:"journeys"`
	Converting   float64 `table:"converting_journeys"`
	Null         float64 `table:"null_journeys"`
	Unattributed int     `table:"unattributed"`
	MeanChannels float64 `table:"mean_channels"`
}
