package main

import (
	"github.com/funnel-analytics/funnel/funnel/config"
	"github.com/funnel-analytics/funnel/report"
)

// reportDataDir is the folder the report looks for the exports beside
// the standard inputs in (web visits, sales activities, enrollments):
// --data, else the config's data folder; "" when neither.
func reportDataDir(o *reportOptions, cfg *config.Config) string {
	if o.g.DataDir == "" && cfg.Data != "" {
		return cfg.Resolve(cfg.Data)
	}
	return o.g.DataDir
}

// readSheetInputs reads the inputs of the Signals and Webinars sheets
// besides the dataset into opts: the web activity (--web, else the
// config's inputs: web, else web_visits.* in --data or the config's data
// folder) and the agenda (the config's inputs: agenda, else agenda.* in
// that folder when there is an attendee report), each as the
// inputs were read, {month} standing for month. The attendee report is
// an input of the dataset (--attendees, inputs: attendees,
// webinar_attendees.csv).
func readSheetInputs(o *reportOptions, cfg *config.Config, in *inputSet, month string, opts *report.Options) error {
	web, dir := o.Web, reportDataDir(o, cfg)
	var err error
	if p := cfg.Inputs[config.InputWeb]; web == "" && p != "" {
		if web, err = configInput(cfg, config.InputWeb, p, month); err != nil {
			return err
		}
	}
	if opts.Signals.Web, err = in.readWeb(web, dir); err != nil {
		return err
	}
	agenda := ""
	if p := cfg.Inputs[config.InputAgenda]; p != "" {
		if agenda, err = configInput(cfg, config.InputAgenda, p, month); err != nil {
			return err
		}
	} else if dir != "" && in.ds.Attendees != nil {
		agenda = findFile(dir, agendaFileNames)
	}
	if agenda != "" {
		if opts.Webinar.Agenda, err = in.readAgenda(agenda); err != nil {
			return err
		}
	}
	return nil
}

// agendaFileNames are the names the report looks for in the data folder
// when the config names no agenda (funnel sample writes agenda.csv).
var agendaFileNames = []string{"agenda.csv", "agenda.tsv", "agenda.xlsx"}
