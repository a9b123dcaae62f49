package arm64

func init() { register("activation", activations) }

// activations writes the elementwise activation functions of packages conv
// and nn, unit stride only: Relu, y[i] = max(x[i], 0), on FMAX, which
// returns NaN when either operand is NaN; AddBias, y[i] = x[i] + b; and
// AddBiasRelu, y[i] = max(x[i]+b, 0); and ReluGrad, dx[i] = x[i] > 0 ?
// dy[i] : 0, a compare with zero and a bitwise AND.
func activations(f *File) {
	for _, t := range Elems {
		(&Stream{
			Kernel: "AddBias", In: t, T: t,
			Scalars: []string{"b"}, Slices: []string{"x", "y"}, Temps: 1, Unroll: 8,
			Body: func(s *Step) {
				x := s.Tmp(0)
				s.Load(0, x)
				s.Add(x, s.Scalar(0), x)
				s.Store(x, 1)
			},
		}).unit(f)
		(&Stream{
			Kernel: "AddBiasRelu", In: t, T: t,
			Scalars: []string{"b"}, Slices: []string{"x", "y"}, Temps: 2, Unroll: 8,
			Body: func(s *Step) {
				x, zero := s.Tmp(0), s.Tmp(1)
				s.Zero(zero)
				s.Load(0, x)
				s.Add(x, s.Scalar(0), x)
				s.Max(x, zero, x)
				s.Store(x, 1)
			},
		}).unit(f)
		(&Stream{
			Kernel: "Relu", In: t, T: t,
			Slices: []string{"x", "y"}, Temps: 2, Unroll: 8,
			Body: func(s *Step) {
				x, zero := s.Tmp(0), s.Tmp(1)
				s.Zero(zero)
				s.Load(0, x)
				s.Max(x, zero, x)
				s.Store(x, 1)
			},
		}).unit(f)
		(&Stream{
			Kernel: "ReluGrad", In: t, T: t,
			Slices: []string{"x", "dy", "dx"}, Temps: 2, Unroll: 8,
			Body: func(s *Step) {
				x, g := s.Tmp(0), s.Tmp(1)
				s.Load(0, x)
				s.Load(1, g)
				s.Positive(x, x)
				s.And(x, g, x)
				s.Store(x, 2)
			},
		}).unit(f)
	}
}
