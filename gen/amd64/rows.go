package amd64

import "github.com/simdla/simdla/gen/table"

func init() { register("rows", rows) }

// rows writes the kernels that walk four rows of a matrix at once, for
// Level 2: DotRows (the rows times x, as gemv without transpose needs) and
// AxpyRows (a combination of the rows added to y, as transposed gemv, trsv
// and the Level-3 base cases need). Each element of x or y is loaded once
// for the four rows. DotRows3x4 multiplies the rows by three vectors, each
// element of a row loaded once for the three: twelve products for seven
// loads, where DotRows has four for five (a convolution's filter gradient,
// whose rows are one input row shifted by a tap each, unaligned).
func rows(f *File) {
	perElem(f, func(t Elem) *Stream {
		return &Stream{
			Kernel: "DotRows", In: t, T: t,
			Slices: []string{"x", "a"}, Rows: 4, Temps: 1, Unroll: 8,
			Accs:    []Acc{{Merge: MergeAdd}, {Merge: MergeAdd}, {Merge: MergeAdd}, {Merge: MergeAdd}},
			Results: []string{"d0", "d1", "d2", "d3"},
			Body: func(s *Step) {
				x := s.Tmp(0)
				s.Load(0, x)
				for r := range 4 {
					s.O.FMA(s.Row(1, r), x, s.Acc(r))
				}
			},
		}
	})
	perElem(f, func(t Elem) *Stream {
		return &Stream{
			Kernel: "DotRows3x4", In: t, T: t,
			Slices: []string{"x0", "x1", "x2", "a"}, Rows: 4, Temps: 4, Unroll: 2,
			Accs:    make([]Acc, 12),
			Results: table.DotRows3x4Results,
			Body: func(s *Step) {
				for i := range 3 {
					s.Load(i, s.Tmp(i))
				}
				row := s.Tmp(3)
				for r := range 4 {
					s.O.Load(s.Row(3, r), row)
					for i := range 3 {
						s.O.FMA(row, s.Tmp(i), s.Acc(4*i+r))
					}
				}
			},
		}
	})
	perElem(f, func(t Elem) *Stream {
		return &Stream{
			Kernel: "AxpyRows", In: t, T: t,
			Scalars: []string{"c0", "c1", "c2", "c3"}, Slices: []string{"y", "a"}, Rows: 4, Temps: 1, Unroll: 8,
			Body: func(s *Step) {
				y := s.Tmp(0)
				s.Load(0, y)
				for r := range 4 {
					s.O.FMA(s.Row(1, r), s.Scalar(r), y)
				}
				s.Store(y, 0)
			},
		}
	})
}
