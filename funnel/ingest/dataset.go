package ingest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// Errors of FindExports, wrapped in a *FileError naming the folder.
var (
	ErrNoExports        = errors.New("no export files")
	ErrDuplicateExports = errors.New("two files for one input")
)

// exportExtensions are the file endings FindExports recognises.
var exportExtensions = []string{".csv", ".csv.gz", ".tsv", ".tsv.gz", ".txt", ".xlsx"}

// otherNames are the names some exports carry for an input, besides its
// standard name: an activity log (Marketo, the benchmark generator) is
// the touches, HubSpot's deals the opportunities and its companies the
// accounts.
var otherNames = map[funnel.TableKind][]string{
	funnel.Touches:       {"activities"},
	funnel.Opportunities: {"deals"},
	funnel.Accounts:      {"companies"},
	funnel.Attendees:     {"webinar_attendees"},
	funnel.Content:       {"content_inventory"},
}

// FindExports finds the inputs in folder dir by their standard names:
// leads, touches, stages, opportunities, accounts, costs, paths and
// attendees (also activities for touches, deals for opportunities,
// companies for accounts, webinar_attendees for attendees,
// content_inventory for content), each .csv, .csv.gz, .tsv, .tsv.gz, .txt or .xlsx, in any letter
// case. Two candidates for one input are an error naming both; so is a
// folder without any. A folder that does not exist gives an error
// wrapping fs.ErrNotExist.
func FindExports(dir string) (map[funnel.TableKind]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &FileError{File: dir, Err: err}
	}
	found := map[funnel.TableKind][]string{}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		name := strings.ToLower(e.Name())
		for _, k := range funnel.TableKinds {
			for _, base := range append([]string{k.String()}, otherNames[k]...) {
				for _, ext := range exportExtensions {
					if name == base+ext {
						found[k] = append(found[k], filepath.Join(dir, e.Name()))
					}
				}
			}
		}
	}
	if len(found) == 0 {
		var names []string
		for _, k := range funnel.TableKinds {
			names = append(names, k.String())
		}
		return nil, &FileError{File: dir, Err: ErrNoExports, Detail: fmt.Sprintf(
			"name them %s (.csv, .csv.gz, .tsv or .xlsx)", strings.Join(names, ", "))}
	}
	out := map[funnel.TableKind]string{}
	for _, k := range funnel.TableKinds {
		files := found[k]
		switch len(files) {
		case 0:
		case 1:
			out[k] = files[0]
		default:
			sort.Strings(files)
			return nil, &FileError{File: dir, Err: ErrDuplicateExports, Detail: fmt.Sprintf(
				"%s: %s; keep one, or name one with --%s", k, joinAnd(quoteAll(files)), k)}
		}
	}
	return out, nil
}

func quoteAll(s []string) []string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = fmt.Sprintf("%q", filepath.Base(x))
	}
	return q
}

// LoadDataset reads each input of files once (in the order of
// funnel.TableKinds, so that text codes are reproducible) into one
// Dataset whose tables share a Dict. The warnings of every file are
// collected in Dataset.Warnings; the first error stops. A file without
// data rows is an error wrapping ErrNoRows: an analysis of an export that
// came out empty would report nothing as if nothing had happened.
//
// Across the inputs it warns about stage entries dated before the
// creation of their lead (see checkStagesAfterCreation).
//
// With opts.Sink, inputs that the sink takes are streamed to it instead
// of stored (see Options.Sink).
//
// On an error it also returns the Dataset read until then, for its
// Warnings only: what reading said before the error often explains it
// (a guessed encoding, a repeated header, rows skipped).
func LoadDataset(files map[funnel.TableKind]string, opts Options) (*funnel.Dataset, error) {
	return loadDataset(opts, func(k funnel.TableKind) (RecordReader, int64, error) {
		path, ok := files[k]
		if !ok || path == "" {
			return nil, 0, nil
		}
		r, err := Open(path, opts.forKind(k))
		if err != nil {
			return nil, 0, err
		}
		return r, textSize(path, r), nil
	})
}

// LoadDatasetFrom reads the tables open returns (a RecordReader per input
// kind, nil for an input not given; each is closed once read) into one
// Dataset as LoadDataset reads files: the same order, checks, warnings,
// streaming to opts.Sink and errors. A reader whose Format().Kind is
// "database" reads a table of a database: it has no title, footer or
// totals rows to tell (see loader.table).
func LoadDatasetFrom(open func(funnel.TableKind) (RecordReader, error), opts Options) (*funnel.Dataset, error) {
	return loadDataset(opts, func(k funnel.TableKind) (RecordReader, int64, error) {
		r, err := open(k)
		return r, 0, err
	})
}

// loadDataset is LoadDataset and LoadDatasetFrom: open returns the reader
// of an input kind (nil: not given) and the size of its text (0: unknown).
func loadDataset(opts Options, open func(funnel.TableKind) (RecordReader, int64, error)) (*funnel.Dataset, error) {
	ds := funnel.NewDataset()
	for _, k := range funnel.TableKinds {
		r, size, err := open(k)
		if err != nil {
			return dedupeWarnings(ds), err
		}
		if r == nil {
			continue
		}
		err = readInto(ds, k, r, size, opts)
		r.Close()
		if err != nil {
			return dedupeWarnings(ds), err
		}
	}
	if w := checkStagesAfterCreation(ds, opts); w != "" {
		ds.Warnings = append(ds.Warnings, w)
	}
	return dedupeWarnings(ds), nil
}

// readInto reads r as input kind k into ds: streamed to opts.Sink when it
// takes the input (not one with unique ids), else stored. A table without
// data rows is an error. Its warnings go to ds.Warnings, also on an error.
func readInto(ds *funnel.Dataset, k funnel.TableKind, r RecordReader, size int64, opts Options) error {
	opts = opts.forKind(k)
	cfg := loadConfig{requireRows: true, sizeHint: size}
	if _, unique := uniqueIDRoles[k]; opts.Sink != nil && !unique {
		// Streamed or stored, a file without rows is the same error: it
		// once was a warning when streamed, and fit ran on no touches
		// with every score 0, velocity said no stages file was read.
		if cfg.sink = opts.Sink(ds, k); cfg.sink != nil {
			l, err := newLoader(r, k, ds.Dict, opts, cfg)
			if err != nil {
				ds.Warnings = append(ds.Warnings, r.Warnings()...)
				return err
			}
			_, err = l.run()
			ds.Warnings = append(append(ds.Warnings, r.Warnings()...), l.warnings...)
			if err != nil {
				return err
			}
			ds.AddStreamed(l.latest)
			return nil
		}
	}
	t, warnings, err := loadRecords(r, k, ds.Dict, opts, cfg)
	ds.Warnings = append(ds.Warnings, warnings...)
	if err != nil {
		return err
	}
	ds.Set(t)
	return nil
}

// dedupeWarnings drops the repeats of ds's warnings and returns ds: a
// file given as two inputs (an opportunities report read as the stages
// too) says the same of itself twice, and once is enough.
func dedupeWarnings(ds *funnel.Dataset) *funnel.Dataset {
	seen := make(map[string]bool, len(ds.Warnings))
	ds.Warnings = slices.DeleteFunc(ds.Warnings, func(w string) bool {
		dup := seen[w]
		seen[w] = true
		return dup
	})
	return ds
}

// checkStagesAfterCreation returns a warning when stage entries (long
// entered_at or wide stage columns) of an entity that is a lead are dated
// before the lead's created_at: a CRM import or merge that back-dated the
// history, or a created date that was reset. The entries are kept. Dates
// are compared by day when either column has no times.
func checkStagesAfterCreation(ds *funnel.Dataset, opts Options) string {
	leads, st := ds.Leads, ds.Stages
	if leads == nil || st == nil {
		return ""
	}
	id, created := leads.Role(funnel.RoleLeadID), leads.Role(funnel.RoleCreatedAt)
	ent := st.Role(funnel.RoleEntityID)
	if id == nil || created == nil || ent == nil || id.Kind != funnel.KindText || ent.Kind != funnel.KindText {
		return ""
	}
	createdAt := make([]int32, ds.Dict.Len()) // lead_id code -> leads row + 1 (ids are unique)
	for i, code := range id.Codes {
		if code != funnel.NA && created.Times[i] != funnel.NoTime {
			createdAt[code] = int32(i) + 1
		}
	}
	// The columns of stage entry times: entered_at in a long file, else
	// the wide stage columns, as the binder marked them (other dates of
	// the file, a "Last Modified Date", are no stage entries).
	var dated []*funnel.Column
	if c := st.TimeRole(funnel.RoleEnteredAt); c != nil {
		dated = append(dated, c)
	} else {
		for _, c := range st.Columns {
			if c.Kind == funnel.KindTime && c.Role == "" && (isWideStageHeader(c.Name) || opts.isWideHeader(c.Name)) {
				dated = append(dated, c)
			}
		}
	}
	stage := st.Role(funnel.RoleStage)
	count := 0
	var first string
	for i := 0; i < st.Rows; i++ {
		code := ent.Codes[i]
		if code == funnel.NA || int(code) >= len(createdAt) || createdAt[code] == 0 {
			continue
		}
		lead := int(createdAt[code]) - 1
		made := created.Times[lead]
		for _, c := range dated {
			t := c.Times[i]
			if t == funnel.NoTime {
				continue
			}
			before := t < made
			if created.DateOnly || c.DateOnly {
				before = t/funnel.SecondsPerDay < made/funnel.SecondsPerDay
			}
			if !before {
				continue
			}
			if count == 0 {
				name := c.Name
				if c.Role == funnel.RoleEnteredAt && stage != nil && stage.Kind == funnel.KindText {
					name = st.Dict.String(stage.Codes[i])
				}
				first = fmt.Sprintf("%s: lead %q enters %q on %s, but %s creates it on %s",
					st.Where(i), st.Dict.String(ent.Codes[i]), name, funnel.FormatTime(t, c.DateOnly),
					leads.Where(lead), funnel.FormatTime(made, created.DateOnly))
			}
			count++
		}
	}
	if count == 0 {
		return ""
	}
	return fmt.Sprintf("%s (%d %s dated before the lead's creation; kept: an import or merge in the CRM?)",
		first, count, plural(count, "stage entry is", "stage entries are"))
}
