package arm64

import (
	"fmt"
	"strconv"
)

func init() { register("peak", peak) }

// PeakFMAs is how many independent FMA instructions one iteration of the
// peak probe issues: enough to cover four cycles of FMA latency on four
// FMA pipes (Apple's cores; Neoverse N1 has two).
const PeakFMAs = 16

// peak writes the FMA-throughput probes, func peak<T>NEON(iters int):
// iters iterations of PeakFMAs independent vector FMLAs, and nothing else.
func peak(f *File) {
	for _, t := range Elems {
		name := fmt.Sprintf("peak%sNEON", t.Name)
		f.Table.Value(t.Name, "Peak.Flops", strconv.Itoa(2*PeakFMAs*t.Lanes()))
		fn := f.Function(t, "Peak.Run", name, fmt.Sprintf("is the FMA-throughput probe of %s.Peak, with NEON.", t.Table), []Param{Int("iters")}, nil)
		for i := range PeakFMAs + 2 {
			fn.Zero(i)
		}
		fn.I("MOVD %s, R0", fn.Arg("iters"))
		loop, done := fn.Label("loop"), fn.Label("done")
		fn.I("CBZ R0, %s", done)
		fn.Place(loop)
		for i := range PeakFMAs {
			fn.FMLA(t, i, PeakFMAs, PeakFMAs+1)
		}
		fn.I("SUBS $1, R0, R0")
		fn.I("BNE %s", loop)
		fn.Place(done)
	}
}
