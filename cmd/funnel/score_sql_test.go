package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/funnel-analytics/funnel/internal/pgtest"
)

// scoreFixture writes the sample's leads (400, seed 1) and touches into
// dir, made harder for the view: every 17th lead's employees blank
// (the missing indicator), every 13th's industry blank, Manufacturing
// renamed to a name with a quote, a semicolon and a backslash (the SQL
// must quote it), and a multi-value products column (split on ";", with
// a rare value folded into (other), and blanks). It returns the leads and
// touches files.
func scoreFixture(t *testing.T, dir string) (leads, touches string) {
	t.Helper()
	smp := smallSample(t, 400, 12)
	f, err := os.Open(filepath.Join(smp, "leads.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	col := func(name string) int {
		for j, h := range rows[0] {
			if h == name {
				return j
			}
		}
		t.Fatalf("no column %s", name)
		return -1
	}
	emp, ind := col("employees"), col("industry")
	rows[0] = append(rows[0], "products")
	products := []string{"API;Forecasting", "API", " Forecasting ; Reports", "", "Reports;;API", "Legacy", "Forecasting"}
	for i := 1; i < len(rows); i++ {
		if i%17 == 0 {
			rows[i][emp] = ""
		}
		if i%13 == 0 {
			rows[i][ind] = ""
		}
		if rows[i][ind] == "Manufacturing" {
			rows[i][ind] = `Manu'facturing "Co" -- \n`
		}
		p := products[i%len(products)]
		if p == "Legacy" && i > 40 {
			p = "API"
		}
		rows[i] = append(rows[i], p)
	}
	leads = filepath.Join(dir, "leads.csv")
	out, err := os.Create(leads)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(out)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	out.Close()
	return leads, filepath.Join(smp, "touches.csv")
}

// TestScoreSQLEqualsScore: a model with every feature kind (touch counts
// with a window, a half-life and log1p; a numeric column with a missing
// indicator; categorical columns with rare levels folded into (other), a
// missing level and a hostile level name; a multi-value column) fitted on
// the fixture, then scored two ways: `funnel score` on the files, and the
// view `funnel score --sql` prints, created and read in PostgreSQL over
// the same rows. Every lead's probability agrees to 1e-9 relative, its
// score and grade and MQL flag are equal, and its linear predictor is the
// logit of the file's probability (1e-9 relative where 1e-6 < p < 1-1e-6).
func TestScoreSQLEqualsScore(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	dir := t.TempDir()
	leads, touches := scoreFixture(t, dir)
	model := filepath.Join(dir, "model.json")
	fit := &globalOptions{Format: "json", AsOf: "2026-06-30", SplitValues: ";"}
	if _, stderr, code := runCommand(t, fit, newFitCmd, nil, "--leads", leads, "--touches", touches, "--target", "won_at",
		"--features", "industry,region,seniority,employees,products", "--missing", "indicator", "--min-level-count", "5",
		"--window", "180d", "--decay", "30d", "--transform", "log1p", "--penalty", "l2", "--lambda", "0.5", "--points-scale", "0.1",
		"--model", model); code != ExitOK {
		t.Fatalf("fit: %s", stderr)
	}
	data, _ := os.ReadFile(model)
	for _, want := range []string{`"missing_indicator": true`, `"split": ";"`, `(other)`, `Manu'facturing`} {
		if !strings.Contains(string(data), want) {
			t.Fatalf("the model lacks %s: the fixture does not test it", want)
		}
	}
	asOf := "2026-08-15"
	out, stderr, code := runCommand(t, &globalOptions{Format: "json", AsOf: asOf}, newScoreCmd, nil, "--model", model, "--leads", leads, "--touches", touches)
	if code != ExitOK {
		t.Fatalf("score: %s", stderr)
	}
	fromFiles := scoreRows(t, out)

	pgtest.LoadCSV(t, url, "crm.leads", leads, map[string]string{"created_at": "timestamp", "employees": "double precision",
		"mql_at": "timestamp", "sql_at": "timestamp", "won_at": "timestamp", "won": "integer"})
	pgtest.LoadCSV(t, url, "marketing.activities", touches, map[string]string{"occurred_at": "timestamp", "converted": "integer", "value": "numeric"})
	view, stderr, code := runCommand(t, &globalOptions{AsOf: asOf}, newScoreCmd, nil, "--model", model, "--sql",
		"--db-table", "leads=crm.leads", "--db-table", "touches=marketing.activities", "--view", "crm.lead_score")
	if code != ExitOK {
		t.Fatalf("score --sql: %s", stderr)
	}
	pgtest.Exec(t, url, view)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT lead_id, linear_predictor, probability, points, score, grade, mql FROM crm.lead_score`)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		var id, grade string
		var eta, p, points, score float64
		var mql bool
		if err := rows.Scan(&id, &eta, &p, &points, &score, &grade, &mql); err != nil {
			t.Fatal(err)
		}
		n++
		want, ok := fromFiles[id]
		if !ok {
			t.Errorf("lead %s is in the view, not in funnel score's output", id)
			continue
		}
		if math.Abs(p-want.Probability) > 1e-9*want.Probability {
			t.Errorf("lead %s: probability %.17g in the view, %.17g from the files", id, p, want.Probability)
		}
		if score != want.Score || math.Min(math.Max(points, 0), 100) != want.Score || grade != want.Grade || mql != want.MQL {
			t.Errorf("lead %s: score %v (points %v), grade %s, mql %v in the view; %v, %s, %v from the files", id, score, points, grade, mql, want.Score, want.Grade, want.MQL)
		}
		if pf := want.Probability; pf > 1e-6 && pf < 1-1e-6 {
			if logit := math.Log(pf / (1 - pf)); math.Abs(eta-logit) > 1e-9*math.Max(1, math.Abs(logit)) {
				t.Errorf("lead %s: linear predictor %v, logit of the file's probability %v", id, eta, logit)
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != len(fromFiles) || n < 300 {
		t.Errorf("%d leads in the view, %d scored from the files", n, len(fromFiles))
	}
}

type scoredRow struct {
	Probability, Score float64
	Grade              string
	MQL                bool
}

// scoreRows reads funnel score's JSON: lead_id -> its row.
func scoreRows(t *testing.T, out string) map[string]scoredRow {
	t.Helper()
	var rep struct {
		Tables map[string][]map[string]any `json:"tables"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	m := map[string]scoredRow{}
	for _, r := range rep.Tables["scores"] {
		num := func(k string) float64 {
			switch v := r[k].(type) {
			case float64:
				return v
			case string:
				f, _ := strconv.ParseFloat(v, 64)
				return f
			}
			return math.NaN()
		}
		m[r["lead_id"].(string)] = scoredRow{Probability: num("probability"), Score: num("score"), Grade: r["grade"].(string), MQL: r["mql"] == true}
	}
	return m
}
