package warehouse

import (
	"context"
	"math"
	"testing"
)

// TestPostgresDialect runs each of the dialect's fragments on the test
// server. Expected values by hand: 2026-01-02 03:04:05+00 is 1767323045
// Unix seconds (date -d @1767323045 -u); less 90061 s (1 day, 1 h, 1 min,
// 1 s) is 2026-01-01 02:03:04; the median of 1, 2, 4, 10 interpolates to
// 3 and its 0.9 quantile to 4 + 0.7 * 6 = 8.2 (R: quantile(c(1,2,4,10),
// c(.5,.9), type = 7), to 1e-12 in floats); the ordered concatenation skips the filtered row.
func TestPostgresDialect(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := Connect(ctx, testURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	d := Postgres{}
	ts := "CAST('2026-01-02 03:04:05+00' AS timestamptz)"
	var epoch, median, p90 float64
	var minus, concat, quoted string
	err = db.conn.QueryRow(ctx, "SELECT "+d.EpochSeconds(ts)+", "+
		d.Text("("+d.MinusSeconds(ts, 90061)+") AT TIME ZONE 'UTC'")+
		", (SELECT "+d.Percentile(0.5, "x")+" FROM (VALUES (1), (2), (4), (10)) v(x))"+
		", (SELECT "+d.Percentile(0.9, "x")+" FROM (VALUES (1), (2), (4), (10)) v(x))"+
		", (SELECT "+d.OrderedConcat("s", ">", "k", "k <> 2")+" FROM (VALUES (3, 'c'), (1, 'a'), (2, 'b')) v(k, s))"+
		", (SELECT "+d.Quote(`a"b`)+" FROM (SELECT 'ok' AS "+d.Quote(`a"b`)+") q)").
		Scan(&epoch, &minus, &median, &p90, &concat, &quoted)
	if err != nil {
		t.Fatal(err)
	}
	if epoch != 1767323045 || minus != "2026-01-01 02:03:04" || median != 3 || math.Abs(p90-8.2) > 1e-12 || concat != "a>c" || quoted != "ok" {
		t.Errorf("epoch %v, minus %q, median %v, p90 %v, concat %q, quoted %q", epoch, minus, median, p90, concat, quoted)
	}
}
