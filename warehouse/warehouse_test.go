package warehouse

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/internal/pgtest"
)

// TestRedact: passwords are masked in URLs (user information and a
// password parameter) and in key=value strings (bare and quoted); the
// rest stays.
func TestRedact(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"postgres://ana:s3cr%40t@db.example:5432/crm?sslmode=require", "postgres://ana:xxxxx@db.example:5432/crm?sslmode=require"},
		{"postgresql://ana@db.example/crm?password=hunter2&sslmode=disable", "postgresql://ana@db.example/crm?password=xxxxx&sslmode=disable"},
		{"postgres://db.example/crm", "postgres://db.example/crm"},
		{"host=db.example user=ana password=hunter2 dbname=crm", "host=db.example user=ana password=xxxxx dbname=crm"},
		{"host=db password = 'it\\'s secret' dbname=crm", "host=db password = xxxxx dbname=crm"},
	} {
		if got := Redact(tc.in); got != tc.want {
			t.Errorf("Redact(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := scrub("failed: password s3cr@t and s3cr%40t rejected", "postgres://ana:s3cr%40t@h/db"); got != "failed: password xxxxx and xxxxx rejected" {
		t.Errorf("scrub: %q", got)
	}
}

// TestCredentialsFromLibpqFiles: what the URL leaves out comes from
// PGPASSWORD, else the password file, as libpq reads them (pgx's
// ParseConfig, which Connect uses).
func TestCredentialsFromLibpqFiles(t *testing.T) {
	pass := filepath.Join(t.TempDir(), "pgpass")
	if err := os.WriteFile(pass, []byte("db.example:5432:crm:ana:from-pgpass\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PGPASSFILE", pass)
	t.Setenv("PGPASSWORD", "")
	cfg, err := pgx.ParseConfig("postgres://ana@db.example:5432/crm")
	if err != nil || cfg.Password != "from-pgpass" {
		t.Errorf("password file: %q, %v", cfg.Password, err)
	}
	t.Setenv("PGPASSWORD", "from-env")
	t.Setenv("PGUSER", "ana")
	cfg, err = pgx.ParseConfig("postgres://db.example:5432/crm")
	if err != nil || cfg.Password != "from-env" || cfg.User != "ana" {
		t.Errorf("PGPASSWORD, PGUSER: %q %q, %v", cfg.Password, cfg.User, err)
	}
}

// TestConnectErrorMasked: a refused connection names the URL with its
// password masked and never the password.
func TestConnectErrorMasked(t *testing.T) {
	t.Parallel()
	dir := t.TempDir() // no server listens there
	_, err := Connect(context.Background(), "postgres://ana:hunter2@/crm?host="+dir+"&connect_timeout=5")
	if err == nil || !errors.Is(err, ErrDatabase) || strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "ana:xxxxx@") {
		t.Errorf("error %v", err)
	}
}

// TestParseTableName: quoted parts keep dots and quotes.
func TestParseTableName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]TableName{
		"marketing.activities":  {"marketing", "activities"},
		"activities":            {"", "activities"},
		`"my.schema"."t ""x"""`: {"my.schema", `t "x"`},
		` crm."Lead History" `:  {"crm", "Lead History"},
	} {
		got, err := ParseTableName(in)
		if err != nil || got != want {
			t.Errorf("ParseTableName(%q) = %#v, %v; want %#v", in, got, err, want)
		}
		if back, _ := ParseTableName(got.String()); back != got {
			t.Errorf("%#v round-trips to %#v", got, back)
		}
	}
	for _, bad := range []string{"", "a.b.c", `"open`, "a.", ".b"} {
		if _, err := ParseTableName(bad); err == nil {
			t.Errorf("ParseTableName(%q): no error", bad)
		}
	}
}

// TestHostileNames: a table and columns named with quotes, semicolons and
// a DROP are quoted, not executed: the catalog binds them (by --col), the
// path query runs, and the decoy table is still there.
func TestHostileNames(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	pgtest.Exec(t, url, `CREATE TABLE decoy (n int);
CREATE TABLE "t""; DROP TABLE decoy; --" ("id"";--" text, "when'); DROP TABLE decoy; --" timestamptz, "ch" text, "conv" integer);
INSERT INTO "t""; DROP TABLE decoy; --" VALUES ('a', '2026-01-01', 'x', 0), ('a', '2026-01-02', 'y', 1)`)
	ctx := context.Background()
	db, err := Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	name := TableName{Name: `t"; DROP TABLE decoy; --`}
	cat, err := db.Catalog(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	tab, _, err := Bind(cat, funnel.Touches, map[string]string{"lead_id": `id";--`, "occurred_at": "when'); DROP TABLE decoy; --", "channel": "ch", "converted": "conv"})
	if err != nil {
		t.Fatal(err)
	}
	q, err := PathSQL(db.Dialect, tab, cat.Base, PathOptions{})
	if err != nil {
		t.Fatal(err)
	}
	j, err := db.Paths(ctx, q)
	if err != nil {
		t.Fatalf("%v\n%s", err, q.SQL)
	}
	if j.NumPaths() != 1 || j.PathString(0, ">") != "x > y" {
		t.Errorf("%d paths, first %q; want x > y", j.NumPaths(), j.PathString(0, ">"))
	}
	var n int
	if err := db.conn.QueryRow(ctx, "SELECT count(*) FROM decoy").Scan(&n); err != nil {
		t.Errorf("the decoy table is gone: %v", err)
	}
}

// TestBindTypes: a text column bound to occurred_at is an error naming
// the table, column, type and role; a table that does not exist is named.
func TestBindTypes(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	pgtest.Exec(t, url, `CREATE TABLE acts ("Lead ID" bigint, "Activity Date" text, "Channel" text, "Converted" boolean)`)
	ctx := context.Background()
	db, err := Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cat, err := db.Catalog(ctx, TableName{Name: "acts"})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = Bind(cat, funnel.Touches, nil)
	const want = `acts: column "Activity Date" (text) cannot serve occurred_at, which needs date or timestamp values`
	if err == nil || err.Error() != want {
		t.Errorf("error %v; want %s", err, want)
	}
	if _, err := db.Catalog(ctx, TableName{"crm", "nope"}); err == nil || !strings.Contains(err.Error(), "crm.nope: database: no such table") {
		t.Errorf("missing table: %v", err)
	}
}

// TestCatalogTypes: the catalog gives what information_schema gives (each
// column's type without its modifier, a domain as its base type, a
// dropped column left out, only the columns the user may read, a view not
// a base table), and reads a materialized view too (information_schema
// lists none).
func TestCatalogTypes(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	// A role is the server's, not the database's: named for this process,
	// which may share the server with other test binaries.
	reader := fmt.Sprintf("catalog_reader_%d", os.Getpid())
	pgtest.Exec(t, url, strings.ReplaceAll(`CREATE SCHEMA crm;
CREATE DOMAIN crm.day AS date;
CREATE TYPE crm.tier AS ENUM ('gold', 'silver');
CREATE TABLE crm.acts (gone int, amount numeric(12,2), name varchar(20), at timestamp(3) with time zone,
  day crm.day, tier crm.tier, tags int[], local timestamp, won boolean, n bigint);
ALTER TABLE crm.acts DROP COLUMN gone;
CREATE VIEW crm.acts_view AS SELECT name, at FROM crm.acts;
CREATE MATERIALIZED VIEW crm.acts_mat AS SELECT name, amount FROM crm.acts;
CREATE ROLE reader LOGIN;
GRANT USAGE ON SCHEMA crm TO reader;
GRANT SELECT (name, won) ON crm.acts TO reader`, "reader", reader))
	t.Cleanup(func() {
		pgtest.Exec(t, url, "DROP OWNED BY "+reader+"; DROP ROLE "+reader)
	})
	ctx := context.Background()
	read := func(url string, table string) Catalog {
		t.Helper()
		db, err := Connect(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		cat, err := db.Catalog(ctx, TableName{"crm", table})
		if err != nil {
			t.Fatal(err)
		}
		return cat
	}
	describe := func(cat Catalog) string {
		var b strings.Builder
		fmt.Fprintf(&b, "base %v:", cat.Base)
		for _, c := range cat.Columns {
			fmt.Fprintf(&b, " %s %s (%s);", c.Name, c.Type, KindOf(c.Type))
		}
		return b.String()
	}
	for _, tc := range []struct{ url, table, want string }{
		{url, "acts", "base true: amount numeric (number); name character varying (text); at timestamp with time zone (time);" +
			" day date (time); tier crm.tier (text); tags integer[] (text); local timestamp without time zone (time);" +
			" won boolean (bool); n bigint (number);"},
		{url, "acts_view", "base false: name character varying (text); at timestamp with time zone (time);"},
		{url, "acts_mat", "base false: name character varying (text); amount numeric (number);"},
		{strings.Replace(url, "user=postgres", "user="+reader, 1), "acts", "base true: name character varying (text); won boolean (bool);"},
	} {
		if got := describe(read(tc.url, tc.table)); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.table, got, tc.want)
		}
	}
}

// testURL is a fresh database of the test server.
func testURL(t *testing.T) string { return pgtest.NewDatabase(t) }
