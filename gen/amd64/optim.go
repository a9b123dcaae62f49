package amd64

import (
	"github.com/mmcloughlin/avo/reg"

	"github.com/simdla/simdla/gen/table"
)

func init() { register("optim", optimizers) }

// optimizers writes the fused optimizer updates of package nn that
// gen/table describes (MomentumUpdate, NesterovUpdate, AdamUpdate), unit
// stride only: multiplies and adds apart (no FMA), square roots on
// VSQRTPS/VSQRTPD, which are IEEE's.
func optimizers(f *File) {
	for _, t := range Elems {
		for _, k := range table.OptimKernels() {
			(&Stream{
				Kernel: k.Field, In: t, T: t, Scalars: k.Scalars, Slices: k.Slices, Temps: len(k.Temps), Unroll: 4,
				Body: func(s *Step) { optimBody(s, k) },
			}).unit(f)
		}
	}
}

// optimBody writes k's body for one block. avo takes the sources in Go's
// order, so Dst = A - B is Sub(B, A, Dst).
func optimBody(s *Step, k table.Optim) {
	r := func(name string) reg.VecPhysical {
		temp, i := k.Value(name)
		if temp {
			return s.Tmp(i)
		}
		return s.Scalar(i)
	}
	binary := map[table.OpKind]op{table.Add: s.O.Add, table.Sub: s.O.Sub, table.Mul: s.O.Mul, table.Div: s.O.Div}
	for _, in := range k.Body {
		switch in.Kind {
		case table.Load:
			s.Load(k.Slice(in.A), r(in.Dst))
		case table.Store:
			s.Store(r(in.A), k.Slice(in.Dst))
		case table.Sqrt:
			s.O.Sqrt(r(in.A), r(in.Dst))
		default:
			binary[in.Kind](r(in.B), r(in.A), r(in.Dst))
		}
	}
}
