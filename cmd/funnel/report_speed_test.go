package main

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestReportSpeedSettings: the config's speed section is parsed as
// speed's flags: nothing set gives speed's defaults (mql, the sales
// touches sales_outreach, call and meeting, no alert, no sales file); a
// section gives its values, the sales file relative to the config file
// and alert_median 90m as 5400 seconds; --alert-median 2h replaces the
// config's (7200); a bad duration names the config and the section, a
// bad flag is a usage error naming the flag.
func TestReportSpeedSettings(t *testing.T) {
	t.Parallel()
	set, err := parseReportSettings(t, "", &reportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	so := set.opts.Speed
	if so.Start != "mql" || !slices.Equal(so.SalesTouch, []string{"sales_outreach", "call", "meeting"}) || so.AlertMedian != 0 || set.files.sales != "" {
		t.Errorf("defaults %+v, sales %q", so, set.files.sales)
	}
	doc := "speed:\n  start: sql\n  sales_touch: [call, demo]\n  sales: exports/tasks.csv\n  alert_median: 90m\n"
	set, err = parseReportSettings(t, doc, &reportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	so = set.opts.Speed
	if so.Start != "sql" || !slices.Equal(so.SalesTouch, []string{"call", "demo"}) || so.AlertMedian != 5400 ||
		set.files.sales != filepath.Join("conf", "exports", "tasks.csv") {
		t.Errorf("section %+v, sales %q", so, set.files.sales)
	}
	set, err = parseReportSettings(t, doc, &reportOptions{speed: reportSpeedFlags{AlertMedian: "2h"}})
	if err != nil || set.opts.Speed.AlertMedian != 7200 {
		t.Errorf("--alert-median 2h: %d, %v", set.opts.Speed.AlertMedian, err)
	}
	_, err = parseReportSettings(t, "speed:\n  alert_median: 0m\n", &reportOptions{})
	if err == nil || !strings.HasPrefix(err.Error(), "config "+filepath.Join("conf", "funnel.yaml")+": speed: ") {
		t.Errorf("alert_median 0m: %v", err)
	}
	_, err = parseReportSettings(t, "", &reportOptions{speed: reportSpeedFlags{AlertMedian: "-1h"}})
	var usage *usageError
	if err == nil || !errors.As(err, &usage) || !strings.Contains(err.Error(), "--alert-median") {
		t.Errorf("--alert-median -1h: %v", err)
	}
}
