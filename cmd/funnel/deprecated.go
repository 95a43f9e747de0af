package main

import (
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Flags renamed so that each name means one thing across the commands
// (issue 18): the old names stay for one release as hidden aliases. A run
// that uses one says so on stderr, naming the new flag (unless -q):
//
//	sample --leads N       -> --lead-count N      (--leads FILE reads a leads export everywhere else)
//	sample, demo --out DIR -> --out-dir DIR       (-o/--output FILE is the one output file)
//	sample --months M      -> --history-months M  (report --months is the months shown)
//	velocity, size --order -> --stage-order       (the stage ladder)
//	attribute --order K    -> --markov-order K    (the Markov chain's order)
//	accounts --positives   -> --lookalike-from    (--positive VALUE reads a boolean)
//
// pflag's own MarkDeprecated is not used: cobra prints its message to the
// command's output, stdout, where it would join a TSV a script reads.

// deprecatedAnnotation marks an alias flag; its value is the new name.
const deprecatedAnnotation = "funnel-deprecated-for"

// aliasFlag declares old as a hidden alias of the flag named to (declared
// before on the same flag set): a value given to old is given to to, so
// that to reads as set (Changed) and the config's value yields to it.
func aliasFlag(fs *pflag.FlagSet, old, to string) {
	target := fs.Lookup(to)
	if target == nil {
		panic("funnel: aliasFlag: no flag --" + to)
	}
	fs.AddFlag(&pflag.Flag{
		Name:        old,
		Usage:       "deprecated: use --" + to,
		Value:       &aliasValue{fs: fs, to: to},
		DefValue:    target.DefValue,
		NoOptDefVal: target.NoOptDefVal,
		Hidden:      true,
		Annotations: map[string][]string{deprecatedAnnotation: {to}},
	})
}

// aliasValue forwards what is given to an alias to the flag it stands for.
type aliasValue struct {
	fs *pflag.FlagSet
	to string
}

func (a *aliasValue) Set(s string) error { return a.fs.Set(a.to, s) }
func (a *aliasValue) String() string     { return a.fs.Lookup(a.to).Value.String() }
func (a *aliasValue) Type() string       { return a.fs.Lookup(a.to).Value.Type() }

// warnDeprecated says on stderr, once per alias used, which flag replaces
// it: "warning: --leads is deprecated and goes in the next release; use
// --lead-count". Nothing under -q.
func (g *globalOptions) warnDeprecated(cmd *cobra.Command) {
	if g.Quiet {
		return
	}
	cmd.Flags().Visit(func(f *pflag.Flag) {
		if to, ok := f.Annotations[deprecatedAnnotation]; ok {
			fmt.Fprintf(g.io.ErrOut, "warning: --%s is deprecated and goes in the next release; use --%s\n", f.Name, to[0])
		}
	})
}
