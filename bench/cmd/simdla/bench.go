package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/simdla/simdla/bench"
	"github.com/simdla/simdla/blas"
	"github.com/simdla/simdla/dispatch"
)

// extent is how much a run measures: the most rounds per case of each
// table, and for the lapack table's decompositions (SVD, eigenvalues),
// whose calls take seconds with gonum's LAPACK (minutes at n = 2000), the
// order from which they run one round and the largest order they run at.
type extent struct {
	level1, gemm, lapack  int
	conv                  int
	nnStep, nnEpoch       int
	decompOnce, decompMax int
}

var (
	// quick is the default run: some 7 to 9 minutes on a 2-core AMD
	// EPYC (Zen 5), half of it in the lapack table and under a minute in
	// the conv table; the nn table, not in -group all, takes about two
	// minutes alone, most of it in its epochs.
	quick = extent{level1: 11, gemm: 5, lapack: 3, conv: 7, nnStep: 7, nnEpoch: 3, decompOnce: 1000, decompMax: 1000}
	// full is the run the README's tables come from (-full).
	full = extent{level1: 21, gemm: 9, lapack: 5, conv: 11, nnStep: 11, nnEpoch: 5, decompOnce: 2000, decompMax: 2000}
)

// benchCmd measures the cases of a group side by side and prints a table
// on w, and on prog which case it is measuring.
func benchCmd(args []string, w, prog io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	group := fs.String("group", "all", "benchmark group: level1, gemm, lapack, conv, nn, or all (every group but nn, whose MNIST epochs take about two minutes)")
	fullRun := fs.Bool("full", false, "the full run, as the README's tables were made: more rounds, and the decompositions at n = 2000")
	rounds := fs.Int("rounds", 0, fmt.Sprintf("at most this many alternating rounds per case; 0 for the run's own (level1, gemm, lapack, conv, nn step, nn epoch: %d, %d, %d, %d, %d, %d; with -full %d, %d, %d, %d, %d, %d); the tables show medians",
		quick.level1, quick.gemm, quick.lapack, quick.conv, quick.nnStep, quick.nnEpoch, full.level1, full.gemm, full.lapack, full.conv, full.nnStep, full.nnEpoch))
	batch := fs.Duration("batch", 5*time.Millisecond, "length of one timed batch")
	only := fs.String("only", "", "run only the cases whose name contains this")
	jsonOut := fs.String("json", "", "also write the GEMM measurements to this file, for bench/plot")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ext := quick
	if *fullRun {
		ext = full
	}
	if *rounds > 0 {
		ext.level1, ext.gemm, ext.lapack = min(ext.level1, *rounds), min(ext.gemm, *rounds), min(ext.lapack, *rounds)
		ext.conv, ext.nnStep, ext.nnEpoch = min(ext.conv, *rounds), min(ext.nnStep, *rounds), min(ext.nnEpoch, *rounds)
	}
	if *group != "level1" && *group != "conv" && *group != "nn" && len(bench.Peers()) > 0 {
		printPeers(w)
		fmt.Fprintln(w)
	}
	var records []record
	switch *group {
	case "level1":
		level1Table(w, prog, ext.level1, *batch, *only)
	case "gemm":
		records = gemmTable(w, prog, ext.gemm, 4*(*batch), *only)
	case "lapack":
		lapackTable(w, prog, ext, *only)
	case "conv":
		convTable(w, prog, ext.conv, 4*(*batch), *only)
	case "nn":
		nnTable(w, prog, ext, 4*(*batch), *only)
	case "all":
		level1Table(w, prog, ext.level1, *batch, *only)
		records = gemmTable(w, prog, ext.gemm, 4*(*batch), *only)
		lapackTable(w, prog, ext, *only)
		convTable(w, prog, ext.conv, 4*(*batch), *only)
	default:
		return fmt.Errorf("unknown group %q", *group)
	}
	if *jsonOut == "" {
		return nil
	}
	data, err := json.MarshalIndent(records, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(*jsonOut, data, 0o644)
}

// printPeers names the C libraries this build compares with and the kernel
// set each runs, if it has any.
func printPeers(w io.Writer) {
	var about []string
	for _, p := range bench.Peers() {
		about = append(about, p.About)
	}
	if len(about) > 0 {
		fmt.Fprintf(w, "peers: %s\n", strings.Join(about, ", "))
	}
}

// level1Table prints, for every Level-1 case whose name contains only,
// simdla's and gonum's speed and their ratio, and for memory-sized vectors
// simdla's bandwidth as a fraction of a plain copy's.
func level1Table(w, prog io.Writer, rounds int, batch time.Duration, only string) {
	fmt.Fprintf(w, "Level 1, ISA %s: medians of %d alternating rounds; simdla / gonum is the median of the per-round ratios\n\n", dispatch.ISA(), rounds)
	fmt.Fprintln(w, "| routine | n | simdla GB/s | gonum GB/s | simdla / gonum | simdla GFLOP/s | of stream copy |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|")
	// Every length has the same routines, the stream copy last.
	total := 0
	for _, c := range bench.Level1(1) {
		if c.Libs[bench.Stream] == nil && strings.Contains(c.Name, only) {
			total++
		}
	}
	progress := newProgress(prog, "level1", total*len(bench.Level1Sizes))
	defer progress.finish()
	for _, n := range bench.Level1Sizes {
		cases := bench.Level1(n)
		stream := cases[len(cases)-1]
		streamBW := stream.Bytes / bench.Measure(stream, rounds, batch).Seconds[bench.Stream]
		for _, c := range cases[:len(cases)-1] {
			if !strings.Contains(c.Name, only) {
				continue
			}
			progress.next(fmt.Sprintf("%s, n = %d", c.Name, n))
			t := bench.Measure(c, rounds, batch)
			s, g := t.Seconds[bench.Simdla], t.Seconds[bench.Gonum]
			flops := "-"
			if c.Flops > 0 {
				flops = fmt.Sprintf("%.1f", c.Flops/s/1e9)
			}
			fmt.Fprintf(w, "| %s | %d | %.1f | %.1f | %.2fx | %s | %.0f%% |\n",
				c.Name, n, c.Bytes/s/1e9, c.Bytes/g/1e9, t.Speedup(bench.Gonum), flops, 100*(c.Bytes/s)/streamBW)
		}
		fmt.Fprintf(w, "| stream-copy | %d | %.1f | | | | 100%% |\n", n, streamBW/1e9)
	}
}

// lapackTable prints, for gonum's mat, lapack and stat operations whose
// name contains only, the time each takes with every BLAS and how many
// times faster simdla's is, over ext.lapack rounds, one from
// ext.decompOnce for the decompositions, which are left out above
// ext.decompMax. One call is a batch: these take milliseconds to seconds.
func lapackTable(w, prog io.Writer, ext extent, only string) {
	var cases []*bench.Case
	for _, n := range bench.LapackSizes {
		for _, c := range bench.Lapack(n) {
			if strings.Contains(c.Name, only) && (!decomposition(c) || n <= ext.decompMax) {
				cases = append(cases, c)
			}
		}
	}
	progress := newProgress(prog, "lapack", len(cases))
	defer progress.finish()
	ones := fmt.Sprintf("one for the decompositions from n = %d", ext.decompOnce)
	if largest := slices.Max(bench.LapackSizes); ext.decompMax < largest {
		ones += fmt.Sprintf(", and none at n = %d: -full runs them", largest)
	}
	fmt.Fprintf(w, "\ngonum's mat, lapack and stat on each BLAS (blas64.Use), ISA %s, up to %d threads: medians of %d alternating rounds (%s); \"x lib\" is the median of per-round time ratios, above 1 when simdla is faster\n\n",
		dispatch.ISA(), blas.Threads(), ext.lapack, ones)
	for _, p := range bench.Peers() {
		p.SetThreads(blas.Threads()) // BLIS runs one thread unless told
	}
	for i, c := range cases {
		libs := c.LibNames()
		if i == 0 {
			fmt.Fprint(w, "| operation | n |")
			for _, lib := range libs {
				fmt.Fprintf(w, " %s ms |", lib)
			}
			for _, lib := range libs[1:] {
				fmt.Fprintf(w, " x %s |", lib)
			}
			fmt.Fprintln(w)
			fmt.Fprintln(w, "|---|---:|"+strings.Repeat("---:|", 2*len(libs)-1))
		}
		progress.next(fmt.Sprintf("%s, n = %d", c.Name, c.N))
		r := ext.lapack
		if decomposition(c) && c.N >= ext.decompOnce {
			r = 1
		}
		t := bench.Measure(c, r, 0)
		cases[i] = nil // let go of its matrices once the last at its order is done
		fmt.Fprintf(w, "| %s | %d |", c.Name, c.N)
		for _, lib := range libs {
			fmt.Fprintf(w, " %.1f |", 1e3*t.Seconds[lib])
		}
		for _, lib := range libs[1:] {
			fmt.Fprintf(w, " %.2f |", t.Speedup(lib))
		}
		fmt.Fprintln(w)
	}
}

// decomposition reports whether c is one of the lapack table's iterative
// decompositions (SVD, eigenvalues), whose flop count depends on the data.
func decomposition(c *bench.Case) bool { return c.Flops == 0 }
