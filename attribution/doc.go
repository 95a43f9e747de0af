// Package attribution splits the credit for conversions over the touches
// that preceded them.
//
// Journeys (journeys.go) hold many customer journeys compactly: channels are
// small integer codes and identical paths are stored once with their
// conversion, value and null (non-converting) counts. They are read from a
// ChannelAttribution-layout path table (FromPaths), from a touch event log
// with a converted flag (FromTouches), or from touches and opportunities
// (FromOpportunities, B2B). AttributeDataset picks which of a dataset's
// inputs gives the journeys, joins the costs and runs the models: the one
// call of `funnel attribute`.
//
// Models: rule-based (first_touch, last_touch, linear_touch, position_based,
// time_decay, w_shaped, full_path, custom; heuristic.go), the Markov
// removal-effect model of order 1 to 4 solved exactly as an absorbing chain
// (markov.go, absorbing.go, order.go) and exact Shapley values over channel
// coalitions (shapley.go). Attribute runs a set of models and returns a
// Result; Result.Report builds the funnel.Report of `funnel attribute`.
//
// The package does no I/O: it takes funnel tables and plain values.
package attribution
