package conv

// The definitions every test compares with: direct loops in float64 over
// the convolution's sums, written for clarity, not speed.

// referenceForward returns the convolution of x with w (shape s, defaults
// set) by its definition: for every image n, output channel k and output
// position (p, q), the sum over the input channels c of k's group and the
// taps (r, t) inside the image of x[n,c,ih,iw]*w[k,c,r,t], with
// ih = p*StrideH - PadTop + r*DilationH and iw = q*StrideW - PadLeft + t*DilationW.
func referenceForward(s Shape, x, w []float64) []float64 {
	s = s.withDefaults()
	y := make([]float64, s.OutputLen())
	eachTap(s, func(xi, wi, yi int) { y[yi] += x[xi] * w[wi] })
	return y
}

// referenceData returns the input gradient by its definition: every
// product of referenceForward's sum, dy[n,k,p,q]*w[k,c,r,t], added to
// dx[n,c,ih,iw].
func referenceData(s Shape, dy, w []float64) []float64 {
	s = s.withDefaults()
	dx := make([]float64, s.InputLen())
	eachTap(s, func(xi, wi, yi int) { dx[xi] += dy[yi] * w[wi] })
	return dx
}

// referenceFilter returns the filter gradient by its definition: every
// product x[n,c,ih,iw]*dy[n,k,p,q] added to dw[k,c,r,t].
func referenceFilter(s Shape, dy, x []float64) []float64 {
	s = s.withDefaults()
	dw := make([]float64, s.FilterLen())
	eachTap(s, func(xi, wi, yi int) { dw[wi] += dy[yi] * x[xi] })
	return dw
}

// eachTap calls f with the indices of x, w and y of every term of the
// convolution's sums whose tap lies inside the image, each sum's terms in
// the order of c, r, t.
func eachTap(s Shape, f func(xi, wi, yi int)) {
	P, Q := s.Out()
	cg, kg := s.C/s.Groups, s.K/s.Groups
	for n := range s.N {
		for k := range s.K {
			g := k / kg
			for p := range P {
				for q := range Q {
					for c := range cg {
						for r := range s.R {
							for t := range s.S {
								ih := p*s.StrideH - s.PadTop + r*s.DilationH
								iw := q*s.StrideW - s.PadLeft + t*s.DilationW
								if ih < 0 || ih >= s.H || iw < 0 || iw >= s.W {
									continue
								}
								f(((n*s.C+g*cg+c)*s.H+ih)*s.W+iw, ((k*cg+c)*s.R+r)*s.S+t, ((n*s.K+k)*P+p)*Q+q)
							}
						}
					}
				}
			}
		}
	}
}
