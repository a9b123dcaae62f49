package amd64

func init() { register("scal", scal) }

// scal writes Scal: x[i] *= alpha.
func scal(f *File) {
	perElem(f, func(t Elem) *Stream {
		return &Stream{
			Kernel: "Scal", In: t, T: t,
			Scalars: []string{"alpha"}, Slices: []string{"x"}, Temps: 1, Unroll: 4,
			Body: func(s *Step) {
				x := s.Tmp(0)
				s.O.Mul(s.Mem(0), s.Scalar(0), x)
				s.Store(x, 0)
			},
		}
	})
}
