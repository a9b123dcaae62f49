package main

import (
	"fmt"
	"io"
	"time"
)

// progress tells, on its writer (standard error), which case of how many a
// table is measuring and how long the table has taken so far, so that a
// long run shows where it is, even while one case takes minutes.
type progress struct {
	w     io.Writer
	table string
	total int
	done  int
	start time.Time
}

func newProgress(w io.Writer, table string, total int) *progress {
	return &progress{w: w, table: table, total: total, start: time.Now()}
}

// next announces the next case.
func (p *progress) next(what string) {
	p.done++
	fmt.Fprintf(p.w, "%s %d/%d: %s (%s so far)\n", p.table, p.done, p.total, what, time.Since(p.start).Round(time.Second))
}

// finish says how long the table took.
func (p *progress) finish() {
	fmt.Fprintf(p.w, "%s: %d cases in %s\n", p.table, p.done, time.Since(p.start).Round(time.Second))
}
