package velocity

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// WideColumn binds a stage to the time column of a wide stages table that
// holds each entity's entry into it.
type WideColumn struct {
	Stage  string // stage name, matched to the ladder like a long stage value
	Header string // column header (or role)
}

// ParseWide reads a wide-layout mapping written as
// "Engaged=engage_date,Closed=close_date".
func ParseWide(s string) ([]WideColumn, error) {
	var out []WideColumn
	for _, f := range strings.Split(s, ",") {
		stage, header, ok := strings.Cut(f, "=")
		stage, header = strings.TrimSpace(stage), strings.TrimSpace(header)
		if !ok || stage == "" || header == "" {
			return nil, fmt.Errorf("%w: wide mapping %q: want Stage=Header, e.g. Engaged=engage_date", ErrBadLadder, strings.TrimSpace(f))
		}
		out = append(out, WideColumn{Stage: stage, Header: header})
	}
	return out, nil
}

// HubSpot's stage-date headers: "Became a Marketing Qualified Lead Date",
// "Became an Opportunity Date", "Date entered 'Customer (Lifecycle Stage
// Pipeline)'", "Date entered Appointment Scheduled (Sales Pipeline)".
var (
	becameHeader  = regexp.MustCompile(`(?i)^\s*became\s+an?\s+(.+?)\s+date\s*$`)
	enteredHeader = regexp.MustCompile(`(?i)^\s*date\s+entered\s+(.+?)\s*$`)
	pipelineParen = regexp.MustCompile(`\s*\([^()]*\)\s*$`)
)

// WideStage returns the stage named by a HubSpot stage-date header, or
// false when the header is not one.
func WideStage(header string) (string, bool) {
	if m := becameHeader.FindStringSubmatch(header); m != nil {
		if s := strings.TrimSpace(m[1]); s != "" { // "Became a  Date" names no stage
			return s, true
		}
	}
	if m := enteredHeader.FindStringSubmatch(header); m != nil {
		s := strings.Trim(m[1], `'"‘’“” `)
		s = pipelineParen.ReplaceAllString(s, "")
		s = strings.Trim(s, `'"‘’“” `)
		if s != "" {
			return s, true
		}
	}
	return "", false
}

// stageFromHeader names the stage of a plain time column used as a stage
// column: the header without a trailing "date", "_date", "_at" or " at"
// ("engage_date" -> "engage").
func stageFromHeader(h string) string {
	s := strings.TrimSpace(h)
	low := strings.ToLower(s)
	for _, suf := range []string{"_date", " date", "-date", "date", "_at", " at"} {
		if strings.HasSuffix(low, suf) && len(s) > len(suf) {
			return strings.TrimSpace(s[:len(s)-len(suf)])
		}
	}
	return s
}

// wideStageColumn is one stage column of a wide table.
type wideStageColumn struct {
	stage string
	col   *funnel.Column
}

// wideColumns returns the stage columns of a wide table: the explicit
// mapping when given, else the HubSpot stage-date headers, else every time
// column without a role.
func wideColumns(t *funnel.Table, mapping []WideColumn) ([]wideStageColumn, error) {
	var out []wideStageColumn
	if len(mapping) > 0 {
		for _, m := range mapping {
			c := t.Named(m.Header)
			if c == nil {
				return nil, fmt.Errorf("%w: %s: no column %q for stage %s (columns: %s)", ErrBadInput, t.Source, m.Header, m.Stage, t.Headers())
			}
			if c.Kind != funnel.KindTime {
				return nil, fmt.Errorf("%w: %s: column %q (stage %s) holds %s values, want dates", ErrBadInput, t.Source, c.Name, m.Stage, c.Kind)
			}
			out = append(out, wideStageColumn{stage: m.Stage, col: c})
		}
		return out, nil
	}
	for _, c := range t.Columns {
		if c.Kind != funnel.KindTime || c.Role != "" {
			continue
		}
		if s, ok := WideStage(c.Name); ok {
			out = append(out, wideStageColumn{stage: s, col: c})
		}
	}
	if len(out) > 0 {
		return out, nil
	}
	for _, c := range t.Columns {
		if c.Kind == funnel.KindTime && c.Role == "" {
			out = append(out, wideStageColumn{stage: stageFromHeader(c.Name), col: c})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: %s: neither the long columns (entity_id, stage, entered_at) nor stage date columns (columns: %s)", ErrNoStages, t.Source, t.Headers())
	}
	return out, nil
}
