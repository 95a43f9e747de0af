// Package velocity measures how fast entities (leads, contacts, accounts,
// opportunities) move through the stages of a funnel and how many advance:
// the computational core of `funnel velocity` (Analyze, Result.Report).
// It does no I/O: it takes funnel tables and typed options and returns
// result structs and a *funnel.Report. Package market (`funnel size`)
// builds on it: it reads the stage ladder through Furthest, groups its
// segments with the --by grouping of by.go (ByColumn, GroupRows) and
// decides deals with OpportunityOutcomes; velocity never imports market.
//
// Stage entries (events.go, wide.go) come from a stages table in the long
// layout (entity_id, stage, entered_at) or the wide layout (one time column
// per stage: HubSpot "Became a <Stage> Date" and "Date entered <Stage>
// (Pipeline)" headers, an explicit mapping "Engaged=engage_date", else
// every time column without a role). Stage names are matched to the ladder
// (ladder.go) case- and punctuation-insensitively, with the aliases listed
// at Aliases. The ladder is Options.Order, else the nine-stage Lifecycle
// restricted to the stages present when every name falls in it, else the
// wide columns' order, else the order entities most often follow
// (Copeland ranking of first entries), won stages last in the two
// inferred orders; meta ladder_source says which. Terminal lost stages
// (funnel.IsLostStage: Closed Lost, Disqualified, ...) are never rungs unless
// Options.Order names them: an entry into one is an exit from the rung the
// record was in (ExitRow, the exits table). A field history table (Field
// / Event, Old Value, New Value, Edit Date; HubSpot property history) is
// read as the long table of its stage field (history.go).
//
// Definitions (transitions.go), for each entity, its entries sorted by time,
// ties by ladder order, then file order; exact duplicates (same entity,
// stage and time) count once:
//
//   - Transition S_k -> S_k+1: every entry into S_k+1 is matched to the
//     latest entry into S_k at or before it (same timestamp counts, with 0
//     days); days = (t_to - t_from) / 86400, exact seconds (whole days when
//     both columns hold dates). Re-entries count again and are numbered
//     (entry "sql-02"). Extra pairs (mql:customer) use the same rule.
//   - Recycle: an entry into S_j right after an entry into a higher stage
//     S_p (p > j); counted on the row S_j -> S_j+1 (the step the entity has
//     to make again), in the period of the entry into S_j.
//   - Lost exit: an entry into a lost stage; the entries before it that
//     had not advanced are resolved (neither advanced nor still open), and
//     recycles and skips look through it (to the rung entered before it).
//   - Skipped: an entry into S_j right after an entry into S_p, p < j-1: each
//     stage S_m in between counts once on the row S_m-1 -> S_m (the step
//     that did not happen), in the period of the entry into S_j. A skip is
//     never turned into a transition: S_j's entry still needs an S_j-1 entry.
//   - Period (periods.go): the calendar period (ISO week 2026-W05, month
//     2026-10, quarter 2026-Q4) of the later entry, in Options.Location;
//     entries from date-only columns are bucketed by their date (dates have
//     no time zone). Durations never depend on the zone.
//   - Conversion (conversion.go): see ConversionRow; alerts (alerts.go):
//     see Options.AlertSlower; pipeline velocity (pipeline.go): see
//     PipelineResult.
//
// Statistics (series.go): mean, median (middle value or mean of the two
// middle values) and p90 by R's type 7 / numpy's "linear" quantile, the
// default of pandas' Series.quantile; the figures agree with pandas to the
// last bit on testdata/velocity.
//
// As of (Options.AsOf): entries dated at or after it had not happened by
// then; they are left out of every table and counted in a warning, so a
// date in the future (a typo such as 2099) does not stretch the series.
// A period is complete when it ends by the as-of time; alerts judge the
// latest complete period against the three before it (with fewer, a
// warning says nothing was judged; means of 0 days are never slower).
//
// Entries in a database (pushed.go): NewPlan binds the distinct stage
// names an engine reports (Summary) to the ladder and fixes the periods'
// bounds; the engine computes by these definitions the cells per period
// and pair (Cells: counts, the sum of seconds, the median and p90 by
// type 7) and the trend statistics; Plan builds the same Result as
// Analyze. The observed ladder, --by, the wide and history layouts and
// the detail need the rows and have no Plan.
//
// Memory: a long stages file can be streamed (StageStream, Options.Stream:
// 16 bytes per stage entry, in blocks that are never copied, plus 4 bytes
// per entry while Analyze runs when an entity's rows are not together in
// the file); a stages table (needed by --by and --wide) is read in place,
// with 4 bytes per row when an entity's rows are not together. Analyze
// keeps 8 bytes per transition (exact medians need every duration) and a
// few bytes per distinct string of the Dict.
package velocity
