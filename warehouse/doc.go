// Package warehouse reads funnel's inputs from a database instead of export
// files, and computes there the aggregates an analysis needs (push-down),
// so that only they cross the wire.
//
// Terms:
//
//   - Source: a database URL (PostgreSQL protocol, through pgx) and, per
//     input (touches, leads, ...), the table holding it (TableName,
//     "schema.table" or "table").
//   - Catalog columns: a table's column names and declared types, read from
//     PostgreSQL's catalog (pg_attribute: what information_schema.columns
//     gives, cheaper; other engines read information_schema). The names go through the file readers'
//     header binding (ingest.Bind: the same aliases and --col), and a bound
//     role takes its kind from the declared type (KindOf): a type that cannot
//     serve the role (text where a time is needed) is an error naming the
//     table and column.
//   - Dialect: the one place where SQL engines differ (quoting, date
//     arithmetic, epoch seconds, ordered string aggregation, ordered-set
//     percentiles); Postgres is the one tested against a server.
//   - Path table (attribute's push-down, PathSQL): per entity, touches in
//     time order (ties by the physical row order where the table has one:
//     PostgreSQL's ctid, the load order of a table written once; in a view,
//     by the credited value); journey k of an entity holds its touches after
//     its k-th converting row up to and including its (k+1)-th; the touches
//     after its last converting row form one null journey ending at its last
//     touch. A touch older than the lookback L before its journey's end e
//     (t < e - L) is dropped. The journeys are grouped by path into
//     (path, conversions, value, nulls), which attribution.Journeys.AddPath
//     takes: the same journeys attribution.FromTouches cuts from a file.
//     The channels come back in order of first appearance (entities by
//     their first row, each's touches in time then row order) and the
//     paths in order of their first journey, the files' order.
//   - Milestone path table (B2B and stage journeys, milestones.go): the
//     entity of a touch is its lead_id (lead level) or its account_id,
//     else its lead's account_id by the leads (the last leads row holding
//     both); times are whole Unix seconds. The ends (query parameters,
//     read in Go by attribution's rules: ReadOpportunityEnds,
//     velocity.Reached) are (entity, T, converted, value, order); journey
//     k holds the touches of its entity with T - L <= t <= T; the
//     touches of an entity no end claims (no opportunity; never reached
//     the stage) form one null journey ending at its last credited touch;
//     an end without a touch kept is unattributed.
//   - Score view (score --sql, ScoreSQL): per leads row (created before the
//     as-of time A when one is given), x_j the model's terms: touch counts
//     n_t = Σ w over the lead's touches of activity type t with
//     A - W <= at < A (W the window; w = 2^(-(A-at)/h) with a half-life h,
//     else 1), transformed (none, ln(1+n), n > 0); a numeric column's
//     value (0 when NULL) and its missing indicator; a categorical
//     column's indicators (a value the model did not see is (other) when
//     the model has it, else the reference); a multi-value column's
//     indicator per level it holds. η = β_0 + Σ β_j x_j (in term order, as
//     scoring sums it), p = 1/(1+e^-η), points = Σ p_j x_j - offset
//     (rounded to 9 decimals), score = points clamped to 0-100, grade by
//     the cuts, mql = score >= threshold. A is a number the program
//     computed (--as-of), else the time the view is read. The model's level
//     and activity names are string literals (Dialect.String); no table
//     cell is.
//   - Velocity cells (VelocitySQL): the stage names are coded by
//     velocity.Plan (its ladder index, L+i for lost stage i, -1 off the
//     ladder; query parameters, not SQL text); per entity the distinct
//     (code, second) entries before the cut, in time then code order (pos);
//     per entry its period (the plan's bounds, Bucket), the latest earlier
//     entry of each rung (transitions: t - last_from), the rung of the
//     latest earlier non-lost entry (recycles: code < prev; skips: code >
//     prev + 1; exits: a lost entry not right after another), and the first
//     later entry into this rung, a higher one or a lost stage (conversion:
//     advanced when into a higher rung). Cells per period and pair: count,
//     sum of seconds, median and p90 of seconds/86400 by percentile_cont
//     (R's type 7, velocity's Quantile: the same definition; the last bits
//     may differ, as a - (a-b)(1-t) and a + (b-a)t do).
//   - Size tally (SizeSQL): base rows b (the accounts, else the leads)
//     numbered in physical order; target = the filter holds (a missing
//     value never does; a text clause's matching values are read first,
//     by the distinct values of its column, and MatchText, so that case
//     and spaces fold as in Go); an id's row is the first with it; a
//     lead's row (base accounts) is its account's; a stage entity's and
//     a closed opportunity's row is its account's, else its lead's; an
//     entity's furthest stage is the largest code below the ladder's
//     length L over its entries with a time (codes as velocity.Plan's,
//     from the summary query and velocity.FurthestLadder; -1 with lost
//     stages only); the closed opportunities are decided on their
//     streamed columns (funnel.OpportunityOutcomes) and enter as counts
//     per (account id, lead id). Per segment values and furthest stage:
//     targets, Σ units, targets without units, Σ leads, Σ won, Σ lost;
//     then the totals row: base rows, unmatched entities and closed
//     opportunities, negative units, ids on more than one row.
//     market.FromTally merges the rows of equal segment text and applies
//     Size's rules (prices, win rate, Wilson interval, totals).
//   - Run control (RunControl, Open): T = --db-timeout is the session's
//     statement_timeout and the deadline of the run's context; a query
//     whose context ends (the deadline, a signal) is cancelled on the
//     server by a cancel request (the connection cut after cancelGrace
//     without an answer, and the error then says the query may still run
//     there). Errors: ErrTimeout, ErrConnectionLost, or the
//     context's cause (the signal), each one line naming the database
//     (password masked) and the query's purpose.
//   - Fit groups (fit's push-down, FitQuery): per leads row, the target
//     y (a timestamp T: 1 when T <= A, the as-of time, else 0; a boolean;
//     a number 0 or 1; a text equal to --positive, case and blanks
//     aside; NULL when missing) and the cutoff c (T when y = 1 from a
//     timestamp, else A); kept: y not NULL, no feature missing (under
//     --missing drop), not created at or after A. Per kept lead, the
//     score view's terms with c in place of A (touches with
//     c - W <= at < c, weighed 2^(-(c-at)/h)), grouped by the terms
//     into (terms, leads, positives): scoring.FeatureGroups. The levels
//     of the features (kept leads per level) and the touches' fates are
//     counted first, so that the encodings and the activity types are
//     the file path's.
//
// SQL is generated only from identifiers quoted by the dialect's rules and
// from numbers the program computed, never from cell values. Passwords are
// never printed: Redact masks them in every URL or connection string shown
// (errors, meta, --explain, --verbose).
package warehouse
