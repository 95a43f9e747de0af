package scoring

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"github.com/funnel-analytics/funnel/funnel"
)

// Model file identity. ModelVersion changes whenever the layout or the
// meaning of a field changes; DecodeModel refuses other versions.
const (
	ModelSchema  = "funnel.lead_score"
	ModelVersion = 1
)

// ErrModelVersion is wrapped by DecodeModel's error for a model file of
// another schema version.
var ErrModelVersion = errors.New("model file of another schema version")

// ModelFile is the versioned JSON form of a fitted model (`funnel fit
// --model FILE`), everything `funnel score` needs to score new leads the
// same way: the target, the feature settings and encodings, the terms with
// their coefficients and points, the scaling, the MQL threshold, the grade
// cuts, a training summary and a fingerprint of the training design.
type ModelFile struct {
	Schema  string `json:"schema"`
	Version int    `json:"version"`
	// Family is "gamma" or "lognormal" for a deal-size model, whose
	// Amount section says how it predicts; "" (binomial) for a win model.
	Family      string         `json:"family,omitempty"`
	Target      ModelTarget    `json:"target"`
	Features    ModelFeatures  `json:"features"`
	Terms       []ModelTerm    `json:"terms"`
	Scaling     ModelScaling   `json:"scaling"`
	Threshold   ModelThreshold `json:"threshold"`
	Grades      ModelGrades    `json:"grades"`
	Training    ModelTraining  `json:"training"`
	Fingerprint string         `json:"data_fingerprint"`
	Amount      *ModelAmount   `json:"amount,omitempty"`
}

// ModelTarget is what the model predicts.
type ModelTarget struct {
	Column   string `json:"column,omitempty"`
	Positive string `json:"positive,omitempty"`
	Stage    string `json:"stage,omitempty"`
}

// ModelFeatures are the feature settings: touch terms (one per activity
// type, in term order), their window, decay and transform, and the leads
// columns' encodings.
type ModelFeatures struct {
	ActivityTypes []string   `json:"activity_types"`
	WindowDays    float64    `json:"window_days"`    // 0 = all history before the cutoff
	HalfLifeDays  float64    `json:"half_life_days"` // 0 = no decay
	Transform     string     `json:"transform"`
	Missing       string     `json:"missing"`
	MinLevelCount int        `json:"min_level_count"`
	Encodings     []Encoding `json:"encodings"`
}

// ModelTerm is one term: its coefficient (log-odds per unit), standard
// error (absent when not estimated) and points per unit.
type ModelTerm struct {
	Name      string   `json:"name"`
	Status    string   `json:"status"` // estimated, aliased or constant
	Estimate  float64  `json:"estimate"`
	StdError  *float64 `json:"std_error,omitempty"`
	Points    float64  `json:"points"`
	Separated int      `json:"separated,omitempty"`
}

// ModelScaling is the points scaling (see PointScale). PointsScale is
// the step the points were rounded to (1, 0.5, 0.1): a model file
// written before it was stated (0 once read) has whole points, and
// DecodeModel sets 1.
type ModelScaling struct {
	Factor      float64 `json:"factor"`
	Offset      float64 `json:"offset"`
	PointsScale float64 `json:"points_scale"`
	Formula     string  `json:"formula"`
}

// ModelThreshold is the MQL cut-off on the score scale.
type ModelThreshold struct {
	Score     float64 `json:"score"`
	Rule      string  `json:"rule"` // max_f1 or capacity
	Capacity  float64 `json:"capacity,omitempty"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
}

// ModelGrades are the training-score quartiles: A at or above A, B at or
// above B, C at or above C, D below.
type ModelGrades struct {
	A float64 `json:"a"`
	B float64 `json:"b"`
	C float64 `json:"c"`
}

// ModelTraining summarizes the training fit.
type ModelTraining struct {
	Rows          int      `json:"rows"`
	Positives     int      `json:"positives"`
	RowsDropped   int      `json:"rows_dropped"`
	AsOf          string   `json:"as_of"`
	Penalty       string   `json:"penalty"`
	Lambda        float64  `json:"lambda,omitempty"`
	Iterations    int      `json:"iterations"`
	Converged     bool     `json:"converged"`
	LogLikelihood float64  `json:"log_likelihood"`
	AUC           float64  `json:"auc"`
	LogLoss       float64  `json:"log_loss"`
	Brier         float64  `json:"brier"`
	CVAUC         *float64 `json:"cv_auc,omitempty"`
}

// File returns the model's ModelFile.
func (m *Model) File() *ModelFile {
	if m.Amount != nil {
		return m.amountFile()
	}
	cfg := m.Config.Features
	reg := m.Regression
	mf := &ModelFile{
		Schema:    ModelSchema,
		Version:   ModelVersion,
		Target:    ModelTarget{Column: cfg.Target, Positive: cfg.Positive, Stage: cfg.TargetStage},
		Features:  m.modelFeatures(),
		Scaling:   ModelScaling{Factor: m.Scale.Factor, Offset: m.Scale.Offset, PointsScale: orStep(m.Scale.Step), Formula: m.Scale.Formula()},
		Threshold: ModelThreshold{Score: m.Threshold.Cutoff, Rule: m.ThresholdRule, Capacity: m.Config.Capacity, Precision: finite(m.Threshold.Precision), Recall: finite(m.Threshold.Recall)},
		Grades:    ModelGrades{A: m.GradeCuts[0], B: m.GradeCuts[1], C: m.GradeCuts[2]},
		Training: ModelTraining{
			Rows: reg.Rows, Positives: reg.Positives, RowsDropped: m.Features.RowsDropped,
			AsOf: funnel.FormatTime(m.Features.AsOf, false), Penalty: reg.Penalty.String(), Lambda: reg.Lambda,
			Iterations: reg.Iterations, Converged: reg.Converged, LogLikelihood: reg.LogLikelihood,
			AUC: m.AUC, LogLoss: m.LogLoss, Brier: m.Brier,
		},
		Fingerprint: fingerprint(m.Features.Design, m.Features.Y),
	}
	if m.CV != nil {
		v := m.CV.MeanAUC
		mf.Training.CVAUC = &v
	}
	for j, t := range reg.Terms {
		mt := modelTerm(t.Name, t.Status, t.Estimate, t.StdError)
		mt.Points, mt.Separated = m.Scale.Points[j], t.Separated
		mf.Terms = append(mf.Terms, mt)
	}
	return mf
}

// modelTerm is the model file's record of a fitted term (a win model's
// or a deal-size model's): its name and status, and when estimated its
// estimate and finite standard error.
func modelTerm(name string, status TermStatus, estimate, stdError float64) ModelTerm {
	mt := ModelTerm{Name: name, Status: status.String()}
	if status == TermEstimated {
		mt.Estimate = estimate
		if !math.IsNaN(stdError) && !math.IsInf(stdError, 0) {
			mt.StdError = &stdError
		}
	}
	return mt
}

// modelFeatures returns the feature settings of the model file.
func (m *Model) modelFeatures() ModelFeatures {
	cfg := m.Config.Features
	return ModelFeatures{
		ActivityTypes: append([]string{}, m.Features.ActivityTypes...),
		WindowDays:    float64(cfg.Window) / funnel.SecondsPerDay,
		HalfLifeDays:  float64(cfg.HalfLife) / funnel.SecondsPerDay,
		Transform:     orDefault(cfg.Transform, TransformNone).String(),
		Missing:       orDefault(cfg.Missing, MissingDrop).String(),
		MinLevelCount: max(cfg.MinLevelCount, 1),
		Encodings:     append([]Encoding{}, m.Features.Encodings...),
	}
}

func orDefault[T ~int](v, def T) T {
	if v == 0 {
		return def
	}
	return v
}

// finite returns v, or 0 for NaN and infinities (which JSON cannot hold).
func finite(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

// fingerprint returns a SHA-256 digest (hex, 16 bytes) of the design's
// term names, values and target: equal for equal training data.
func fingerprint(d *Design, y []float64) string {
	h := sha256.New()
	for _, n := range d.Names {
		h.Write([]byte(n))
		h.Write([]byte{0})
	}
	var b [8]byte
	for i := range d.Rows {
		for _, v := range d.Row(i) {
			binary.LittleEndian.PutUint64(b[:], math.Float64bits(v))
			h.Write(b[:])
		}
	}
	for _, v := range y {
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(v))
		h.Write(b[:])
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Encode returns the model file as indented JSON with a final newline.
func (mf *ModelFile) Encode() ([]byte, error) {
	b, err := json.MarshalIndent(mf, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("scoring: encoding the model: %w", err)
	}
	return append(b, '\n'), nil
}

// DecodeModel reads a model file; name is the file's name for errors. It
// refuses files that are not funnel lead-score models, of another schema
// version (wrapping ErrModelVersion), or whose terms do not follow from
// their features.
func DecodeModel(data []byte, name string) (*ModelFile, error) {
	var head struct {
		Schema  string `json:"schema"`
		Version int    `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("%s: not a funnel model file: %s", name, jsonError(data, err))
	}
	if head.Schema != ModelSchema {
		return nil, fmt.Errorf("%s: not a funnel lead-score model (schema %q, want %q)", name, head.Schema, ModelSchema)
	}
	if head.Version != ModelVersion {
		return nil, fmt.Errorf("%s: %w: version %d, this funnel reads version %d; refit the model with this funnel", name, ErrModelVersion, head.Version, ModelVersion)
	}
	var mf ModelFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&mf); err != nil {
		return nil, fmt.Errorf("%s: %s", name, jsonError(data, err))
	}
	if mf.Scaling.PointsScale == 0 { // written before the step was stated
		mf.Scaling.PointsScale = DefaultPointsStep
	}
	if err := mf.check(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &mf, nil
}

// jsonError words a JSON error with the line and column it points at.
func jsonError(data []byte, err error) string {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 || off > int64(len(data)) {
		return err.Error()
	}
	// The offset counts the offending byte: point at it.
	if off > 0 {
		off--
	}
	line, col := 1, 1
	for _, c := range data[:off] {
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return fmt.Sprintf("line %d, column %d: %v", line, col, err)
}

// termNames returns the terms the features define, intercept first.
func (f *ModelFeatures) termNames() []string {
	names := []string{InterceptName}
	names = append(names, f.ActivityTypes...)
	for k := range f.Encodings {
		names = append(names, f.Encodings[k].Terms()...)
	}
	return names
}

// check verifies the file's internal consistency.
func (mf *ModelFile) check() error {
	if err := mf.checkFamily(); err != nil {
		return err
	}
	if _, err := ParseTransform(mf.Features.Transform); err != nil {
		return err
	}
	if _, err := ParseMissing(mf.Features.Missing); err != nil {
		return err
	}
	if err := CheckPointsStep(mf.Scaling.PointsScale); err != nil {
		return fmt.Errorf("scaling: points_scale %w", err)
	}
	for _, e := range mf.Features.Encodings {
		if e.Kind != "numeric" && e.Kind != "categorical" {
			return fmt.Errorf("encoding of %q has kind %q (want numeric or categorical)", e.Column, e.Kind)
		}
	}
	want := mf.Features.termNames()
	if len(want) != len(mf.Terms) {
		return fmt.Errorf("the model has %d terms but its features define %d", len(mf.Terms), len(want))
	}
	for j, t := range mf.Terms {
		if t.Name != want[j] {
			return fmt.Errorf("term %d is %q but its features define %q there", j+1, t.Name, want[j])
		}
		if math.IsNaN(t.Estimate) || math.IsInf(t.Estimate, 0) || math.IsNaN(t.Points) || math.IsInf(t.Points, 0) {
			return fmt.Errorf("term %q has no finite estimate or points", t.Name)
		}
	}
	return nil
}
