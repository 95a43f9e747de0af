package ingest

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// Errors of binding headers to roles, wrapped in a *FileError.
var (
	ErrUnknownColumn = errors.New("no such column")
	ErrUnknownRole   = errors.New("unknown role")
)

// Binding says which column of a file holds which role of its input.
type Binding struct {
	Kind    funnel.TableKind
	Headers []string // column names in file order; a repeated header is renamed "Header (2)"
	Roles   []string // role of each column, "" for an attribute
	// Wide marks, in a stages file, the date columns of a wide layout (one
	// column per stage, HubSpot "Became a X Date" / `Date entered "X"`):
	// they load as time attributes that velocity interprets.
	Wide     []bool
	Warnings []string
	// repeatOf is, for a column whose header repeats an earlier one's
	// (renamed "Header (2)"), that column's index; -1 for the others.
	repeatOf []int
}

// placeRepeated adds to err, about a column whose header the file repeats
// (lead_id,lead_id), which of the columns so headed it is: the header
// names the first, the repeats being renamed, and the error alone cannot
// say which the role was bound to.
func (b *Binding) placeRepeated(err *RowError) *RowError {
	first := slices.Index(b.Headers, err.Column)
	var repeats []string
	for j, of := range b.repeatOf {
		if of == first && first >= 0 {
			repeats = append(repeats, fmt.Sprintf("column %d (%q)", j+1, b.Headers[j]))
		}
	}
	if len(repeats) == 0 {
		return err
	}
	e := *err
	e.Detail = strings.TrimPrefix(fmt.Sprintf("%s; the column is column %d, the first headed %q: %s %s the header",
		e.Detail, first+1, err.Column, joinAnd(repeats), plural(len(repeats), "repeats", "repeat")), "; ")
	return &e
}

// Index returns the column bound to role, or -1.
func (b *Binding) Index(role string) int {
	for i, r := range b.Roles {
		if r == role {
			return i
		}
	}
	return -1
}

// Spec returns the role spec of column i and whether it has a role.
func (b *Binding) Spec(i int) (funnel.RoleSpec, bool) {
	if b.Roles[i] == "" {
		return funnel.RoleSpec{}, false
	}
	return roleSpec(b.Kind, b.Roles[i])
}

func roleSpec(k funnel.TableKind, role string) (funnel.RoleSpec, bool) {
	for _, s := range funnel.Schema(k) {
		if s.Name == role {
			return s, true
		}
	}
	return funnel.RoleSpec{}, false
}

// Bind maps the header of file (an export of input kind) to roles:
//
//  1. Options.Columns overrides: key "role" or "kind.role" (the qualified
//     key wins), value the header (matched exactly, else
//     case- and punctuation-insensitively); an empty value leaves the role
//     unbound. A header that is not in the file is an error wrapping
//     ErrUnknownColumn listing the headers.
//  2. Every other header is matched through the input's aliases (see
//     aliases). A role matched by several headers takes the best (the
//     canonical name, then alias order, then the first column) with a
//     warning; the others stay attributes, except a header listed in
//     secondRoles, which takes its second role when no column holds it.
//  3. Headers that match no role are attributes (role "").
//
// A required role (or OneOf group) left unbound is a *FileError wrapping
// ErrMissingRole that lists the headers and the --col flag that binds
// one; the Binding is returned with it, complete otherwise. A stages file
// without the long roles but with wide stage date columns needs none.
func Bind(file string, kind funnel.TableKind, header []string, opts Options) (*Binding, error) {
	if len(funnel.Schema(kind)) == 0 {
		panic(fmt.Sprintf("ingest: Bind of unknown input %d", kind))
	}
	b := &Binding{Kind: kind, Roles: make([]string, len(header)), Wide: make([]bool, len(header))}
	b.Headers, b.repeatOf = dedupeHeaders(header, &b.Warnings)

	// 1. Overrides.
	fixed, err := b.overrides(file, opts.Columns)
	if err != nil {
		return nil, err
	}
	claimed := make([]bool, len(b.Headers))
	for role, col := range fixed {
		if col >= 0 {
			b.Roles[col] = role
			claimed[col] = true
		}
	}

	// 2. Aliases, then a field history's value column and the wide stage
	// date columns among the attributes left.
	b.bindAliases(fixed, claimed)
	b.bindHistoryValue(fixed)
	wide := 0
	if kind == funnel.Stages {
		wide = b.markWide(opts)
	}

	// 3. Required roles.
	if missing, first := b.missingRoles(); len(missing) > 0 && !(kind == funnel.Stages && wide > 0) {
		return b, &FileError{File: file, Err: ErrMissingRole, Detail: fmt.Sprintf(
			"no column for %s (headers: %s); bind one with --col %s.%s=HEADER",
			strings.Join(missing, "; no column for "), listHeaders(b.Headers), kind, first)}
	}
	return b, nil
}

// aliasCand is a column whose header is an alias of a role, and the
// alias's rank (0 the canonical name).
type aliasCand struct{ col, rank int }

// bindAliases binds the columns not claimed by an override through the
// aliases of their headers to the roles not overridden (fixed): step 2
// of Bind.
func (b *Binding) bindAliases(fixed map[string]int, claimed []bool) {
	cands := map[string][]aliasCand{}
	index := aliasIndex[b.Kind]
	for i, h := range b.Headers {
		if claimed[i] {
			continue
		}
		hit, ok := index[normalizeHeader(h)]
		if !ok {
			continue
		}
		if _, overridden := fixed[hit.role]; overridden {
			continue
		}
		cands[hit.role] = append(cands[hit.role], aliasCand{i, hit.rank})
	}
	for _, spec := range funnel.Schema(b.Kind) {
		cs := cands[spec.Name]
		sort.SliceStable(cs, func(i, j int) bool { return cs[i].rank < cs[j].rank })
		if len(cs) > 0 {
			b.Roles[cs[0].col] = spec.Name
		}
	}
	for _, spec := range funnel.Schema(b.Kind) {
		for _, c := range cands[spec.Name][min(len(cands[spec.Name]), 1):] {
			second, ok := secondRoles[b.Kind][normalizeHeader(b.Headers[c.col])]
			if _, overridden := fixed[second]; ok && !overridden && b.Index(second) < 0 {
				b.Roles[c.col] = second
			}
		}
	}
	for _, spec := range funnel.Schema(b.Kind) {
		cs := slices.DeleteFunc(cands[spec.Name], func(c aliasCand) bool { return b.Roles[c.col] != spec.Name && b.Roles[c.col] != "" })
		if len(cs) > 1 {
			names := make([]string, len(cs))
			for i, c := range cs {
				names[i] = fmt.Sprintf("%q", b.Headers[c.col])
			}
			all := "all"
			if len(cs) == 2 {
				all = "both"
			}
			b.Warnings = append(b.Warnings, fmt.Sprintf("columns %s %s match %s; using %q (--col %s.%s=HEADER binds another)",
				joinAnd(names), all, spec.Name, b.Headers[cs[0].col], b.Kind, spec.Name))
		}
	}
}

// bindHistoryValue binds the value column of a field history without a
// stage alias (HubSpot property history: Record ID, Property, Value,
// Timestamp) to the stage, unless an override (fixed) binds it: velocity
// keeps the rows of the stage field.
func (b *Binding) bindHistoryValue(fixed map[string]int) {
	if _, overridden := fixed[funnel.RoleStage]; b.Kind != funnel.Stages || overridden || b.Index(funnel.RoleStage) >= 0 || !hasHistoryField(b.Headers) {
		return
	}
	for i, h := range b.Headers {
		if b.Roles[i] == "" && normalizeHeader(h) == "value" {
			b.Roles[i] = funnel.RoleStage
			return
		}
	}
}

// markWide marks the wide stage date columns of a stages file among the
// attributes and returns how many there are.
func (b *Binding) markWide(opts Options) int {
	wide := 0
	for i, h := range b.Headers {
		if b.Roles[i] == "" && (isWideStageHeader(h) || opts.isWideHeader(h)) {
			b.Wide[i] = true
			wide++
		}
	}
	return wide
}

// missingRoles lists the required roles (a OneOf group as "a or b") that
// no column holds, and the first role of the first of them.
func (b *Binding) missingRoles() (missing []string, first string) {
	done := map[string]bool{}
	schema := funnel.Schema(b.Kind)
	for _, spec := range schema {
		if !spec.Required {
			continue
		}
		group := spec.Name
		if spec.OneOf != "" {
			group = spec.OneOf
		}
		if done[group] {
			continue
		}
		done[group] = true
		var names []string
		bound := false
		for _, s := range schema {
			if s.Required && (s.Name == spec.Name || (spec.OneOf != "" && s.OneOf == spec.OneOf)) {
				names = append(names, s.Name)
				bound = bound || b.Index(s.Name) >= 0
			}
		}
		if !bound {
			missing = append(missing, strings.Join(names, " or "))
			if first == "" {
				first = names[0]
			}
		}
	}
	return missing, first
}

// historyFieldHeaders are the headers of the field column of a field
// history export (velocity.HistoryFieldHeaders, normalized).
var historyFieldHeaders = map[string]bool{"fieldevent": true, "field": true, "fieldname": true, "changedfield": true,
	"property": true, "propertyname": true}

// hasHistoryField reports whether a stages header has a field column.
func hasHistoryField(headers []string) bool {
	for _, h := range headers {
		if historyFieldHeaders[normalizeHeader(h)] {
			return true
		}
	}
	return false
}

// dedupeHeaders trims the headers, names empty ones "column N" and renames
// a repeated header "Header (2)", "Header (3)", with a warning. It also
// returns, for each column, the index of the column whose header it
// repeats, or -1.
func dedupeHeaders(header []string, warnings *[]string) ([]string, []int) {
	out := make([]string, len(header))
	repeatOf := make([]int, len(header))
	firstAt := make(map[string]int, len(header))
	seen := make(map[string]int, len(header))
	for _, h := range header {
		seen[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = 0
	}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if h == "" {
			h = fmt.Sprintf("column %d", i+1)
		}
		n := seen[h]
		seen[h] = n + 1
		repeatOf[i] = -1
		if n == 0 {
			firstAt[h] = i
		}
		if n > 0 {
			repeatOf[i] = firstAt[h]
			name := h
			for k := n + 1; ; k++ {
				name = fmt.Sprintf("%s (%d)", h, k)
				if _, taken := seen[name]; !taken {
					break
				}
			}
			seen[name] = 1
			*warnings = append(*warnings, fmt.Sprintf("column %d repeats the header %q; it is read as %q", i+1, h, name))
			h = name
		}
		out[i] = h
	}
	return out, repeatOf
}

// overrides resolves Options.Columns for this input: role -> column index,
// -1 for a role explicitly left unbound.
func (b *Binding) overrides(file string, cols map[string]string) (map[string]int, error) {
	fixed := map[string]int{}
	if len(cols) == 0 {
		return fixed, nil
	}
	keys := make([]string, 0, len(cols))
	for k := range cols {
		keys = append(keys, k)
	}
	// Bare keys first, so that qualified ones replace them.
	sort.Slice(keys, func(i, j int) bool {
		qi, qj := strings.Contains(keys[i], "."), strings.Contains(keys[j], ".")
		if qi != qj {
			return !qi
		}
		return keys[i] < keys[j]
	})
	for _, key := range keys {
		table, role, qualified := strings.Cut(strings.TrimSpace(key), ".")
		if !qualified {
			role, table = table, ""
		}
		if qualified && table != b.Kind.String() {
			continue
		}
		if _, ok := roleSpec(b.Kind, role); !ok {
			if !qualified {
				continue // a role of another input
			}
			return nil, &FileError{File: file, Err: ErrUnknownRole, Detail: fmt.Sprintf("--col %s: %s has the roles %s", key, b.Kind, roleNames(b.Kind))}
		}
		header := strings.TrimSpace(cols[key])
		if header == "" {
			fixed[role] = -1
			continue
		}
		col := b.findHeader(header)
		if col < 0 {
			hint := ""
			if !qualified {
				hint = fmt.Sprintf("; --col INPUT.%s=HEADER binds one input only", role)
			}
			return nil, &FileError{File: file, Err: ErrUnknownColumn, Detail: fmt.Sprintf("--col %s=%q: the headers are %s%s", key, header, listHeaders(b.Headers), hint)}
		}
		fixed[role] = col
	}
	byCol := map[int]string{}
	for _, spec := range funnel.Schema(b.Kind) {
		col, ok := fixed[spec.Name]
		if !ok || col < 0 {
			continue
		}
		if other, taken := byCol[col]; taken {
			return nil, &FileError{File: file, Err: ErrUnknownRole, Detail: fmt.Sprintf("--col binds column %q to both %s and %s", b.Headers[col], other, spec.Name)}
		}
		byCol[col] = spec.Name
	}
	return fixed, nil
}

// findHeader returns the column named h, exactly or else normalized, or -1.
func (b *Binding) findHeader(h string) int {
	for i, x := range b.Headers {
		if x == h {
			return i
		}
	}
	n := normalizeHeader(h)
	found := -1
	for i, x := range b.Headers {
		if normalizeHeader(x) == n {
			if found >= 0 {
				return -1 // two headers fold alike: only an exact name picks one
			}
			found = i
		}
	}
	return found
}

func roleNames(k funnel.TableKind) string {
	var names []string
	for _, s := range funnel.Schema(k) {
		names = append(names, s.Name)
	}
	return strings.Join(names, ", ")
}

// listHeaders quotes the headers for a message, at most 25 of them.
func listHeaders(hs []string) string {
	const max = 25
	var parts []string
	for i, h := range hs {
		if i == max {
			parts = append(parts, fmt.Sprintf("... (%d more)", len(hs)-max))
			break
		}
		parts = append(parts, fmt.Sprintf("%q", h))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// joinAnd joins "a", "b" and "c".
func joinAnd(s []string) string {
	if len(s) <= 1 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
