package amd64

func init() { register("optim", optimizers) }

// optimizers writes the fused optimizer updates of package nn, unit stride
// only: MomentumUpdate and NesterovUpdate (SGD) over w, g and the velocity
// v, and AdamUpdate over w, g, m and v. Their contract rounds every
// operation, so the bodies multiply and add separately (no FMA), and take
// square roots with VSQRTPS/VSQRTPD, which are IEEE's. In avo's operand
// order Sub(a, b, d) and Div(a, b, d) compute d = b - a and d = b / a.
func optimizers(f *File) {
	for _, t := range Elems {
		for _, nesterov := range []bool{false, true} {
			sgd(t, nesterov).unit(f)
		}
		adam(t).unit(f)
	}
}

// sgd describes MomentumUpdate, or NesterovUpdate when nesterov is set.
func sgd(t Elem, nesterov bool) *Stream {
	kernel := "MomentumUpdate"
	if nesterov {
		kernel = "NesterovUpdate"
	}
	return &Stream{
		Kernel: kernel, In: t, T: t,
		Scalars: []string{"lr", "mu", "wd"}, Slices: []string{"w", "g", "v"}, Temps: 3, Unroll: 4,
		Body: func(s *Step) {
			lr, mu, wd := s.Scalar(0), s.Scalar(1), s.Scalar(2)
			w, d, v := s.Tmp(0), s.Tmp(1), s.Tmp(2)
			s.Load(0, w)
			s.O.Mul(w, wd, d)
			s.O.Add(s.Mem(1), d, d) // d = g + wd*w
			s.O.Mul(s.Mem(2), mu, v)
			s.O.Add(d, v, v) // v = mu*v + d
			s.Store(v, 2)
			if nesterov {
				s.O.Mul(v, mu, v)
				s.O.Add(d, v, v) // d + mu*v
			}
			s.O.Mul(v, lr, v)
			s.O.Sub(v, w, w) // w - lr*(v or d + mu*v)
			s.Store(w, 0)
		},
	}
}

// adam describes AdamUpdate.
func adam(t Elem) *Stream {
	return &Stream{
		Kernel: "AdamUpdate", In: t, T: t,
		Scalars: []string{"wd", "decay", "b1", "a1", "b2", "a2", "s2", "eps", "step"},
		Slices:  []string{"w", "g", "m", "v"}, Temps: 4, Unroll: 4,
		Body: func(s *Step) {
			wd, decay, b1, a1 := s.Scalar(0), s.Scalar(1), s.Scalar(2), s.Scalar(3)
			b2, a2, s2, eps, step := s.Scalar(4), s.Scalar(5), s.Scalar(6), s.Scalar(7), s.Scalar(8)
			w, d, m, x := s.Tmp(0), s.Tmp(1), s.Tmp(2), s.Tmp(3)
			s.Load(0, w)
			s.O.Mul(w, wd, d)
			s.O.Add(s.Mem(1), d, d) // d = g + wd*w
			s.O.Mul(s.Mem(2), b1, m)
			s.O.Mul(d, a1, x)
			s.O.Add(x, m, m) // m = b1*m + a1*d
			s.Store(m, 2)
			s.O.Mul(d, a2, x)
			s.O.Mul(d, x, x)
			s.O.Mul(s.Mem(3), b2, d)
			s.O.Add(x, d, d) // v = b2*v + (a2*d)*d
			s.Store(d, 3)
			s.O.Sqrt(d, d)
			s.O.Div(s2, d, d)
			s.O.Add(eps, d, d) // sqrt(v)/s2 + eps
			s.O.Div(d, m, m)
			s.O.Mul(m, step, m)
			s.O.Mul(w, decay, w)
			s.O.Sub(m, w, w) // decay*w - step*(m/denom)
			s.Store(w, 0)
		},
	}
}
