// Package market sizes a market by segment and measures each segment's
// progress through the funnel: the computational core of `funnel size`
// (Size, Result.Report). It does no I/O: it takes funnel tables and typed
// Options and returns a Result and a *funnel.Report.
//
// Besides funnel, market imports velocity, and only for what sizing must
// read as `funnel velocity` does: the stage ladder (stage names and their
// aliases, the inferred order, lost stages, the long, wide and field
// history layouts of a stages table) through velocity.Furthest; the
// grouping of rows by --by columns (velocity.ByColumn, velocity.GroupRows,
// funnel.Table.Named); and the outcome of each opportunity as of a date
// (velocity.OpportunityOutcomes). velocity never imports market.
//
// Definitions (market.go):
//
//   - Base table: the accounts table, else (or with Options.UseLeads) the
//     leads table; each row is an account that could buy.
//   - Target: a base row that passes Options.Filter (filter.go: see Filter;
//     a missing value never matches). excluded_by_filter = base rows -
//     targets.
//   - Segment: the targets that share their values of the By columns (a
//     missing value is ""); without By, one segment "all". With
//     Options.SplitValues a target whose text value holds several values
//     is in the segment of each (segments.go).
//   - Units: Σ over the segment's targets of Options.Units (default 1), or
//     of the target's Options.UnitsColumn value (missing counts 0).
//   - Price: the segment's price in Options.Prices (matched on the By
//     values, ignoring case and surrounding spaces), else Options.Price,
//     else none (NaN).
//   - market_size = units × price.
//   - reached_<stage>: targets whose furthest stage on the ladder, over
//     their own stage entries and their leads', is at or beyond <stage>
//     (an entry into a lost stage is an exit, not a stage reached).
//   - won, lost: closed opportunities of the segment's targets (linked by
//     account_id, else by lead_id through the lead's account), as of
//     Options.AsOf. Without an opportunities table but with a ladder of two
//     stages or more: won = reached the last stage, lost = reached the one
//     before it - won.
//   - win_rate = won / n, n = won + lost, with its 95% Wilson interval
//     (below); with n = 0 the win rate is NaN (NA) and the interval [0, 1].
//   - expected_revenue = market_size × win_rate.
//   - leads: the leads of the segment's targets (with the leads as base,
//     the targets themselves); ready = leads >= Options.MinLeads (default 1).
//
// The Wilson score interval (wilson.go) of k successes in n trials, at the
// two-sided level 0.95, clipped to [0, 1]:
//
//	z = Φ⁻¹(0.975),  p = k/n
//	[(p + z²/2n ∓ z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)]
//
// The market table lists the segments by market_size, descending (no
// price last), ties by their values, then a totals row: accounts, units,
// reached, won, lost and leads add up (a target in several segments counts
// in each); market_size and expected_revenue add up over the segments that
// have them (market_size 0 when no target passes the filter), NA when none
// has; price = market_size / units of the priced segments; the win rate
// and its interval pool the segments' won and lost.
//
// A segment without a price or without closed deals adds nothing to the
// totals' market_size or expected_revenue, and never a 0: the note column
// says so, on the segment ("no closed deals: win rate and expected revenue
// NA") and on the totals row, which names the segments left out
// ("expected_revenue adds up 1 of 2 segments: region=NA has no closed
// deals"). The note column is there with the win rate columns, and
// whenever a segment has no price.
package market
