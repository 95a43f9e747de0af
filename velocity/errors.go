package velocity

import "errors"

// Errors of data problems; check them with errors.Is.
var (
	// ErrNoStages: the stages table has neither the long roles (entity_id,
	// stage, entered_at) nor any stage time column.
	ErrNoStages = errors.New("no stage data")
	// ErrBadLadder: an explicit ladder or pair list names a stage twice, or
	// a pair's stages are not on the ladder in order.
	ErrBadLadder = errors.New("bad stage ladder")
	// ErrBadInput: a bad value or column in an input table (wrapped with the
	// file, line and column).
	ErrBadInput = errors.New("bad input")
	// ErrNotLong: a StageStream was given a stages file that is not in
	// the long layout with text ids and stages and a time column (a wide
	// file, whose stage columns a stream does not carry, or a file with
	// mistyped columns): read it as a table instead, which also gives the
	// exact error when there is one.
	ErrNotLong = errors.New("stages file not in the long layout")
	// ErrNoEntity: Furthest was given a stages table without an entity_id
	// column (a wide table whose rows are its entities), whose entities
	// cannot be named.
	ErrNoEntity = errors.New("stages table without entity_id")
)
