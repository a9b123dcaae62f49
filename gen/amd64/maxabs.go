package amd64

func init() { register("maxabs", maxAbs) }

// maxAbs writes MaxAbs: the largest |x[i]| that is not NaN, or 0. Iamax
// finds its index block by block with it.
func maxAbs(f *File) {
	perElem(f, func(t Elem) *Stream {
		return &Stream{
			Kernel: "MaxAbs", In: t, T: t,
			Slices: []string{"x"}, Consts: []Bits{AbsMask}, Accs: []Acc{{Merge: MergeMax}}, Temps: 1, Unroll: 8,
			Results: []string{"max"},
			Body: func(s *Step) {
				x := s.Tmp(0)
				s.Load(0, x)
				s.O.And(s.Const(0), x, x)
				s.O.Max(s.Acc(0), x, s.Acc(0)) // a NaN in x leaves the maximum as it was
			},
		}
	})
}
