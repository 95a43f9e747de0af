package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/funnel-analytics/funnel/funnel"
)

// Config is the content of a funnel.yaml file. Every field is optional.
//
//	data: exports/                      # a folder of standard export names
//	inputs:                             # or one path per input; {month} is substituted
//	  leads: crm/leads.csv
//	  touches: crm/activities-{month}.csv.gz
//	columns:                            # role bindings, like --col
//	  touches.occurred_at: Activity Date
//	na_values: [Select, N/A, "-"]
//	date_order: mdy                     # or dmy
//	timezone: America/New_York
//	encoding: windows-1252
//	delimiter: ";"
//	max_errors: 10
type Config struct {
	Data      string            `yaml:"data"`
	Inputs    map[string]string `yaml:"inputs"`
	Columns   map[string]string `yaml:"columns"`
	NAValues  []string          `yaml:"na_values"`
	DateOrder string            `yaml:"date_order"`
	Timezone  string            `yaml:"timezone"`
	Encoding  string            `yaml:"encoding"`
	Delimiter string            `yaml:"delimiter"`
	MaxErrors int               `yaml:"max_errors"`
	Positive  []string          `yaml:"positive"`

	// Path is the file the config was read from; relative input paths are
	// resolved against its folder.
	Path string `yaml:"-"`
}

// MaxBytes is the largest config file read; a config is a few lines.
const MaxBytes = 1 << 20

// Load reads and validates the config file at path.
func Load(path string) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, unwrapPathError(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	if len(data) > MaxBytes {
		return nil, fmt.Errorf("config %s: larger than %d bytes", path, MaxBytes)
	}
	cfg, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	cfg.Path = path
	return cfg, nil
}

// Parse decodes and validates a config document. Unknown keys are errors,
// so a misspelt key does not silently do nothing.
func Parse(data []byte) (*Config, error) {
	cfg := &Config{}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(cfg); err != nil && !errors.Is(err, io.EOF) {
		return nil, cleanYAMLError(err)
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// Validate checks the values that can be checked without reading inputs.
func (c *Config) Validate() error {
	for name := range c.Inputs {
		if _, ok := funnel.ParseTableKind(name); !ok {
			return fmt.Errorf("inputs: unknown input %q (one of %s)", name, kindList())
		}
	}
	for key, header := range c.Columns {
		table, role, found := strings.Cut(key, ".")
		if found {
			if _, ok := funnel.ParseTableKind(table); !ok {
				return fmt.Errorf("columns: %q: unknown input %q (one of %s)", key, table, kindList())
			}
		} else {
			role = table
		}
		if role == "" || strings.TrimSpace(header) == "" {
			return fmt.Errorf("columns: %q: want role: Header", key)
		}
	}
	switch c.DateOrder {
	case "", "mdy", "dmy":
	default:
		return fmt.Errorf("date_order: %q: want mdy or dmy", c.DateOrder)
	}
	if c.MaxErrors < 0 {
		return fmt.Errorf("max_errors: %d: must not be negative", c.MaxErrors)
	}
	if len([]rune(c.Delimiter)) > 1 {
		return fmt.Errorf("delimiter: %q: want a single character", c.Delimiter)
	}
	return nil
}

// Resolve returns p relative to the config file's folder when p is relative.
func (c *Config) Resolve(p string) string {
	if p == "" || p == "-" || filepath.IsAbs(p) || c.Path == "" {
		return p
	}
	return filepath.Join(filepath.Dir(c.Path), p)
}

func kindList() string {
	names := make([]string, len(funnel.TableKinds))
	for i, k := range funnel.TableKinds {
		names[i] = k.String()
	}
	return strings.Join(names, ", ")
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// cleanYAMLError turns yaml.v3's multi-line type errors into one line.
func cleanYAMLError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.ReplaceAll(msg, "unmarshal errors:\n  ", "")
	msg = strings.ReplaceAll(msg, "\n  ", "; ")
	msg = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(msg)
	return errors.New(msg)
}
