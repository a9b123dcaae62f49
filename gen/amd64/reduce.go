package amd64

import "github.com/mmcloughlin/avo/reg"

func init() { register("reduce", reductions) }

// reductions writes the reductions of package nn, unit stride only: Sum,
// and Max and Min, which return NaN when any element is NaN.
func reductions(f *File) {
	for _, t := range Elems {
		(&Stream{
			Kernel: "Sum", In: t, T: t,
			Slices: []string{"x"}, Accs: []Acc{{Merge: MergeAdd}}, Unroll: 8, Results: []string{"sum"},
			Body: func(s *Step) { s.O.Add(s.Mem(0), s.Acc(0), s.Acc(0)) },
		}).unit(f)
		extremum(f, t, "Max", NegInf, MergeMax, func(o Ops) op { return o.Max })
		extremum(f, t, "Min", PosInf, MergeMin, func(o Ops) op { return o.Min })
	}
}

// extremum writes Max or Min: accumulator 0 holds the extremum of the
// elements that are not NaN, accumulator 1 is all ones in every lane that
// has seen a NaN, and the result is their bitwise OR: NaN or the extremum.
func extremum(f *File, t Elem, kernel string, init Bits, merge Merge, pick func(Ops) op) {
	(&Stream{
		Kernel: kernel, In: t, T: t,
		Slices: []string{"x"}, Accs: []Acc{{Init: init, Merge: merge}, {Merge: MergeOr}}, Temps: 2, Unroll: 8,
		Results: []string{"r"},
		Body: func(s *Step) {
			x := s.Tmp(0)
			s.Load(0, x)
			pick(s.O)(s.Acc(0), x, s.Acc(0)) // a NaN in x leaves the extremum as it was
			s.O.MarkNaN(x, s.Acc(1), s.Tmp(1))
		},
		Finish: func(s *Step) []reg.VecPhysical {
			s.O.Or(s.Acc(1), s.Acc(0), s.Acc(0))
			return []reg.VecPhysical{s.Acc(0)}
		},
	}).unit(f)
}
