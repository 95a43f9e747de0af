package velocity

import (
	"fmt"
	"strings"
	"time"

	"github.com/go-gota/gota/dataframe"

	"github.com/funnel-analytics/funnel/funnel"
)

// ByNames returns the table column names of the --by columns: snake_case,
// prefixed "by_" when a name is taken by a fixed column or another --by.
func ByNames(by []string, fixed ...string) []string {
	out := make([]string, len(by))
	taken := map[string]bool{}
	for _, f := range fixed {
		taken[f] = true
	}
	for i, b := range by {
		n := funnel.SnakeCase(b, "by")
		for taken[n] {
			n = "by_" + n
		}
		taken[n] = true
		out[i] = n
	}
	return out
}

// transitionName is the series label of a pair (and group): "mql->sql",
// "EMEA / SaaS mql->sql"; a missing group value reads "(none)".
func transitionName(group []string, from, to string) string {
	if len(group) == 0 {
		return from + "->" + to
	}
	parts := make([]string, len(group))
	for i, g := range group {
		parts[i] = g
		if g == "" {
			parts[i] = "(none)"
		}
	}
	return strings.Join(parts, " / ") + " " + from + "->" + to
}

// Report builds the report of `funnel velocity`: tables velocity (main),
// conversion, trend, exits (when the data has lost stages) and, with
// Options.Detail, transitions; a line chart of
// mean days per transition; alerts; meta.
func (r *Result) Report() *funnel.Report {
	rep := funnel.NewReport("velocity", "Stage velocity")
	rep.AddMeta("layout", r.Layout.String())
	rep.AddMeta("ladder", append([]string(nil), r.Ladder.Stages...))
	rep.AddMeta("ladder_source", r.Ladder.Source.String())
	var pairs []string
	for _, p := range r.Pairs {
		pairs = append(pairs, p.From+"->"+p.To)
	}
	rep.AddMeta("pairs", pairs)
	rep.AddMeta("period", r.Period.String())
	rep.AddMeta("timezone", r.Location.String())
	if len(r.Periods) > 0 {
		rep.AddMeta("first_period", r.Periods[0])
		rep.AddMeta("last_period", r.Periods[len(r.Periods)-1])
	}
	if r.LeftOut[0] != "" {
		rep.AddMeta("periods_left_out", r.leftOutText())
	}
	rep.AddMeta("entities", r.Entities)
	rep.AddMeta("stage_entries", r.Entries)
	rep.AddMeta("duplicate_entries", r.Duplicates)
	rep.AddMeta("transitions", r.Transitions)
	rep.AddMeta("recycles", r.Recycles)
	rep.AddMeta("skipped", r.Skipped)
	if len(r.LostStages) > 0 {
		rep.AddMeta("lost_stages", append([]string(nil), r.LostStages...))
		rep.AddMeta("lost_exits", r.LostExits)
	}
	if r.Within > 0 {
		rep.AddMeta("within_days", float64(r.Within)/funnel.SecondsPerDay)
	}
	rep.AddMeta("as_of", r.AsOf.Format(time.RFC3339))
	rep.AddMeta("latest_complete_period", r.LatestComplete)
	if r.AlertSlower > 0 {
		// The threshold in force, as a fraction (0.25 is 25% slower).
		rep.AddMeta("alert_slower", r.AlertSlower)
		rep.AddMeta("alert_min", r.AlertMin)
		rep.AddMeta("alerts", len(r.Alerts))
	}
	if p := r.Pipeline; p != nil {
		rep.AddMeta("pipeline_open_opportunities", p.Open)
		rep.AddMeta("pipeline_won", p.Won)
		rep.AddMeta("pipeline_lost", p.Lost)
		rep.AddMeta("outcome_source", p.OutcomeSource)
		rep.AddMeta("pipeline_win_rate", p.WinRate)
		rep.AddMeta("pipeline_avg_won_amount", p.AvgWonAmount)
		if p.Currency != "" {
			rep.AddMeta("pipeline_currency", p.Currency) // of the amount and the velocities
		}
		rep.AddMeta("pipeline_avg_cycle_days", p.AvgCycleDays)
		rep.AddMeta("pipeline_velocity_per_day", p.PerDay)
		rep.AddMeta("pipeline_velocity_per_month", p.PerMonth)
	}
	rep.Warnings = append(rep.Warnings, r.Warnings...)
	for _, a := range r.Alerts {
		rep.Alertf("%s", a.Message)
	}

	rep.AddTable("velocity", r.velocityFrame())
	rep.AddTable("conversion", r.conversionFrame())
	rep.AddTable("trend", r.trendFrame())
	if len(r.LostStages) > 0 {
		rep.AddTable("exits", r.exitsFrame())
	}
	if r.Detail != nil {
		rep.AddTable("transitions", r.detailFrame())
	}
	rep.AddChart(funnel.Chart{Kind: funnel.LineChart, Title: "Mean days per stage transition", Table: "velocity",
		X: "period", SeriesBy: "transition", Y: "mean_days", XTitle: r.Period.String(), YTitle: "mean days"})
	return rep
}

// The velocity, conversion, trend and exits tables are their rows'
// tagged fields (funnel.FrameOf) with the --by group columns where the
// rows' Group field stands: after period, or first. transitions has a row
// per transition (as many as the stage entries) and is built column by
// column.

// velocityFrame is the velocity table, with the series label of each row
// (transitionName) as its last column, transition.
func (r *Result) velocityFrame() dataframe.DataFrame {
	rows := r.Velocity
	name := make([]string, len(rows))
	for i, v := range rows {
		name[i] = transitionName(v.Group, v.From, v.To)
	}
	var f funnel.FrameBuilder
	f.Strings("transition", name)
	df := funnel.FrameOf(rows).CBind(f.Frame())
	return r.withGroups(df, 1, func(i int) []string { return rows[i].Group })
}

func (r *Result) conversionFrame() dataframe.DataFrame {
	rows := r.Conversion
	return r.withGroups(funnel.FrameOf(rows), 1, func(i int) []string { return rows[i].Group })
}

func (r *Result) trendFrame() dataframe.DataFrame {
	rows := r.Trend
	return r.withGroups(funnel.FrameOf(rows), 0, func(i int) []string { return rows[i].Group })
}

func (r *Result) exitsFrame() dataframe.DataFrame {
	rows := r.Exits
	return r.withGroups(funnel.FrameOf(rows), 0, func(i int) []string { return rows[i].Group })
}

// withGroups returns table df with the --by group columns inserted before
// its column at: one per Result.By, named by ByNames apart from df's
// columns, holding group(i) of row i.
func (r *Result) withGroups(df dataframe.DataFrame, at int, group func(i int) []string) dataframe.DataFrame {
	var f funnel.FrameBuilder
	f.GroupColumns(ByNames(r.By, df.Names()...), df.Nrow(), group)
	return funnel.InsertColumns(df, at, f.Frame())
}

// detailFrame is the transitions table.
func (r *Result) detailFrame() dataframe.DataFrame {
	rows := r.Detail
	n := len(rows)
	by := ByNames(r.By, "entity_id", "from_stage", "to_stage", "entry", "from_at", "to_at", "days", "period")
	entity, from, to, entry, fromAt, toAt, period := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	days := make([]float64, n)
	dateOnly := r.dateOnlyStages()
	for i, v := range rows {
		entity[i], from[i], to[i], entry[i], period[i], days[i] = v.Entity, v.From, v.To, v.Entry, v.Period, v.Days
		fromAt[i] = r.formatTime(v.FromAt, dateOnly[v.From])
		toAt[i] = r.formatTime(v.ToAt, dateOnly[v.To])
	}
	var f funnel.FrameBuilder
	f.Strings("entity_id", entity)
	f.GroupColumns(by, n, func(i int) []string { return rows[i].Group })
	f.Strings("from_stage", from)
	f.Strings("to_stage", to)
	f.Strings("entry", entry)
	f.Strings("from_at", fromAt)
	f.Strings("to_at", toAt)
	f.Floats("days", days)
	f.Strings("period", period)
	return f.Frame()
}

// formatTime writes an entry time: its date for date-only columns, else
// the local time in the report's location ("2026-03-29 03:30:00").
func (r *Result) formatTime(t int64, dateOnly bool) string {
	if dateOnly {
		return funnel.FormatTime(t, true)
	}
	return time.Unix(t, 0).In(r.Location).Format(time.DateTime)
}

func (r *Result) dateOnlyStages() map[string]bool {
	m := map[string]bool{}
	for i, s := range r.Ladder.Stages {
		if i < len(r.dateOnly) {
			m[s] = r.dateOnly[i]
		}
	}
	return m
}

// leftOutText is the periods_left_out meta: "2022-06 to 2024-10, fewer
// than 20 transitions" (Result.LeftOut).
func (r *Result) leftOutText() string {
	span := r.LeftOut[0]
	if r.LeftOut[1] != span {
		span += " to " + r.LeftOut[1]
	}
	return fmt.Sprintf("%s, fewer than %d %s", span, r.MinTransitions, plural(r.MinTransitions, "transition", "transitions"))
}
