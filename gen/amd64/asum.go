package amd64

func init() { register("asum", asum) }

// asum writes Asum: the sum of |x[i]|, and AddAbs (unit stride only):
// y[i] += |x[i]|.
func asum(f *File) {
	perElem(f, func(t Elem) *Stream {
		return &Stream{
			Kernel: "Asum", In: t, T: t,
			Slices: []string{"x"}, Consts: []Bits{AbsMask}, Accs: []Acc{{Merge: MergeAdd}}, Temps: 1, Unroll: 8,
			Results: []string{"sum"},
			Body: func(s *Step) {
				x := s.Tmp(0)
				s.Load(0, x)
				s.O.And(s.Const(0), x, x)
				s.O.Add(x, s.Acc(0), s.Acc(0))
			},
		}
	})
	for _, t := range Elems {
		(&Stream{
			Kernel: "AddAbs", In: t, T: t,
			Slices: []string{"x", "y"}, Consts: []Bits{AbsMask}, Temps: 2, Unroll: 4,
			Body: func(s *Step) {
				x, y := s.Tmp(0), s.Tmp(1)
				s.Load(0, x)
				s.Load(1, y)
				s.O.And(s.Const(0), x, x)
				s.O.Add(x, y, y)
				s.Store(y, 1)
			},
		}).unit(f)
	}
}
