package arm64

import "github.com/simdla/simdla/gen/table"

func init() { register("optim", optimizers) }

// optimizers writes the fused optimizer updates of package nn that
// gen/table describes (MomentumUpdate, NesterovUpdate, AdamUpdate), unit
// stride only: multiplies and adds apart (no FMLA), square roots on FSQRT,
// which is IEEE's.
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

// optimBody writes k's body for one block.
func optimBody(s *Step, k table.Optim) {
	r := func(name string) int {
		temp, i := k.Value(name)
		if temp {
			return s.Tmp(i)
		}
		return s.Scalar(i)
	}
	binary := map[table.OpKind]func(x, y, d int){table.Add: s.Add, table.Sub: s.Sub, table.Mul: s.Mul, table.Div: s.Div}
	for _, in := range k.Body {
		switch in.Kind {
		case table.Load:
			s.Load(k.Slice(in.A), r(in.Dst))
		case table.Store:
			s.Store(r(in.A), k.Slice(in.Dst))
		case table.Sqrt:
			s.Sqrt(r(in.A), r(in.Dst))
		default:
			binary[in.Kind](r(in.A), r(in.B), r(in.Dst))
		}
	}
}
