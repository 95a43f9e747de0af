package main

import (
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
)

// The memory ceiling (--max-memory). A command that reads inputs past
// what the machine holds (endless stdin, a file of 100,000 columns under
// a raised --max-columns) would grow until the runtime dies with a stack
// trace. With a ceiling, the runtime's memory limit is set to it
// (debug.SetMemoryLimit: the collector works harder as the heap nears it)
// and the readers fail once the heap outgrows it, naming the file and the
// line they reached (ingest.Options.MaxMemory), which exits 4
// (ExitMemory). The prefault backs at most half of it.
//
// The default is defaultMemoryPercent of the machine's memory, or of the
// cgroup's memory.max when that is less (memoryLimit); GOMEMLIMIT, when
// set, is the default instead; where neither is known, there is none.

// defaultMemoryPercent is the default ceiling's share of the machine's
// memory: the rest is for the kernel's page cache, the collector's
// headroom over the live heap, and the other programs of the machine.
const defaultMemoryPercent = 75

const maxMemoryHelp = "the memory ceiling: reading fails, exit 4, once the heap outgrows `SIZE`: bytes, or with a unit\n" +
	"KiB, MiB, GiB, TiB (K, KB, M, MB, ... read the same), or a percentage of the machine's memory;\n" +
	"off for none (default 75% of the machine's memory, or of the cgroup's memory.max when less;\n" +
	"GOMEMLIMIT when set)"

// memoryCeiling returns the ceiling --max-memory asks for, in bytes (see
// above); 0 for none.
func (g *globalOptions) memoryCeiling() (int64, error) {
	s := strings.TrimSpace(g.MaxMemory)
	if s == "" {
		if os.Getenv("GOMEMLIMIT") != "" {
			if limit := runLimits.base(); limit < math.MaxInt64 {
				return limit, nil
			}
		}
		return memoryLimit() / 100 * defaultMemoryPercent, nil
	}
	n, err := parseMemorySize(s, memoryLimit())
	if err != nil {
		return 0, usagef("--max-memory %q: %v", g.MaxMemory, err)
	}
	return n, nil
}

// parseMemorySize reads a --max-memory value: "off", a number of bytes
// with an optional binary unit, or a percentage of machine bytes.
func parseMemorySize(s string, machine int64) (int64, error) {
	if strings.EqualFold(s, "off") {
		return 0, nil
	}
	if pct, ok := strings.CutSuffix(s, "%"); ok {
		p, err := strconv.ParseFloat(strings.TrimSpace(pct), 64)
		switch {
		case err != nil || !(p > 0 && p <= 100):
			return 0, fmt.Errorf("want a percentage above 0 and up to 100")
		case machine <= 0:
			return 0, fmt.Errorf("the machine's memory is not known here: give a size such as 4GiB")
		}
		return int64(float64(machine) * p / 100), nil
	}
	i := strings.IndexFunc(s, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	num, unit := s, ""
	if i >= 0 {
		num, unit = s[:i], strings.ToLower(strings.TrimSpace(s[i:]))
	}
	shift, ok := map[string]uint{"": 0, "b": 0, "k": 10, "kb": 10, "kib": 10, "m": 20, "mb": 20, "mib": 20,
		"g": 30, "gb": 30, "gib": 30, "t": 40, "tb": 40, "tib": 40}[unit]
	v, err := strconv.ParseFloat(num, 64)
	if !ok || err != nil || !(v > 0) {
		return 0, fmt.Errorf("want a size such as 512MiB, 4GiB or 60%%, or off")
	}
	bytes := v * float64(uint64(1)<<shift)
	if bytes >= math.MaxInt64 {
		return 0, fmt.Errorf("too large")
	}
	return int64(bytes), nil
}

// setMemoryCeiling sets the runtime's memory limit to the ceiling, before
// a command runs (the root's PersistentPreRunE); Main puts the limit back
// as it was when it returns (runLimits).
func (g *globalOptions) setMemoryCeiling() error {
	n, err := g.memoryCeiling()
	if err != nil {
		return err
	}
	runLimits.set(g, n)
	return nil
}

// runLimits is the runtime's memory limit over the runs of Main under way.
var runLimits = &memoryLimits{}

// memoryLimits holds the runtime's memory limit, which is the process's,
// for the runs of Main under way at once (tests run Main in-process, in
// parallel): the limit is the lowest ceiling of the runs under way that
// have one, and when none has, what it was before the first run began,
// to which it goes back when the last ends. A single run, as the command
// line makes, sets its ceiling and puts the limit back as it was.
type memoryLimits struct {
	mu       sync.Mutex
	ceilings map[*globalOptions]int64 // the runs under way, and their ceilings (0: none yet)
	before   int64                    // the limit before the first of them began
}

// begin counts g's run as under way.
func (m *memoryLimits) begin(g *globalOptions) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.ceilings) == 0 {
		m.ceilings = map[*globalOptions]int64{}
		m.before = debug.SetMemoryLimit(-1)
	}
	m.ceilings[g] = 0
}

// set gives g's run the ceiling n (0: none).
func (m *memoryLimits) set(g *globalOptions, n int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.ceilings[g]; ok {
		m.ceilings[g] = n
		m.apply()
	}
}

// end ends g's run.
func (m *memoryLimits) end(g *globalOptions) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.ceilings[g]; ok {
		delete(m.ceilings, g)
		m.apply()
	}
}

// base returns the limit the runs began from: what GOMEMLIMIT set.
func (m *memoryLimits) base() int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.ceilings) > 0 {
		return m.before
	}
	return debug.SetMemoryLimit(-1)
}

// apply sets the runtime's limit from the runs under way.
func (m *memoryLimits) apply() {
	limit, some := m.before, false
	for _, n := range m.ceilings {
		if n > 0 && (!some || n < limit) {
			limit, some = n, true
		}
	}
	debug.SetMemoryLimit(limit)
}
