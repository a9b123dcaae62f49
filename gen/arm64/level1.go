package arm64

import (
	"math"

	"github.com/simdla/simdla/gen/table"
)

func init() {
	register("dot", dot)
	register("axpy", axpy)
	register("scal", scal)
	register("copy", copyInc)
	register("swap", swap)
	register("asum", asum)
	register("nrm2", nrm2)
	register("maxabs", maxAbs)
	register("rot", rot)
	register("reduce", reductions)
	register("rows", rows)
}

// dot writes Dot for both element types, and Dsdot: float32 inputs whose
// products are accumulated in float64.
func dot(f *File) {
	for _, s := range []*Stream{{In: F32, T: F32}, {In: F64, T: F64}, {In: F32, T: F64}} {
		s.Kernel = "Dot"
		if s.In != s.T {
			s.Kernel = "Dsdot"
		}
		s.Slices, s.Accs, s.Temps, s.Unroll, s.Results = []string{"x", "y"}, []Acc{{}}, 2, 4, []string{"dot"}
		s.Body = func(st *Step) {
			x, y := st.Tmp(0), st.Tmp(1)
			st.Load(0, x)
			st.Load(1, y)
			st.FMA(x, y, st.Acc(0))
		}
		s.Generate(f)
	}
}

// axpy writes Axpy: y[i] += alpha*x[i].
func axpy(f *File) {
	perElem(f, func(t Elem) *Stream {
		return &Stream{
			Kernel: "Axpy", In: t, T: t,
			Scalars: []string{"alpha"}, Slices: []string{"x", "y"}, Temps: 2, Unroll: 4,
			Body: func(s *Step) {
				x, y := s.Tmp(0), s.Tmp(1)
				s.Load(0, x)
				s.Load(1, y)
				s.FMA(x, s.Scalar(0), y)
				s.Store(y, 1)
			},
		}
	})
}

// scal writes Scal: x[i] *= alpha.
func scal(f *File) {
	perElem(f, func(t Elem) *Stream {
		return &Stream{
			Kernel: "Scal", In: t, T: t,
			Scalars: []string{"alpha"}, Slices: []string{"x"}, Temps: 1, Unroll: 4,
			Body: func(s *Step) {
				x := s.Tmp(0)
				s.Load(0, x)
				s.Mul(x, s.Scalar(0), x)
				s.Store(x, 0)
			},
		}
	})
}

// copyInc writes the strided Copy, y[i] = x[i]. The unit-stride copy is Go's
// built-in copy.
func copyInc(f *File) {
	for _, t := range Elems {
		(&Stream{
			Kernel: "Copy", In: t, T: t, Slices: []string{"x", "y"}, Temps: 1,
			Body: func(s *Step) {
				v := s.Tmp(0)
				s.Load(0, v)
				s.Store(v, 1)
			},
		}).strided(f)
	}
}

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

// asum writes Asum: the sum of |x[i]|, and AddAbs (unit stride only):
// y[i] += |x[i]|.
func asum(f *File) {
	perElem(f, func(t Elem) *Stream {
		return &Stream{
			Kernel: "Asum", In: t, T: t,
			Slices: []string{"x"}, Accs: []Acc{{}}, Temps: 1, Unroll: 8, Results: []string{"sum"},
			Body: func(s *Step) {
				x := s.Tmp(0)
				s.Load(0, x)
				s.Abs(x, x)
				s.Add(x, s.Acc(0), s.Acc(0))
			},
		}
	})
	for _, t := range Elems {
		(&Stream{
			Kernel: "AddAbs", In: t, T: t,
			Slices: []string{"x", "y"}, Temps: 2, Unroll: 4,
			Body: func(s *Step) {
				x, y := s.Tmp(0), s.Tmp(1)
				s.Load(0, x)
				s.Load(1, y)
				s.Abs(x, x)
				s.Add(x, y, y)
				s.Store(y, 1)
			},
		}).unit(f)
	}
}

// maxAbs writes MaxAbs: the largest |x[i]| that is not NaN, or 0.
func maxAbs(f *File) {
	perElem(f, func(t Elem) *Stream {
		return &Stream{
			Kernel: "MaxAbs", In: t, T: t,
			Slices: []string{"x"}, Accs: []Acc{{Merge: MergeMaxNum}}, Temps: 1, Unroll: 8, Results: []string{"max"},
			Body: func(s *Step) {
				x := s.Tmp(0)
				s.Load(0, x)
				s.Abs(x, x)
				s.MaxNum(s.Acc(0), x, s.Acc(0)) // a NaN in x leaves the maximum as it was
			},
		}
	})
}

// nrm2 writes the passes under the Euclidean norm. float64: SumSquares, the
// sum of (scale*x[i])^2 together with the largest |x[i]|. float32:
// SumSquares accumulated in float64, where no square can overflow or
// underflow.
func nrm2(f *File) {
	(&Stream{
		Kernel: "SumSquares", In: F64, T: F64,
		Scalars: []string{"scale"}, Slices: []string{"x"},
		Accs:  []Acc{{}, {Merge: MergeMaxNum}},
		Temps: 2, Unroll: 4, Results: []string{"sumSq", "maxAbs"},
		Body: func(s *Step) {
			x, scaled := s.Tmp(0), s.Tmp(1)
			s.Load(0, x)
			s.Mul(s.Scalar(0), x, scaled)
			s.FMA(scaled, scaled, s.Acc(0))
			s.Abs(x, x)
			s.MaxNum(s.Acc(1), x, s.Acc(1))
		},
	}).Generate(f)
	(&Stream{
		Kernel: "SumSquares", In: F32, T: F64,
		Slices: []string{"x"}, Accs: []Acc{{}}, Temps: 1, Unroll: 8, Results: []string{"sumSq"},
		Body: func(s *Step) {
			x := s.Tmp(0)
			s.Load(0, x)
			s.FMA(x, x, s.Acc(0))
		},
	}).Generate(f)
}

// rot writes Rot: x[i], y[i] = h11*x[i] + h12*y[i], h21*x[i] + h22*y[i],
// each product rounded before the sum (no FMA), as the kernel's contract
// requires for modified Givens rotations.
func rot(f *File) {
	perElem(f, func(t Elem) *Stream {
		return &Stream{
			Kernel: "Rot", In: t, T: t,
			Scalars: []string{"h11", "h12", "h21", "h22"}, Slices: []string{"x", "y"}, Temps: 5, Unroll: 4,
			Body: func(s *Step) {
				x, y, nx, ny, p := s.Tmp(0), s.Tmp(1), s.Tmp(2), s.Tmp(3), s.Tmp(4)
				s.Load(0, x)
				s.Load(1, y)
				s.Mul(s.Scalar(0), x, nx)
				s.Mul(s.Scalar(1), y, p)
				s.Add(nx, p, nx)
				s.Mul(s.Scalar(2), x, ny)
				s.Mul(s.Scalar(3), y, p)
				s.Add(ny, p, ny)
				s.Store(nx, 0)
				s.Store(ny, 1)
			},
		}
	})
}

// reductions writes the reductions of package nn, unit stride only: Sum,
// and Max and Min, which return NaN when any element is NaN (NEON's FMAX
// and FMIN propagate it).
func reductions(f *File) {
	for _, t := range Elems {
		for _, s := range []*Stream{
			{Kernel: "Sum", Accs: []Acc{{}}},
			{Kernel: "Max", Accs: []Acc{{Init: math.Inf(-1), Merge: MergeMax}}},
			{Kernel: "Min", Accs: []Acc{{Init: math.Inf(1), Merge: MergeMin}}},
		} {
			s.In, s.T, s.Slices, s.Temps, s.Unroll, s.Results = t, t, []string{"x"}, 1, 8, []string{"r"}
			merge := s.Accs[0].Merge
			s.Body = func(st *Step) {
				x := st.Tmp(0)
				st.Load(0, x)
				st.merge(merge, st.Acc(0), x, st.Acc(0))
			}
			s.unit(f)
		}
	}
}

// rows writes the kernels that walk four rows of a matrix at once, for
// Level 2: DotRows and AxpyRows. Each element of x or y is loaded once for
// the four rows. DotRows3x4 multiplies the rows by three vectors, each
// element of a row loaded once for the three.
func rows(f *File) {
	perElem(f, func(t Elem) *Stream {
		return &Stream{
			Kernel: "DotRows", In: t, T: t,
			Slices: []string{"x", "a"}, Rows: 4, Temps: 2, Unroll: 2,
			Accs:    []Acc{{}, {}, {}, {}},
			Results: []string{"d0", "d1", "d2", "d3"},
			Body: func(s *Step) {
				x, row := s.Tmp(0), s.Tmp(1)
				s.Load(0, x)
				for r := range 4 {
					s.LoadRow(1, r, row)
					s.FMA(row, x, s.Acc(r))
				}
			},
		}
	})
	perElem(f, func(t Elem) *Stream {
		return &Stream{
			Kernel: "DotRows3x4", In: t, T: t,
			Slices: []string{"x0", "x1", "x2", "a"}, Rows: 4, Temps: 4, Unroll: 1,
			Accs:    make([]Acc, 12),
			Results: table.DotRows3x4Results,
			Body: func(s *Step) {
				for i := range 3 {
					s.Load(i, s.Tmp(i))
				}
				row := s.Tmp(3)
				for r := range 4 {
					s.LoadRow(3, r, row)
					for i := range 3 {
						s.FMA(row, s.Tmp(i), s.Acc(4*i+r))
					}
				}
			},
		}
	})
	perElem(f, func(t Elem) *Stream {
		return &Stream{
			Kernel: "AxpyRows", In: t, T: t,
			Scalars: []string{"c0", "c1", "c2", "c3"}, Slices: []string{"y", "a"}, Rows: 4, Temps: 2, Unroll: 4,
			Body: func(s *Step) {
				y, row := s.Tmp(0), s.Tmp(1)
				s.Load(0, y)
				for r := range 4 {
					s.LoadRow(1, r, row)
					s.FMA(row, s.Scalar(r), y)
				}
				s.Store(y, 0)
			},
		}
	})
}
