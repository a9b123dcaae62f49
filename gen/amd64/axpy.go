package amd64

func init() { register("axpy", axpy) }

// axpy writes Axpy: y[i] += alpha*x[i].
func axpy(f *File) {
	perElem(f, func(t Elem) *Stream {
		return &Stream{
			Kernel: "Axpy", In: t, T: t,
			Scalars: []string{"alpha"}, Slices: []string{"x", "y"}, Temps: 1, Unroll: 4,
			Body: func(s *Step) {
				y := s.Tmp(0)
				s.Load(1, y)
				s.O.FMA(s.Mem(0), s.Scalar(0), y)
				s.Store(y, 1)
			},
		}
	})
}
