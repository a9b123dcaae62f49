package amd64

func init() { register("swap", swap) }

// swap writes Swap: x[i], y[i] = y[i], x[i].
func swap(f *File) {
	perElem(f, func(t Elem) *Stream {
		return &Stream{
			Kernel: "Swap", In: t, T: t,
			Slices: []string{"x", "y"}, Temps: 2, Unroll: 4,
			Body: func(s *Step) {
				x, y := s.Tmp(0), s.Tmp(1)
				s.Load(0, x)
				s.Load(1, y)
				s.Store(x, 1)
				s.Store(y, 0)
			},
		}
	})
}
