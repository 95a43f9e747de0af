package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"
)

// progressBar draws one line on stderr for a step that takes more than
// about a second; it draws nothing before that, so quick runs stay quiet.
type progressBar struct {
	w       io.Writer
	start   time.Time
	last    time.Time
	drawn   bool
	current string
}

// newProgress returns a progress callback for ingest.Options.Progress, or
// nil when progress must not be shown (not a terminal, --quiet,
// --no-progress).
func (g *globalOptions) newProgress() (func(name string, done, total int64), func()) {
	if !g.io.ErrTTY || g.Quiet || g.NoProgress {
		return nil, func() {}
	}
	p := &progressBar{w: g.io.ErrOut, start: time.Now()}
	return p.update, p.finish
}

func (p *progressBar) update(name string, done, total int64) {
	now := time.Now()
	if name != p.current {
		p.current, p.start = name, now
	}
	if now.Sub(p.start) < time.Second || now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last, p.drawn = now, true
	label := filepath.Base(name)
	if total > 0 {
		frac := float64(done) / float64(total)
		if frac > 1 {
			frac = 1
		}
		const width = 30
		n := int(frac * width)
		fmt.Fprintf(p.w, "\r%-24.24s [%s%s] %3.0f%% %s", label, strings.Repeat("=", n), strings.Repeat(" ", width-n), frac*100, byteSize(done))
		return
	}
	fmt.Fprintf(p.w, "\r%-24.24s %s", label, byteSize(done))
}

func (p *progressBar) finish() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
