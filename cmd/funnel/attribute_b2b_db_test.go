package main

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/internal/b2bfixture"
	"github.com/funnel-analytics/funnel/internal/pgtest"
)

// TestAttributeB2BDB: attribute --db on the B2B fixture (internal/
// b2bfixture: accounts of several contacts, ties, a deal without a
// touch, lost and open deals, a touch exactly at the 30-day lookback's
// limit and one a second past it, contacts without an account, a stages
// table) gives the tables attribute gives on the same rows as files:
// every table (attribution, transitions, the stage tables), row by row
// in the same order, numbers to 1e-9 relative, and the journeys' meta.
// Journeys ending at opportunities (closed and created, lead and account
// level, by channel and by campaign) and at the stages mql and sql; the
// models include time_decay (its weights computed in SQL), once at
// --half-life 2d, and on the opportunities' journeys w_shaped and
// full_path (their milestone touches and weights computed in SQL).
// Each option set is a parallel subtest.
func TestAttributeB2BDB(t *testing.T) {
	t.Parallel()
	fx := b2bfixture.New()
	files := fx.Write(t, t.TempDir())
	url := pgtest.NewDatabase(t)
	fx.Load(t, url)
	models := "first_touch,last_touch,linear_touch,position_based,time_decay,markov,shapley"
	tables := b2bfixture.Tables
	for _, tc := range []struct {
		args   []string
		stages bool
	}{
		{args: nil},
		{args: []string{"--level", "lead", "--lookback", "30d", "--half-life", "2d"}},
		{args: []string{"--milestone", "created", "--by", "campaign", "--lookback", "30d"}},
		{args: []string{"--milestone", "mql,sql", "--lookback", "30d"}, stages: true},
		{args: []string{"--milestone", "mql", "--level", "account"}, stages: true},
	} {
		name := strings.Join(tc.args, " ")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			kinds := []funnel.TableKind{funnel.Touches, funnel.Opportunities, funnel.Leads}
			if tc.stages {
				kinds = []funnel.TableKind{funnel.Touches, funnel.Leads, funnel.Stages}
			}
			caseModels := models
			if !tc.stages {
				caseModels += ",w_shaped,full_path" // stage journeys have no milestone touches, on files neither
			}
			fileArgs := append([]string{"--models", caseModels}, tc.args...)
			dbArgs := append([]string{"--models", caseModels, "--db", url}, tc.args...)
			for _, k := range kinds {
				fileArgs = append(fileArgs, "--"+k.String(), files[k])
				dbArgs = append(dbArgs, "--db-table", k.String()+"="+tables[k])
			}
			want := runAttributeJSON(t, fileArgs)
			got := runAttributeJSON(t, dbArgs)
			if len(want.Tables) < 2 {
				t.Fatalf("%s: the files' report has %d tables", name, len(want.Tables))
			}
			for table, rows := range want.Tables {
				if diff := diffRows(got.Tables[table], rows); diff != "" {
					t.Errorf("%s: table %s: %s", name, table, diff)
				}
			}
			for _, key := range []string{"journeys", "converting_journeys", "null_journeys", "distinct_paths", "channels", "total_conversions",
				"total_value", "unattributed_conversions", "unattributed_value", "outcome_source", "markov_conversion_probability", "milestone"} {
				if diff := diffRows([]map[string]any{{key: got.Meta[key]}}, []map[string]any{{key: want.Meta[key]}}); diff != "" {
					t.Errorf("%s: meta %s", name, diff)
				}
			}
		})
	}
}

// dbReport is the JSON of a report: its tables and meta.
type dbReport struct {
	Tables map[string][]map[string]any `json:"tables"`
	Meta   map[string]any              `json:"meta"`
}

// runAttributeJSON runs attribute with args and reads its JSON report.
func runAttributeJSON(t *testing.T, args []string) dbReport {
	t.Helper()
	out, stderr, code := runCommand(t, &globalOptions{Format: "json"}, newAttributeCmd, nil, args...)
	if code != ExitOK {
		t.Fatalf("%s: exit %d: %s", strings.Join(args, " "), code, stderr)
	}
	var rep dbReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return rep
}

// diffRows says where got differs from want: the row count, a column, a
// value (numbers to 1e-9 relative, 1e-9 absolute near 0); "" when equal.
func diffRows(got, want []map[string]any) string {
	if len(got) != len(want) {
		return fmt.Sprintf("%d rows, want %d", len(got), len(want))
	}
	for i := range want {
		for col, w := range want[i] {
			g, ok := got[i][col]
			if !ok {
				return fmt.Sprintf("row %d: no column %s", i, col)
			}
			wf, wok := w.(float64)
			gf, gok := g.(float64)
			if wok && gok {
				if math.Abs(gf-wf) > 1e-9*math.Max(1, math.Max(math.Abs(gf), math.Abs(wf))) {
					return fmt.Sprintf("row %d %s: %v, want %v", i, col, g, w)
				}
				continue
			}
			if fmt.Sprint(g) != fmt.Sprint(w) {
				return fmt.Sprintf("row %d %s: %v, want %v", i, col, g, w)
			}
		}
	}
	return ""
}
