package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"

	"github.com/simdla/simdla/bench"
	"github.com/simdla/simdla/blas"
	"github.com/simdla/simdla/dispatch"
	"github.com/simdla/simdla/kernels"
)

// kernelISA returns the ISA of the function in use for kernel name of
// typ, as dispatch.Kernels names it; it panics on a name dispatch does not
// report, so that a renamed kernel cannot pass for a generic one.
func kernelISA(name, typ string) kernels.ISA {
	for _, k := range dispatch.Kernels() {
		if k.Name == name && k.Type == typ {
			return k.ISA
		}
	}
	panic("simdla info: dispatch reports no kernel " + name + " for " + typ)
}

// gemmKernel names the full-tile GEMM micro-kernel of a table.
func gemmKernel(mr int) string { return fmt.Sprintf("Gemm.FullWidth[%d]", mr) }

// info prints the CPU features dispatch sees, the ISA level it chose, for
// every kernel the ISA of the function that runs, the peers' kernels where
// the build has peers, and what the PyTorch peer runs where it starts.
func info(w io.Writer) {
	fmt.Fprintf(w, "platform: %s/%s, GOMAXPROCS=%d\n", runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0))
	var feats []string
	for _, f := range dispatch.Features() {
		mark := "-"
		if f.Present {
			mark = "+"
		}
		feats = append(feats, mark+f.Name)
	}
	fmt.Fprintf(w, "cpu features: %s\n", strings.Join(feats, " "))
	var avail []string
	for _, isa := range dispatch.Available() {
		avail = append(avail, isa.String())
	}
	how := "chosen automatically"
	if env := os.Getenv(dispatch.EnvISA); env != "" {
		how = dispatch.EnvISA + "=" + env
	}
	fmt.Fprintf(w, "isa: %s (%s; available: %s)\n", dispatch.ISA(), how, strings.Join(avail, ", "))
	g64, g32 := dispatch.F64().Gemm, dispatch.F32().Gemm
	fmt.Fprintf(w, "gemm: float64 %s %dx%d (MC=%d KC=%d NC=%d), float32 %s %dx%d (MC=%d KC=%d NC=%d), up to %d threads\n",
		kernelISA(gemmKernel(g64.MR), "float64"), g64.MR, g64.NR, g64.MC, g64.KC, g64.NC,
		kernelISA(gemmKernel(g32.MR), "float32"), g32.MR, g32.NR, g32.MC, g32.KC, g32.NC, blas.Threads())
	fmt.Fprintf(w, "peak of one core (FMA probe): %.1f GFLOP/s float64, %.1f GFLOP/s float32\n",
		bench.Peak(dispatch.F64().Peak), bench.Peak(dispatch.F32().Peak))
	fmt.Fprintln(w, "kernels:")
	byName := map[string]map[string]kernels.ISA{}
	var order []string
	for _, k := range dispatch.Kernels() {
		name := strings.ToLower(k.Name[:1]) + k.Name[1:]
		if byName[name] == nil {
			byName[name] = map[string]kernels.ISA{}
			order = append(order, name)
		}
		byName[name][k.Type] = k.ISA
	}
	width := 0
	for _, name := range order {
		width = max(width, len(name)+1)
	}
	for _, name := range order {
		var cols []string
		for _, typ := range []string{"float32", "float64"} {
			if isa, ok := byName[name][typ]; ok {
				cols = append(cols, fmt.Sprintf("%s: %-7s", typ, isa))
			}
		}
		fmt.Fprintf(w, "  %-*s %s\n", width, name+":", strings.TrimSpace(strings.Join(cols, "  ")))
	}
	printPeers(w)
	if p := startTorch(w, 1); p != nil {
		p.Close()
	}
}
