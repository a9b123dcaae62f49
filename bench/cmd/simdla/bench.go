package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/simdla/simdla/bench"
	"github.com/simdla/simdla/blas"
	"github.com/simdla/simdla/dispatch"
)

// benchCmd measures the cases of a group side by side and prints a table.
func benchCmd(args []string, w io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	group := fs.String("group", "all", "benchmark group: level1, gemm, lapack, or all")
	rounds := fs.Int("rounds", 21, "alternating rounds per case; the table shows medians")
	batch := fs.Duration("batch", 5*time.Millisecond, "length of one timed batch")
	only := fs.String("only", "", "run only the cases whose name contains this")
	jsonOut := fs.String("json", "", "also write the GEMM measurements to this file, for bench/plot")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *group != "level1" && len(bench.Peers()) > 0 {
		printPeers(w)
		fmt.Fprintln(w)
	}
	var records []record
	switch *group {
	case "level1":
		level1Table(w, *rounds, *batch, *only)
	case "gemm":
		records = gemmTable(w, min(*rounds, 9), 4*(*batch), *only)
	case "lapack":
		lapackTable(w, min(*rounds, 5), *only)
	case "all":
		level1Table(w, *rounds, *batch, *only)
		records = gemmTable(w, min(*rounds, 9), 4*(*batch), *only)
		lapackTable(w, min(*rounds, 5), *only)
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

// level1Table prints, for every Level-1 case, simdla's and gonum's speed and
// their ratio, and for memory-sized vectors simdla's bandwidth as a
// fraction of a plain copy's.
func level1Table(w io.Writer, rounds int, batch time.Duration, only string) {
	fmt.Fprintf(w, "Level 1, ISA %s: medians of %d alternating rounds; simdla / gonum is the median of the per-round ratios\n\n", dispatch.ISA(), rounds)
	fmt.Fprintln(w, "| routine | n | simdla GB/s | gonum GB/s | simdla / gonum | simdla GFLOP/s | of stream copy |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|")
	for _, n := range bench.Level1Sizes {
		cases := bench.Level1(n)
		stream := cases[len(cases)-1]
		streamBW := stream.Bytes / bench.Measure(stream, rounds, batch).Seconds[bench.Stream]
		for _, c := range cases[:len(cases)-1] {
			if only != "" && !strings.Contains(c.Name, only) {
				continue
			}
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

// lapackTable prints, for gonum's mat, lapack and stat operations, the
// time each takes with every BLAS and how many times faster simdla's is.
// One call is a batch: these take milliseconds to seconds.
func lapackTable(w io.Writer, rounds int, only string) {
	fmt.Fprintf(w, "\ngonum's mat, lapack and stat on each BLAS (blas64.Use), ISA %s, up to %d threads: medians of %d alternating rounds (one for the decompositions at n = 2000); \"x lib\" is the median of per-round time ratios, above 1 when simdla is faster\n\n",
		dispatch.ISA(), blas.Threads(), rounds)
	for _, p := range bench.Peers() {
		p.SetThreads(blas.Threads()) // BLIS runs one thread unless told
	}
	var libs []string
	for _, n := range bench.LapackSizes {
		for _, c := range bench.Lapack(n) {
			if only != "" && !strings.Contains(c.Name, only) {
				continue
			}
			if libs == nil {
				libs = c.LibNames()
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
			r := rounds
			if c.Flops == 0 && n >= 2000 {
				r = 1 // with gonum's LAPACK the decompositions take minutes a call here
			}
			t := bench.Measure(c, r, 0)
			fmt.Fprintf(w, "| %s | %d |", c.Name, n)
			for _, lib := range libs {
				fmt.Fprintf(w, " %.1f |", 1e3*t.Seconds[lib])
			}
			for _, lib := range libs[1:] {
				fmt.Fprintf(w, " %.2f |", t.Speedup(lib))
			}
			fmt.Fprintln(w)
		}
	}
}
