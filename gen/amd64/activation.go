package amd64

func init() { register("activation", activations) }

// activations writes the elementwise activation functions of packages conv
// and nn, unit stride only: Relu, y[i] = max(x[i], 0), on VMAXPS with x as
// its second source, which it returns when either source is NaN; AddBias,
// y[i] = x[i] + b; and AddBiasRelu, y[i] = max(x[i]+b, 0), the epilogue of
// a convolution with bias and ReLU; and ReluGrad, dx[i] = x[i] > 0 ? dy[i]
// : 0, ReLU's backward pass, a compare and a bitwise AND (a zeroing load
// under the compare's opmask on AVX-512).
func activations(f *File) {
	for _, t := range Elems {
		(&Stream{
			Kernel: "AddBias", In: t, T: t,
			Scalars: []string{"b"}, Slices: []string{"x", "y"}, Temps: 1, Unroll: 8,
			Body: func(s *Step) {
				y := s.Tmp(0)
				s.O.Add(s.Mem(0), s.Scalar(0), y)
				s.Store(y, 1)
			},
		}).unit(f)
		(&Stream{
			Kernel: "AddBiasRelu", In: t, T: t,
			Scalars: []string{"b"}, Slices: []string{"x", "y"}, Consts: []Bits{{}}, Temps: 1, Unroll: 8,
			Body: func(s *Step) {
				y := s.Tmp(0)
				s.O.Add(s.Mem(0), s.Scalar(0), y)
				s.O.Max(y, s.Const(0), y) // 0 > x+b ? 0 : x+b
				s.Store(y, 1)
			},
		}).unit(f)
		(&Stream{
			Kernel: "Relu", In: t, T: t,
			Slices: []string{"x", "y"}, Consts: []Bits{{}}, Temps: 1, Unroll: 8,
			Body: func(s *Step) {
				y := s.Tmp(0)
				s.O.Max(s.Mem(0), s.Const(0), y) // 0 > x ? 0 : x
				s.Store(y, 1)
			},
		}).unit(f)
		(&Stream{
			Kernel: "ReluGrad", In: t, T: t,
			Slices: []string{"x", "dy", "dx"}, Consts: []Bits{{}}, Temps: 2, Unroll: 8,
			Body: func(s *Step) {
				dx := s.Tmp(0)
				s.O.Gate(s.Mem(0), s.Mem(1), s.Const(0), dx, s.Tmp(1))
				s.Store(dx, 2)
			},
		}).unit(f)
	}
}
