package attribution

import (
	"errors"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

func TestFromPaths(t *testing.T) {
	t.Parallel()
	tb := newTable(t, funnel.NewDict(), funnel.Paths, "paths.csv",
		textCol(funnel.RolePath, " a | b|c ", "a|b|c", "b||  | a", "c"),
		numCol(funnel.RoleConversions, "2", "1", "0", "3"),
		numCol(funnel.RoleConvValue, "20", "5", "0", ""),
		numCol(funnel.RoleNulls, "1", "", "4", "0"),
	)
	j, err := FromPaths(tb, PathOptions{Sep: "|"})
	if err != nil {
		t.Fatal(err)
	}
	// " a | b|c " and "a|b|c" merge; empty names are skipped.
	checkPaths(t, "paths", j, []wantPath{
		{"a > b > c", 3, 25, 1},
		{"b > a", 0, 0, 4},
		{"c", 3, 0, 0},
	})
	if !j.NullsKnown() || len(j.Warnings) != 1 {
		t.Errorf("nulls known %v, warnings %q (want one: c has no value)", j.NullsKnown(), j.Warnings)
	}
	// Without total_null the nulls are unknown.
	tb.Columns = tb.Columns[:3]
	j, err = FromPaths(tb, PathOptions{Sep: "|"})
	if err != nil || j.NullsKnown() {
		t.Errorf("without total_null: nulls known %v, %v", j.NullsKnown(), err)
	}
}

func TestFromPathsErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		cols []colSpec
		want []string
	}{
		{"empty path", []colSpec{textCol(funnel.RolePath, "a > b", " > "), numCol(funnel.RoleConversions, "1", "1")},
			[]string{"paths.csv:3", `column "path"`, "empty path"}},
		{"negative", []colSpec{textCol(funnel.RolePath, "a"), numCol(funnel.RoleConversions, "-1")},
			[]string{"paths.csv:2", `column "total_conversions"`}},
		{"missing conversions", []colSpec{textCol(funnel.RolePath, "a", "b"), numCol(funnel.RoleConversions, "1", "")},
			[]string{"paths.csv:3", `column "total_conversions"`, "missing"}},
		{"value without conversions", []colSpec{textCol(funnel.RolePath, "a"), numCol(funnel.RoleConversions, "0"), numCol(funnel.RoleConvValue, "9")},
			[]string{"paths.csv:2", `column "total_conversion_value"`}},
		{"no conversions column", []colSpec{textCol(funnel.RolePath, "a")}, []string{"total_conversions"}},
	} {
		_, err := FromPaths(newTable(t, funnel.NewDict(), funnel.Paths, "paths.csv", tc.cols...), PathOptions{})
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not name %q", tc.name, err, w)
			}
		}
	}
	_, err := FromPaths(newTable(t, funnel.NewDict(), funnel.Paths, "paths.csv",
		textCol(funnel.RolePath, ""), numCol(funnel.RoleConversions, "1")), PathOptions{})
	if !errors.Is(err, ErrBadInput) {
		t.Errorf("empty path: %v is not ErrBadInput", err)
	}
}

// TestPathFrameRoundTrip: journeys written as a path table (--paths-out)
// and read back give the same paths and counts.
func TestPathFrameRoundTrip(t *testing.T) {
	t.Parallel()
	j, err := FromTouches(eventLog(t), TouchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	df := j.PathFrame("")
	if !equalStrings(df.Names(), []string{"path", "total_conversions", "total_conversion_value", "total_null"}) {
		t.Fatalf("columns %q", df.Names())
	}
	var cols []colSpec
	for _, name := range df.Names() {
		kind := funnel.KindNumber
		if name == "path" {
			kind = funnel.KindText
		}
		cols = append(cols, colSpec{name, kind, df.Col(name).Records()})
	}
	back, err := FromPaths(newTable(t, funnel.NewDict(), funnel.Paths, "out.csv", cols...), PathOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if back.NumPaths() != j.NumPaths() {
		t.Fatalf("%d paths back, want %d", back.NumPaths(), j.NumPaths())
	}
	for p := 0; p < j.NumPaths(); p++ {
		c1, v1, n1 := j.PathCounts(p)
		c2, v2, n2 := back.PathCounts(p)
		if j.PathString(p, "") != back.PathString(p, "") || c1 != c2 || v1 != v2 || n1 != n2 {
			t.Errorf("path %d: %q %v/%v/%v back as %q %v/%v/%v", p, j.PathString(p, ""), c1, v1, n1, back.PathString(p, ""), c2, v2, n2)
		}
	}
}

func equalStrings(a, b []string) bool { return strings.Join(a, "\x00") == strings.Join(b, "\x00") }

// FuzzParsePath: parsing never panics, names are trimmed and non-empty and
// free of the separator, and writing the path back and parsing it again
// gives the same channels.
func FuzzParsePath(f *testing.F) {
	for _, s := range []string{"a > b > c", " > ", "", "a>>b", "  x  ", "a > a > a", "é > ü"} {
		f.Add(s, ">")
	}
	f.Add("a|b", "|")
	f.Fuzz(func(t *testing.T, s, sep string) {
		if sep == "" {
			return
		}
		j := NewJourneys("channel")
		codes := j.parsePath(s, sep, nil)
		for _, c := range codes {
			name := j.ChannelName(c)
			if name == "" || name != strings.TrimSpace(name) || strings.Contains(name, sep) {
				t.Fatalf("parsePath(%q, %q): bad name %q", s, sep, name)
			}
		}
		if len(codes) == 0 || strings.ContainsAny(sep, " \t\n\v\f\r\u0085\u00a0") {
			return
		}
		for _, c := range codes { // a name holding part of sep may re-split
			if strings.ContainsAny(j.ChannelName(c), sep) {
				return
			}
		}
		var parts []string
		for _, c := range codes {
			parts = append(parts, j.ChannelName(c))
		}
		again := j.parsePath(strings.Join(parts, " "+sep+" "), sep, nil)
		if !equalPath(again, codes) {
			t.Fatalf("parsePath(%q, %q) = %v, again %v", s, sep, codes, again)
		}
	})
}
