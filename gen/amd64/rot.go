package amd64

func init() { register("rot", rot) }

// rot writes Rot, which applies the 2x2 matrix H to the pairs (x[i], y[i]):
// x[i], y[i] = h11*x[i] + h12*y[i], h21*x[i] + h22*y[i]. Both the plane
// rotation and the modified Givens rotation of BLAS are this kernel. The
// products are rounded before they are added, without FMA: modified Givens
// rotations rely on h21*x1 + h22*y1 cancelling to zero as it does in
// reference BLAS, and FMA would leave the rounding error of one product.
func rot(f *File) {
	perElem(f, func(t Elem) *Stream {
		return &Stream{
			Kernel: "Rot", In: t, T: t,
			Scalars: []string{"h11", "h12", "h21", "h22"}, Slices: []string{"x", "y"}, Temps: 5, Unroll: 4,
			Body: func(s *Step) {
				x, y, nx, ny, t := s.Tmp(0), s.Tmp(1), s.Tmp(2), s.Tmp(3), s.Tmp(4)
				s.Load(0, x)
				s.Load(1, y)
				s.O.Mul(s.Scalar(0), x, nx)
				s.O.Mul(s.Scalar(1), y, t)
				s.O.Add(t, nx, nx)
				s.O.Mul(s.Scalar(2), x, ny)
				s.O.Mul(s.Scalar(3), y, t)
				s.O.Add(t, ny, ny)
				s.Store(nx, 0)
				s.Store(ny, 1)
			},
		}
	})
}
