package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestVelocityConfigTimezone: the config file's timezone must reach the
// bucketing into periods, not only the reading of timestamps. An entry at
// 2024-02-01 03:00 UTC is 2024-01-31 22:00 in New York, so it belongs to
// January there and to February in UTC.
func TestVelocityConfigTimezone(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	stages := filepath.Join(dir, "stages.csv")
	write := func(path, body string) {
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(stages, "entity_id,stage,entered_at\nE1,mql,2024-01-20T15:00:00Z\nE1,sql,2024-02-01T03:00:00Z\n")
	for _, tc := range []struct {
		name, config, period string
	}{
		{"config timezone", "timezone: America/New_York\n", "2024-01"},
		{"no timezone", "max_errors: 0\n", "2024-02"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := filepath.Join(dir, "funnel.yaml")
			write(cfg, tc.config)
			out, stderr, code := run(t, "", "velocity", "--config", cfg, "--stages", stages, "--stage-order", "mql,sql", "--format", "csv")
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			// 11.5 days from 2024-01-20 15:00 to 2024-02-01 03:00 UTC, in
			// the period of the later entry.
			var got []string
			for _, line := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
				if !strings.Contains(line, ",mql,sql,0,") { // periods without transitions
					got = append(got, line)
				}
			}
			if len(got) != 1 || !strings.HasPrefix(got[0], tc.period+",mql,sql,1,11.5,") {
				t.Errorf("velocity:\n%s\nwant the one transition (11.5 days) in %s", out, tc.period)
			}
		})
	}
}
