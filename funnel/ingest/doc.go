// Package ingest reads CRM and activity exports into the typed tables of
// package funnel: it opens CSV/TSV (any of , ; | tab, sniffed), gzip,
// stdin and XLSX sheets; decodes UTF-8, UTF-16 and Windows-1252; binds
// headers to canonical roles through the aliases that Salesforce, HubSpot
// and Marketo exports use; and parses dates, numbers and booleans with
// errors that name the file, line and column.
//
// Large files: a command may read only the columns it needs
// (Options.Keep), and take an input in chunks as it is read instead of as
// a table (Stream, Options.Sink), so that memory follows the leads, not
// the activity rows.
package ingest
