package main

import (
	"fmt"
	"path/filepath"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/sample"
	"github.com/funnel-analytics/funnel/signals"
	"github.com/funnel-analytics/funnel/webinar"
)

// plantedSignal is a row of the demo's planted_signals table: a kind of
// signal `funnel signals` found in the sample against the accounts
// truth.json lists: planted (web_visits.csv), and for stalled trials the
// natural ones of touches.csv (judged by the same rule in the generator).
// The natural touches give drops and surges of their own too, which
// truth.json does not list: they count against precision.
type plantedSignal struct {
	Signal       string  `table:"signal"`
	Planted      int     `table:"planted"`
	Natural      int     `table:"natural"`
	Found        int     `table:"found"`
	PlantedFound int     `table:"planted_found"`
	NaturalFound int     `table:"natural_found"`
	Recall       float64 `table:"recall"`    // planted_found / planted
	Precision    float64 `table:"precision"` // (planted_found + natural_found) / found
}

// plantedDrop is the demo's webinar_drop row: the webinar's largest drop
// found against the one planted.
type plantedDrop struct {
	Webinar      string  `table:"webinar"`
	PlantedFrom  int     `table:"planted_from_minute"`
	FoundFrom    float64 `table:"found_from_minute"`
	PlantedTopic string  `table:"planted_topic"`
	FoundTopic   string  `table:"found_topic"`
	Match        bool    `table:"match"` // the same slice and topic
}

// demoPlanted runs signals (with the sample's web_visits.csv) and webinar
// (its attendee report and agenda.csv) on the sample in dir and adds their
// recovery of the planted truth to rep, after its other tables, and their
// reports to full. It adds no meta and no warning, so the demo's other
// lines stay as they were.
func demoPlanted(rep, full *funnel.Report, ds *funnel.Dataset, truth *sample.Truth, dir string) error {
	if truth.Signals == nil || truth.Webinar == nil {
		return nil // a sample without the plantings
	}
	in := &inputSet{ds: ds}
	web, err := in.readWeb(filepath.Join(dir, sample.WebVisitsFile), "")
	if err != nil {
		return fmt.Errorf("demo signals: %w", err)
	}
	sres, err := signals.Analyze(ds, signals.Options{Web: web})
	if err != nil {
		return fmt.Errorf("demo signals: %w", err)
	}
	st := truth.Signals
	var rows []plantedSignal
	for _, k := range []struct {
		name    string
		found   []string
		planted []string
		natural []string
	}{
		{signals.TableDrops, ids(sres.Drops, func(d signals.Drop) string { return d.AccountID }), st.TrafficDrops, nil},
		{signals.TableSurges, ids(sres.Surges, func(s signals.Surge) string { return s.AccountID }), st.Surges, nil},
		{signals.TableTrials, ids(sres.Trials, func(t signals.Trial) string { return t.AccountID }), st.StalledTrials, st.NaturalStalledTrials},
	} {
		r := plantedSignal{Signal: k.name, Planted: len(k.planted), Natural: len(k.natural), Found: len(k.found),
			PlantedFound: overlap(k.found, k.planted), NaturalFound: overlap(k.found, k.natural)}
		r.Recall = float64(r.PlantedFound) / float64(r.Planted)
		r.Precision = float64(r.PlantedFound+r.NaturalFound) / float64(r.Found)
		rows = append(rows, r)
	}
	rep.AddTable("planted_signals", funnel.FrameOf(rows))

	agenda, err := in.readAgenda(filepath.Join(dir, sample.AgendaFile))
	if err != nil {
		return fmt.Errorf("demo webinar: %w", err)
	}
	wres, err := webinar.Analyze(ds, webinar.Options{Agenda: agenda})
	if err != nil {
		return fmt.Errorf("demo webinar: %w", err)
	}
	wt := truth.Webinar
	drop := plantedDrop{Webinar: wt.Webinar, PlantedFrom: wt.DropFromMinute, PlantedTopic: wt.DropTopic, FoundFrom: -1}
	for _, w := range wres.Webinars {
		if w.Webinar == wt.Webinar {
			drop.FoundFrom, drop.FoundTopic = w.DropFromMinute, w.DropTopic
			drop.Match = w.Drop > 0 && w.DropFromMinute == float64(wt.DropFromMinute) && w.DropTopic == wt.DropTopic
		}
	}
	rep.AddTable("planted_webinar_drop", funnel.FrameOf([]plantedDrop{drop}))
	crow, cres, err := demoContent(ds, truth.Content)
	if err != nil {
		return err
	}
	if cres != nil {
		rep.AddTable("planted_content", funnel.FrameOf([]plantedContent{crow}))
		addReports(full, sres.Report(), wres.Report(), cres.Report())
	} else {
		addReports(full, sres.Report(), wres.Report())
	}
	return nil
}

// ids lists the account ids of rows.
func ids[T any](rows []T, id func(T) string) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = id(r)
	}
	return out
}

// overlap counts the elements of found that are in planted.
func overlap(found, planted []string) int {
	in := map[string]bool{}
	for _, s := range planted {
		in[s] = true
	}
	n := 0
	for _, s := range found {
		if in[s] {
			n++
		}
	}
	return n
}
