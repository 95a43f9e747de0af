package pgtest

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

// TestServer: the server answers on its socket only, databases are apart,
// and Exec runs several statements.
func TestServer(t *testing.T) {
	s := Start(t)
	if _, err := os.Stat(s.Socket + "/.s.PGSQL.5432"); err != nil {
		t.Fatalf("no socket in the server's folder: %v", err)
	}
	a, b := NewDatabase(t), NewDatabase(t)
	Exec(t, a, "CREATE TABLE x (n int); INSERT INTO x VALUES (1), (2), (40)")
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var sum int
	var listen string
	if err := conn.QueryRow(ctx, "SELECT sum(n), current_setting('listen_addresses') FROM x").Scan(&sum, &listen); err != nil {
		t.Fatal(err)
	}
	if sum != 43 || listen != "" {
		t.Errorf("sum %d, listen_addresses %q; want 43 and none", sum, listen)
	}
	cb, err := pgx.Connect(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	defer cb.Close(ctx)
	if _, err := cb.Exec(ctx, "SELECT * FROM x"); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("the second database sees the first's table: %v", err)
	}
}

// TestFindBinaries: on this machine's layout the folder found holds the
// three programs.
func TestFindBinaries(t *testing.T) {
	dir, why := FindBinaries()
	if dir == "" {
		t.Skipf("no PostgreSQL: %s", why)
	}
	if !hasBinaries(dir) {
		t.Errorf("%s lacks initdb, pg_ctl or postgres", dir)
	}
}

// TestFixture: the load of a key runs once; each call gets a copy of its
// rows that it can change without the others (or the template) seeing
// it; the server runs with the test settings.
func TestFixture(t *testing.T) {
	loads := 0
	load := func(t testing.TB, url string) {
		loads++
		Exec(t, url, "CREATE TABLE x (n int); INSERT INTO x VALUES (1), (2), (40)")
	}
	a, b := Fixture(t, "x", load), Fixture(t, "x", load)
	if loads != 1 || a == b {
		t.Fatalf("%d loads, urls %q and %q; want 1 load and two databases", loads, a, b)
	}
	Exec(t, a, "DELETE FROM x WHERE n = 40")
	ctx := context.Background()
	for _, tc := range []struct {
		url  string
		want int
	}{{a, 3}, {b, 43}, {Fixture(t, "x", load), 43}} {
		conn, err := pgx.Connect(ctx, tc.url)
		if err != nil {
			t.Fatal(err)
		}
		var sum int
		var fsync, commit string
		err = conn.QueryRow(ctx, "SELECT sum(n), current_setting('fsync'), current_setting('synchronous_commit') FROM x").Scan(&sum, &fsync, &commit)
		conn.Close(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if sum != tc.want || fsync != "off" || commit != "off" {
			t.Errorf("sum %d, fsync %s, synchronous_commit %s; want %d, off, off", sum, fsync, commit, tc.want)
		}
	}
}

// TestAttach: a server named by FUNNEL_TEST_PG is used as it is; a URL
// that names no running server, or lacks its socket, port or user, is an
// error naming the variable.
func TestAttach(t *testing.T) {
	s := Start(t)
	got, err := attach(s.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	if !got.external || got.Socket != s.Socket || got.Port != s.Port || got.User != s.User {
		t.Errorf("attached %+v; want the server at %s:%d as %s, external", got, s.Socket, s.Port, s.User)
	}
	for _, u := range []string{
		"postgres:///postgres?host=" + t.TempDir() + "&port=5432&user=postgres",
		"postgres:///postgres?port=5432&user=postgres",
	} {
		if _, err := attach(u); err == nil || !strings.Contains(err.Error(), ServerEnv) {
			t.Errorf("attach(%q) = %v; want an error naming %s", u, err, ServerEnv)
		}
	}
}

// TestDatabaseReused: a database a test leaves is emptied and given to the
// next test that asks for an empty one, and then holds what a new
// database holds: the same schemas with the same owners and privileges,
// no tables, views or types of the test's, and no session of it.
func TestDatabaseReused(t *testing.T) {
	var used string
	t.Run("first", func(t *testing.T) {
		used = NewDatabase(t)
		Exec(t, used, `CREATE SCHEMA crm; CREATE TYPE crm.tier AS ENUM ('a', 'b');
CREATE TABLE crm.leads (id int, tier crm.tier); CREATE VIEW crm.v AS SELECT id FROM crm.leads;
CREATE TABLE public.t (n int); CREATE SEQUENCE public.s; REVOKE USAGE ON SCHEMA public FROM PUBLIC;
CREATE SCHEMA "odd ""name"""; CREATE TABLE "odd ""name""".x (n int)`)
	})
	s := Start(t)
	if !s.atLeast15(t) {
		t.Skip("before PostgreSQL 15 a database is dropped, not reused")
	}
	again := NewDatabase(t)
	if again != used {
		t.Fatalf("the next database is %s; want the one the first test left, %s", again, used)
	}
	fresh := s.newName("fresh")
	s.admin(t, "CREATE DATABASE "+fresh)
	defer s.admin(t, "DROP DATABASE "+fresh)
	const contents = `SELECT string_agg(format('%s owner %s acl %s', n.nspname, pg_get_userbyid(n.nspowner), n.nspacl), '; ' ORDER BY n.nspname)
	|| format(' | %s relations, %s types, %s sessions', (SELECT count(*) FROM pg_class c JOIN pg_namespace cn ON cn.oid = c.relnamespace WHERE cn.nspname NOT LIKE 'pg\_%' AND cn.nspname <> 'information_schema'),
		(SELECT count(*) FROM pg_type ty JOIN pg_namespace tn ON tn.oid = ty.typnamespace WHERE tn.nspname NOT LIKE 'pg\_%' AND tn.nspname <> 'information_schema'),
		(SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()))
	FROM pg_namespace n`
	ctx := context.Background()
	read := func(url string) string {
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		var got string
		if err := conn.QueryRow(ctx, contents).Scan(&got); err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got, want := read(again), read(s.URL(fresh)); got != want {
		t.Errorf("the reused database holds\n%s\nwant what a new one holds\n%s", got, want)
	}
}
