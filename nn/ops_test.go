package nn

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestElementwiseOps(t *testing.T) {
	a := FromData([]float32{1, 2, 3, 4, 5, 6}, 2, 3)
	b := FromData([]float32{6, 5, 4, 3, 2, 1}, 2, 3)
	var c Tensor
	require.Equal(t, []float32{7, 7, 7, 7, 7, 7}, c.Add(a, b).Data)
	require.Equal(t, []int{2, 3}, c.Shape)
	require.Equal(t, []float32{-5, -3, -1, 1, 3, 5}, c.Sub(a, b).Data)
	require.Equal(t, []float32{6, 10, 12, 12, 10, 6}, c.Mul(a, b).Data)
	require.Equal(t, []float32{2, 4, 6, 8, 10, 12}, c.Scale(2, a).Data)
	require.Equal(t, []float32{14, 14, 14, 14, 14, 14}, c.Add(c.Add(a, b), &c).Data, "the receiver may be an operand")
	bb := FromData(append([]float32(nil), b.Data...), 2, 3)
	require.Equal(t, []float32{7, 7, 7, 7, 7, 7}, bb.Add(a, bb).Data, "the receiver may be the second operand")
	require.Equal(t, []float32{3, 4, 5, 6, 7, 8}, c.Copy(a).AddScaled(2, FromData([]float32{1, 1, 1, 1, 1, 1}, 2, 3)).Data)
	require.Equal(t, float32(21), a.Sum())
	require.Equal(t, float32(3.5), a.Mean())
	require.Equal(t, float32(6), a.Max())
	require.PanicsWithValue(t, "nn: Add of shapes [2 3] and [3 2]", func() { c.Add(a, b.Reshape(3, 2)) })
	require.PanicsWithValue(t, "nn: AddScaled of shapes [2 3] and [6]", func() { c.Copy(a).AddScaled(1, b.Reshape(6)) })
}

func TestMatMul(t *testing.T) {
	a := FromData([]float32{1, 2, 3, 4, 5, 6}, 2, 3) // [[1 2 3] [4 5 6]]
	b := FromData([]float32{1, 0, 0, 1, 1, 1}, 3, 2) // [[1 0] [0 1] [1 1]]
	var c Tensor
	require.Equal(t, []float32{4, 5, 10, 11}, c.MatMul(a, b, false, false).Data)
	require.Equal(t, []int{2, 2}, c.Shape)
	// a^T a is 3x3.
	require.Equal(t, []float32{17, 22, 27, 22, 29, 36, 27, 36, 45}, c.MatMul(a, a, true, false).Data)
	// a a^T is 2x2.
	require.Equal(t, []float32{14, 32, 32, 77}, c.MatMul(a, a, false, true).Data)
	require.Equal(t, []float32{4, 10, 5, 11}, c.MatMul(b, a, true, true).Data)
	require.PanicsWithValue(t, "nn: MatMul of shapes [2 3] (transposed: false) and [2 3] (transposed: false): inner sizes 3 and 2 differ",
		func() { c.MatMul(a, a, false, false) })
	require.PanicsWithValue(t, "nn: MatMul of shapes [6] and [3 2], want matrices", func() { c.MatMul(a.Reshape(6), b, false, false) })
}

func TestAddBias(t *testing.T) {
	x := NewTensor(2, 3, 2)
	x.AddBias(FromData([]float32{1, 2, 3}, 3))
	require.Equal(t, []float32{1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3}, x.Data)
	y := NewTensor(2, 3)
	require.Equal(t, []float32{1, 2, 3, 1, 2, 3}, y.AddBias(FromData([]float32{1, 2, 3}, 3)).Data)
	require.PanicsWithValue(t, "nn: AddBias of a bias [2] to a tensor [2 3], want [C] for [N C ...]",
		func() { y.AddBias(NewTensor(2)) })
}

func TestOpsAllocateNothing(t *testing.T) {
	a, b := fill(NewTensor(4, 5), 1), fill(NewTensor(5, 3), 2)
	var c, d Tensor
	c.MatMul(a, b, false, false)
	d.Add(a, a)
	require.Zero(t, testing.AllocsPerRun(10, func() {
		c.MatMul(a, b, false, false)
		d.Add(a, a).Mul(&d, a).Sub(&d, a).Scale(0.5, &d)
	}))
}
