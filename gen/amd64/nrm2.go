package amd64

func init() { register("nrm2", nrm2) }

// nrm2 writes the passes under the Euclidean norm. float64: SumSquares, the
// sum of (scale*x[i])^2 together with the largest |x[i]|, from which the
// driver decides whether a scaled second pass is needed. float32:
// SumSquares accumulated in float64, where no square can overflow or
// underflow.
func nrm2(f *File) {
	(&Stream{
		Kernel: "SumSquares", In: F64, T: F64,
		Scalars: []string{"scale"}, Slices: []string{"x"}, Consts: []Bits{AbsMask},
		Accs:  []Acc{{Merge: MergeAdd}, {Merge: MergeMax}},
		Temps: 2, Unroll: 8, Results: []string{"sumSq", "maxAbs"},
		Body: func(s *Step) {
			x, scaled := s.Tmp(0), s.Tmp(1)
			s.Load(0, x)
			s.O.Mul(s.Scalar(0), x, scaled)
			s.O.FMA(scaled, scaled, s.Acc(0))
			s.O.And(s.Const(0), x, x)
			s.O.Max(s.Acc(1), x, s.Acc(1)) // a NaN in x leaves the maximum as it was
		},
	}).Generate(f)
	(&Stream{
		Kernel: "SumSquares", In: F32, T: F64,
		Slices: []string{"x"}, Accs: []Acc{{Merge: MergeAdd}}, Temps: 1, Unroll: 8,
		Results: []string{"sumSq"},
		Body: func(s *Step) {
			x := s.Tmp(0)
			s.Load(0, x)
			s.O.FMA(x, x, s.Acc(0))
		},
	}).Generate(f)
}
