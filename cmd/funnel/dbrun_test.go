package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/internal/pgtest"
)

// slowTouches makes a touches view whose every read sleeps 30 s on the
// server (pg_sleep), for the run-control tests.
const slowTouches = `CREATE TABLE touch (lead_id text, occurred_at timestamptz, channel text, converted boolean, value double precision);
INSERT INTO touch VALUES ('A', '2026-01-01', 'email', true, 10);
CREATE VIEW slow AS SELECT touch.* FROM touch, (SELECT pg_sleep(30)) AS s`

// sleepingSessions returns the pids of the sessions running a query that
// sleeps on the database at url (not on another test's), read from
// another connection.
func sleepingSessions(t *testing.T, url string) []int32 {
	t.Helper()
	return pgtest.Query[int32](t, url, "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%slow%' AND state = 'active' AND pid <> pg_backend_pid()")
}

// TestDBRunControl: attribute --db on a table whose read sleeps 30 s.
// --db-timeout 3s (the whole run's deadline too: room for connecting and
// the catalog on a loaded machine) fails with the timeout (exit 1); a signal's
// cancelling the run exits 130 (SIGINT) or 143 (SIGTERM); the session
// terminated mid-query is the lost connection (exit 1). Each is one line
// naming the database (password masked) and the query, none writes its
// output file, and each returns well before the sleep ends with no query
// left running on the server. Each case is a parallel subtest on a
// database of its own.
func TestDBRunControl(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		timeout string
		signal  *signalError // the cause the run's context is cancelled with once the query sleeps
		kill    bool         // terminate the session mid-query
		code    ExitCode
		want    string
	}{
		{name: "timeout", timeout: "3s", code: ExitFailure, want: "the path table query of slow ran past --db-timeout 3s and was cancelled on the server"},
		{name: "SIGINT", signal: &signalError{"SIGINT", ExitInterrupted}, code: ExitInterrupted, want: "the path table query of slow was cancelled on the server: interrupted by SIGINT"},
		{name: "SIGTERM", signal: &signalError{"SIGTERM", ExitTerminated}, code: ExitTerminated, want: "the path table query of slow was cancelled on the server: interrupted by SIGTERM"},
		{name: "lost", kill: true, code: ExitFailure, want: "the connection was lost during the path table query of slow: FATAL: terminating connection due to administrator command (SQLSTATE 57P01)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			url := pgtest.NewDatabase(t)
			pgtest.Exec(t, url, slowTouches)
			withPassword := strings.Replace(url, "user=postgres", "user=postgres&password=hunter2", 1)
			out := filepath.Join(t.TempDir(), "credits.json")
			args := []string{"attribute", "--models", "first_touch", "--db", withPassword, "--db-table", "touches=slow", "-o", out}
			if tc.timeout != "" {
				args = append(args, "--db-timeout", tc.timeout)
			}
			ctx, cancel := context.WithCancelCause(context.Background())
			defer cancel(nil)
			// The signal and the kill come once the path query sleeps on
			// the server, not after a fixed time a loaded machine may
			// spend connecting and reading the catalog.
			stopped := make(chan struct{}, 1)
			if tc.signal != nil || tc.kill {
				go func() {
					defer func() { stopped <- struct{}{} }()
					for i := 0; i < 500; i++ {
						if pids := sleepingSessions(t, url); len(pids) > 0 {
							if tc.kill {
								pgtest.Exec(t, url, "SELECT pg_terminate_backend("+strconv.Itoa(int(pids[0]))+")")
							} else {
								cancel(*tc.signal)
							}
							return
						}
						time.Sleep(20 * time.Millisecond)
					}
				}()
			}
			var stdout, stderr bytes.Buffer
			start := time.Now()
			code := MainContext(ctx, &IOStreams{In: strings.NewReader(""), Out: &stdout, ErrOut: &stderr}, args)
			took := time.Since(start)
			if tc.signal != nil || tc.kill {
				<-stopped
			}
			msg := stderr.String()
			if code != tc.code || !strings.HasPrefix(msg, "error: --db postgres://") || !strings.Contains(msg, tc.want) ||
				strings.Count(msg, "\n") != 1 || strings.Contains(msg, "hunter2") || !strings.Contains(msg, "password=xxxxx") {
				t.Errorf("exit %d, stderr %q; want %d and one line with %q", code, msg, tc.code, tc.want)
			}
			if stdout.Len() > 0 {
				t.Errorf("output %q", stdout.String())
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("the output file is written (%v)", err)
			}
			if took > 15*time.Second {
				t.Errorf("the run took %v, the sleep is 30 s", took)
			}
			for i := 0; i < 40 && len(sleepingSessions(t, url)) > 0; i++ {
				time.Sleep(50 * time.Millisecond)
			}
			if pids := sleepingSessions(t, url); len(pids) > 0 {
				t.Errorf("the query is still running on the server: sessions %v", pids)
			}
		})
	}
}

// TestDBSignal: a real SIGINT (then SIGTERM) to funnel (the test binary
// run as funnel) mid attribute --db on the sleeping table: main's
// handler cancels the run's context, the query is cancelled on the
// server, and the process exits 130 (143) with the one-line error, well
// before the sleep ends, with nothing left running.
func TestDBSignal(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	pgtest.Exec(t, url, slowTouches)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		sig  syscall.Signal
		code int
		want string
	}{{syscall.SIGINT, 130, "interrupted by SIGINT"}, {syscall.SIGTERM, 143, "interrupted by SIGTERM"}} {
		cmd := exec.Command(exe, "attribute", "--models", "first_touch", "--db", url, "--db-table", "touches=slow")
		cmd.Env = append(os.Environ(), testMainEnv+"=1", "FUNNEL_CONFIG=")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		start := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 500 && len(sleepingSessions(t, url)) == 0; i++ { // the query runs
			time.Sleep(20 * time.Millisecond)
		}
		cmd.Process.Signal(tc.sig)
		err := cmd.Wait()
		took := time.Since(start)
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != tc.code {
			t.Errorf("%v: %v, want exit %d", tc.sig, err, tc.code)
		}
		msg := stderr.String()
		if !strings.Contains(msg, "the path table query of slow was cancelled on the server: "+tc.want) || strings.Count(msg, "\n") != 1 || stdout.Len() > 0 {
			t.Errorf("%v: stdout %q, stderr %q", tc.sig, stdout.String(), msg)
		}
		if took > 15*time.Second {
			t.Errorf("%v: the run took %v, the sleep is 30 s", tc.sig, took)
		}
		for i := 0; i < 40 && len(sleepingSessions(t, url)) > 0; i++ {
			time.Sleep(50 * time.Millisecond)
		}
		if pids := sleepingSessions(t, url); len(pids) > 0 {
			t.Errorf("%v: the query is still running on the server: sessions %v", tc.sig, pids)
		}
	}
}
