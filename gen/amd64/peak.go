package amd64

import (
	"fmt"
	"strconv"

	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

func init() { register("peak", peak) }

// PeakFMAs is how many independent FMA instructions one iteration of the
// peak probe issues: enough to cover the FMA latency on both FMA ports of
// every x86 core simdla targets.
const PeakFMAs = 12

// peak writes the FMA-throughput probes, func peak<T><ISA>(iters int):
// iters iterations of PeakFMAs independent full-width FMAs, and nothing
// else, so that timing it measures the core's peak.
func peak(f *File) {
	for _, t := range Elems {
		isa := f.ISA
		name := fmt.Sprintf("peak%s%s", t.Name, isa.Suffix)
		f.Table.Value(t.Name, "Peak.Flops", strconv.Itoa(2*PeakFMAs*isa.Lanes(t.Size)))
		f.function(t, "Peak.Run", name, "func(iters int)", fmt.Sprintf("%s is the FMA-throughput probe of %s.Peak, with %s.", name, t.Table, isa.Requires))
		o := ops(f.Context, isa, t, false, nil)
		src := []reg.VecPhysical{isa.Vec(PeakFMAs), isa.Vec(PeakFMAs + 1)}
		for i := range PeakFMAs + 2 {
			f.zero(i, false)
		}
		f.Load(f.Param("iters"), reg.RCX)
		f.TESTQ(reg.RCX, reg.RCX)
		f.JZ(operand.LabelRef("done"))
		f.Label("loop")
		for i := range PeakFMAs {
			o.FMA(src[0], src[1], isa.Vec(i))
		}
		f.DECQ(reg.RCX)
		f.JNZ(operand.LabelRef("loop"))
		f.Label("done")
		f.VZEROUPPER()
		f.RET()
	}
}
