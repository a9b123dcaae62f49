package arm64

func init() { register("activation", activations) }

// activations writes the elementwise activation functions of package nn,
// unit stride only: Relu, y[i] = max(x[i], 0), on FMAX, which returns NaN
// when either operand is NaN.
func activations(f *File) {
	for _, t := range Elems {
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
	}
}
