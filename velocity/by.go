package velocity

import (
	"fmt"
	"slices"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// MaxBy is the largest number of --by columns.
const MaxBy = 8

// JoinIndex maps the Dict codes of from's table to the row of to whose
// toCol has the same string (the first such row), -1 when none. Tables of
// one Dataset share a Dict; tables with different Dicts are joined by string.
func JoinIndex(from *funnel.Table, to *funnel.Table, toCol *funnel.Column) []int32 {
	rowByCode := make([]int32, to.Dict.Len())
	for i := range rowByCode {
		rowByCode[i] = -1
	}
	for r, c := range toCol.Codes {
		if c != funnel.NA && rowByCode[c] < 0 {
			rowByCode[c] = int32(r)
		}
	}
	if from.Dict == to.Dict {
		return rowByCode
	}
	out := make([]int32, from.Dict.Len())
	for c := range out {
		out[c] = -1
		if tc, ok := to.Dict.Lookup(from.Dict.String(int32(c))); ok {
			out[c] = rowByCode[tc]
		}
	}
	return out
}

// ByColumn is where the values of one --by name come from for each row of
// a base table: the base table itself, or a table joined on the entity.
// Package market groups its segments with it too.
type ByColumn struct {
	Table *funnel.Table
	Col   *funnel.Column
	RowOf func(r int) int // row of Table for base row r, -1 when none
	// Values, when not nil, holds the value of each row instead (the
	// members of split multi-value segments: see market's splitMembers).
	Values []string
}

// resolveBy finds the column of name: in base itself (except the columns
// listed in skip), else in leads joined on entity = lead_id, else in
// accounts joined on entity = account_id or through the lead's account_id.
func resolveBy(base *funnel.Table, entity *funnel.Column, ds *funnel.Dataset, name string, skip ...*funnel.Column) (*ByColumn, error) {
	if c := base.Named(name); c != nil && !slices.Contains(skip, c) {
		return &ByColumn{Table: base, Col: c, RowOf: func(r int) int { return r }}, nil
	}
	var searched []string
	var leads, accounts *funnel.Table
	if ds != nil {
		leads, accounts = ds.Leads, ds.Accounts
	}
	var leadRow []int32
	if leads != nil && entity != nil {
		if id := leads.Role(funnel.RoleLeadID); id != nil && id.Kind == funnel.KindText {
			leadRow = JoinIndex(base, leads, id)
			if c := leads.Named(name); c != nil {
				return &ByColumn{Table: leads, Col: c, RowOf: codeJoin(entity, leadRow)}, nil
			}
		}
		searched = append(searched, leads.Source)
	}
	if accounts != nil && entity != nil {
		id := accounts.Role(funnel.RoleAccountID)
		c := accounts.Named(name)
		if id != nil && id.Kind == funnel.KindText && c != nil {
			direct := codeJoin(entity, JoinIndex(base, accounts, id))
			var viaLead func(int) int
			if leadRow != nil {
				if la := leads.Role(funnel.RoleAccountID); la != nil && la.Kind == funnel.KindText {
					accOfLead := JoinIndex(leads, accounts, id)
					viaLead = func(r int) int {
						e := entity.Codes[r]
						if e == funnel.NA || leadRow[e] < 0 {
							return -1
						}
						a := la.Codes[leadRow[e]]
						if a == funnel.NA {
							return -1
						}
						return int(accOfLead[a])
					}
				}
			}
			rowOf := func(r int) int {
				if a := direct(r); a >= 0 || viaLead == nil {
					return a
				}
				return viaLead(r)
			}
			return &ByColumn{Table: accounts, Col: c, RowOf: rowOf}, nil
		}
		searched = append(searched, accounts.Source)
	}
	searched = append([]string{base.Source}, searched...)
	return nil, fmt.Errorf("%w: no column %q to group by (searched %s)", ErrBadInput, name, strings.Join(searched, ", "))
}

func codeJoin(entity *funnel.Column, rowByCode []int32) func(int) int {
	return func(r int) int {
		e := entity.Codes[r]
		if e == funnel.NA || int(e) >= len(rowByCode) {
			return -1
		}
		return int(rowByCode[e])
	}
}

// GroupRows assigns each row of base (rows 0..n-1) to a group of its --by
// values. Groups are numbered in the order of their sorted labels; a
// missing value is "".
func GroupRows(n int, cols []*ByColumn) (group []int32, labels [][]string) {
	k := len(cols)
	vals := make([][]int32, k)
	names := make([][]string, k)
	for j, bc := range cols {
		vals[j] = make([]int32, n)
		index := map[string]int32{}
		var byCode []int32
		if bc.Col.Kind == funnel.KindText {
			byCode = make([]int32, bc.Table.Dict.Len()+1) // code+1 -> value+1
		}
		intern := func(s string) int32 {
			v, ok := index[s]
			if !ok {
				v = int32(len(names[j]))
				index[s] = v
				names[j] = append(names[j], s)
			}
			return v
		}
		for r := 0; r < n && bc.Values != nil; r++ {
			vals[j][r] = intern(bc.Values[r])
		}
		for r := 0; r < n && bc.Values == nil; r++ {
			tr := bc.RowOf(r)
			if tr < 0 {
				vals[j][r] = intern("")
				continue
			}
			if byCode != nil {
				c := bc.Col.Codes[tr] + 1
				if byCode[c] == 0 {
					byCode[c] = intern(bc.Table.Text(bc.Col, tr)) + 1
				}
				vals[j][r] = byCode[c] - 1
				continue
			}
			vals[j][r] = intern(bc.Table.Text(bc.Col, tr))
		}
	}
	// Combine the value indexes into one key: their bytes.
	ids := map[string]int32{}
	var reps []int // a row of each group
	buf := make([]byte, 4*k)
	group = make([]int32, n)
	for r := 0; r < n; r++ {
		for j := 0; j < k; j++ {
			v := vals[j][r]
			buf[4*j], buf[4*j+1], buf[4*j+2], buf[4*j+3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
		}
		id, ok := ids[string(buf)]
		if !ok {
			id = int32(len(reps))
			ids[string(buf)] = id
			reps = append(reps, r)
		}
		group[r] = id
	}
	for _, r := range reps {
		l := make([]string, k)
		for j := range l {
			l[j] = names[j][vals[j][r]]
		}
		labels = append(labels, l)
	}
	order := make([]int, len(reps))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return slices.Compare(labels[a], labels[b]) })
	remap := make([]int32, len(reps))
	sorted := make([][]string, len(reps))
	for newID, old := range order {
		remap[old] = int32(newID)
		sorted[newID] = labels[old]
	}
	for r := range group {
		group[r] = remap[group[r]]
	}
	return group, sorted
}
