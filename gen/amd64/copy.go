package amd64

func init() { register("copy", copyInc) }

// copyInc writes the strided Copy, y[i] = x[i]. The unit-stride copy is Go's
// built-in copy, whose runtime memmove is already vectorized.
func copyInc(f *File) {
	if !f.ISA.Strided {
		return
	}
	for _, t := range Elems {
		(&Stream{
			Kernel: "Copy", In: t, T: t,
			Slices: []string{"x", "y"}, Temps: 1, Unroll: 4,
			Body: func(s *Step) {
				v := s.Tmp(0)
				s.Load(0, v)
				s.Store(v, 1)
			},
		}).strided(f)
	}
}
