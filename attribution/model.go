package attribution

import (
	"fmt"
	"strings"
)

// Model is an attribution model.
type Model int

// The models. Their String values are the stable ids used in column names
// (first_touch_conversions, markov_value, ...).
const (
	FirstTouch Model = iota + 1
	LastTouch
	LinearTouch
	PositionBased
	TimeDecay
	WShaped
	FullPath
	Custom
	Markov
	Shapley
)

// Models lists every model in the order of the attribution table.
var Models = []Model{FirstTouch, LastTouch, LinearTouch, PositionBased, TimeDecay, WShaped, FullPath, Custom, Markov, Shapley}

var modelNames = map[Model]string{
	FirstTouch:    "first_touch",
	LastTouch:     "last_touch",
	LinearTouch:   "linear_touch",
	PositionBased: "position_based",
	TimeDecay:     "time_decay",
	WShaped:       "w_shaped",
	FullPath:      "full_path",
	Custom:        "custom",
	Markov:        "markov",
	Shapley:       "shapley",
}

// String returns the model's id, e.g. "linear_touch".
func (m Model) String() string {
	if s, ok := modelNames[m]; ok {
		return s
	}
	return fmt.Sprintf("Model(%d)", int(m))
}

// ParseModel returns the model whose id is s (case-insensitive; "-" is
// read as "_").
func ParseModel(s string) (Model, error) {
	t := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "-", "_")
	for _, m := range Models {
		if m.String() == t {
			return m, nil
		}
	}
	ids := make([]string, len(Models))
	for i, m := range Models {
		ids[i] = m.String()
	}
	return 0, fmt.Errorf("unknown model %q (one of %s)", s, strings.Join(ids, ", "))
}

// ParseModels reads a comma-separated list of model ids.
func ParseModels(s string) ([]Model, error) {
	var out []Model
	seen := map[Model]bool{}
	for _, f := range strings.Split(s, ",") {
		if strings.TrimSpace(f) == "" {
			continue
		}
		m, err := ParseModel(f)
		if err != nil {
			return nil, err
		}
		if !seen[m] {
			seen[m] = true
			out = append(out, m)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no model in %q", s)
	}
	return out, nil
}

// needsTimes reports whether model m needs touch timestamps.
func (m Model) needsTimes() bool { return m == TimeDecay }

// needsMarkers reports whether model m needs the lead-creation,
// opportunity-creation and closed-won touch of each journey.
func (m Model) needsMarkers() bool { return m == WShaped || m == FullPath }
