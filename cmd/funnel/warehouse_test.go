package main

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/warehouse"
)

// TestWarehouseFlags: attribute, velocity, size and score take the
// database flags from the one helper: --db, --db-table (repeatable),
// --explain, --dialect and --db-timeout (default 10m) on attribute,
// velocity and size; --db-table and --dialect (no
// --db, no --explain) on score, beside --sql and --view.
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
	if code != ExitOK || !s.SQL || s.View != "crm.scores" || !reflect.DeepEqual(s.db, warehouseFlags{Tables: []string{"leads=crm.l"}, Dialect: "postgresql", sqlOnly: true}) {
		t.Errorf("score: exit %d %s, %+v", code, stderr, s)
	}
	for _, flag := range []string{"--db", "--explain"} {
		if _, code, stderr := parseFlags(t, &globalOptions{}, newScoreCmd, "--model", "m.json", flag); code != ExitUsage || !strings.Contains(stderr, "unknown flag: "+flag) {
			t.Errorf("score %s: exit %d %s; want the flag unknown", flag, code, stderr)
		}
	}
}
