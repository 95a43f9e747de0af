// Package funnel holds the domain model of funnel: typed, columnar tables
// read from CRM and activity exports (leads, touches, stage events,
// opportunities, accounts, costs, paths), the canonical roles their columns
// are bound to, and the Report that every analysis returns and every
// renderer writes.
//
// Files become typed values once, at the edge (package funnel/ingest);
// analyses (packages scoring, accounts, attribution, velocity) take a
// *Dataset and return a *Report; package funnel/render writes a Report in
// every format.
//
// Whether an opportunity is won, lost or open is decided in one place,
// OpportunityOutcomes, for every command: from its status, closed flag,
// won flag or a stage name that says closed, never from a past close date
// alone (the close date of an open deal is the expected one).
package funnel
