package attribution

import "errors"

// Errors of data problems; check them with errors.Is.
var (
	// ErrNoConversions: the journeys hold no conversion to attribute.
	ErrNoConversions = errors.New("no conversions to attribute")
	// ErrNeedsTimestamps: time_decay on journeys without touch times
	// (a path table).
	ErrNeedsTimestamps = errors.New("time_decay needs touch timestamps (a touches file), not a path table")
	// ErrNeedsMarkers: w_shaped or full_path without the lead-creation and
	// opportunity-creation touches (leads' and opportunities' created_at).
	ErrNeedsMarkers = errors.New("needs the leads' created_at and the opportunities' created_at (touches with --opportunities and --leads)")
	// ErrNeedsNulls: the rate characteristic function of Shapley on
	// journeys without null (non-converting) ones.
	ErrNeedsNulls = errors.New("the rate characteristic function needs null (non-converting) journeys")
	// ErrTooManyChannels: Shapley values over more channels than MaxShapleyChannels.
	ErrTooManyChannels = errors.New("too many channels for exact Shapley values")
	// ErrTooManyStates: a Markov chain over MarkovLimits (states at its
	// order, or channels).
	ErrTooManyStates = errors.New("chain too large")
	// ErrNoConvergence: an iterative solve of a large Markov chain block did
	// not reach machine precision.
	ErrNoConvergence = errors.New("Markov chain solve did not converge")
	// ErrNoJourneyInput: a dataset with no input that gives journeys (a
	// path table or touches; see AttributeDataset).
	ErrNoJourneyInput = errors.New("no path table and no touches to read journeys from")
	// ErrBadInput: a bad value in an input table (wrapped with file, line and column).
	ErrBadInput = errors.New("bad input")
)
