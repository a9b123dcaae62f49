package amd64

func init() { register("activation", activations) }

// activations writes the elementwise activation functions of package nn,
// unit stride only: Relu, y[i] = max(x[i], 0), on VMAXPS with x as its
// second source, which it returns when either source is NaN.
func activations(f *File) {
	for _, t := range Elems {
		(&Stream{
			Kernel: "Relu", In: t, T: t,
			Slices: []string{"x", "y"}, Consts: []Bits{{}}, Temps: 1, Unroll: 8,
			Body: func(s *Step) {
				y := s.Tmp(0)
				s.O.Max(s.Mem(0), s.Const(0), y) // 0 > x ? 0 : x
				s.Store(y, 1)
			},
		}).unit(f)
	}
}
