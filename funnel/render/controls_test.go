package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"github.com/funnel-analytics/funnel/funnel"
)

func TestEscapeControls(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"email", "email"},
		{"Frühling 2024", "Frühling 2024"},
		{"q1\x1b[2Jabm", `q1\x1b[2Jabm`},             // clear screen
		{"a\x1b]0;pwned\x07b", `a\x1b]0;pwned\x07b`}, // retitle the terminal
		{"del\x7f", `del\x7f`},
		{"c1\u009bm", `c1\u009bm`},                     // CSI as a C1 control
		{"abc\u202edcba", `abc\u202edcba`},             // right-to-left override
		{"iso\u2066late\u2069", `iso\u2066late\u2069`}, // isolates
	}
	for _, tc := range tests {
		if got := escapeControls(tc.in); got != tc.want {
			t.Errorf("escapeControls(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := oneLine.Replace("a\tb\r\nc\x1bd"); got != `a b c\x1bd` {
		t.Errorf("oneLine = %q", got)
	}
}

// TestNoControlsInTextOutputs renders a name holding terminal escapes as
// a table and as Markdown: neither may carry an ESC or BEL byte.
func TestNoControlsInTextOutputs(t *testing.T) {
	t.Parallel()
	r := funnel.NewReport("attribute", "Attribution")
	r.AddMeta("note\x1b[31m", "red\x1b[0m")
	r.AddTable("attribution", dataframe.New(
		series.New([]string{"q1\x1b[2J\x1b]0;pwned\x07abm", "email"}, series.String, "campaign"),
		series.New([]float64{1, 2}, series.Float, "conversions"),
	))
	for _, f := range []Format{Table, Markdown} {
		var buf bytes.Buffer
		if err := Render(&buf, r, f, Options{}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if strings.ContainsAny(out, "\x1b\x07") {
			t.Errorf("%v output holds control bytes:\n%q", f, out)
		}
		if !strings.Contains(out, `q1\x1b[2J\x1b]0;pwned\x07abm`) && !strings.Contains(out, `q1\\x1b\[2J\\x1b\]0;pwned\\x07abm`) {
			t.Errorf("%v output lacks the escaped name:\n%s", f, out)
		}
	}
}
