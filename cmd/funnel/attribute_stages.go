package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/funnel-analytics/funnel/attribution"
	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/velocity"
)

// parseMilestone reads --milestone: created or closed (B2B journeys of
// opportunities), else lifecycle stages of --stages ("all": every rung of
// the ladder), and --ladder. --stages without a stage milestone and
// --ladder without one are usage errors: neither would be read.
func (o *attributeOptions) parseMilestone() error {
	switch o.Milestone {
	case "closed":
		o.milestone = attribution.MilestoneClosed
	case "created":
		o.milestone = attribution.MilestoneCreated
	case "all":
		o.stages = []string{}
	default:
		st, err := velocity.ParseOrder(o.Milestone)
		if err != nil || o.Milestone == "" {
			return usagef("--milestone %q: want created, closed, lifecycle stages such as mql or mql,sql,customer, or all", o.Milestone)
		}
		o.stages = st
	}
	if o.inputs == nil { // the report's config: its journeys end at opportunities
		if o.stages != nil {
			return usagef("milestone %q: the report takes created or closed (per-stage credit is funnel attribute --milestone %s)", o.Milestone, o.Milestone)
		}
		return nil
	}
	if o.Ladder != "" {
		if o.stages == nil {
			return usagef("--ladder is read only with --milestone naming lifecycle stages")
		}
		l, err := velocity.ParseOrder(o.Ladder)
		if err != nil {
			return usagef("--ladder: %v", err)
		}
		o.ladder = l
	}
	if o.stages == nil && *o.inputs.paths[funnel.Stages] != "" {
		return usagef("--stages is read only with --milestone naming lifecycle stages (mql, sql, ...)")
	}
	return nil
}

// without returns a copy of in that does not read the inputs kinds.
func (in *inputFlags) without(kinds ...funnel.TableKind) *inputFlags {
	read := *in
	read.kinds = slices.DeleteFunc(slices.Clone(in.kinds), func(k funnel.TableKind) bool { return slices.Contains(kinds, k) })
	return &read
}

// attributeStagesRun attributes the entries into lifecycle stages: one
// set of journeys per stage (attribution.FromStages), every model on
// each, one report (attribution.StageReport).
func attributeStagesRun(o *attributeOptions) error {
	if *o.inputs.paths[funnel.Paths] != "" || *o.inputs.paths[funnel.Opportunities] != "" {
		return usagef("--milestone %s attributes stage entries from --touches and --stages: --paths and --opportunities are not read", o.Milestone)
	}
	in, err := o.g.readInputs(o.inputs.without(funnel.Paths, funnel.Opportunities), funnel.Touches, funnel.Stages)
	if err != nil {
		return err
	}
	if err := in.addTouches(o.ExtraTouches); err != nil {
		return err
	}
	names, reached, warnings, err := stageEntries(in.ds, o.stages, o.ladder)
	if err != nil {
		return err
	}
	rep, err := stageReport(in.ds.Stages.Source, names, warnings, func(k int) (*attribution.Result, error) {
		return attributeStage(in.ds, attribution.StageOptions{By: o.By, Level: o.level, Lookback: o.lookback, Stage: names[k], Reached: reached[k]}, o.cfg)
	})
	if err != nil {
		return err
	}
	return o.g.writeReportWithPlot(o.Plot, in.withWarnings(rep), in.paths())
}

// stageReport runs the models on the journeys into each stage of names
// (result returns stage k's, its errors naming the stage), one report
// (attribution.StageReport) with warnings first; of several stages, one
// without a conversion is left out with a warning. source names the
// stages table.
func stageReport(source string, names, warnings []string, result func(k int) (*attribution.Result, error)) (*funnel.Report, error) {
	var stages []attribution.StageResult
	for k, name := range names {
		res, err := result(k)
		if errors.Is(err, attribution.ErrNoConversions) && len(names) > 1 {
			warnings = append(warnings, fmt.Sprintf("stage %s left out: %v", name, err))
			continue
		}
		if err != nil {
			return nil, err
		}
		stages = append(stages, attribution.StageResult{Stage: name, Result: res})
	}
	if len(stages) == 0 {
		return nil, fmt.Errorf("%s: no stage of %s has an entry with a touch before it", source, strings.Join(names, ", "))
	}
	rep := attribution.StageReport(stages)
	rep.Warnings = append(warnings, rep.Warnings...)
	return rep, nil
}

// attributeStage runs the models on the journeys that end at one stage,
// with the costs of ds unless cfg has them.
func attributeStage(ds *funnel.Dataset, src attribution.StageOptions, cfg attribution.Config) (*attribution.Result, error) {
	j, err := attribution.FromStages(ds, src)
	if err != nil {
		return nil, err
	}
	if cfg.Costs == nil {
		if cfg.Costs, err = j.CostsFrom(ds.Costs); err != nil {
			return nil, err
		}
	}
	res, err := attribution.Attribute(j, cfg)
	if err != nil {
		return nil, fmt.Errorf("stage %s: %w", src.Stage, err)
	}
	return res, nil
}

// stageEntries reads when each record of ds.Stages first stood at each
// of the stages named (every rung when none is), on ladder (velocity's
// inferred ladder when nil): the ladder's names of the stages, and per
// stage the time by entity code (funnel.NoTime: never). A name off the
// ladder is an error listing the ladder.
func stageEntries(ds *funnel.Dataset, named, ladder []string) ([]string, []map[int32]int64, []string, error) {
	rungs, all, warnings, err := velocity.Entries(ds, ladder)
	if err != nil {
		return nil, nil, nil, err
	}
	l, err := velocity.NewLadder(rungs, velocity.LadderExplicit)
	if err != nil {
		return nil, nil, nil, err
	}
	if len(named) == 0 {
		named = rungs
	}
	names := make([]string, len(named))
	reached := make([]map[int32]int64, len(named))
	for i, n := range named {
		k := l.Index(n)
		if k < 0 {
			return nil, nil, nil, fmt.Errorf("%s: --milestone %s: no stage %q on the ladder (%s)", ds.Stages.Source, strings.Join(named, ","), n, strings.Join(rungs, ", "))
		}
		names[i] = rungs[k]
		if k < len(all) {
			reached[i] = all[k]
		}
	}
	return names, reached, warnings, nil
}

// addTouches reads each of paths as touches into the inputs' Dict and
// appends its rows to the touches (funnel.Append; the first is the
// touches when there are none).
func (s *inputSet) addTouches(paths []string) error {
	for _, p := range paths {
		t, warnings, err := ingest.Load(p, funnel.Touches, s.ds.Dict, s.opts)
		if err != nil {
			return fmt.Errorf("--extra-touches: %w", err)
		}
		s.add(p, warnings)
		if s.ds.Touches != nil {
			if t, err = funnel.Append(s.ds.Touches, t); err != nil {
				return fmt.Errorf("--extra-touches: %w", err)
			}
		}
		s.ds.Set(t)
	}
	return nil
}
