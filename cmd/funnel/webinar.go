package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/webinar"
)

type webinarOptions struct {
	g      *globalOptions
	inputs *inputFlags
	db     warehouseFlags // --db: the inputs streamed from a database's tables

	Plot           string
	Bin            string
	Most           string
	Within         string
	Start          string
	Length         string
	Agenda         string
	Targets        string
	MinTargetShare string

	opts webinar.Options
}

func newWebinarCmd(g *globalOptions, runF func(*webinarOptions) error) *cobra.Command {
	o := &webinarOptions{g: g, Bin: "5m", Most: "75%", Within: "30d", MinTargetShare: "30%"}
	cmd := &cobra.Command{
		Use:   "webinar --attendees FILE [--agenda FILE] [--leads FILE ...]",
		Short: "Webinar attendance five minutes at a time, the largest drop and its topic, follow-up lists",
		Long: `Where did the audience leave, and whom should sales follow up? webinar reads
attendee reports (Zoom, GoTo Webinar, ON24) and gives per webinar the
attendance curve by time slice, the largest drop and the agenda topic it came
on, follow-up lists (stayed without converting, registered but absent, left
early) and the share of target accounts.

More: 'funnel help webinar-curves'.`,
		Example: `  funnel webinar --attendees zoom_attendee_report.csv --agenda agenda.csv
  funnel webinar --data exports --attendees webinar_attendees.csv --agenda agenda.csv --plot curve.png`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return dispatch(o, runF, webinarRun, o.parse, g.checkOutput)
		},
	}
	o.inputs = addInputFlags(cmd, funnel.Attendees, funnel.Leads, funnel.Touches, funnel.Stages, funnel.Opportunities, funnel.Accounts)
	addWarehouseFlags(cmd, &o.db, "webinar is not pushed down yet: the tables' rows are streamed and analyzed as files are", false)
	o.inputs.fromDatabase(&o.db, "webinar")
	f := cmd.Flags()
	f.StringVar(&o.Bin, "bin", o.Bin, "slice length, e.g. 5m")
	f.StringVar(&o.Most, "most", o.Most, "share of the webinar that counts as most of it (75% or 0.75)")
	f.StringVar(&o.Within, "within", o.Within, "window after the webinar in which a conversion counts, e.g. 30d")
	f.StringVar(&o.Start, "start", "", "the webinar's start (one webinar; default: the first join, cut to the minute)")
	f.StringVar(&o.Length, "length", "", "the webinar's length, e.g. 60m (default: to the last leave)")
	f.StringVar(&o.Agenda, "agenda", "", "agenda `FILE`: minute, topic")
	f.StringVar(&o.Targets, "targets", "", "target account list `FILE`: ids one a line, or a table with an account_id column (default: the accounts' target column)")
	f.StringVar(&o.MinTargetShare, "min-target-share", o.MinTargetShare, "flag webinars whose attendees' accounts are less than this share target accounts")
	addPlotFlag(cmd, &o.Plot, "the people present per slice (a line chart)")
	return cmd
}

// parse validates the flags into a webinar.Options.
func (o *webinarOptions) parse() error {
	var err error
	dur := func(flag, s string) (int64, error) {
		v, err := funnel.ParseDuration(s)
		if err != nil || v <= 0 {
			return 0, usagef("--%s %q: want a positive duration such as 5m, 60m or 30d", flag, s)
		}
		return v, nil
	}
	if o.opts.Bin, err = dur("bin", o.Bin); err != nil {
		return err
	}
	if o.opts.Bin < 60 {
		return usagef("--bin %q: want a minute or more", o.Bin)
	}
	if o.opts.Within, err = dur("within", o.Within); err != nil {
		return err
	}
	if o.Length != "" {
		if o.opts.Length, err = dur("length", o.Length); err != nil {
			return err
		}
	}
	if o.opts.Most, err = parseShare(o.Most); err != nil || o.opts.Most <= 0 {
		return usagef("--most %q: want a share above 0 such as 75%% or 0.75", o.Most)
	}
	if o.opts.MinTargetShare, err = parseShare(o.MinTargetShare); err != nil {
		return usagef("--min-target-share %q: %v", o.MinTargetShare, err)
	}
	return checkPlot(o.Plot)
}

func webinarRun(o *webinarOptions) error {
	g := o.g
	in, err := g.readInputs(o.inputs, funnel.Attendees)
	if err != nil {
		return err
	}
	opts := o.opts
	opts.Start = funnel.NoTime
	if o.Start != "" {
		if opts.Start, _, err = ingest.ParseDate(o.Start, in.opts); err != nil {
			return usagef("--start %q: want a date and time such as 2026-03-12 15:00", o.Start)
		}
	}
	if o.Agenda != "" {
		if opts.Agenda, err = in.readAgenda(o.Agenda); err != nil {
			return err
		}
	}
	if o.Targets != "" {
		if opts.Targets, err = in.readTargets(o.Targets); err != nil {
			return err
		}
		opts.TargetsSource = o.Targets
	}
	res, err := webinar.Analyze(in.ds, opts)
	if err != nil {
		return err
	}
	return g.writeReportWithPlot(o.Plot, in.withWarnings(res.Report()), in.paths())
}

// readAgenda reads an agenda, as the inputs were read, and records it in
// s: a header naming a minute column (Minute, Start, Time, At) and a topic
// column (Topic, Title, Agenda Item, Segment), or two columns in that
// order, and optionally the webinar (Webinar, Webinar ID: an item without
// one is on every webinar's agenda); a minute is 30, 30.5, 30:00
// (minutes:seconds) or 0:30:00.
func (s *inputSet) readAgenda(path string) ([]webinar.AgendaItem, error) {
	r, err := ingest.Open(path, s.opts)
	if err != nil {
		return nil, fmt.Errorf("--agenda: %w", err)
	}
	defer r.Close()
	minute, topic, name := 0, 1, -1
	for i, h := range r.Header() {
		switch strings.ToLower(strings.TrimSpace(h)) {
		case "webinar", "webinar id", "event id", "webinar topic":
			name = i
			if minute == i {
				minute, topic = i+1, i+2
			}
		case "minute", "minutes", "start", "start minute", "time", "at", "offset":
			minute = i
		case "topic", "title", "agenda item", "item", "segment", "section":
			topic = i
		}
	}
	var items []webinar.AgendaItem
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("--agenda: %w", err)
		}
		if minute >= len(rec) || topic >= len(rec) || strings.TrimSpace(rec[minute]) == "" {
			continue
		}
		m, ok := parseAgendaMinute(rec[minute])
		if !ok {
			return nil, &ingest.RowError{File: r.Name(), Line: r.Line(), Column: r.Header()[minute], Value: rec[minute],
				Err: ingest.ErrBadNumber, Detail: "want minutes from the start: 30, 30.5, 30:00 or 0:30:00"}
		}
		it := webinar.AgendaItem{Minute: m, Topic: strings.TrimSpace(rec[topic])}
		if name >= 0 && name < len(rec) {
			it.Webinar = strings.TrimSpace(rec[name])
		}
		items = append(items, it)
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("--agenda %s: no agenda items (minute, topic)", path)
	}
	s.add(path, r.Warnings())
	return items, nil
}

// parseAgendaMinute reads 30, 30.5, 30:00 (minutes:seconds) or 0:30:00.
func parseAgendaMinute(s string) (float64, bool) {
	parts := strings.Split(strings.TrimSpace(s), ":")
	var v []float64
	for _, p := range parts {
		f, err := strconv.ParseFloat(p, 64)
		if err != nil || f < 0 {
			return 0, false
		}
		v = append(v, f)
	}
	switch len(v) {
	case 1:
		return v[0], true
	case 2:
		return v[0] + v[1]/60, true
	case 3:
		return v[0]*60 + v[1] + v[2]/60, true
	}
	return 0, false
}
