package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel/sample"
)

// The run tests parse a command line through the command's seam, call its
// run function with fake streams on a small input, and check values worked
// out by hand from that input.

// testdata returns the path of a file under the repository's testdata.
func testdata(parts ...string) string {
	return filepath.Join(append([]string{"testdata"}, parts...)...)
}

// writeFile writes a small input into dir and returns its path.
func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// oneFeatureLeads are eight leads with a 0/1 feature x: won 1 of 4 with
// x = 0 and 3 of 4 with x = 1. The model is saturated, so the logistic
// regression reproduces the two rates: intercept logit(1/4) = -ln 3, x's
// coefficient logit(3/4) - logit(1/4) = 2 ln 3, with variances 1/(n p
// (1-p)) = 4/3 for the intercept and 4/3 + 4/3 for x; the log-likelihood
// is 2 ln(1/4) + 6 ln(3/4), against 8 ln(1/2) for the null model.
const oneFeatureLeads = "lead_id,x,won\nL1,0,1\nL2,0,0\nL3,0,0\nL4,0,0\nL5,1,1\nL6,1,1\nL7,1,1\nL8,1,0\n"

// fitOneFeature fits oneFeatureLeads in dir through fit's seam, saving the
// model; it returns the JSON report and the paths of leads and model.
func fitOneFeature(t *testing.T, dir string) (rep reportJSON, leads, model string) {
	t.Helper()
	leads = writeFile(t, dir, "leads.csv", oneFeatureLeads)
	model = filepath.Join(dir, "model.json")
	rep = runJSON(t, &globalOptions{}, newFitCmd, fitRun, "--leads", leads, "--target", "won", "--features", "x", "--model", model)
	return rep, leads, model
}

func TestFitRun(t *testing.T) {
	t.Parallel()
	rep, _, model := fitOneFeature(t, t.TempDir())
	ln3 := math.Log(3)
	wantNumbers(t, "intercept", rep.row(t, "coefficients", "term", "(intercept)"),
		map[string]float64{"estimate": -ln3, "std_error": math.Sqrt(4.0 / 3), "odds_ratio": 1.0 / 3})
	wantNumbers(t, "x", rep.row(t, "coefficients", "term", "x"),
		map[string]float64{"estimate": 2 * ln3, "std_error": math.Sqrt(8.0 / 3), "odds_ratio": 9})
	wantNumbers(t, "meta", rep.Meta, map[string]float64{"rows_used": 8, "positives": 4,
		"log_likelihood": 2*math.Log(0.25) + 6*math.Log(0.75), "null_log_likelihood": 8 * math.Log(0.5)})
	if rep.Meta["model_file"] != model {
		t.Errorf("model_file %v, want %s", rep.Meta["model_file"], model)
	}
	if _, err := os.Stat(model); err != nil {
		t.Errorf("no model file: %v", err)
	}
}

// TestScoreRun scores the leads the model was fitted on: its probability
// is the rate of each lead's group, 3/4 with x = 1 and 1/4 without.
func TestScoreRun(t *testing.T) {
	t.Parallel()
	_, leads, model := fitOneFeature(t, t.TempDir())
	rep := runJSON(t, &globalOptions{}, newScoreCmd, scoreRun, "--model", model, "--leads", leads)
	if n := len(rep.Tables["scores"]); n != 8 {
		t.Fatalf("%d scores, want 8", n)
	}
	for _, id := range []string{"L1", "L4", "L5", "L8"} {
		p := 0.25
		if id >= "L5" {
			p = 0.75
		}
		wantNumbers(t, id, rep.row(t, "scores", "lead_id", id), map[string]float64{"probability": p})
	}
	wantNumbers(t, "meta", rep.Meta, map[string]float64{"leads_scored": 8})
}

// TestAttributeRun attributes testdata/cases/attribute/0008: a > b (2
// conversions, value 20), b (1, 5), a (1, 10). First touch gives a the
// first and third (3, 30) and b the second (1, 5); last touch gives b the
// first two (3, 25) and a the third (1, 10); linear splits a > b evenly
// (a 1 + 1 = 2 worth 10 + 10; b 1 + 1 = 2 worth 10 + 5).
func TestAttributeRun(t *testing.T) {
	t.Parallel()
	rep := runJSON(t, &globalOptions{}, newAttributeCmd, attributeRun,
		"--paths", testdata("cases", "attribute", "0008", "paths.csv"), "--models", "first_touch,last_touch,linear_touch")
	wantNumbers(t, "a", rep.row(t, "attribution", "channel", "a"), map[string]float64{
		"first_touch_conversions": 3, "first_touch_value": 30, "last_touch_conversions": 1, "last_touch_value": 10,
		"linear_touch_conversions": 2, "linear_touch_value": 20})
	wantNumbers(t, "b", rep.row(t, "attribution", "channel", "b"), map[string]float64{
		"first_touch_conversions": 1, "first_touch_value": 5, "last_touch_conversions": 3, "last_touch_value": 25,
		"linear_touch_conversions": 2, "linear_touch_value": 15})
	wantNumbers(t, "meta", rep.Meta, map[string]float64{"total_conversions": 4, "total_value": 35})
}

// TestVelocityRun measures testdata/cases/velocity/0009 on the ladder
// mql, sql: A enters mql on 2024-01-05 and sql on 2024-01-15, 10 days; B
// enters mql on 2024-01-20 and never sql. January: 2 entered mql, 1
// advanced.
func TestVelocityRun(t *testing.T) {
	t.Parallel()
	rep := runJSON(t, &globalOptions{}, newVelocityCmd, velocityRun,
		"--stages", testdata("cases", "velocity", "0009", "stages.csv"), "--stage-order", "mql,sql")
	wantNumbers(t, "velocity 2024-01", rep.row(t, "velocity", "period", "2024-01"),
		map[string]float64{"transitions": 1, "mean_days": 10, "median_days": 10})
	var entered, advanced float64
	for _, row := range rep.Tables["conversion"] {
		if row["period"] == "2024-01" && row["stage"] == "mql" {
			entered, advanced = row["entered"].(float64), row["advanced"].(float64)
		}
	}
	if entered != 2 || advanced != 1 {
		t.Errorf("mql in 2024-01: entered %g, advanced %g; want 2, 1", entered, advanced)
	}
}

// TestSizeRun sizes testdata/cases/size/0001 (a1, a2 in EMEA; a3, a4 in
// NA) at 3 units an account, EMEA at 20 a unit from --prices and NA at the
// --price 10: EMEA 2 x 3 x 20 = 120, NA 2 x 3 x 10 = 60, in all 180.
func TestSizeRun(t *testing.T) {
	t.Parallel()
	prices := writeFile(t, t.TempDir(), "prices.csv", "region,price\nEMEA,20\n")
	rep := runJSON(t, &globalOptions{}, newSizeCmd, sizeRun, "--accounts", testdata("cases", "size", "0001", "accounts.csv"),
		"--by", "region", "--units", "3", "--price", "10", "--prices", prices)
	wantNumbers(t, "EMEA", rep.row(t, "market", "region", "EMEA"), map[string]float64{"accounts": 2, "price": 20, "market_size": 120})
	wantNumbers(t, "NA", rep.row(t, "market", "region", "NA"), map[string]float64{"accounts": 2, "price": 10, "market_size": 60})
	wantNumbers(t, "meta", rep.Meta, map[string]float64{"market_size": 180})
}

// TestReportRun builds the report of October 2026 on testdata/report/month
// (the figures counted by hand in report's TestBuildKeyFigures): won deals
// 1 (O1) and 1 in September (O2), worth 1000 and 500; mql to sql 17 days
// (L2 30, L4 4) against 6 (L1 10, L3 2).
func TestReportRun(t *testing.T) {
	t.Parallel()
	rep := runJSON(t, &globalOptions{ConfigPath: testdata("report", "funnel.yaml")}, newReportCmd, reportRun, "--month", "2026-10")
	for figure, want := range map[string][2]float64{"deals_won": {1, 1}, "won_amount": {1000, 500}, "days_mql_to_sql": {17, 6}} {
		wantNumbers(t, figure, rep.row(t, "key_figures", "figure", figure), map[string]float64{"month": want[0], "previous": want[1]})
	}
}

// TestReportSheetsRun builds April 2026 of testdata/report/sheets (worked
// by hand in report's TestSignalsAndWebinarsSheets): the config's web,
// attendees and agenda inputs make the Signals and Webinars sheets; the
// drops are A3 and A1, W1's largest drop is at minute 10, on "Demo".
func TestReportSheetsRun(t *testing.T) {
	t.Parallel()
	rep := runJSON(t, &globalOptions{ConfigPath: testdata("report", "sheets", "funnel.yaml")}, newReportCmd, reportRun, "--month", "2026-04")
	if d := rep.Tables["signals_traffic_drop"]; len(d) != 2 || d[0]["account_id"] != "A3" || d[1]["account_id"] != "A1" {
		t.Errorf("signals_traffic_drop %v", d)
	}
	w := rep.row(t, "webinars", "webinar", "W1")
	wantNumbers(t, "W1", w, map[string]float64{"drop_from_minute": 10, "drop": 2, "registered": 5, "attended": 4})
	if w["drop_topic"] != "Demo" || len(rep.Tables["webinars"]) != 1 {
		t.Errorf("webinars %v", rep.Tables["webinars"])
	}
}

func TestInspectRun(t *testing.T) {
	t.Parallel()
	leads, touches := testdata("report", "month", "leads.csv"), testdata("report", "month", "touches.csv")
	rep := runJSON(t, &globalOptions{}, newInspectCmd, inspectRun, leads, touches)
	// leads.csv: 5 rows of 5 columns; touches.csv: 7 rows of 4 columns.
	wantNumbers(t, "leads", rep.row(t, "files", "file", leads), map[string]float64{"rows": 5, "columns": 5, "errors": 0, "header_line": 1})
	wantNumbers(t, "touches", rep.row(t, "files", "file", touches), map[string]float64{"rows": 7, "columns": 4, "errors": 0})
	if n := len(rep.Tables["columns"]); n != 9 {
		t.Errorf("%d columns described, want 5 + 4", n)
	}
	if rep.row(t, "files", "file", touches)["input"] != "touches" || rep.row(t, "columns", "header", "won_at")["type"] != "time" {
		t.Errorf("files %v\ncolumns %v", rep.Tables["files"], rep.Tables["columns"])
	}
}

func TestSampleRun(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "exports")
	rep := runJSON(t, &globalOptions{}, newSampleCmd, sampleRun, "--out-dir", dir, "--lead-count", "30", "--history-months", "12")
	files := rep.Tables["files"]
	if len(files) != len(sample.Files) {
		t.Fatalf("%d files listed, want %d: %v", len(files), len(sample.Files), files)
	}
	for _, row := range files {
		name := row["file"].(string)
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		wantNumbers(t, name, row, map[string]float64{"bytes": float64(st.Size())})
	}
	wantNumbers(t, "leads.csv", rep.row(t, "files", "file", "leads.csv"), map[string]float64{"rows": 30})
	wantNumbers(t, "meta", rep.Meta, map[string]float64{"leads": 30, "months": 12})
}

// TestDemoRun runs the demo (20,000 leads, a second or two) into a
// folder: the weights table lists every activity of the planted truth,
// and the full workbook is written.
func TestDemoRun(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("the demo generates and analyses 20,000 leads")
	}
	dir := t.TempDir()
	rep := runJSON(t, &globalOptions{}, newDemoCmd, demoRun, "--out-dir", dir)
	checkDemoNurture(t, rep)
	data, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var truth sample.Truth
	if err := json.Unmarshal(data, &truth); err != nil {
		t.Fatal(err)
	}
	weights := rep.Tables["lead_score_weights"]
	if len(weights) != len(truth.ActivityLogOdds.Activity) {
		t.Errorf("%d weights, %d planted", len(weights), len(truth.ActivityLogOdds.Activity))
	}
	for _, w := range weights {
		wantNumbers(t, w["activity_type"].(string), w, map[string]float64{"planted_log_odds": truth.ActivityLogOdds.Activity[w["activity_type"].(string)]})
	}
	if !strings.Contains(rep.Meta["data"].(string), "20000 leads") || rep.Meta["report"] != filepath.Join(dir, "demo-report.xlsx") {
		t.Errorf("meta %v", rep.Meta)
	}
	if _, err := os.Stat(filepath.Join(dir, "demo-report.xlsx")); err != nil {
		t.Error(err)
	}
	// The planted signals, recovered: every planted one found; what else
	// was found is the natural touches' (signals/sample_test.go, the same
	// 20,000-lead sample: 13 drops, 28 surges, 172 stalled trials, 160 of
	// them the natural ones truth.json lists).
	found := map[string]float64{"traffic_drop": 13, "surge": 28, "stalled_trial": 172}
	natural := map[string]float64{"stalled_trial": 160}
	if rows := rep.Tables["planted_signals"]; len(rows) != 3 {
		t.Errorf("planted_signals %v", rows)
	}
	for _, row := range rep.Tables["planted_signals"] {
		k := row["signal"].(string)
		wantNumbers(t, k, row, map[string]float64{"planted": 12, "natural": natural[k], "found": found[k], "planted_found": 12,
			"natural_found": natural[k], "recall": 1, "precision": (12 + natural[k]) / found[k]})
	}
	drop := rep.Tables["planted_webinar_drop"]
	if len(drop) != 1 || drop[0]["match"] != true || drop[0]["found_from_minute"] != float64(truth.Webinar.DropFromMinute) || drop[0]["found_topic"] != truth.Webinar.DropTopic {
		t.Errorf("planted_webinar_drop %v, planted minute %d %q", drop, truth.Webinar.DropFromMinute, truth.Webinar.DropTopic)
	}
	// The planted content: every one of the 198,683 touches names a
	// campaign of the inventory, so the mix found is truth.json's campaign
	// stages counted over touches.csv; 3 unused items; customers miss mofu.
	cont := rep.Tables["planted_content"]
	if len(cont) != 1 || cont[0]["match"] != true || cont[0]["found_mix"] != cont[0]["planted_mix"] || cont[0]["found_gaps"] != "customer: mofu" {
		t.Errorf("planted_content %v", cont)
	} else {
		wantNumbers(t, "planted_content", cont[0], map[string]float64{"planted_unused": float64(len(truth.Content.Unused)), "found_unused": 3})
	}
	// The lookalike backtest (ranked on industry, region and employees as
	// of 2026-05-01, followed to 2026-10-28) against the planted ideal
	// profile. Reference values from pandas on `funnel sample` (the same
	// set): the ranked accounts of `funnel accounts --backtest-as-of
	// 2026-04-30 --no-engagement --lookalike-features
	// industry,region,employees --top 100000`, each one's conversion
	// recounted from opportunities.csv (its first won close in the
	// window: 568 of 7109, all as the backtest says), the ideal profile
	// from accounts.csv and truth.json, and the Katz interval
	// rr*exp(±1.959963984540054*sqrt(1/a-1/n1+1/c-1/n2)):
	//   profile 239/1672 vs 329/5437; top decile 149/711 vs 419/6398;
	//   top 1672: 278/1672 vs 290/5437.
	look := rep.Tables["planted_lookalike"]
	if len(look) != 4 {
		t.Fatalf("planted_lookalike %v", look)
	}
	wantNumbers(t, "planted profile", look[0], map[string]float64{"top_accounts": 2162, "rate_ratio": truth.Lookalike.IdealPositiveRate / truth.Lookalike.OtherPositiveRate})
	wantNumbers(t, "profile in the window", look[1], map[string]float64{"top_accounts": 1672, "rate_ratio": 2.3622456770553075,
		"ci_low": 2.0184034020892065, "ci_high": 2.7646627195487965, "ideal_profile_share_of_top": 1})
	wantNumbers(t, "lookalike top 1672", look[2], map[string]float64{"top_accounts": 1672, "rate_ratio": 3.117237254578453,
		"ci_low": 2.669343334349821, "ci_high": 3.6402841014449887, "ideal_profile_share_of_top": 0.6148325358851675})
	wantNumbers(t, "lookalike top decile", look[3], map[string]float64{"top_accounts": 711, "rate_ratio": 3.1999771742377705,
		"ci_low": 2.699339492882899, "ci_high": 3.793466491577377, "ideal_profile_share_of_top": 0.7355836849507735})
	if look[1]["vs_planted"] != "covers" || look[3]["vs_planted"] != "above" {
		t.Errorf("vs_planted %v, %v: the window's profile ratio should cover the planted one, the lookalikes' lie above", look[1]["vs_planted"], look[3]["vs_planted"])
	}
}

// TestConfigCheckRun checks testdata/report/funnel.yaml: its data folder
// holds four inputs, and its settings say: ladder mql, sql; alerts at 25%
// with one transition a period; market by industry at 100; no scoring.
func TestConfigCheckRun(t *testing.T) {
	t.Parallel()
	cfg := testdata("report", "funnel.yaml")
	rep := runJSON(t, &globalOptions{ConfigPath: cfg}, newConfigCheckCmd, configCheckRun)
	var inputs []string
	for _, row := range rep.Tables["files"] {
		inputs = append(inputs, row["input"].(string))
	}
	slices.Sort(inputs)
	if want := "leads opportunities stages touches"; strings.Join(inputs, " ") != want {
		t.Errorf("inputs %q, want %s", inputs, want)
	}
	for key, want := range map[string]string{"config": cfg, "alert_slower": "25% (at least 1 transitions a period)",
		"market": "by industry, price 100", "scoring": "off (no model and no target)"} {
		if rep.Meta[key] != want {
			t.Errorf("meta %s = %v, want %q", key, rep.Meta[key], want)
		}
	}
}
