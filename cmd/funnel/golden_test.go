package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// Golden outputs are compared by checkGolden, the one comparison of
// TestCases and TestBadInputs (their stdout and stderr alike, whatever the
// format: CSV, TSV, JSON, Markdown, tables, warnings).
//
// The same-bytes promise (one build writes the same bytes for the same
// input, every run) is kept and checked: the goldens are the output of the
// reference build, amd64 with GOAMD64=v1 (Go's default: the build of CI's
// `make test` and of -update), and on that build the cases must match
// them byte for byte.
//
// Any other build (GOAMD64=v3 with FMA, arm64) rounds floats differently
// in their last bits, so there the outputs are compared by sameOutput. A
// text is cut into words and the text between them. A word is a maximal
// run of letters, digits and the characters . _ - + (a trailing '.' ends a
// sentence, not the word). A word that reads as a decimal number
// ([-+]digits[.digits][e[-+]digits], as the renderers write them) is a
// number; every other word (2024-01-02, L0001, p90, v1.2.3, NA, Inf) is
// text. Two outputs are the same when
//
//   - their text, between and outside the numbers, is equal byte for byte,
//     except that a run of spaces matches a run of spaces of any length
//     (tables and Markdown pad a column to its widest number, and a median
//     of exactly 24 on one build is written 24, on another 24.000);
//   - two integers (no '.', no exponent) are equal byte for byte: a count
//     is exact on every machine;
//   - two numbers of which at least one has a fraction or an exponent
//     differ by at most 1e-12 of the larger magnitude (relative), or by at
//     most 1e-300 (absolute, near zero).
//
// A case whose numbers are ill-conditioned (the estimate of a separated
// term is the last iterate of a diverging fit; a Markov removal effect of
// a rare channel is a difference of two probabilities near 1) states a
// looser tolerance in a file named tolerance: "REL ABS reason", the reason
// required. Numbers rounded for people (Markdown, tables) pass on other
// builds only if they round alike, which a 1e-12 difference does except at
// a rounding boundary.

// tolerance is how far apart two numbers of a golden output may be on a
// build other than the reference build.
type tolerance struct {
	rel, abs float64
}

// defaultTolerance is the tolerance of a case without a tolerance file.
var defaultTolerance = tolerance{rel: 1e-12, abs: 1e-300}

// readTolerance reads the tolerance file of a case folder, or returns the
// default when there is none.
func readTolerance(t *testing.T, dir string) tolerance {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "tolerance"))
	if os.IsNotExist(err) {
		return defaultTolerance
	}
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		t.Fatalf("%s/tolerance: want \"REL ABS reason\", got %q", dir, b)
	}
	rel, err1 := strconv.ParseFloat(f[0], 64)
	abs, err2 := strconv.ParseFloat(f[1], 64)
	if err1 != nil || err2 != nil || rel < 0 || abs < 0 {
		t.Fatalf("%s/tolerance: REL and ABS must be non-negative numbers, got %q", dir, b)
	}
	return tolerance{rel: rel, abs: abs}
}

// goldenToken is a piece of an output: text, or a number word.
type goldenToken struct {
	text   string
	number bool
	line   int // 1-based line where the token starts
}

var (
	numberWord  = regexp.MustCompile(`^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$`)
	integerWord = regexp.MustCompile(`^[-+]?[0-9]+$`)
)

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("._-+", r)
}

// goldenTokens cuts s into number tokens and the text between them
// (adjacent text merged into one token).
func goldenTokens(s string) []goldenToken {
	var toks []goldenToken
	line := 1
	addText := func(t string, at int) {
		if t == "" {
			return
		}
		if n := len(toks); n > 0 && !toks[n-1].number {
			toks[n-1].text += t
			return
		}
		toks = append(toks, goldenToken{text: t, line: at})
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			addText(s[i:i+size], line)
			if r == '\n' {
				line++
			}
			i += size
			continue
		}
		j := i
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if !isWordRune(r) {
				break
			}
			j += size
		}
		word := s[i:j]
		trimmed := strings.TrimRight(word, ".")
		if trimmed != "" && numberWord.MatchString(trimmed) {
			toks = append(toks, goldenToken{text: trimmed, number: true, line: line})
			addText(word[len(trimmed):], line)
		} else {
			addText(word, line)
		}
		i = j
	}
	return toks
}

// sameNumber reports whether the number words want and got are equal
// under the rule of sameOutput.
func sameNumber(want, got string, tol tolerance) bool {
	if want == got {
		return true
	}
	if integerWord.MatchString(want) && integerWord.MatchString(got) {
		return false
	}
	w, err1 := strconv.ParseFloat(want, 64)
	g, err2 := strconv.ParseFloat(got, 64)
	if err1 != nil || err2 != nil {
		return false
	}
	d := math.Abs(w - g)
	return d <= tol.abs || d <= tol.rel*math.Max(math.Abs(w), math.Abs(g))
}

// sameOutput compares got with the golden want under the rule above. It
// returns "" when they are the same, else the first difference: its line
// (of want), the two tokens, and the two lines.
func sameOutput(want, got string, tol tolerance) string {
	if want == got {
		return ""
	}
	wt, gt := goldenTokens(want), goldenTokens(got)
	for i := 0; i < len(wt) || i < len(gt); i++ {
		switch {
		case i >= len(wt):
			return fmt.Sprintf("line %d: got more than want: %q", gt[i].line, clipText(gt[i].text))
		case i >= len(gt):
			return fmt.Sprintf("line %d: want more than got: %q", wt[i].line, clipText(wt[i].text))
		}
		w, g := wt[i], gt[i]
		switch {
		case w.number && g.number:
			if sameNumber(w.text, g.text, tol) {
				continue
			}
			return fmt.Sprintf("line %d: want %s, got %s (over a relative %g, absolute %g)\n  want: %s\n  got:  %s",
				w.line, w.text, g.text, tol.rel, tol.abs, lineOf(want, w.line), lineOf(got, g.line))
		case w.number != g.number || squeezeSpaces(w.text) != squeezeSpaces(g.text):
			// Point at the first differing byte of the two texts.
			k := 0
			for k < len(w.text) && k < len(g.text) && w.text[k] == g.text[k] {
				k++
			}
			line := w.line + strings.Count(w.text[:k], "\n")
			gline := g.line + strings.Count(g.text[:min(k, len(g.text))], "\n")
			return fmt.Sprintf("line %d: want %q, got %q\n  want: %s\n  got:  %s",
				line, clipText(excerpt(w.text, k)), clipText(excerpt(g.text, k)), lineOf(want, line), lineOf(got, gline))
		}
	}
	return "" // unreachable: equal token lists mean equal texts
}

var spaceRun = regexp.MustCompile(` +`)

// squeezeSpaces writes every run of spaces of s as one space.
func squeezeSpaces(s string) string {
	return spaceRun.ReplaceAllLiteralString(s, " ")
}

// excerpt is the text from byte k to the end of its line.
func excerpt(s string, k int) string {
	if k > len(s) {
		k = len(s)
	}
	s = s[k:]
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i+1]
	}
	return s
}

// lineOf is line n (1-based) of s, clipped.
func lineOf(s string, n int) string {
	lines := strings.Split(s, "\n")
	if n < 1 || n > len(lines) {
		return "(no such line)"
	}
	return clipText(lines[n-1])
}

// referenceBuild reports whether this test binary is the build that
// writes the goldens: GOARCH amd64 with GOAMD64 v1.
func referenceBuild() bool {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	return settings["GOARCH"] == "amd64" && settings["GOAMD64"] == "v1"
}

var isReferenceBuild = referenceBuild()

// checkGolden compares got with the golden want of path (what names the
// stream): byte for byte on the reference build, else by sameOutput at
// tolerance tol.
func checkGolden(t *testing.T, path, want, got, what string, tol tolerance) {
	t.Helper()
	if got == want {
		return
	}
	if diff := sameOutput(want, got, tol); diff != "" {
		t.Errorf("%s differs from %s at %s", what, path, diff)
		return
	}
	if isReferenceBuild {
		t.Errorf("%s matches %s within %g but not byte for byte; the reference build "+
			"(amd64, GOAMD64=v1) must write the goldens' bytes (rerun with -update if the change is intended):\n--- got\n%s\n--- want\n%s",
			what, path, tol.rel, clipText(got), clipText(want))
	}
}

// TestSameOutput pins the comparison rule; each verdict is worked out by
// hand from the rule in sameOutput's comment.
func TestSameOutput(t *testing.T) {
	tests := []struct {
		name, want, got string
		same            bool
	}{
		{"identical", "a,b\n1,2.5\n", "a,b\n1,2.5\n", true},
		// 1.0700702853286255 * 1e-13 = 1.07e-13, under 1.07e-12.
		{"float within 1e-12", "x,-1.0700702853286255\n", "x,-1.0700702853286254\n", true},
		{"float in its last bits", "0.15889589394693", "0.15889589394693008", true}, // diff 8e-17 / 0.159 = 5e-16
		// 1.07 * (1 + 1e-9): relative 1e-9, far over 1e-12.
		{"float off by 1e-9", "x,1.07\n", "x,1.07000000107\n", false},
		{"exponent form within", "p 3.64569769864948e-23", "p 3.6456976986498e-23", true}, // rel 1.1e-14
		{"exponent form off", "p 3.64e-23", "p 3.65e-23", false},
		{"integer exact", "rows: 12\n", "rows: 13\n", false},
		{"integer vs its float", `"vif": 1,`, `"vif": 0.9999999999999999,`, true}, // diff 1.1e-16
		{"zero vs tiny", "0", "1e-310", true},                                     // absolute 1e-310 under 1e-300
		{"zero vs small", "0", "1e-200", false},
		{"text differs", "a,b\n1,2\n", "a,c\n1,2\n", false},
		{"padding of a wider number", "| 24.000 |", "|     24 |", true},
		{"space where none was", "a b", "ab", false},
		{"newline is not a space", "a 1", "a\n1", false},
		{"date is text", "2024-01-02", "2024-01-03", false},
		{"id is text", "L0001", "L0002", false},
		{"p90 is text", "p90: 3", "p91: 3", false},
		{"version is text", "v1.2.3", "v1.2.4", false},
		{"number in a word", "x1.0000000000000002", "x1", false},
		{"number then a full stop", "over 1.5.\n", "over 1.5000000000000002.\n", true},
		{"sign is part of the number", "-1.5", "1.5", false},
		{"more lines", "a\n", "a\nb\n", false},
		{"markdown cells", "| 0.5000 | 12 |", "| 0.5000 | 12 |", true},
		// A case's tolerance file: 112.81156403922391 vs 112.81156422420312
		// differ by 1.6e-9 relative, over 1e-12, under 1e-7.
		{"looser tolerance needed", "(intercept),112.81156403922391,", "(intercept),112.81156422420312,", false},
		{"json", `{"estimate": -3.1191139060021738, "n": 13}`, `{"estimate": -3.119113906002174, "n": 13}`, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			diff := sameOutput(tc.want, tc.got, defaultTolerance)
			if (diff == "") != tc.same {
				t.Errorf("sameOutput(%q, %q) = %q, want same=%v", tc.want, tc.got, diff, tc.same)
			}
		})
	}
}

// TestCaseTolerance: a tolerance file loosens the rule, absolute too:
// -2.735139851306956e-12 vs -2.7351398156297593e-12 differ by 3.6e-20,
// under ABS 1e-15, and by 1.3e-8 relative, over 1e-12.
func TestCaseTolerance(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "tolerance"), []byte("1e-7 1e-15 a diverging fit\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tol := readTolerance(t, dir)
	if tol != (tolerance{rel: 1e-7, abs: 1e-15}) {
		t.Fatalf("tolerance %+v", tol)
	}
	if d := sameOutput("x,112.81156403922391\n", "x,112.81156422420312\n", tol); d != "" {
		t.Error(d)
	}
	if d := sameOutput("ll -2.735139851306956e-12", "ll -2.7351398156297593e-12", tolerance{rel: 0, abs: 1e-15}); d != "" {
		t.Error(d)
	}
	if d := sameOutput("ll -2.735139851306956e-12", "ll -2.7351398156297593e-12", defaultTolerance); d == "" {
		t.Error("1.3e-8 relative passed at 1e-12")
	}
	if readTolerance(t, t.TempDir()) != defaultTolerance {
		t.Error("a case without a tolerance file is not at the default")
	}
}

// TestSameOutputReport checks that a difference names its line and the
// two values.
func TestSameOutputReport(t *testing.T) {
	want := "term,estimate\n(intercept),-1.331598643113839\nvisits,0.05\n"
	got := "term,estimate\n(intercept),-1.331598643113839\nvisits,0.06\n"
	diff := sameOutput(want, got, defaultTolerance)
	for _, part := range []string{"line 3", "want 0.05", "got 0.06", "want: visits,0.05", "got:  visits,0.06"} {
		if !strings.Contains(diff, part) {
			t.Errorf("the report lacks %q:\n%s", part, diff)
		}
	}
	diff = sameOutput("a\nwarning: 3 rows\n", "a\nwarning: 3 lines\n", defaultTolerance)
	if !strings.Contains(diff, "line 2") || !strings.Contains(diff, `want "rows\n"`) {
		t.Errorf("a text difference names its line and text:\n%s", diff)
	}
}

// TestGoldenTokens checks which words are numbers: worked out by hand
// from the rule (dates, ids, p90 and versions are text; a sentence's
// full stop is not part of its number).
func TestGoldenTokens(t *testing.T) {
	in := "L0001,2024-01-02,p90,-1.5e-3,v1.2.3 12.\n| NA | +7 | .5 |"
	var got []string
	for _, tok := range goldenTokens(in) {
		kind := "text"
		if tok.number {
			kind = "number"
		}
		got = append(got, fmt.Sprintf("%s@%d:%q", kind, tok.line, tok.text))
	}
	want := []string{
		`text@1:"L0001,2024-01-02,p90,"`,
		`number@1:"-1.5e-3"`,
		`text@1:",v1.2.3 "`,
		`number@1:"12"`,
		`text@1:".\n| NA | "`,
		`number@2:"+7"`,
		`text@2:" | "`,
		`number@2:".5"`,
		`text@2:" |"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("tokens:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestExpcodeFor pins what -update leaves as expcode: worked out from the
// layout's defaults (0, or 1 with should-fail).
func TestExpcodeFor(t *testing.T) {
	tests := []struct {
		code       ExitCode
		shouldFail bool
		statesCode bool
		want       string // "" for no file
	}{
		{ExitOK, false, false, ""},
		{ExitFailure, true, false, ""},
		{ExitFailure, false, false, "1\n"},
		{ExitUsage, false, false, "2\n"},
		{ExitUsage, true, false, "2\n"},
		{ExitOK, true, false, "0\n"},
		{ExitOK, false, true, "0\n"}, // testdata/bad states every code
		{ExitFailure, false, true, "1\n"},
	}
	for _, tc := range tests {
		if got := string(expcodeFor(tc.code, tc.shouldFail, tc.statesCode)); got != tc.want {
			t.Errorf("expcodeFor(%d, should-fail %v, states %v) = %q, want %q", tc.code, tc.shouldFail, tc.statesCode, got, tc.want)
		}
	}
}
