package main

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/warehouse"
)

// TestWarehouseFlags: attribute, velocity, size and score take the
// database flags from the one helper: --db, --db-table (repeatable),
// --explain, --dialect and --db-timeout (default 10m) on attribute,
// velocity and size; on score too, whose --sql (beside --view) prints
// the view without connecting and refuses --db and --explain.
func TestWarehouseFlags(t *testing.T) {
	want := warehouseFlags{URL: "postgres://h/db", Tables: []string{"stages=crm.h", "leads=crm.l"}, Explain: true, Dialect: "postgres", Timeout: warehouse.DefaultTimeout}
	v, code, stderr := parseFlags(t, &globalOptions{}, newVelocityCmd, "--db", "postgres://h/db", "--db-table", "stages=crm.h", "--db-table", "leads=crm.l", "--explain")
	if code != ExitOK || !reflect.DeepEqual(v.db, want) {
		t.Errorf("velocity: exit %d %s, %+v", code, stderr, v.db)
	}
	a, code, stderr := parseFlags(t, &globalOptions{}, newAttributeCmd, "--db", "postgres://h/db", "--db-table", "stages=crm.h", "--db-table", "leads=crm.l", "--explain")
	if code != ExitOK || !reflect.DeepEqual(a.db, want) {
		t.Errorf("attribute: exit %d %s, %+v", code, stderr, a.db)
	}
	z, code, stderr := parseFlags(t, &globalOptions{}, newSizeCmd, "--price", "1", "--db", "postgres://h/db", "--db-table", "stages=crm.h", "--db-table", "leads=crm.l", "--explain", "--db-timeout", "30s")
	if want.Timeout = 30 * time.Second; code != ExitOK || !reflect.DeepEqual(z.db, want) {
		t.Errorf("size: exit %d %s, %+v", code, stderr, z.db)
	}
	s, code, stderr := parseFlags(t, &globalOptions{}, newScoreCmd, "--model", "m.json", "--sql", "--view", "crm.scores", "--db-table", "leads=crm.l", "--dialect", "postgresql")
	if code != ExitOK || !s.SQL || s.View != "crm.scores" || !reflect.DeepEqual(s.db, warehouseFlags{Tables: []string{"leads=crm.l"}, Dialect: "postgresql", Timeout: warehouse.DefaultTimeout}) {
		t.Errorf("score: exit %d %s, %+v", code, stderr, s)
	}
	// score --sql prints the view without connecting: --db and --explain
	// are for scoring streamed tables.
	for _, flag := range []string{"--db=postgres://h/db", "--explain"} {
		if _, stderr, code := runCommand(t, &globalOptions{}, newScoreCmd, nil, "--model", "m.json", "--sql", flag); code != ExitUsage || !strings.Contains(stderr, "--sql prints the view without connecting: leave out --db and --explain") {
			t.Errorf("score --sql %s: exit %d %s; want a usage error", flag, code, stderr)
		}
	}
}

// TestStreamedMeta: the meta pushed_down of a streamed run names each
// table once (a Salesforce opportunities report read as the stages too),
// and why the tables were streamed.
func TestStreamedMeta(t *testing.T) {
	in := &inputSet{files: map[funnel.TableKind]string{funnel.Stages: "sf.opportunities", funnel.Opportunities: "sf.opportunities", funnel.Leads: "crm.leads"}, why: "--wide needs the stage rows"}
	want := "nothing (--wide needs the stage rows): the rows of crm.leads, sf.opportunities were streamed and the analysis ran on them as on files"
	if got := streamedMeta(in); got != want {
		t.Errorf("streamedMeta: %q, want %q", got, want)
	}
	in.why = ""
	if got := streamedMeta(in); !strings.HasPrefix(got, "nothing (not pushed down yet): the rows of crm.leads, sf.opportunities were") {
		t.Errorf("streamedMeta without a reason: %q", got)
	}
}
