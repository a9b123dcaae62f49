package amd64

func init() { register("dot", dot) }

// dot writes Dot for both element types, and Dsdot: float32 inputs whose
// products are accumulated in float64.
func dot(f *File) {
	perElem(f, func(t Elem) *Stream {
		return &Stream{
			Kernel: "Dot", In: t, T: t,
			Slices: []string{"x", "y"}, Accs: []Acc{{Merge: MergeAdd}}, Temps: 1, Unroll: 8,
			Results: []string{"dot"},
			Body: func(s *Step) {
				x := s.Tmp(0)
				s.Load(0, x)
				s.O.FMA(s.Mem(1), x, s.Acc(0))
			},
		}
	})
	(&Stream{
		Kernel: "Dsdot", In: F32, T: F64,
		Slices: []string{"x", "y"}, Accs: []Acc{{Merge: MergeAdd}}, Temps: 2, Unroll: 8,
		Results: []string{"dot"},
		Body: func(s *Step) {
			x, y := s.Tmp(0), s.Tmp(1)
			s.Load(0, x)
			s.Load(1, y)
			s.O.FMA(y, x, s.Acc(0))
		},
	}).Generate(f)
}
