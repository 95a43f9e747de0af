// Package pgtest runs a throwaway PostgreSQL server for a test binary.
//
// The server is a cluster made by initdb in a temporary folder, listening
// on a Unix socket in that folder only (listen_addresses is empty: no TCP
// port, so packages tested in parallel never clash), with trust
// authentication for the local socket. It starts the first time a test asks
// for it (Start), or at once in the background when the whole test binary
// runs (Main), and is stopped, and its folder removed, when the test
// binary's TestMain calls Main's cleanup:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
//
// The server is tuned for throwaway data: no fsync (-F), no full-page
// writes, no synchronous commit, no autovacuum, minimal WAL and small
// shared buffers (serverSettings). A crash loses the cluster, which a test
// binary makes anew anyway.
//
// A fixture several tests read (a sample loaded into tables) is loaded
// once per test binary into a template database and copied for each test
// that asks for it (Fixture): CREATE DATABASE ... TEMPLATE copies the
// files, far cheaper than loading the rows again, and each test still has
// a database of its own to change.
//
// initdb refuses to run as root, so when the tests run as root the folder
// is given to the postgres user (which Debian's package creates) and the
// server's programs run as that user through runuser.
//
// The binaries are found on PATH, else in /usr/lib/postgresql/*/bin (the
// highest version). Without them a test that asks for the server is
// skipped with one line saying so, unless FUNNEL_REQUIRE_PG=1 (CI sets it),
// which makes that a failure.
//
// One server can serve every test binary of a run: `make test` runs `go
// test` under pgrun (internal/pgtest/pgrun), which starts a server as
// above, names it in FUNNEL_TEST_PG (the URL of its postgres database)
// and stops it when go test ends. A test binary that finds the variable
// uses that server instead of making its own (one initdb a run, not one a
// binary), names its databases with its process id so that binaries
// running at once never meet, drops its databases at the end and leaves
// the server running.
//
// A test's database is emptied when the test ends and given to the next
// test that asks for an empty one (release): far cheaper than making and
// dropping a database a test.
package pgtest

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// RequireEnv names the variable that makes missing PostgreSQL binaries a
// test failure instead of a skip.
const RequireEnv = "FUNNEL_REQUIRE_PG"

// ServerEnv names the variable holding the URL of a running server's
// postgres database that the test binaries use instead of starting their
// own (set by pgrun).
const ServerEnv = "FUNNEL_TEST_PG"

// Server is a running throwaway cluster.
type Server struct {
	Dir    string // the temporary folder: data/ (the cluster), the socket, server.log
	Socket string // the folder holding the server's Unix socket (Dir)
	Port   int    // names the socket file (.s.PGSQL.PORT); no TCP port is open
	User   string // the superuser the cluster was made with
	bin    string // folder of initdb, pg_ctl, postgres
	asUser string // "postgres" when the tests run as root, else ""
	// external: the server is another process's (ServerEnv): the binary
	// neither started it nor stops it.
	external bool

	mu       sync.Mutex
	dbs      int                 // databases made, for their names
	fixtures map[string]*fixture // template databases by key (Fixture)
	free     []string            // emptied databases for the next tests (release)
	v15Once  sync.Once
	v15      bool // PostgreSQL 15 or later (atLeast15)
}

// fixture is a template database loaded once (Fixture).
type fixture struct {
	once sync.Once
	name string // the template database, "" when loading failed
	err  string // why loading failed
}

// serverSettings are the postgres options of the test server (-c
// name=value): durability off, as the cluster is thrown away.
var serverSettings = []string{
	"full_page_writes=off", "synchronous_commit=off", "autovacuum=off",
	"wal_level=minimal", "max_wal_senders=0", "shared_buffers=32MB",
}

var (
	once     sync.Once
	shared   *Server
	startErr error
	missing  string // why there is no server: binaries not found
)

// Main runs the tests of m and stops the server if a test started it; its
// result is the exit code for os.Exit. When the whole binary runs (no
// -test.run, -test.list or -test.skip), it starts the server in the
// background at once, so that initdb and the server's start overlap the
// tests that run before the first asking for it.
func Main(m *testing.M) int {
	flag.Parse()
	eager := whole()
	if eager {
		go launch()
	}
	code := m.Run()
	if eager {
		launch() // wait for the start begun above, to stop what it started
	}
	if shared != nil {
		stop := shared.Stop
		if shared.external {
			stop = shared.dropDatabases
		}
		if err := stop(); err != nil {
			fmt.Fprintf(os.Stderr, "pgtest: %v\n", err)
			if code == 0 {
				code = 1
			}
		}
	}
	return code
}

// Start returns the test binary's server, starting it on the first call.
// Without PostgreSQL binaries it skips t (fails it with FUNNEL_REQUIRE_PG=1);
// a server that does not start fails t.
func Start(t testing.TB) *Server {
	t.Helper()
	launch()
	switch {
	case missing != "" && os.Getenv(RequireEnv) == "1":
		t.Fatalf("PostgreSQL is required (%s=1) but %s", RequireEnv, missing)
	case missing != "":
		t.Skipf("no PostgreSQL: %s (install Debian's postgresql package to run the database tests)", missing)
	case startErr != nil:
		t.Fatalf("PostgreSQL did not start: %v", startErr)
	}
	return shared
}

// Available starts the binary's server as Start does and returns "" when
// it runs, else why not (no PostgreSQL binaries, or the server did not
// start), for a test that runs its database parts only where it can.
func Available() string {
	launch()
	switch {
	case missing != "":
		return "no PostgreSQL: " + missing
	case startErr != nil:
		return fmt.Sprintf("PostgreSQL did not start: %v", startErr)
	}
	return ""
}

// launch starts the binary's server once; later calls wait for the first.
func launch() {
	once.Do(func() {
		if u := os.Getenv(ServerEnv); u != "" {
			shared, startErr = attach(u)
			return
		}
		bin, why := FindBinaries()
		if bin == "" {
			missing = why
			return
		}
		shared, startErr = start(bin)
	})
}

// whole reports whether the test binary runs all its tests: none of
// -test.run, -test.list and -test.skip given.
func whole() bool {
	for _, name := range []string{"test.run", "test.list", "test.skip"} {
		if f := flag.Lookup(name); f != nil && f.Value.String() != "" {
			return false
		}
	}
	return true
}

// FindBinaries returns the folder holding initdb, pg_ctl and postgres:
// initdb's folder on PATH, else the highest /usr/lib/postgresql/N/bin.
// Without them it returns "" and why.
func FindBinaries() (dir, why string) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		if hasBinaries(filepath.Dir(p)) {
			return filepath.Dir(p), ""
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(a, b int) bool { return version(dirs[a]) > version(dirs[b]) })
	for _, d := range dirs {
		if hasBinaries(d) {
			return d, ""
		}
	}
	return "", "initdb, pg_ctl and postgres are neither on PATH nor in /usr/lib/postgresql/*/bin"
}

func hasBinaries(dir string) bool {
	for _, name := range []string{"initdb", "pg_ctl", "postgres"} {
		if st, err := os.Stat(filepath.Join(dir, name)); err != nil || st.IsDir() {
			return false
		}
	}
	return true
}

// version is N of /usr/lib/postgresql/N/bin (0 when not a number).
func version(bin string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(bin)))
	return n
}

// StartServer makes and starts a server as a test binary does (for
// pgrun); without PostgreSQL binaries it returns nil and why.
func StartServer() (s *Server, why string, err error) {
	bin, why := FindBinaries()
	if bin == "" {
		return nil, why, nil
	}
	s, err = start(bin)
	return s, "", err
}

// attach returns the server of ServerEnv's URL u, checked to answer.
func attach(u string) (*Server, error) {
	p, err := url.Parse(u)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", ServerEnv, err)
	}
	q := p.Query()
	port, _ := strconv.Atoi(q.Get("port"))
	s := &Server{Socket: q.Get("host"), Port: port, User: q.Get("user"), external: true}
	if s.Socket == "" || port == 0 || s.User == "" {
		return nil, fmt.Errorf("%s=%q: want the URL pgrun sets (host, port and user)", ServerEnv, u)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, s.URL("postgres"))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", ServerEnv, err)
	}
	conn.Close(ctx)
	return s, nil
}

// start makes and starts a cluster with the binaries of bin.
func start(bin string) (*Server, error) {
	s := &Server{Port: 5432, User: "postgres", bin: bin}
	if os.Geteuid() == 0 {
		s.asUser = "postgres"
	}
	base := os.TempDir()
	if len(base) > 60 { // a socket path is at most 107 bytes
		base = "/tmp"
	}
	dir, err := os.MkdirTemp(base, "funnel-pg-")
	if err != nil {
		return nil, err
	}
	s.Dir, s.Socket = dir, dir
	if s.asUser != "" {
		u, err := user.Lookup(s.asUser)
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("running as root, the server needs the %s user: %v", s.asUser, err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	data := filepath.Join(dir, "data")
	if err := s.run("initdb", "-D", data, "-U", s.User, "-A", "trust", "-E", "UTF8", "--locale", "C", "--no-sync"); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	opts := fmt.Sprintf("-k %s -c listen_addresses= -p %d -F -c %s", dir, s.Port, strings.Join(serverSettings, " -c "))
	if err := s.run("pg_ctl", "-D", data, "-l", filepath.Join(dir, "server.log"), "-o", opts, "-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "server.log"))
		os.RemoveAll(dir)
		return nil, fmt.Errorf("%v\nserver.log:\n%s", err, log)
	}
	return s, nil
}

// run runs a server program of s.bin, as s.asUser when set.
func (s *Server) run(prog string, args ...string) error {
	name, argv := filepath.Join(s.bin, prog), args
	if s.asUser != "" {
		name, argv = "runuser", append([]string{"-u", s.asUser, "--", filepath.Join(s.bin, prog)}, args...)
	}
	cmd := exec.Command(name, argv...)
	cmd.Dir = s.Dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %v\n%s", prog, strings.Join(args, " "), err, out.Bytes())
	}
	return nil
}

// Stop stops the server (fast shutdown: open sessions are ended) and
// removes its folder.
func (s *Server) Stop() error {
	err := s.run("pg_ctl", "-D", filepath.Join(s.Dir, "data"), "-m", "fast", "-w", "-t", "60", "stop")
	if rmErr := os.RemoveAll(s.Dir); err == nil {
		err = rmErr
	}
	return err
}

// dropDatabases drops the template databases of this binary's fixtures
// and its emptied databases, on a server that goes on serving others
// (external).
func (s *Server) dropDatabases() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, s.URL("postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	names := slices.Clone(s.free)
	for _, fx := range s.fixtures {
		if fx.name != "" {
			names = append(names, fx.name)
		}
	}
	for _, name := range names {
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			return err
		}
	}
	return nil
}

// URL returns the connection URL of database db on the server's socket.
func (s *Server) URL(db string) string {
	q := url.Values{"host": {s.Socket}, "port": {strconv.Itoa(s.Port)}, "user": {s.User}, "sslmode": {"disable"}}
	return "postgres:///" + url.PathEscape(db) + "?" + q.Encode()
}

// NewDatabase returns the URL of an empty database for t (emptied for
// another test or dropped when t ends), so that tests sharing the server
// do not see each other's tables.
func NewDatabase(t testing.TB) string {
	t.Helper()
	return Start(t).create(t, "")
}

// Fixture returns the URL of a new database for t (released when t ends)
// holding what load put into the template database of key: load runs
// once per test binary, on the first call with key, on an empty database
// (its t is that first caller); every call gets a copy of its own. The
// same key must always come with the same load. A load that fails fails
// every test asking for key.
func Fixture(t testing.TB, key string, load func(t testing.TB, url string)) string {
	t.Helper()
	s := Start(t)
	s.mu.Lock()
	if s.fixtures == nil {
		s.fixtures = map[string]*fixture{}
	}
	fx := s.fixtures[key]
	if fx == nil {
		fx = &fixture{}
		s.fixtures[key] = fx
	}
	s.mu.Unlock()
	fx.once.Do(func() {
		fx.err = "loading it failed in another test"
		name := s.newName("fixture")
		s.admin(t, "CREATE DATABASE "+name+s.copyStrategy(t))
		load(t, s.URL(name))
		fx.name, fx.err = name, ""
	})
	if fx.name == "" {
		t.Fatalf("pgtest: fixture %s: %s", key, fx.err)
	}
	return s.create(t, fx.name)
}

// newName returns a database name not used before on s: prefix_PID_N,
// apart from the names of other binaries sharing the server.
func (s *Server) newName(prefix string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dbs++
	return fmt.Sprintf("%s_%d_%d", prefix, os.Getpid(), s.dbs)
}

// create returns the URL of a database for t, a copy of template when not
// "", else an empty one: made anew, or one an earlier test used and
// release emptied. When t ends the database is released.
func (s *Server) create(t testing.TB, template string) string {
	t.Helper()
	name := ""
	if template == "" {
		s.mu.Lock()
		if n := len(s.free); n > 0 {
			name, s.free = s.free[n-1], s.free[:n-1]
		}
		s.mu.Unlock()
	}
	if name == "" {
		name = s.newName("test")
		sql := "CREATE DATABASE " + name
		if template != "" {
			sql += " TEMPLATE " + template
		}
		s.admin(t, sql+s.copyStrategy(t))
	}
	t.Cleanup(func() { s.release(t, name) })
	return s.URL(name)
}

// release empties the database name for the next test that asks for an
// empty one (sessions ended, every schema dropped, public made as
// CREATE DATABASE makes it), or drops it where that fails or the server
// is older than PostgreSQL 15 (whose public schema is made otherwise).
// Emptying takes a few milliseconds; making a database takes 0.1-0.2 s of
// the server's time (two checkpoints and the template's files copied),
// and its first sessions build the catalog caches anew: make test makes
// about 55.
func (s *Server) release(t testing.TB, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if s.atLeast15(t) && s.empty(ctx, name) == nil {
		s.mu.Lock()
		s.free = append(s.free, name)
		s.mu.Unlock()
		return
	}
	if c, err := pgx.Connect(ctx, s.URL("postgres")); err == nil {
		c.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		c.Close(ctx)
	}
}

// emptySQL ends the database's other sessions, drops every schema but
// the system's (with what they hold) and makes public again as
// PostgreSQL 15's CREATE DATABASE does: owned by pg_database_owner,
// usable by everyone.
const emptySQL = `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid();
DO $$
DECLARE n name;
BEGIN
	FOR n IN SELECT nspname FROM pg_namespace WHERE nspname <> 'information_schema' AND nspname NOT LIKE 'pg\_%' LOOP
		EXECUTE format('DROP SCHEMA %I CASCADE', n);
	END LOOP;
END $$;
CREATE SCHEMA public AUTHORIZATION pg_database_owner;
GRANT USAGE ON SCHEMA public TO PUBLIC;
COMMENT ON SCHEMA public IS 'standard public schema'`

func (s *Server) empty(ctx context.Context, name string) error {
	conn, err := pgx.Connect(ctx, s.URL(name))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, emptySQL)
	return err
}

// copyStrategy returns the clause that makes CREATE DATABASE copy the
// template's files ("" before PostgreSQL 15, which knows no other way).
// PostgreSQL 15's default, WAL_LOG, copies the template block by block
// through the shared buffers and the WAL, which is meant for a large
// template on a busy server and takes twice as long here, with a small
// template, durability off and many databases made (one a test).
func (s *Server) copyStrategy(t testing.TB) string {
	if s.atLeast15(t) {
		return " STRATEGY FILE_COPY"
	}
	return ""
}

// atLeast15 reports whether the server is PostgreSQL 15 or later, asked
// once.
func (s *Server) atLeast15(t testing.TB) bool {
	s.v15Once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		conn, err := pgx.Connect(ctx, s.URL("postgres"))
		if err != nil {
			t.Fatalf("pgtest: %v", err)
		}
		defer conn.Close(ctx)
		var v int
		if err := conn.QueryRow(ctx, "SELECT current_setting('server_version_num')::int").Scan(&v); err != nil {
			t.Fatalf("pgtest: %v", err)
		}
		s.v15 = v >= 150000
	})
	return s.v15
}

// admin runs one statement on the server's postgres database, failing t
// on an error.
func (s *Server) admin(t testing.TB, sql string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, s.URL("postgres"))
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
}

// Query runs one query with args on the database at url and returns its
// rows, each one column of type T. A failure is reported with t.Errorf
// and gives nil, so that it may be called from any goroutine of a test
// (a watcher waiting for a query to start), where t.Fatal may not.
func Query[T any](t testing.TB, url, sql string, args ...any) []T {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Errorf("pgtest: %v", err)
		return nil
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, sql, args...)
	if err != nil {
		t.Errorf("pgtest: %v\n%s", err, sql)
		return nil
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[T])
	if err != nil {
		t.Errorf("pgtest: %v\n%s", err, sql)
		return nil
	}
	return out
}

// Exec runs SQL statements (separated by semicolons, no parameters) on the
// database at url, failing t on an error: a test's fixture.
func Exec(t testing.TB, url, sql string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("pgtest: %v\n%s", err, sql)
	}
}

// LoadCSV creates table (schema.table or table; the schema is created
// when missing) in the database at url with the columns of the CSV file
// at path, typed by types (column -> SQL type; text when not named), and
// copies the file's rows into it in their order, a blank cell as NULL.
func LoadCSV(t testing.TB, url, table, path string, types map[string]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("pgtest: %s: %v", path, err)
	}
	parts := strings.SplitN(table, ".", 2)
	var casts []string
	for _, h := range rows[0] {
		typ := types[h]
		if typ == "" {
			typ = "text"
		}
		q := pgx.Identifier{h}.Sanitize()
		casts = append(casts, "CAST("+q+" AS "+typ+") AS "+q)
	}
	name, stage := pgx.Identifier(parts).Sanitize(), pgx.Identifier{"load_" + strings.Join(parts, "_")}.Sanitize()
	ddl := ""
	if len(parts) == 2 {
		ddl = "CREATE SCHEMA IF NOT EXISTS " + pgx.Identifier{parts[0]}.Sanitize() + ";\n"
	}
	ddl += "CREATE TABLE " + stage + " (" + strings.Join(append(textCols(rows[0]), `"pgtest: row" bigint`), ", ") + ")"
	Exec(t, url, ddl)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	src := make([][]any, len(rows)-1)
	for i, r := range rows[1:] {
		src[i] = make([]any, len(r)+1)
		for j, v := range r {
			if v != "" {
				src[i][j] = v
			}
		}
		src[i][len(r)] = int64(i)
	}
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{"load_" + strings.Join(parts, "_")}, append(slices.Clone(rows[0]), "pgtest: row"), pgx.CopyFromRows(src)); err != nil {
		t.Fatalf("pgtest: copying %s: %v", path, err)
	}
	// The typed table made by CREATE TABLE AS from the staging table in
	// the file's order (its row numbers), so that the typed table's
	// physical order (ctid) is the file's: CREATE TABLE AS fills pages one
	// after another, where COPY or INSERT into an existing table may put a
	// row into the free space an earlier page has left (the free space
	// map), out of the order the rows came in.
	if _, err := conn.Exec(ctx, "CREATE TABLE "+name+" AS SELECT "+strings.Join(casts, ", ")+" FROM "+stage+` ORDER BY "pgtest: row"; DROP TABLE `+stage); err != nil {
		t.Fatalf("pgtest: loading %s: %v", path, err)
	}
}

func textCols(header []string) []string {
	out := make([]string, len(header))
	for i, h := range header {
		out[i] = pgx.Identifier{h}.Sanitize() + " text"
	}
	return out
}
