package warehouse

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/funnel-analytics/funnel/internal/pgtest"
)

// sleepSQL is the query the run-control tests stop: 30 s on the server.
const sleepSQL = "SELECT pg_sleep(30)"

// runSleep runs sleepSQL on db under ctx and returns its error and how
// long it took.
func runSleep(ctx context.Context, db *DB) (error, time.Duration) {
	start := time.Now()
	rows, err := db.query(ctx, "the test", "the sleep query of the test", sleepSQL)
	if err == nil {
		for rows.Next() {
		}
		rows.Close()
		if err = rows.Err(); err != nil {
			err = db.failed(ctx, "the test", "the sleep query of the test", err)
		}
	}
	return err, time.Since(start)
}

// sleeping returns the pids of the sessions running sleepSQL on the
// database of url (not on another test's), read from another connection.
func sleeping(t *testing.T, url string) []int32 {
	t.Helper()
	return pgtest.Query[int32](t, url, "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = $1 AND state = 'active' AND pid <> pg_backend_pid()", sleepSQL)
}

// noneLeft fails t when a session still runs sleepSQL a second after the
// run returned (a cancel request is answered at once; the second is for
// a loaded machine).
func noneLeft(t *testing.T, url string) {
	t.Helper()
	for i := 0; i < 20; i++ {
		if len(sleeping(t, url)) == 0 {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Errorf("the query is still running on the server: sessions %v", sleeping(t, url))
}

// runControlDB opens a database of the test server with a password in
// its URL (the trust authentication ignores it), under rc.
func runControlDB(t *testing.T, rc RunControl) (*DB, string) {
	url := pgtest.NewDatabase(t)
	db, err := Open(context.Background(), url+"&password=hunter2", rc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	return db, url
}

// checkLine: the error is one line naming the database with the password
// masked, and the query's purpose.
func checkLine(t *testing.T, err error) {
	t.Helper()
	msg := err.Error()
	if strings.Contains(msg, "\n") || strings.Contains(msg, "hunter2") || !strings.Contains(msg, "password=xxxxx") ||
		!strings.Contains(msg, "the sleep query of the test") || !strings.HasPrefix(msg, "--db postgres://") {
		t.Errorf("error %q: want one line naming the database (password masked) and the query", msg)
	}
}

// TestStatementTimeout: a pg_sleep(30) under a 200 ms timeout fails with
// the timeout error, well before the sleep ends and with nothing left
// running on the server: by the server's statement_timeout (a context
// without a deadline), and by the run's deadline (RunControl.Context,
// a session without a statement timeout).
func TestStatementTimeout(t *testing.T) {
	t.Parallel()
	rc := RunControl{Timeout: 200 * time.Millisecond}
	t.Run("statement_timeout", func(t *testing.T) {
		t.Parallel()
		db, url := runControlDB(t, rc)
		err, took := runSleep(context.Background(), db)
		if !errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), "ran past --db-timeout 200ms and was cancelled on the server") {
			t.Fatalf("error %v, want the timeout", err)
		}
		checkLine(t, err)
		t.Logf("%v after %v", err, took)
		if took > 10*time.Second {
			t.Errorf("the timeout took %v", took)
		}
		noneLeft(t, url)
	})
	t.Run("deadline", func(t *testing.T) {
		t.Parallel()
		db, url := runControlDB(t, RunControl{})
		ctx, cancel := rc.Context(context.Background())
		defer cancel()
		err, took := runSleep(ctx, db)
		if !errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), "ran past --db-timeout 200ms and was cancelled on the server") {
			t.Fatalf("error %v, want the timeout", err)
		}
		checkLine(t, err)
		t.Logf("%v after %v", err, took)
		if took > 10*time.Second {
			t.Errorf("the deadline took %v", took)
		}
		noneLeft(t, url)
	})
}

// TestCancelQuery: cancelling the run's context mid pg_sleep(30) (as an
// interrupt does, with the signal as its cause) returns promptly with
// the cause, and the query is cancelled on the server.
func TestCancelQuery(t *testing.T) {
	t.Parallel()
	db, url := runControlDB(t, RunControl{Timeout: time.Minute})
	interrupted := errors.New("interrupted (SIGINT)")
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	time.AfterFunc(300*time.Millisecond, func() { cancel(interrupted) })
	err, took := runSleep(ctx, db)
	if !errors.Is(err, interrupted) || !strings.Contains(err.Error(), "the sleep query of the test was cancelled on the server: interrupted (SIGINT)") {
		t.Fatalf("error %v, want the interrupt", err)
	}
	checkLine(t, err)
	t.Logf("%v after %v", err, took)
	if took > 10*time.Second {
		t.Errorf("the cancel took %v", took)
	}
	noneLeft(t, url)
}

// TestConnectionLost: pg_terminate_backend of the session mid pg_sleep
// gives the lost-connection error.
func TestConnectionLost(t *testing.T) {
	t.Parallel()
	db, url := runControlDB(t, RunControl{Timeout: time.Minute})
	done := make(chan struct{}, 1)
	go func() {
		defer func() { done <- struct{}{} }()
		for i := 0; i < 200; i++ {
			if pids := sleeping(t, url); len(pids) > 0 {
				pgtest.Exec(t, url, "SELECT pg_terminate_backend("+strconv.Itoa(int(pids[0]))+")")
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	err, took := runSleep(context.Background(), db)
	<-done
	if !errors.Is(err, ErrConnectionLost) || !strings.Contains(err.Error(), "the connection was lost during the sleep query of the test") {
		t.Fatalf("error %v, want the lost connection", err)
	}
	checkLine(t, err)
	t.Logf("%v after %v", err, took)
	if took > 20*time.Second {
		t.Errorf("the lost connection took %v", took)
	}
}

// TestStoppedUnconfirmed: a query whose run was cancelled is said to be
// cancelled on the server only when the server answered the cancel
// request (57014); when the connection was cut first, the error says the
// query may still run there, with the cause (the signal, the timeout).
func TestStoppedUnconfirmed(t *testing.T) {
	t.Parallel()
	db, _ := runControlDB(t, RunControl{Timeout: time.Minute})
	interrupted := errors.New("interrupted by SIGTERM")
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(interrupted)
	deadline, stop := RunControl{Timeout: time.Nanosecond}.Context(context.Background())
	defer stop()
	<-deadline.Done()
	where := "--db " + Redact(db.url) + ": the path table query of slow "
	for _, tc := range []struct {
		ctx  context.Context
		err  error
		want string
	}{
		{ctx, &pgconn.PgError{Code: "57014", Message: "canceling statement due to user request"}, where + "was cancelled on the server: interrupted by SIGTERM"},
		{ctx, context.Canceled, where + "was stopped (interrupted by SIGTERM), but the server did not confirm the cancel within 4s: the query may still be running there"},
		{deadline, context.DeadlineExceeded, where + "was stopped (ran past --db-timeout 1ns), but the server did not confirm the cancel within 4s: the query may still be running there"},
	} {
		err := db.stopped(tc.ctx, "the path table query of slow", tc.err)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%v: %v\nwant %s", tc.err, err, tc.want)
		}
	}
}
