package config

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/funnel-analytics/funnel/funnel"
)

// UnknownKeyError is a key of the config file that no setting has:
//
//	unknown key "velocty" in funnel.yaml line 2 (did you mean "velocity"?)
//	unknown key "alert_slowr" under velocity in funnel.yaml line 5 (did you mean "alert_slower"?)
type UnknownKeyError struct {
	Path    string // the config file; "" when the document was parsed from bytes
	Line    int
	Section string // the key's section ("velocity"); "" at the top level
	Key     string
	// Suggest is the known key of the same level nearest to Key
	// (funnel.Closest), "" when none is near.
	Suggest string
}

func (e *UnknownKeyError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "unknown key %q", e.Key)
	if e.Section != "" {
		fmt.Fprintf(&b, " under %s", e.Section)
	}
	if e.Path != "" {
		fmt.Fprintf(&b, " in %s", e.Path)
	}
	fmt.Fprintf(&b, " line %d", e.Line)
	if e.Suggest != "" {
		fmt.Fprintf(&b, " (did you mean %q?)", e.Suggest)
	}
	return b.String()
}

// notFound is how yaml.v3 words an unknown key under KnownFields.
var notFound = regexp.MustCompile(`^line (\d+): field (.+) not found in type (\S+)$`)

// unknownKey returns the first unknown key of a decoding error, nil when
// the error is of another kind.
func unknownKey(err error) *UnknownKeyError {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return nil
	}
	for _, msg := range te.Errors {
		m := notFound.FindStringSubmatch(msg)
		if m == nil {
			continue
		}
		line, _ := strconv.Atoi(m[1])
		section, keys := sectionOf(m[3])
		return &UnknownKeyError{Line: line, Section: section, Key: m[2], Suggest: funnel.Closest(m[2], keys)}
	}
	return nil
}

// sectionOf returns the key of the section whose settings are of Go type
// typeName ("config.Velocity": "velocity"; "" for Config itself) and the
// keys that section knows.
func sectionOf(typeName string) (string, []string) {
	top := reflect.TypeOf(Config{})
	if typeName == top.String() {
		return "", yamlKeys(top)
	}
	for i := 0; i < top.NumField(); i++ {
		f := top.Field(i)
		if f.Type.Kind() == reflect.Struct && f.Type.String() == typeName {
			return yamlKey(f), yamlKeys(f.Type)
		}
	}
	return "", nil
}

// yamlKeys lists the keys of a settings struct, in declaration order.
func yamlKeys(t reflect.Type) []string {
	var keys []string
	for i := 0; i < t.NumField(); i++ {
		if k := yamlKey(t.Field(i)); k != "" {
			keys = append(keys, k)
		}
	}
	return keys
}

func yamlKey(f reflect.StructField) string {
	k, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	if k == "-" {
		return ""
	}
	return k
}
