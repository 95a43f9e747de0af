// Package render writes a funnel.Report, whatever command made it, as a
// terminal table, CSV, TSV, JSON, GitHub-flavoured Markdown or an Excel
// workbook with native charts, and writes output files atomically.
//
// Which tables: table, md and xlsx write every table of the report (table
// and md only the one named by Options.Table when it is set); csv and tsv
// write one table, the first (main) one unless Options.Table names another;
// json always writes everything as one object.
//
// Numbers for people (table, md): integers without decimals; a float column
// gets d = 4 - floor(log10(max|x|)) decimals, clamped to 0..4, so that its
// largest value shows 5 significant digits (12345.6 -> "12346", 512.345 ->
// "512.35", 0.51234 -> "0.5123"); a float column whose values are all
// whole numbers gets none. A p-value column (named p, p_value or pvalue, or
// ending in _p, _p_value or _pvalue) always gets 4 decimals. A nonzero value
// that would show as zero at its column's decimals is written with 3
// significant digits instead ("1.23e-05", "0.00123"), so nothing nonzero
// reads as 0. Meta floats get 6 significant digits (0..6 decimals,
// trailing zeros dropped). NaN is "NA", infinities "Inf" and "-Inf".
//
// Numbers for programs (csv, tsv, json): full precision, the shortest
// decimal that reads back as the same float64, in plain notation unless
// |v| >= 1e21 or |v| < 1e-6 (JavaScript's rule; see shortestFloat). In csv and
// tsv NA is an empty field; in json it is null (NaN and Inf too, since JSON
// has no such numbers).
//
// TSV is for cut and awk: fields are never quoted; a tab, carriage return
// or newline inside a value is replaced by a space.
//
// Formula injection (OWASP "CSV injection"): in csv, tsv, md and xlsx a
// string value that begins with '=', '+', '-', '@', a tab or a carriage
// return gets a leading apostrophe, so a spreadsheet shows it as text
// instead of evaluating it. Number cells are never altered (-3.5 stays a
// number). The terminal table and json carry strings unchanged.
//
// Workbooks (xlsx): a "Summary" sheet (title, command, meta, alerts,
// warnings, and a linked list of the tables), then one sheet per table with
// a bold, frozen, filterable header row. When the report places tables on
// the Summary sheet (the monthly report's key figures) they open it, right
// under the title and the alerts, and the command and meta go to an
// "About" sheet at the end. Every sheet is named by SheetTitle, the one
// rule ("campaign_roi" -> "Campaign ROI"). A table with Report.RowUnits
// formats each row's numbers by its unit (counts "#,##0", fractions
// "0.0%", money "#,##0", days "#,##0.0");
// a column ending in _pct holds percent points ("0.0"%""). Chart series
// take the plots' twelve colours in order; the charts of a table wider
// than 12 columns go under it instead of beside it. Number formats: integers "#,##0";
// floats "#,##0.00", with more decimals (up to 4) when the column needs them
// by the rule above, "#,##0" when every value is whole; a column whose name
// ends in _rate or _share holds fractions and is shown as a percentage
// ("0.0%") when every value lies in [-1, 1]; p-value columns "0.0000", or
// "0.00E+00" when some value is below 1e-4; a column with values too small
// for its decimals uses "General". Amounts in a known currency
// (Report.Currencies: a column, or a table's money rows) put its ISO code
// before a thousands-grouped format ("[$EUR] #,##0.00", shown "EUR
// 1,200.50"); without one no currency is shown or guessed. Every funnel.Chart becomes a native
// chart to the right of its table (line charts as lines, bar charts as
// clustered columns). A long-layout chart (SeriesBy, Y) is drawn from a
// pivoted copy of the data, labelled "chart data", written to the right of
// the charts: one row per X value in order of first appearance, one column
// per series in order of first appearance. Each chart's series carry
// cached values (numCache, strCache) read back from the cells their
// references name, as Excel writes them, so a viewer that does not
// recalculate (Quick Look, previewers) draws the chart too
// (cacheChartValues).
//
// Axis titles (charts and plots alike) are written as words with a
// capital ("mean_days" -> "Mean days"), and the value axis names the unit
// its columns share: their currency ("Market size (EUR)") or "%" for
// fractions shown as percentages and _pct columns ("Share (%)"); the
// plots label a fraction axis in percent. The same report always gives the
// same bytes: document times are fixed at 2000-01-01T00:00:00Z and zip
// entries carry no time.
//
// Sheets (funnel.Report.Sheets): tables placed on one named sheet are
// stacked down it in report order, each as a bold title row (the name
// humanized: "top_leads" -> "Top leads"), its header row and its rows,
// then two blank rows; column widths fit all of them, and there is no
// frozen pane nor filter (single-table sheets keep theirs). Tables placed
// on "Summary" are stacked the same way on the Summary sheet, after the
// meta, warnings and alerts and before the list of tables, whose links go
// to each table's title row. Sheets come in order of first appearance.
// Charts go to the right of the sheet's widest table, each at its table's
// first row or below the chart above it; pivoted chart data to the right
// of the charts, from its table's first row. In table and md output the
// tables are grouped by sheet: a heading per sheet ("## Velocity"), each
// table under its own ("### velocity"), a table alone on a sheet of its own
// under its name only, the Summary tables right after the meta under a
// "Summary" heading. json, csv and tsv ignore sheets, and so do table and
// md output when Options.Table picks one table.
package render
