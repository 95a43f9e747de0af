package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	t.Parallel()
	cfg, err := Parse([]byte(`
data: exports
inputs:
  touches: crm/activities.csv.gz
columns:
  touches.occurred_at: Activity Date
  lead_id: Record ID
na_values: [Select, "N/A", "-"]
date_order: dmy
max_errors: 3
`))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Data != "exports" || cfg.Inputs["touches"] != "crm/activities.csv.gz" ||
		cfg.Columns["touches.occurred_at"] != "Activity Date" || cfg.Columns["lead_id"] != "Record ID" ||
		strings.Join(cfg.NAValues, "|") != "Select|N/A|-" || cfg.DateOrder != "dmy" || cfg.MaxErrors != 3 {
		t.Fatalf("parsed %+v", cfg)
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ doc, want string }{
		{"dat: x\n", `unknown key "dat" line 1 (did you mean "data"?)`},
		{"data: x\nvelocity:\n  period: month\n  alert_slowr: 25%\n", `unknown key "alert_slowr" under velocity line 4 (did you mean "alert_slower"?)`},
		{"report:\n  top_lead: 5\n", `unknown key "top_lead" under report line 2 (did you mean "top_leads"?)`},
		{"colour: red\n", `unknown key "colour" line 1`},
		{"inputs:\n  lead: a.csv\n", `inputs: unknown input "lead"`},
		{"columns:\n  touch.occurred_at: Date\n", `columns: "touch.occurred_at": unknown input "touch"`},
		{"columns:\n  lead_id: ''\n", `want role: Header`},
		{"date_order: ymd\n", `date_order: "ymd": want mdy or dmy`},
		{"max_errors: -1\n", "must not be negative"},
		{"max_errors: many\n", "cannot unmarshal"},
		{"delimiter: ';;'\n", "single character"},
		{"inputs: [a, b]\n", "cannot unmarshal"},
	} {
		_, err := Parse([]byte(tc.doc))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) = %v, want error containing %q", tc.doc, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("Parse(%q): error spans lines: %q", tc.doc, err)
		}
	}
}

func TestLoadResolve(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "funnel.yaml")
	if err := os.WriteFile(p, []byte("data: exports\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := cfg.Resolve(cfg.Data), filepath.Join(dir, "exports"); got != want {
		t.Errorf("Resolve = %q, want %q", got, want)
	}
	if got := cfg.Resolve("/abs/x.csv"); got != "/abs/x.csv" {
		t.Errorf("Resolve(abs) = %q", got)
	}
	// A misspelt key names the file and line, and the key meant.
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("data: exports\nvelocty:\n  period: month\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	want := `unknown key "velocty" in ` + bad + ` line 2 (did you mean "velocity"?)`
	var unknown *UnknownKeyError
	if _, err := Load(bad); err == nil || err.Error() != want || !errors.As(err, &unknown) || unknown.Line != 2 {
		t.Errorf("Load(misspelt key) = %v, want %s", err, want)
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("Load(missing) = %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("data: x\ninputs:\n  leads: a.csv\n"))
	f.Add([]byte("columns: {a.b: c}\n"))
	f.Add([]byte("na_values: [1, 2]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse(data)
		if err == nil && cfg == nil {
			t.Fatal("nil config without error")
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Fatalf("multi-line error %q", err)
		}
	})
}

func TestREADMEExampleParses(t *testing.T) {
	t.Parallel()
	// The README's config example is what users copy: every yaml block of
	// it parses, and the full example's values arrive where they belong.
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(string(b), "```yaml\n")[1:]
	if len(blocks) == 0 {
		t.Fatal("no yaml block in README.md")
	}
	var full *Config
	for _, blk := range blocks {
		text := blk[:strings.Index(blk, "```")]
		cfg, err := Parse([]byte(text))
		if err != nil {
			t.Fatalf("README yaml block does not parse: %v\n%s", err, text)
		}
		if cfg.Report.Output != "" && cfg.Timezone != "" {
			full = cfg
		}
	}
	if full == nil {
		t.Fatal("no README block with report.output and timezone")
	}
	if full.Report.Output != "reports/funnel-{month}.xlsx" || full.Report.TopLeads != 25 || full.Timezone != "America/New_York" || full.Velocity.AlertSlower != "25%" {
		t.Errorf("README example parsed as %+v", full)
	}
}
