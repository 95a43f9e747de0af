package warehouse

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
)

// DefaultTimeout is --db-timeout's default.
const DefaultTimeout = 10 * time.Minute

// Run-control errors (doc.go): check them with errors.Is. An interrupted
// run wraps the cause its context was cancelled with (the signal), not
// one of these.
var (
	// ErrTimeout: a statement, or the run, went past the timeout.
	ErrTimeout = errors.New("ran past --db-timeout")
	// ErrConnectionLost: the connection ended while a query ran (the
	// server was stopped, the session terminated, the network broke).
	ErrConnectionLost = errors.New("the connection was lost")
)

// cancelGrace is how long a cancelled query waits for the server to
// acknowledge the cancel request before the connection is cut. The cancel
// request is a connection of its own, which a loaded server may take
// seconds to accept; cut off, it is lost and the query runs on. It stays
// under the command's wait for a run on a database after a signal
// (cmd/funnel's signalGrace, 5 s).
const cancelGrace = 4 * time.Second

// RunControl bounds a run on the database.
type RunControl struct {
	// Timeout is each statement's timeout on the server (the session's
	// statement_timeout) and the deadline of the whole run (Context); 0
	// is none.
	Timeout time.Duration
}

// timeoutCause is the cause of a context that reached the deadline of
// RunControl.Context.
type timeoutCause struct{ d time.Duration }

func (c timeoutCause) Error() string { return "--db-timeout " + c.d.String() }

func (c timeoutCause) Unwrap() error { return context.DeadlineExceeded }

// Context returns ctx bounded by the timeout (none when it is 0), for
// every call of the run: connecting, the catalog and the queries.
func (rc RunControl) Context(ctx context.Context) (context.Context, context.CancelFunc) {
	if rc.Timeout <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeoutCause(ctx, rc.Timeout, timeoutCause{rc.Timeout})
}

// Open opens the database at url as Connect does, under rc: the
// session's statement_timeout is rc.Timeout, and a query whose context
// is cancelled (an interrupt, the deadline) is cancelled on the server
// (a cancel request, the connection cut if the server does not answer
// within cancelGrace), so that no query is left running there.
func Open(ctx context.Context, url string, rc RunControl) (*DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("--db %s: %w: %s", Redact(url), ErrDatabase, scrub(err.Error(), url))
	}
	if rc.Timeout > 0 {
		cfg.RuntimeParams["statement_timeout"] = strconv.FormatInt(max(rc.Timeout.Milliseconds(), 1), 10)
	}
	cfg.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: c, DeadlineDelay: cancelGrace}
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		db := &DB{url: url, rc: rc}
		if ctx.Err() != nil {
			return nil, db.stopped(ctx, "connecting", err)
		}
		return nil, fmt.Errorf("--db %s: %w: %s", Redact(url), ErrDatabase, scrub(err.Error(), url))
	}
	return &DB{Dialect: Postgres{}, conn: conn, url: url, rc: rc}, nil
}

// failed wraps the error of a query run for purpose ("the path table
// query of crm.touch"), what naming the table for other errors: a query
// stopped by the run's context (an interrupt: its cause; the deadline),
// by the statement timeout, or by a lost connection is one line naming
// the database (password masked) and the purpose; other errors are
// fail's.
func (db *DB) failed(ctx context.Context, what, purpose string, err error) error {
	if e := db.stopped(ctx, purpose, err); e != nil {
		return e
	}
	return db.fail(what, err)
}

// stopped is failed's run-control error, nil when err is another one.
func (db *DB) stopped(ctx context.Context, purpose string, err error) error {
	where := "--db " + Redact(db.url)
	var pgErr *pgconn.PgError
	isPg := errors.As(err, &pgErr)
	switch {
	case ctx != nil && ctx.Err() != nil:
		cause := context.Cause(ctx)
		var tc timeoutCause
		if db.conn != nil && !(isPg && pgErr.Code == "57014") && !pgconn.SafeToRetry(err) {
			// The query was sent and the connection cut after cancelGrace
			// without the server's answer to the cancel request (57014):
			// it may still run there.
			stop := fmt.Errorf("%w", cause)
			if errors.As(cause, &tc) {
				stop = fmt.Errorf("%w %s", ErrTimeout, tc.d)
			}
			return fmt.Errorf("%s: %s was stopped (%w), but the server did not confirm the cancel within %s: the query may still be running there", where, purpose, stop, cancelGrace)
		}
		if errors.As(cause, &tc) {
			return fmt.Errorf("%s: %s %w %s and was cancelled on the server", where, purpose, ErrTimeout, tc.d)
		}
		return fmt.Errorf("%s: %s was cancelled on the server: %w", where, purpose, cause)
	case isPg && pgErr.Code == "57014" && strings.Contains(pgErr.Message, "statement timeout"):
		return fmt.Errorf("%s: %s %w %s and was cancelled on the server", where, purpose, ErrTimeout, db.rc.Timeout)
	case isPg && strings.HasPrefix(pgErr.Code, "57P"), // admin or crash shutdown, cannot connect now
		!isPg && (errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || isNetError(err) || (db.conn != nil && db.conn.IsClosed())):
		return fmt.Errorf("%s: %w during %s: %s", where, ErrConnectionLost, purpose, scrub(oneLine(err.Error()), db.url))
	}
	return nil
}

func isNetError(err error) bool {
	var ne net.Error
	return errors.As(err, &ne)
}

// oneLine joins the lines of a driver's message.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// query runs sql with args for purpose (see failed).
func (db *DB) query(ctx context.Context, what, purpose, sql string, args ...any) (pgx.Rows, error) {
	rows, err := db.conn.Query(ctx, sql, args...)
	if err != nil {
		return nil, db.failed(ctx, what, purpose, err)
	}
	return rows, nil
}
