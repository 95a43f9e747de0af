package main

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestFitMatchesR runs `funnel fit` end to end (CSV reading, typing,
// feature encoding, IRLS, JSON output) and compares it with R.
// Reference: R 4.2.2, glm(won ~ visits + pricing + webinar + trial +
// industry + employees, binomial) on testdata/scoring/leads.csv
// (testdata/scoring/make_fixtures.R: ref_main.csv, ref_stats.csv); tol 1e-6 relative.
func TestFitMatchesR(t *testing.T) {
	t.Parallel()
	out, stderr, code := run(t, "", "fit", "--leads", "testdata/scoring/leads.csv", "--target", "won",
		"--features", "visits,pricing,webinar,trial,industry,employees", "--format", "json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got struct {
		Meta   map[string]any `json:"meta"`
		Tables struct {
			Coefficients []struct {
				Term     string  `json:"term"`
				Estimate float64 `json:"estimate"`
				StdError float64 `json:"std_error"`
			} `json:"coefficients"`
		} `json:"tables"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	ref := readCSV(t, "testdata/scoring/ref_main.csv")
	want := map[string][2]float64{}
	for _, row := range ref[1:] {
		term := strings.Replace(row[0], "(Intercept)", "(intercept)", 1)
		if rest, ok := strings.CutPrefix(term, "industry"); ok {
			term = "industry=" + rest
		}
		want[term] = [2]float64{num(t, row[1]), num(t, row[2])}
	}
	if len(got.Tables.Coefficients) != len(want) {
		t.Fatalf("%d terms, R has %d", len(got.Tables.Coefficients), len(want))
	}
	for _, c := range got.Tables.Coefficients {
		w, ok := want[c.Term]
		if !ok {
			t.Errorf("term %q not in R's fit", c.Term)
			continue
		}
		if !near(c.Estimate, w[0], 1e-6) || !near(c.StdError, w[1], 1e-6) {
			t.Errorf("%s: estimate %.12g se %.12g, R %.12g %.12g", c.Term, c.Estimate, c.StdError, w[0], w[1])
		}
	}
	var llR float64
	for _, row := range readCSV(t, "testdata/scoring/ref_stats.csv") {
		if row[0] == "main" && row[1] == "log_likelihood" {
			llR = num(t, row[2])
		}
	}
	if ll, _ := got.Meta["log_likelihood"].(float64); !near(ll, llR, 1e-6) {
		t.Errorf("log_likelihood %.12g, R %.12g", ll, llR)
	}
}

// near reports whether a is within rel of b, relative to b.
func near(a, b, rel float64) bool {
	return math.Abs(a-b) <= rel*math.Max(math.Abs(b), 1e-12)
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestFitSplitValues fits a HubSpot multi-value property with
// --split-values and with the config key split_values: the terms are one
// indicator per value (API, Billing, Forecasting, in the order of their
// names), with no reference level; without either, each combination is a
// level against the most frequent one (API, Billing and Forecasting
// alone are 2 leads each: API, the first by name, is the reference).
func TestFitSplitValues(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	leads := filepath.Join(dir, "leads.csv")
	data := "Record ID,Products of interest,won\n1,API;Forecasting,1\n2,API,0\n3,Forecasting,1\n4,Billing,0\n" +
		"5,API,1\n6,Forecasting,0\n7,Billing;API,1\n8,Billing,0\n"
	if err := os.WriteFile(leads, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "funnel.yaml")
	if err := os.WriteFile(conf, []byte("split_values: \";\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	split := []string{"(intercept)", "Products of interest=API", "Products of interest=Billing", "Products of interest=Forecasting"}
	for _, c := range []struct {
		name  string
		flags []string
		terms []string
		refs  string
	}{
		{"flag", []string{"--split-values", ";"}, split, ""},
		{"config", []string{"--config", conf}, split, ""},
		{"none", nil, []string{"(intercept)", "Products of interest=API;Forecasting", "Products of interest=Billing",
			"Products of interest=Billing;API", "Products of interest=Forecasting"}, "Products of interest=API"},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"fit", "--leads", leads, "--target", "won", "--features", "Products of interest",
				"--penalty", "l2", "--lambda", "0.5", "--format", "json"}, c.flags...)
			out, stderr, code := run(t, "", args...)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var got struct {
				Meta   map[string]any `json:"meta"`
				Tables struct {
					Coefficients []struct {
						Term string `json:"term"`
					} `json:"coefficients"`
				} `json:"tables"`
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("json: %v\n%s", err, out)
			}
			var terms []string
			for _, co := range got.Tables.Coefficients {
				terms = append(terms, co.Term)
			}
			if !slices.Equal(terms, c.terms) {
				t.Errorf("terms %q, want %q", terms, c.terms)
			}
			if got.Meta["reference_levels"] != c.refs {
				t.Errorf("reference_levels %q, want %q", got.Meta["reference_levels"], c.refs)
			}
		})
	}
}

// TestFitGammaMatchesR runs `funnel fit --family gamma` end to end on
// testdata/scoring/deals.csv and compares it with R 4.2.2 (make_deals.R):
// glm(amount ~ visits + webinar + trial + industry + employees,
// family = Gamma(link = "log"), control = glm.control(epsilon = 1e-16,
// maxit = 1000)); summary(g)$dispersion, deviance(g), AIC(g); tol 1e-6
// relative.
func TestFitGammaMatchesR(t *testing.T) {
	t.Parallel()
	out, stderr, code := run(t, "", "fit", "--leads", "testdata/scoring/deals.csv", "--target", "amount", "--family", "gamma",
		"--features", "visits,webinar,trial,industry,employees", "--format", "json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got := decodeReport(t, out)
	want := map[string][2]float64{
		"(intercept)":         {1.0249581759166583e+01, 1.4528236639245959e-01},
		"visits":              {9.2938579514250413e-02, 3.2593926301335306e-02},
		"webinar":             {6.7702186860349275e-02, 6.6327372755874317e-02},
		"trial":               {2.5987329070475756e-01, 1.1957321949599611e-01},
		"industry=Finance":    {4.9220097841141258e-01, 1.2894510569594339e-01},
		"industry=Healthcare": {2.2052495038931547e-02, 1.5617246559068157e-01},
		"employees":           {1.2249620035421297e-04, 5.9950017719123539e-05},
	}
	if len(got.Tables["coefficients"]) != len(want) {
		t.Fatalf("%d terms, R has %d", len(got.Tables["coefficients"]), len(want))
	}
	for term, w := range want {
		c := got.row(t, "coefficients", "term", term)
		est, _ := c["estimate"].(float64)
		se, _ := c["std_error"].(float64)
		effect, _ := c["effect"].(float64)
		if !near(est, w[0], 1e-6) || !near(se, w[1], 1e-6) || !near(effect, math.Exp(w[0]), 1e-6) {
			t.Errorf("%s: estimate %.12g se %.12g effect %.12g, R %.12g %.12g", term, est, se, effect, w[0], w[1])
		}
	}
	for key, w := range map[string]float64{"dispersion": 0.47414666343669171, "deviance": 74.650098150758183, "null_deviance": 94.88871814117212, "aic": 3553.1021782837738} {
		v, _ := got.Meta[key].(float64)
		if !near(v, w, 1e-6) {
			t.Errorf("%s = %v, R %v", key, got.Meta[key], w)
		}
	}
	if got.Meta["family"] != "gamma" {
		t.Errorf("family %v", got.Meta["family"])
	}
}
