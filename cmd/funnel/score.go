package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/scoring"
	"github.com/funnel-analytics/funnel/velocity"
)

type scoreOptions struct {
	g      *globalOptions
	inputs *inputFlags

	Model          string
	Grades         string
	WinModel       string
	Decay          string
	RecyclePenalty float64
	SQL            bool
	View           string
	db             warehouseFlags // --db-table, --dialect (warehouse.go)

	grades   []float64
	halfLife int64
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
(e.g. "demo_request +31"); with a deal-size model, the expected amount.

More: 'funnel help regression', 'funnel help score-decay', 'funnel help deal-size',
'funnel help warehouse'.`,
		Example: `  funnel score --model model.json --data exports -o scores.csv
  funnel score --model model.json --data exports --decay 90d --recycle-penalty 10`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return dispatch(opts, runF, scoreRun, opts.parse, g.checkOutputs(opts.inputs))
		},
	}
	opts.inputs = addInputFlags(cmd, funnel.Leads, funnel.Touches, funnel.Stages)
	cmd.Flags().StringVar(&opts.Model, "model", "", "model `FILE` saved by 'funnel fit --model'")
	cmd.Flags().StringVar(&opts.Grades, "grades", "", "grade cut-offs A,B,C as three descending scores (default: the training quartiles)")
	cmd.Flags().StringVar(&opts.WinModel, "win-model", "", "with a deal-size --model: the win model `FILE`, for the expected value P(win) x E[amount]")
	cmd.Flags().StringVar(&opts.Decay, "decay", "", "halve the score per `HALF_LIFE` since the lead's last activity: score x 2^(-days/half-life), e.g. 90d")
	cmd.Flags().Float64Var(&opts.RecyclePenalty, "recycle-penalty", 0, "take `POINTS` off a lead recycled (sent back down the stages of --stages) until its next activity")
	cmd.Flags().BoolVar(&opts.SQL, "sql", false, "print the score as a SQL view (CREATE VIEW) over the tables named with --db-table, without connecting: the nightly scoring runs in the warehouse")
	cmd.Flags().StringVar(&opts.View, "view", "lead_score", "with --sql: the `name` of the view (schema.view or view)")
	addWarehouseFlags(cmd, &opts.db, "the leads and touches are streamed and scored as files are (--sql prints the score as a view instead, without connecting)", false)
	opts.inputs.fromDatabase(&opts.db, "score")
	return cmd
}

// parse validates --model and --grades.
func (o *scoreOptions) parse() error {
	if o.Model == "" {
		return usagef("--model FILE is required (save one with 'funnel fit --model FILE')")
	}
	if o.Decay != "" {
		var err error
		if o.halfLife, err = funnel.ParseDuration(o.Decay); err != nil || o.halfLife <= 0 {
			return usagef("--decay %q: want a positive half-life such as 90d", o.Decay)
		}
	}
	if !(o.RecyclePenalty >= 0) || math.IsInf(o.RecyclePenalty, 0) {
		return usagef("--recycle-penalty %g: want a number of points, 0 or more", o.RecyclePenalty)
	}
	if *o.inputs.paths[funnel.Stages] != "" && o.RecyclePenalty == 0 {
		return usagef("--stages is read for --recycle-penalty only")
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
	if len(o.db.Tables) > 0 && !o.db.given(g, o.inputs) {
		return usagef("--db-table names the tables of the view --sql prints, or of --db: add --sql or --db URL")
	}
	mf, err := readModel("--model", o.Model)
	if err != nil {
		return err
	}
	sopts := scoring.ScoreOptions{Grades: o.grades, HalfLife: o.halfLife, RecyclePenalty: o.RecyclePenalty}
	if mf.IsAmount() && o.WinModel == "" && (o.halfLife > 0 || o.RecyclePenalty > 0) {
		return fmt.Errorf("--model %s: a %s deal-size model has no points for --decay or --recycle-penalty to adjust; give the win model as --win-model", o.Model, mf.Family)
	}
	if o.WinModel != "" { // --model is the deal-size model, scored beside the win model
		win, err := readModel("--win-model", o.WinModel)
		if err != nil {
			return err
		}
		mf, sopts.Amount = win, mf
	}
	// --as-of is read before the inputs, so that the touches can be
	// counted per lead as they are read (memory per lead, not per touch).
	if sopts.AsOf, err = g.asOfBeforeInputs(); err != nil {
		return err
	}
	read := *o.inputs // a copy: how this run reads, not the flags
	required := []funnel.TableKind{funnel.Leads}
	if o.RecyclePenalty > 0 {
		required = append(required, funnel.Stages)
	} else {
		read.kinds = []funnel.TableKind{funnel.Leads, funnel.Touches}
	}
	sopts.Counted = scoring.NewScoreCounter(mf, sopts)
	read.sink = sopts.Counted.Sink
	if sopts.Amount != nil { // both models count the touches as they are read
		sopts.AmountCounted = scoring.NewScoreCounter(sopts.Amount, scoring.ScoreOptions{AsOf: sopts.AsOf})
		read.sink = scoring.Sinks(sopts.Counted, sopts.AmountCounted)
	}
	in, err := g.readInputs(&read, required...)
	if err != nil {
		return err
	}
	in.add(o.Model, nil)
	var ladder []string
	if o.RecyclePenalty > 0 {
		var lad velocity.Ladder
		var warnings []string
		if sopts.Recycled, lad, warnings, err = velocity.LastRecycles(in.ds, velocity.Options{AsOf: asOfTime(sopts.AsOf)}); err != nil {
			return err
		}
		in.ds.Warnings = append(in.ds.Warnings, warnings...)
		ladder = lad.Stages
	}
	s, err := scoring.Score(in.ds, mf, sopts)
	if err != nil {
		return err
	}
	rep := s.Report(mf)
	if ladder != nil {
		rep.AddMeta("recycle_ladder", strings.Join(ladder, " > "))
	}
	if sopts.Amount != nil {
		rep.AddMeta("deal_size_model", fmt.Sprintf("%s (%s, fingerprint %s)", o.Model, sopts.Amount.Family, sopts.Amount.Fingerprint))
	}
	return g.writeReport(in.withWarnings(rep), in.paths())
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
