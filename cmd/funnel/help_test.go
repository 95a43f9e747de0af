package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

// TestGeneratorHelp: sample's and demo's --help list the flags that apply
// to them, not the shared flags of reading exports; the analyses' help
// still lists those, and the flags are left as they were.
func TestGeneratorHelp(t *testing.T) {
	t.Parallel()
	for _, cmd := range []string{"sample", "demo"} {
		var out bytes.Buffer
		root, _ := newRoot(&IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &out})
		setArgs(root, []string{cmd, "--help"})
		if err := root.Execute(); err != nil {
			t.Fatal(err)
		}
		help := out.String()
		for _, name := range []string{"--date-order", "--data", "--config", "--col", "--na-values", "--positive", "--max-errors", "--max-gzip-ratio", "--tz", "--as-of"} {
			if regexp.MustCompile(`(?m)^\s+` + name + `\b`).MatchString(help) {
				t.Errorf("%s --help lists %s:\n%s", cmd, name, help)
			}
		}
		for _, name := range []string{"--out-dir", "--format", "--output", "--quiet", "--max-memory"} {
			if !strings.Contains(help, name) {
				t.Errorf("%s --help does not list %s:\n%s", cmd, name, help)
			}
		}
		if f := root.PersistentFlags().Lookup("date-order"); f.Hidden {
			t.Errorf("%s --help left --date-order hidden", cmd)
		}
	}
	out, _, code := run(t, "", "fit", "--help")
	if code != ExitOK || !strings.Contains(out, "--date-order") {
		t.Errorf("fit --help: exit %d, no --date-order:\n%s", code, out)
	}
}

// TestHelpTopics: 'funnel help shapley' prints the page on the
// characteristic function, and every command's --help opens with one
// paragraph (then at most a line naming its topics, each of which exists)
// and shows two examples.
func TestHelpTopics(t *testing.T) {
	t.Parallel()
	out, _, code := run(t, "", "help", "shapley")
	if code != ExitOK || !strings.HasPrefix(out, "The shapley model of 'funnel attribute'") ||
		!strings.Contains(out, "rate (default with null journeys known): v(S) = conversions / journeys") {
		t.Errorf("help shapley: exit %d\n%s", code, out)
	}
	topics := map[string]bool{}
	for _, tp := range helpTopics {
		topics[tp.name] = true
	}
	named := regexp.MustCompile(`'funnel help ([a-z-]+)'`)
	root, _ := newRoot(&IOStreams{In: strings.NewReader(""), Out: new(bytes.Buffer), ErrOut: new(bytes.Buffer)})
	for _, c := range root.Commands() {
		if !c.Runnable() || c.HasSubCommands() {
			continue
		}
		paras := strings.Split(c.Long, "\n\n")
		if len(paras) > 2 || len(paras) == 2 && !strings.HasPrefix(paras[1], "More: ") {
			t.Errorf("%s: --help opens with %d paragraphs, want one (and a More: line)", c.Name(), len(paras))
		}
		for _, m := range named.FindAllStringSubmatch(c.Long, -1) {
			if !topics[m[1]] {
				t.Errorf("%s names the help topic %q, which does not exist", c.Name(), m[1])
			}
		}
		if n := strings.Count(c.Example, "funnel "); n != 2 {
			t.Errorf("%s: %d examples, want 2", c.Name(), n)
		}
	}
}
