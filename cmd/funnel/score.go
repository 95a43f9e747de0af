package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/scoring"
)

type scoreOptions struct {
	g      *globalOptions
	inputs *inputFlags

	Model  string
	Grades string
	SQL    bool
	View   string
	db     warehouseFlags // --db-table, --dialect (warehouse.go)

	grades []float64
}

// maxModelBytes bounds the model file read: a model is a few kB.
const maxModelBytes = 16 << 20

func newScoreCmd(g *globalOptions, runF func(*scoreOptions) error) *cobra.Command {
	opts := &scoreOptions{g: g}
	cmd := &cobra.Command{
		Use:   "score --model FILE --leads FILE [--touches FILE]",
		Short: "Score leads with a model saved by 'funnel fit'",
		Long: `Which leads should sales call today? score applies a model saved by 'funnel
fit --model FILE' to your leads: per lead the probability of the outcome, a
0-100 score, a grade (A-D), whether it is an MQL, and the reasons in points
(e.g. "demo_request +31").

More: 'funnel help regression', 'funnel help warehouse'.`,
		Example: `  funnel score --model model.json --data exports -o scores.csv
  funnel score --model model.json --leads new-leads.csv --touches activity.csv --grades 80,60,40`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return dispatch(opts, runF, scoreRun, opts.parse, g.checkOutputs(opts.inputs))
		},
	}
	opts.inputs = addInputFlags(cmd, funnel.Leads, funnel.Touches)
	cmd.Flags().StringVar(&opts.Model, "model", "", "model `FILE` saved by 'funnel fit --model'")
	cmd.Flags().StringVar(&opts.Grades, "grades", "", "grade cut-offs A,B,C as three descending scores (default: the training quartiles)")
	cmd.Flags().BoolVar(&opts.SQL, "sql", false, "print the score as a SQL view (CREATE VIEW) over the tables named with --db-table, without connecting: the nightly scoring runs in the warehouse")
	cmd.Flags().StringVar(&opts.View, "view", "lead_score", "with --sql: the `name` of the view (schema.view or view)")
	addWarehouseFlags(cmd, &opts.db, "", true)
	return cmd
}

// parse validates --model and --grades.
func (o *scoreOptions) parse() error {
	if o.Model == "" {
		return usagef("--model FILE is required (save one with 'funnel fit --model FILE')")
	}
	if o.Grades == "" {
		return nil
	}
	o.grades = nil
	for _, part := range strings.Split(o.Grades, ",") {
		v, err := strconv.ParseFloat(strings.TrimSpace(part), 64)
		if err != nil {
			return usagef("--grades %q: want three scores such as 80,60,40", o.Grades)
		}
		o.grades = append(o.grades, v)
	}
	if len(o.grades) != 3 || !(o.grades[0] > o.grades[1] && o.grades[1] > o.grades[2]) {
		return usagef("--grades %q: want three descending scores (the lowest of A, B and C)", o.Grades)
	}
	return nil
}

func scoreRun(o *scoreOptions) error {
	g := o.g
	if o.SQL {
		return scoreSQLRun(o)
	}
	if len(o.db.Tables) > 0 {
		return usagef("--db-table names the tables of the view --sql prints: add --sql")
	}
	mf, err := readModel("--model", o.Model)
	if err != nil {
		return err
	}
	// --as-of is read before the inputs, so that the touches can be
	// counted per lead as they are read (memory per lead, not per touch).
	asOf, err := g.asOfBeforeInputs()
	if err != nil {
		return err
	}
	counter := scoring.NewScoreCounter(mf, asOf)
	sopts := scoring.ScoreOptions{AsOf: asOf, Grades: o.grades, Counted: counter}
	read := *o.inputs // a copy: how this run reads, not the flags
	read.sink = counter.Sink
	in, err := g.readInputs(&read, funnel.Leads)
	if err != nil {
		return err
	}
	in.add(o.Model, nil)
	s, err := scoring.Score(in.ds, mf, sopts)
	if err != nil {
		return err
	}
	return g.writeReport(in.withWarnings(s.Report(mf)), in.paths())
}

// readModel reads and checks a model file; what names where its path came
// from in errors (--model, or the config's scoring.model).
func readModel(what, path string) (*scoring.ModelFile, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("%s %s: %w", what, path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxModelBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", what, path, err)
	}
	if len(data) > maxModelBytes {
		return nil, fmt.Errorf("%s %s: larger than %d bytes: not a funnel model", what, path, maxModelBytes)
	}
	return scoring.DecodeModel(data, path)
}
