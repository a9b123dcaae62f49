package nn

// Flatten reshapes [N d1 d2 ...] to [N d1*d2*...], without copying.
type Flatten struct {
	in    []int
	y, dx Tensor
}

// NewFlatten returns a Flatten layer.
func NewFlatten() *Flatten { return &Flatten{} }

func (f *Flatten) String() string { return "Flatten" }

// Params returns nil: Flatten has none.
func (f *Flatten) Params() []*Param { return nil }

// Forward returns x as [N rest], sharing its data.
func (f *Flatten) Forward(x *Tensor) *Tensor {
	if len(x.Shape) < 1 {
		badShape(f, "input", x.Shape, "[N ...]")
	}
	f.in = append(f.in[:0], x.Shape...)
	f.y.view(x.Data, x.Shape[0], numel(x.Shape[1:]))
	return &f.y
}

// Backward returns dy in the shape of the last input, sharing its data.
func (f *Flatten) Backward(dy *Tensor) *Tensor {
	checkGrad(f, dy, &f.y)
	f.dx.view(dy.Data, f.in...)
	return &f.dx
}
