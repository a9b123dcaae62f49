package nn

import "fmt"

// Tensor is a float32 array of the given shape, its elements contiguous in
// row-major order: Data holds exactly the product of Shape's sizes.
type Tensor struct {
	Shape []int
	Data  []float32
}

// NewTensor returns a zeroed tensor of the given shape.
func NewTensor(shape ...int) *Tensor {
	return &Tensor{Shape: append([]int(nil), shape...), Data: make([]float32, numel(shape))}
}

// FromData returns a tensor of the given shape over data, not copied; it
// panics unless len(data) matches the shape.
func FromData(data []float32, shape ...int) *Tensor {
	if len(data) != numel(shape) {
		panic(fmt.Sprintf("nn: FromData got %d elements for shape %v", len(data), shape))
	}
	return &Tensor{Shape: append([]int(nil), shape...), Data: data}
}

// Len returns the number of elements.
func (t *Tensor) Len() int { return len(t.Data) }

// Reshape returns a tensor of the given shape sharing t's data, without
// copying; one size may be -1, inferred from the others. It panics unless
// the sizes account for every element.
func (t *Tensor) Reshape(shape ...int) *Tensor {
	s := append([]int(nil), shape...)
	infer, known := -1, 1
	for i, d := range s {
		if d == -1 && infer < 0 {
			infer = i
			continue
		}
		known *= d
	}
	if infer >= 0 && known > 0 && len(t.Data)%known == 0 {
		s[infer] = len(t.Data) / known
	}
	if numel(s) != len(t.Data) || slicesHasNeg(s) {
		panic(fmt.Sprintf("nn: cannot reshape %v (%d elements) to %v", t.Shape, len(t.Data), shape))
	}
	return &Tensor{Shape: s, Data: t.Data}
}

// Slice returns samples [lo, hi) of t along its first axis, sharing t's
// data.
func (t *Tensor) Slice(lo, hi int) *Tensor {
	if len(t.Shape) == 0 || lo < 0 || hi < lo || hi > t.Shape[0] {
		panic(fmt.Sprintf("nn: Slice(%d, %d) of a tensor of shape %v", lo, hi, t.Shape))
	}
	s := append([]int(nil), t.Shape...)
	s[0] = hi - lo
	per := numel(t.Shape[1:])
	return &Tensor{Shape: s, Data: t.Data[lo*per : hi*per]}
}

// resize makes t a tensor of the given shape, reusing its shape and data
// storage where they are large enough; the data's contents are undefined.
func (t *Tensor) resize(shape ...int) {
	t.Shape = append(t.Shape[:0], shape...)
	n := numel(shape)
	if cap(t.Data) < n {
		t.Data = make([]float32, n)
	}
	t.Data = t.Data[:n]
}

// view makes t a tensor of the given shape over data, reusing its shape
// storage.
func (t *Tensor) view(data []float32, shape ...int) {
	t.Shape = append(t.Shape[:0], shape...)
	t.Data = data
}

// Zero sets every element to 0.
func (t *Tensor) Zero() { clear(t.Data) }

func numel(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

func slicesHasNeg(s []int) bool {
	for _, d := range s {
		if d < 0 {
			return true
		}
	}
	return false
}

func sameShape(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
