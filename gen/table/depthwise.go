package table

import "fmt"

// DepthwiseTap is one tap of a depthwise kernel: it reads input plane
// Plane (x, or even and odd), row Row below the output row's first, column
// Col right of the output column's.
type DepthwiseTap struct{ Plane, Row, Col int }

// DepthwiseKernel describes one depthwise block kernel, for every emitter.
type DepthwiseKernel struct {
	Field   string         // the kernels table's field: Depthwise3x3S1
	Stride  int            // input rows per output row
	Taps    []DepthwiseTap // in the order of the weights
	Planes  []string       // the input slices
	MaxRows int            // most output rows a block
}

// DepthwiseKernels returns the depthwise kernels: 3x3 and 5x5 at stride 1
// on one input plane, 3x3 at stride 2 on the even and odd columns of the
// input.
func DepthwiseKernels() []DepthwiseKernel {
	var ks []DepthwiseKernel
	for _, k := range []int{3, 5} {
		d := DepthwiseKernel{Field: fmt.Sprintf("Depthwise%dx%dS1", k, k), Stride: 1, Planes: []string{"x"}, MaxRows: 4}
		for j := range k * k {
			d.Taps = append(d.Taps, DepthwiseTap{0, j / k, j % k})
		}
		ks = append(ks, d)
	}
	s2 := DepthwiseKernel{Field: "Depthwise3x3S2", Stride: 2, Planes: []string{"even", "odd"}, MaxRows: 2}
	for r := range 3 {
		s2.Taps = append(s2.Taps, DepthwiseTap{0, r, 0}, DepthwiseTap{1, r, 0}, DepthwiseTap{0, r, 1})
	}
	return append(ks, s2)
}
