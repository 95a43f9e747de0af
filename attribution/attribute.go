package attribution

import (
	"errors"
	"fmt"
)

// Config selects and parameterizes the models of Attribute.
type Config struct {
	// Models to run; nil runs every model the journeys allow: first_touch,
	// last_touch, linear_touch, position_based, time_decay (with touch
	// times, or its credit given: SetDecayCredit), w_shaped and full_path
	// (with milestones, or their credit given: SetMarkerCredit), custom (when Heuristic.Custom is set), markov,
	// and shapley (up to MaxShapleyChannels channels).
	Models    []Model
	Heuristic HeuristicConfig
	// Order is the Markov order (1..4; 0 means 1), unless AutoOrder picks
	// it with ChooseOrder(OrderSearch).
	Order       int
	AutoOrder   bool
	OrderSearch OrderConfig
	// MarkovLimits bounds the Markov chain; the zero value is the default.
	MarkovLimits MarkovLimits
	// Shapley chooses the characteristic function of the shapley model and
	// its support guard; the zero value is the default.
	Shapley ShapleyConfig
	// Costs, when set, add cost and ROI columns and the campaign_roi table.
	Costs *Costs
}

// Result holds the credits of every model run on one set of journeys.
type Result struct {
	Journeys *Journeys
	Credits  []*Credit // one per model, in the order of Config.Models
	Markov   *MarkovResult
	Shapley  *ShapleyResult
	Order    *OrderChoice // set when the Markov order was chosen automatically
	Costs    *Costs
	Warnings []string
}

// Attribute runs the configured models on the journeys. A model the
// journeys cannot support is an error when asked for explicitly
// (ErrNeedsTimestamps, ErrNeedsMarkers, ErrTooManyChannels; a Markov chain
// over Config.MarkovLimits is ErrTooManyStates) and skipped
// silently (Shapley: with a warning) when Models is nil. Journeys without
// a conversion are ErrNoConversions.
func Attribute(j *Journeys, cfg Config) (*Result, error) {
	conv, value, nulls := j.Totals()
	if conv <= 0 {
		if nulls > 0 {
			return nil, fmt.Errorf("%w: %s journeys, none of them converting", ErrNoConversions, fmtCount(nulls))
		}
		return nil, fmt.Errorf("%w: no journeys", ErrNoConversions)
	}
	if cfg.Costs != nil && j.By != "" && cfg.Costs.By != j.By {
		return nil, fmt.Errorf("the costs are by %s but the attribution is by %s: give costs by %s", cfg.Costs.By, j.By, j.By)
	}
	res := &Result{Journeys: j, Costs: cfg.Costs}
	res.Warnings = append(res.Warnings, j.Warnings...)
	models := cfg.Models
	if models == nil {
		models = []Model{FirstTouch, LastTouch, LinearTouch, PositionBased}
		if j.hasDecay() {
			models = append(models, TimeDecay)
		}
		if j.hasMarkerModels() {
			models = append(models, WShaped, FullPath)
		}
		if cfg.Heuristic.Custom != (Weights{}) {
			models = append(models, Custom)
		}
		models = append(models, Markov)
		if j.NumChannels() <= MaxShapleyChannels {
			models = append(models, Shapley)
		} else {
			res.Warnings = append(res.Warnings, fmt.Sprintf("shapley left out: %d channels, at most %d (use --by with fewer levels)", j.NumChannels(), MaxShapleyChannels))
		}
	}
	if !j.NullsKnown() || nulls == 0 {
		for _, m := range models {
			if m == Markov || m == Shapley && cfg.Shapley.Function == ShapleyAuto {
				res.Warnings = append(res.Warnings, "no null (non-converting) journeys: the Markov chain converts every journey and Shapley uses conversion counts, not rates; give total_null (or touches of non-converting leads) for data-driven credit")
				break
			}
		}
	}
	if value == 0 && !j.valueless {
		res.Warnings = append(res.Warnings, "the conversions carry no value (total value 0): every _value column is 0; give total_conversion_value (or a value column) to split value")
	}
	for _, m := range models {
		switch m {
		case Markov:
			order := cfg.Order
			if cfg.AutoOrder {
				oc, err := ChooseOrder(j, cfg.OrderSearch)
				if err != nil {
					return nil, err
				}
				res.Order = oc
				order = oc.Order
			}
			if order == 0 {
				order = 1
			}
			mr, err := MarkovModelLimits(j, order, cfg.MarkovLimits)
			if err != nil {
				return nil, fmt.Errorf("markov: %w", err)
			}
			res.Markov = mr
			res.Credits = append(res.Credits, &mr.Credit)
		case Shapley:
			sr, err := ShapleyModel(j, cfg.Shapley)
			if err != nil {
				return nil, fmt.Errorf("shapley: %w", err)
			}
			for _, w := range sr.Warnings {
				res.Warnings = append(res.Warnings, "shapley: "+w)
			}
			res.Shapley = sr
			res.Credits = append(res.Credits, &sr.Credit)
		default:
			cr, err := Heuristic(j, m, cfg.Heuristic)
			if err != nil {
				if errors.Is(err, ErrNeedsMarkers) || errors.Is(err, ErrNeedsTimestamps) {
					return nil, err
				}
				return nil, fmt.Errorf("%s: %w", m, err)
			}
			res.Credits = append(res.Credits, cr)
		}
	}
	return res, nil
}
