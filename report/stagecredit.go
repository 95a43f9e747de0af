package report

import (
	"errors"
	"fmt"
	"strings"

	"github.com/go-gota/gota/dataframe"

	"github.com/funnel-analytics/funnel/attribution"
	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/velocity"
)

// SheetStageCredit is the sheet of the credit of the month's entries into
// each lifecycle stage.
const SheetStageCredit = "Stage credit"

// Tables of the Stage credit sheet.
const (
	TableStageCredit         = "stage_credit"
	TableStageCreditJourneys = "stage_credit_journeys"
)

// StageCreditModels are the models of the per-stage credit: last touch
// (what tipped the entry) and linear (every touch on the way).
var StageCreditModels = []attribution.Model{attribution.LastTouch, attribution.LinearTouch}

// stageEntries are the stage history read once per report:
// velocity.Entries on the report's ladder (Options.Velocity.Order).
type stageEntries struct {
	ladder   []string
	entries  []map[int32]int64
	warnings []string
	err      error
}

// stageEntries returns the stage history's entries, read on first use.
func (b *builder) stageEntries() ([]string, []map[int32]int64, []string, error) {
	if b.entries == nil {
		e := &stageEntries{}
		e.ladder, e.entries, e.warnings, e.err = velocity.Entries(b.ds, b.opts.Velocity.Order)
		b.entries = e
	}
	e := b.entries
	return e.ladder, e.entries, e.warnings, e.err
}

// stageCredit adds the Stage credit sheet when there are touches and a
// stage history: as `funnel attribute --milestone all`, one set of
// journeys per rung of the ladder (attribution.FromStages) ending at the
// entries in the month (From, To: the month; a lead that entered before
// it is left out, one that had not entered by its end is a null journey
// of its touches up to then), credited by StageCreditModels with the
// report's attribution by, level and lookback. The stage_credit table has
// one row per channel and, per stage and model, the channel's share of
// the stage's entries with a touch (<stage>_<model>_share: a share, formatted as a percentage), so a channel's role
// per stage shows; a bar chart of the linear shares stands beside it, and
// stage_credit_journeys counts each stage's journeys. The stages are the
// ladder's from mql on when it has one (creditFrom: the stages sales and
// marketing report on; the earlier engagement rungs of a lifecycle such as
// awareness or friend would make the sheet too wide to read), else all of
// them. A stage without an entry with a touch before it in the month is
// named in left_out.
func (b *builder) stageCredit() error {
	ds := b.ds
	if ds.Stages == nil || ds.Touches == nil {
		b.skip("stage credit", "needs touches and a stage history (stages input)")
		return nil
	}
	ladder, entries, _, err := b.stageEntries()
	if err != nil {
		return fmt.Errorf("stage credit: %w", err)
	}
	jo := b.opts.Journeys
	cfg := attribution.Config{Models: StageCreditModels}
	var stages []attribution.StageResult
	var none []string
	first := creditFrom(ladder)
	for k, name := range ladder {
		if k < first {
			continue
		}
		if k >= len(entries) {
			none = append(none, name)
			continue
		}
		j, err := attribution.FromStages(ds, attribution.StageOptions{By: jo.By, Level: jo.Level, Lookback: jo.Lookback,
			Stage: name, Reached: entries[k], From: b.m.Start.Unix(), To: b.m.End.Unix()})
		if err != nil {
			b.skip("stage credit", err.Error())
			return nil
		}
		res, err := attribution.Attribute(j, cfg)
		if errors.Is(err, attribution.ErrNoConversions) {
			none = append(none, name)
			continue
		}
		if err != nil {
			return fmt.Errorf("stage credit: stage %s: %w", name, err)
		}
		stages = append(stages, attribution.StageResult{Stage: name, Result: res})
	}
	if len(stages) == 0 {
		b.skip("stage credit", "no entry into a stage ("+strings.Join(ladder, ", ")+") with a touch before it in "+b.m.String())
		return nil
	}
	if len(none) > 0 {
		b.skip("stage credit of "+strings.Join(none, ", "), "no entry with a touch before it in "+b.m.String())
	}
	credit, series := stageCreditTable(stages)
	by := creditedBy(stages)
	b.rep.AddTable(TableStageCredit, credit)
	b.rep.SetSheet(TableStageCredit, SheetStageCredit)
	b.rep.AddChart(funnel.Chart{Kind: funnel.BarChart, Title: "Share of " + b.m.String() + "'s stage entries credited to each " + by + " (linear)",
		Table: TableStageCredit, X: by, Series: series, XTitle: by, YTitle: "share of the stage's entries"})
	b.rep.AddTable(TableStageCreditJourneys, attribution.StageJourneysTable(stages))
	b.rep.SetSheet(TableStageCreditJourneys, SheetStageCredit)
	ids := make([]string, len(StageCreditModels))
	for i, m := range StageCreditModels {
		ids[i] = m.String()
	}
	b.rep.AddMeta("stage_credit_models", ids)
	b.rep.AddMeta("stage_credit_rule", fmt.Sprintf("the journeys ending at an entry into each stage from %s on in %s: the touches up to the entry (lookback %s); a share is over the stage's entries with a touch",
		ladder[first], b.m, attribution.FormatLookback(jo.Lookback)))
	for _, s := range stages {
		b.warn("stage credit: "+s.Stage, s.Result.Warnings)
	}
	return nil
}

// creditFrom is the index of the first stage of the Stage credit sheet:
// mql's when the ladder has it, else 0.
func creditFrom(ladder []string) int {
	for k, name := range ladder {
		if funnel.NameKey(name) == "mql" {
			return k
		}
	}
	return 0
}

// stageCreditTable is the stage_credit table: the credited column (the
// channels of every stage in order of first appearance), then per stage
// and model <stage>_<model>_share = the channel's credit / the stage's
// converting journeys (0 when the channel had none in that stage); and
// the names of the linear columns, the chart's series.
func stageCreditTable(stages []attribution.StageResult) (dataframe.DataFrame, []string) {
	var channels []string
	row := map[string]int{}
	for _, s := range stages {
		for _, c := range s.Result.Journeys.Channels() {
			if _, ok := row[c]; !ok {
				row[c] = len(channels)
				channels = append(channels, c)
			}
		}
	}
	by := creditedBy(stages)
	var f funnel.FrameBuilder
	f.Strings(by, channels)
	var series []string
	for _, s := range stages {
		j := s.Result.Journeys
		total, _, _ := j.Totals()
		for _, cr := range s.Result.Credits {
			share := make([]float64, len(channels))
			for c, name := range j.Channels() {
				if c < len(cr.Conversions) {
					share[row[name]] = cr.Conversions[c] / total
				}
			}
			name := funnel.SnakeCase(s.Stage, "stage") + "_" + cr.Model.String() + "_share"
			f.Floats(name, share)
			if cr.Model == attribution.LinearTouch {
				series = append(series, name)
			}
		}
	}
	return f.Frame(), series
}

// creditedBy names the column the stages' journeys credit (channel when
// unnamed).
func creditedBy(stages []attribution.StageResult) string {
	return stages[0].Result.Journeys.CreditedBy()
}
