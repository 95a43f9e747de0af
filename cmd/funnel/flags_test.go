package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/attribution"
	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/scoring"
	"github.com/funnel-analytics/funnel/velocity"
)

// The flag tests run each command's flags through its runF seam and check
// the options it built: a day is 86400 seconds, so 90d is 7776000.

const day = 86400

func TestFitFlags(t *testing.T) {
	t.Parallel()
	testFlags(t, newFitCmd, []flagCase[*fitOptions]{
		{name: "defaults", args: []string{"--target", "won"}, check: func(t *testing.T, o *fitOptions) {
			c := o.cfg
			if c.Features.Target != "won" || c.Features.Transform != scoring.TransformNone || c.Features.Missing != scoring.MissingDrop ||
				c.Features.MinLevelCount != 1 || c.Logistic.Penalty != scoring.PenaltyNone || c.Seed != 1 || c.CVFolds != 0 {
				t.Errorf("defaults %+v", c)
			}
		}},
		{name: "set", global: globalOptions{Positive: []string{"Closed Won"}},
			args: []string{"--target-stage", "sql", "--features", "industry, region", "--activity-types", "demo", "--window", "90d",
				"--decay", "30d", "--transform", "log1p", "--missing", "indicator", "--penalty", "l2", "--lambda", "0.5",
				"--cv", "5", "--seed", "7", "--capacity", "40", "--min-level-count", "3", "--model", "m.json"},
			check: func(t *testing.T, o *fitOptions) {
				f, c := o.cfg.Features, o.cfg
				if f.TargetStage != "sql" || f.Positive != "Closed Won" || !slices.Equal(f.Features, []string{"industry", "region"}) ||
					!slices.Equal(f.ActivityTypes, []string{"demo"}) || f.Window != 90*day || f.HalfLife != 30*day ||
					f.Transform != scoring.TransformLog1p || f.Missing != scoring.MissingIndicator || f.MinLevelCount != 3 {
					t.Errorf("features %+v", f)
				}
				if c.Logistic.Penalty != scoring.PenaltyL2 || c.Logistic.Lambda != 0.5 || c.CVFolds != 5 || c.Seed != 7 || c.Capacity != 40 || o.ModelOut != "m.json" {
					t.Errorf("config %+v", c)
				}
			}},
		{name: "no target", code: ExitUsage},
		{name: "both targets", args: []string{"--target", "won", "--target-stage", "sql"}, code: ExitUsage},
		{name: "l2 without lambda", args: []string{"--target", "won", "--penalty", "l2"}, code: ExitUsage},
		{name: "one fold", args: []string{"--target", "won", "--cv", "1"}, code: ExitUsage},
		{name: "model not json", args: []string{"--target", "won", "--model", "m.txt"}, code: ExitUsage},
		{name: "bad window", args: []string{"--target", "won", "--window", "0d"}, code: ExitUsage},
		{name: "points scale", args: []string{"--target", "won", "--points-scale", "0.5"},
			check: func(t *testing.T, o *fitOptions) {
				if o.cfg.PointsStep != 0.5 {
					t.Errorf("points step %v, want 0.5", o.cfg.PointsStep)
				}
			}},
		{name: "points scale 0", args: []string{"--target", "won", "--points-scale", "0"}, code: ExitUsage},
		{name: "bad format", args: []string{"--target", "won"}, global: globalOptions{Format: "yaml"}, code: ExitUsage},
		{name: "family", args: []string{"--target", "amount", "--family", "Gamma"}, check: func(t *testing.T, o *fitOptions) {
			if o.cfg.Features.Family != scoring.FamilyGamma {
				t.Errorf("family %v, want gamma", o.cfg.Features.Family)
			}
		}},
		{name: "default family", args: []string{"--target", "won"}, check: func(t *testing.T, o *fitOptions) {
			if o.cfg.Features.Family != scoring.FamilyBinomial {
				t.Errorf("family %v, want binomial", o.cfg.Features.Family)
			}
		}},
		{name: "unknown family", args: []string{"--target", "amount", "--family", "poisson"}, code: ExitUsage},
		{name: "family with a stage", args: []string{"--target-stage", "sql", "--family", "lognormal"}, code: ExitUsage},
	})
}

func TestScoreFlags(t *testing.T) {
	t.Parallel()
	testFlags(t, newScoreCmd, []flagCase[*scoreOptions]{
		{name: "model", args: []string{"--model", "m.json"}, check: func(t *testing.T, o *scoreOptions) {
			if o.Model != "m.json" || o.grades != nil {
				t.Errorf("model %q, grades %v", o.Model, o.grades)
			}
		}},
		{name: "grades", args: []string{"--model", "m.json", "--grades", "80, 60,40"}, check: func(t *testing.T, o *scoreOptions) {
			if !slices.Equal(o.grades, []float64{80, 60, 40}) {
				t.Errorf("grades %v", o.grades)
			}
		}},
		{name: "no model", code: ExitUsage},
		{name: "grades not descending", args: []string{"--model", "m.json", "--grades", "80,90,40"}, code: ExitUsage},
		{name: "two grades", args: []string{"--model", "m.json", "--grades", "80,60"}, code: ExitUsage},
		{name: "grade not a number", args: []string{"--model", "m.json", "--grades", "A,60,40"}, code: ExitUsage},
		{name: "decay and penalty", args: []string{"--model", "m.json", "--decay", "90d", "--recycle-penalty", "12.5", "--stages", "s.csv", "--win-model", "w.json"},
			check: func(t *testing.T, o *scoreOptions) {
				if o.halfLife != 90*day || o.RecyclePenalty != 12.5 || o.WinModel != "w.json" {
					t.Errorf("half-life %d, penalty %v, win model %q", o.halfLife, o.RecyclePenalty, o.WinModel)
				}
			}},
		{name: "decay 0", args: []string{"--model", "m.json", "--decay", "0d"}, code: ExitUsage},
		{name: "negative penalty", args: []string{"--model", "m.json", "--recycle-penalty", "-3"}, code: ExitUsage},
		{name: "stages without penalty", args: []string{"--model", "m.json", "--stages", "s.csv"}, code: ExitUsage},
	})
}

func TestAttributeFlags(t *testing.T) {
	t.Parallel()
	testFlags(t, newAttributeCmd, []flagCase[*attributeOptions]{
		{name: "defaults", check: func(t *testing.T, o *attributeOptions) {
			c := o.cfg
			if c.Models != nil || c.Order != 1 || c.Heuristic.HalfLife != 7*day || c.Shapley.MinJourneys != attribution.DefaultShapleyMinJourneys ||
				o.level != attribution.AutoLevel || o.milestone != attribution.MilestoneClosed || o.lookback != 0 || c.OrderSearch.Seed != 1 {
				t.Errorf("defaults %+v, level %v, milestone %v", c, o.level, o.milestone)
			}
		}},
		{name: "set", args: []string{"--models", "markov,linear_touch", "--lookback", "90d", "--level", "account", "--milestone", "created",
			"--markov-order", "2", "--half-life", "3d", "--shapley-min-journeys", "0", "--weights", "first=0.5,last=0.5", "--by", "campaign"},
			check: func(t *testing.T, o *attributeOptions) {
				c := o.cfg
				if fmt.Sprint(c.Models) != "[markov linear_touch]" || o.lookback != 90*day || o.level != attribution.AccountLevel ||
					o.milestone != attribution.MilestoneCreated || c.Order != 2 || c.Heuristic.HalfLife != 3*day ||
					c.Shapley.MinJourneys != -1 || c.Heuristic.Custom != (attribution.Weights{First: 0.5, Last: 0.5}) || o.By != "campaign" {
					t.Errorf("config %+v, lookback %d, level %v, milestone %v", c, o.lookback, o.level, o.milestone)
				}
			}},
		{name: "order too high", args: []string{"--markov-order", "5"}, code: ExitUsage},
		{name: "bad level", args: []string{"--level", "team"}, code: ExitUsage},
		{name: "bad model", args: []string{"--models", "magic"}, code: ExitUsage},
		{name: "blank separator", args: []string{"--sep", " "}, code: ExitUsage},
		{name: "bad plot", args: []string{"--plot", "chart.gif"}, code: ExitUsage},
		{name: "negative shapley guard", args: []string{"--shapley-min-journeys", "-1"}, code: ExitUsage},
	})
}

func TestVelocityFlags(t *testing.T) {
	t.Parallel()
	testFlags(t, newVelocityCmd, []flagCase[*velocityOptions]{
		{name: "defaults", check: func(t *testing.T, o *velocityOptions) {
			v := o.opts
			if v.Period != velocity.Month || v.AlertMin != velocity.DefaultAlertMin || v.AlertSlower != 0 || v.Order != nil || v.Detail {
				t.Errorf("defaults %+v", v)
			}
		}},
		{name: "set", args: []string{"--stage-order", "mql,sql", "--period", "quarter", "--by", "region", "--within", "90d",
			"--alert-slower", "25%", "--alert-min", "3", "--detail", "--pairs", "mql:customer", "--plot", "v.svg"},
			check: func(t *testing.T, o *velocityOptions) {
				v := o.opts
				if !slices.Equal(v.Order, []string{"mql", "sql"}) || v.Period != velocity.Quarter || !slices.Equal(v.By, []string{"region"}) ||
					v.Within != 90*day || v.AlertSlower != 0.25 || v.AlertMin != 3 || !v.Detail ||
					!slices.Equal(v.Pairs, []velocity.Pair{{From: "mql", To: "customer"}}) || o.Plot != "v.svg" {
					t.Errorf("options %+v", v)
				}
			}},
		{name: "slower as a fraction", args: []string{"--alert-slower", "0.4"}, check: func(t *testing.T, o *velocityOptions) {
			if o.opts.AlertSlower != 0.4 {
				t.Errorf("alert slower %g", o.opts.AlertSlower)
			}
		}},
		{name: "zero slower", args: []string{"--alert-slower", "0%"}, code: ExitUsage},
		// A bare number is a fraction in (0, 1]: 25 (read as 2500% once,
		// an alert that never fires) is an error; 1 is 100%.
		{name: "bare 25", args: []string{"--alert-slower", "25"}, code: ExitUsage},
		{name: "bare 1.5", args: []string{"--alert-slower", "1.5"}, code: ExitUsage},
		{name: "slower 1", args: []string{"--alert-slower", "1"}, check: func(t *testing.T, o *velocityOptions) {
			if o.opts.AlertSlower != 1 {
				t.Errorf("alert slower %g, want 1", o.opts.AlertSlower)
			}
		}},
		{name: "slower 150%", args: []string{"--alert-slower", " 150 % "}, check: func(t *testing.T, o *velocityOptions) {
			if o.opts.AlertSlower != 1.5 {
				t.Errorf("alert slower %g, want 1.5", o.opts.AlertSlower)
			}
		}},
		{name: "slower over 10000%", args: []string{"--alert-slower", "10001%"}, code: ExitUsage},
		{name: "bad period", args: []string{"--period", "year"}, code: ExitUsage},
		{name: "zero within", args: []string{"--within", "0d"}, code: ExitUsage},
		{name: "bad plot", args: []string{"--plot", "chart.gif"}, code: ExitUsage},
	})
}

func TestSizeFlags(t *testing.T) {
	t.Parallel()
	testFlags(t, newSizeCmd, []flagCase[*sizeOptions]{
		{name: "set", args: []string{"--by", "region, industry", "--units-col", "employees", "--price", "40", "--filter", "employees>=200",
			"--min-leads", "3", "--use-leads", "--stage-order", "mql,sql"},
			check: func(t *testing.T, o *sizeOptions) {
				m := o.opts
				if !slices.Equal(m.By, []string{"region", "industry"}) || m.UnitsColumn != "employees" || m.Units != 1 || m.Price != 40 ||
					m.Filter != "employees>=200" || m.MinLeads != 3 || !m.UseLeads || !slices.Equal(m.Order, []string{"mql", "sql"}) {
					t.Errorf("options %+v", m)
				}
			}},
		{name: "prices file only", args: []string{"--prices", "prices.csv", "--units", "5"}, check: func(t *testing.T, o *sizeOptions) {
			if o.Prices != "prices.csv" || o.opts.Price != 0 || o.opts.Units != 5 {
				t.Errorf("prices %q, options %+v", o.Prices, o.opts)
			}
		}},
		{name: "no price", code: ExitUsage},
		{name: "zero price given", args: []string{"--price", "0", "--prices", "prices.csv"}, code: ExitUsage},
		{name: "zero units", args: []string{"--price", "10", "--units", "0"}, code: ExitUsage},
		{name: "bad filter", args: []string{"--price", "10", "--filter", "employees~3"}, code: ExitUsage},
		{name: "zero min leads", args: []string{"--price", "10", "--min-leads", "0"}, code: ExitUsage},
	})
}

func TestReportFlags(t *testing.T) {
	t.Parallel()
	testFlags(t, newReportCmd, []flagCase[*reportOptions]{
		{name: "set", args: []string{"--month", "2026-10", "--months", "6", "--top-leads", "10", "--model", "m.json"},
			check: func(t *testing.T, o *reportOptions) {
				if o.Month != "2026-10" || o.Months != 6 || o.TopLeads != 10 || o.Model != "m.json" {
					t.Errorf("options %+v", o)
				}
			}},
		{name: "last", args: []string{"--month", "last"}, check: func(t *testing.T, o *reportOptions) {
			if o.Month != "last" {
				t.Errorf("month %q", o.Month)
			}
		}},
		// The output is checked by the run: the config may name it.
		{name: "output left to the run", args: []string{"--month", "last"}, global: globalOptions{Format: "yaml"}},
		{name: "sheet inputs", args: []string{"--month", "last", "--web", "w.csv", "--attendees", "a.csv"}, check: func(t *testing.T, o *reportOptions) {
			if o.Web != "w.csv" || *o.inputs.paths[funnel.Attendees] != "a.csv" {
				t.Errorf("web %q, attendees %q", o.Web, *o.inputs.paths[funnel.Attendees])
			}
		}},
		{name: "no month", code: ExitUsage},
		{name: "bad month", args: []string{"--month", "2026-13"}, code: ExitUsage},
		{name: "negative months", args: []string{"--month", "last", "--months", "-1"}, code: ExitUsage},
	})
}

func TestInspectFlags(t *testing.T) {
	t.Parallel()
	testFlags(t, newInspectCmd, []flagCase[*inspectOptions]{
		{name: "files", args: []string{"a.csv", "b.xlsx#Deals", "--as", "opportunities"}, check: func(t *testing.T, o *inspectOptions) {
			if !slices.Equal(o.Files, []string{"a.csv", "b.xlsx#Deals"}) || o.As != "opportunities" {
				t.Errorf("files %q, as %q", o.Files, o.As)
			}
		}},
		{name: "no file", code: ExitUsage},
		{name: "bad input", args: []string{"a.csv", "--as", "contacts"}, code: ExitUsage},
	})
}

func TestSampleFlags(t *testing.T) {
	t.Parallel()
	testFlags(t, newSampleCmd, []flagCase[*sampleOptions]{
		{name: "set", args: []string{"--out-dir", "dir", "--lead-count", "100", "--seed", "7", "--history-months", "18"}, check: func(t *testing.T, o *sampleOptions) {
			if o.Out != "dir" || o.Leads != 100 || o.Seed != 7 || o.Months != 18 {
				t.Errorf("options %+v", o)
			}
		}},
		{name: "no out", code: ExitUsage},
		{name: "no leads", args: []string{"--out-dir", "dir", "--lead-count", "0"}, code: ExitUsage},
		{name: "too few months", args: []string{"--out-dir", "dir", "--history-months", "11"}, code: ExitUsage},
	})
}

func TestDemoFlags(t *testing.T) {
	t.Parallel()
	testFlags(t, newDemoCmd, []flagCase[*demoOptions]{
		// Without --format and -o the demo writes a table, in its own
		// output options: the shared flags stay as they were given.
		{name: "table by default", args: []string{"--out-dir", "dir"}, check: func(t *testing.T, o *demoOptions) {
			if o.Out != "dir" || o.output().Format != "table" || o.g.Format != "" {
				t.Errorf("out %q, format %q, the flag %q", o.Out, o.output().Format, o.g.Format)
			}
		}},
		{name: "format given", global: globalOptions{Format: "json"}, check: func(t *testing.T, o *demoOptions) {
			if o.output().Format != "json" {
				t.Errorf("format %q", o.output().Format)
			}
		}},
		{name: "output file given", global: globalOptions{Output: "demo.md"}, check: func(t *testing.T, o *demoOptions) {
			if f, _ := o.output().format(); o.output().Format != "" || f.String() != "md" {
				t.Errorf("format %q (%v)", o.output().Format, f)
			}
		}},
		{name: "bad format", global: globalOptions{Format: "yaml"}, code: ExitUsage},
	})
}

func TestConfigCheckFlags(t *testing.T) {
	t.Parallel()
	testFlags(t, newConfigCheckCmd, []flagCase[*configCheckOptions]{
		{name: "month", args: []string{"--month", "2026-10", "--leads", "l.csv"}, check: func(t *testing.T, o *configCheckOptions) {
			if o.Month != "2026-10" || *o.inputs.paths[funnel.Leads] != "l.csv" {
				t.Errorf("month %q, leads %q", o.Month, *o.inputs.paths[funnel.Leads])
			}
		}},
		{name: "no month", check: func(t *testing.T, o *configCheckOptions) {
			if o.Month != "" || o.inputs.any() {
				t.Errorf("month %q, inputs given %v", o.Month, o.inputs.any())
			}
		}},
		{name: "bad month", args: []string{"--month", "2026-13"}, code: ExitUsage},
		{name: "an argument", args: []string{"funnel.yaml"}, code: ExitUsage},
	})
}

// TestInputFlags: every input flag a command declares lands in its
// inputFlags (here fit's, which reads four inputs).
func TestInputFlags(t *testing.T) {
	t.Parallel()
	o, code, stderr := parseFlags(t, &globalOptions{}, newFitCmd, "--target", "won",
		"--leads", "l.csv", "--touches", "t.csv.gz", "--stages", "s.xlsx#History", "--opportunities", "-")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got []string
	for _, k := range o.inputs.kinds {
		got = append(got, k.String()+"="+*o.inputs.paths[k])
	}
	if want := "leads=l.csv touches=t.csv.gz stages=s.xlsx#History opportunities=-"; strings.Join(got, " ") != want {
		t.Errorf("inputs %s, want %s", strings.Join(got, " "), want)
	}
}
