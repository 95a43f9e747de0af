package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/internal/pgtest"
)

// dbTouches is the touches of TestAttributeDB: journeys A email > search
// (converted, 100), B search > email (null), C social > email (converted,
// 50; social 50 days before the conversion).
const dbTouches = `lead_id,occurred_at,channel,converted,value
A,2026-01-01,email,false,
A,2026-01-03,search,true,100
B,2026-01-02,search,false,
B,2026-01-05,email,false,
C,2026-01-01,social,false,
C,2026-02-20,email,true,50
`

// TestAttributeDB: attribute --db reads the touches table and gives what
// --touches gives on the same rows: first_touch by hand is email 1 (100),
// social 1 (50); with --lookback 30d C's social touch is dropped and
// email has both (2, 150). Every model's columns, time_decay's (weights
// computed in SQL, on dates) included, equal the file's at 1e-9. The meta
// names the source with its password masked.
func TestAttributeDB(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	pgtest.Exec(t, url, `CREATE SCHEMA marketing;
CREATE TABLE marketing.activities ("Lead ID" text, "Activity Date" date, "Channel" text, converted boolean, value numeric);
INSERT INTO marketing.activities VALUES
('A', '2026-01-01', 'email', false, NULL), ('A', '2026-01-03', 'search', true, 100),
('B', '2026-01-02', 'search', false, NULL), ('B', '2026-01-05', 'email', false, NULL),
('C', '2026-01-01', 'social', false, NULL), ('C', '2026-02-20', 'email', true, 50)`)
	file := filepath.Join(t.TempDir(), "touches.csv")
	if err := os.WriteFile(file, []byte(dbTouches), 0o644); err != nil {
		t.Fatal(err)
	}
	withPassword := strings.Replace(url, "user=postgres", "user=postgres&password=hunter2", 1)
	models := "first_touch,last_touch,linear_touch,position_based,time_decay,markov,shapley"
	for _, tc := range []struct {
		lookback          string
		email, emailValue float64 // first_touch
	}{{"", 1, 100}, {"30d", 2, 150}} {
		args := []string{"--models", models, "--db", withPassword, "--db-table", "touches=marketing.activities"}
		if tc.lookback != "" {
			args = append(args, "--lookback", tc.lookback)
		}
		out, stderr, code := runCommand(t, &globalOptions{Format: "json"}, newAttributeCmd, nil, args...)
		if code != ExitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		fromDB := credits(t, out)
		if got := fromDB["email"]["first_touch_conversions"]; got != tc.email || fromDB["email"]["first_touch_value"] != tc.emailValue {
			t.Errorf("lookback %q: email first_touch %v (%v); want %v (%v)", tc.lookback, got, fromDB["email"]["first_touch_value"], tc.email, tc.emailValue)
		}
		if strings.Contains(out+stderr, "hunter2") || !strings.Contains(out, `password=xxxxx`) {
			t.Errorf("the password is shown, or the source is not: %s", out)
		}
		args = []string{"--models", models, "--touches", file}
		if tc.lookback != "" {
			args = append(args, "--lookback", tc.lookback)
		}
		out, stderr, code = runCommand(t, &globalOptions{Format: "json"}, newAttributeCmd, nil, args...)
		if code != ExitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		fromFile := credits(t, out)
		for ch, cols := range fromFile {
			for col, want := range cols {
				if got := fromDB[ch][col]; math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
					t.Errorf("lookback %q: %s %s: %v from the database, %v from the file", tc.lookback, ch, col, got, want)
				}
			}
		}
	}
}

// TestAttributeDBMarkersEventLog: --models w_shaped on an event log in a
// database fails as on the file (an event log has no milestone touches),
// with the same message (the table's name before it) and exit code.
func TestAttributeDBMarkersEventLog(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	pgtest.Exec(t, url, `CREATE TABLE touches (lead_id text, occurred_at date, channel text, converted boolean, value numeric);
INSERT INTO touches VALUES ('A', '2026-01-01', 'email', false, NULL), ('A', '2026-01-03', 'search', true, 100)`)
	file := filepath.Join(t.TempDir(), "touches.csv")
	if err := os.WriteFile(file, []byte(dbTouches), 0o644); err != nil {
		t.Fatal(err)
	}
	_, fromDB, dbCode := runCommand(t, &globalOptions{}, newAttributeCmd, nil, "--models", "w_shaped", "--db", url, "--db-table", "touches=touches")
	_, fromFile, fileCode := runCommand(t, &globalOptions{}, newAttributeCmd, nil, "--models", "w_shaped", "--touches", file)
	if dbCode != fileCode || fileCode == ExitOK || fromDB != "error: touches: "+strings.TrimPrefix(fromFile, "error: ") || !strings.Contains(fromDB, "w_shaped needs") {
		t.Errorf("database: exit %d, %q; file: exit %d, %q", dbCode, fromDB, fileCode, fromFile)
	}
}

// credits reads the attribution table of attribute's JSON: channel ->
// column -> number.
func credits(t *testing.T, out string) map[string]map[string]float64 {
	t.Helper()
	var rep struct {
		Tables map[string][]map[string]any `json:"tables"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	res := map[string]map[string]float64{}
	for _, row := range rep.Tables["attribution"] {
		ch, _ := row["channel"].(string)
		res[ch] = map[string]float64{}
		for k, v := range row {
			if f, ok := v.(float64); ok {
				res[ch][k] = f
			}
		}
	}
	if len(res) == 0 {
		t.Fatalf("no attribution table:\n%s", out)
	}
	return res
}
