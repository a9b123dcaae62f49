package table

import (
	"fmt"
	"slices"
)

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

// DepthwiseLoad is a vector of input that a block of a depthwise kernel
// loads once: plane Plane's row Row below the block's first output row's
// first input row, Col elements on, and the uses of it, each tap Tap of
// output row Out of the block that reads it.
type DepthwiseLoad struct {
	Plane, Row, Col int
	Uses            []DepthwiseUse
}

// DepthwiseUse is one multiply-add of a loaded vector: by the weight of
// tap Tap, into output row Out of the block.
type DepthwiseUse struct{ Tap, Out int }

// Loads returns the loads of a block of rows output rows, each vector of
// input once for every output row that reads it: input row after input
// row, and in a row the taps' columns in the taps' order, so that each
// output adds its taps in their order.
func (d DepthwiseKernel) Loads(rows int) []DepthwiseLoad {
	type source struct{ plane, col int }
	var sources []source
	for _, tp := range d.Taps {
		if s := (source{tp.Plane, tp.Col}); !slices.Contains(sources, s) {
			sources = append(sources, s)
		}
	}
	var loads []DepthwiseLoad
	for rho := 0; rho <= (rows-1)*d.Stride+d.Taps[len(d.Taps)-1].Row; rho++ {
		for _, s := range sources {
			l := DepthwiseLoad{Plane: s.plane, Row: rho, Col: s.col}
			for m := range rows {
				for j, tp := range d.Taps {
					if tp.Plane == s.plane && tp.Col == s.col && m*d.Stride+tp.Row == rho {
						l.Uses = append(l.Uses, DepthwiseUse{Tap: j, Out: m})
					}
				}
			}
			if len(l.Uses) > 0 {
				loads = append(loads, l)
			}
		}
	}
	return loads
}
