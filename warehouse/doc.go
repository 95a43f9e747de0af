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
//     information_schema.columns. The names go through the file readers'
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
//
// SQL is generated only from identifiers quoted by the dialect's rules and
// from numbers the program computed, never from cell values. Passwords are
// never printed: Redact masks them in every URL or connection string shown
// (errors, meta, --explain, --verbose).
package warehouse
