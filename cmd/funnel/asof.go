package main

import (
	"time"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
)

// asOfBeforeInputs parses --as-of before the inputs are read, with the
// reading options they will be read with (the config file's time zone),
// for a command that counts touches as they are read: their cutoffs
// depend on it.
func (g *globalOptions) asOfBeforeInputs() (int64, error) {
	cfg, err := g.config()
	if err != nil {
		return 0, err
	}
	opts, err := g.ingestOptions(cfg)
	if err != nil {
		return 0, err
	}
	return g.asOf(opts)
}

// asOf parses --as-of as Unix seconds: a date means the end of that day
// (so its touches count), a timestamp is taken as it is; "" gives 0, which
// the analyses read as "the latest timestamp in the inputs".
func (g *globalOptions) asOf(opts ingest.Options) (int64, error) {
	return parseAsOf("--as-of", g.AsOf, opts)
}

// asOfOrComplete is --as-of, else the end of the last complete day of
// the inputs' data (funnel.CompleteThrough of their latest time): the
// as-of time of the analyses that report on the present (velocity,
// speed, nurture), so that a day still being exported does not count.
func (g *globalOptions) asOfOrComplete(in *inputSet) (int64, error) {
	asOf, err := g.asOf(in.opts)
	if err != nil || asOf != 0 {
		return asOf, err
	}
	return funnel.CompleteThrough(in.ds.LatestTime(), in.opts.Location, time.Now()), nil
}

// parseAsOf reads the value of an as-of flag (--as-of, --backtest-as-of)
// as Unix seconds by the rule of asOf; "" gives 0.
func parseAsOf(flag, value string, opts ingest.Options) (int64, error) {
	if value == "" {
		return 0, nil
	}
	t, dateOnly, err := ingest.ParseDate(value, opts)
	if err != nil {
		return 0, usagef("%s %q: %v", flag, value, err)
	}
	if dateOnly {
		t += funnel.SecondsPerDay
	}
	return t, nil
}

// asOfTime is an as-of time in Unix seconds as a time in UTC; 0 (none)
// is the zero time.
func asOfTime(asOf int64) time.Time {
	if asOf == 0 {
		return time.Time{}
	}
	return time.Unix(asOf, 0).UTC()
}
