package nn

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestBatchNorm(t *testing.T) {
	for _, c := range []struct {
		bn    *BatchNorm
		shape []int
	}{
		{NewBatchNorm1d(3), []int{5, 3}},
		{NewBatchNorm1d(3), []int{4, 3, 2}},
		{NewBatchNorm2d(2), []int{3, 2, 2, 3}},
	} {
		bn, x := c.bn, fill(NewTensor(c.shape...), 27)
		fill(bn.Weight.Value, 28)
		fill(bn.Bias.Value, 29)
		gradCheck(t, bn, x, 1e-2, 5e-3)

		// In training mode each channel comes out with mean β and
		// standard deviation |γ| (up to eps); the running statistics move
		// a tenth of the way to the batch's, the variance unbiased.
		fresh := newBatchNorm(bn.C, bn.dims)
		y := fresh.Forward(x)
		n, l := fresh.geometry(x)
		for ch := range bn.C {
			var mean, sq, xmean, xsq float64
			eachPlane(y.Data, n, bn.C, l, ch, func(p []float32) {
				for _, v := range p {
					mean += float64(v)
				}
			})
			mean /= float64(n * l)
			eachPlane(y.Data, n, bn.C, l, ch, func(p []float32) {
				for _, v := range p {
					sq += (float64(v) - mean) * (float64(v) - mean)
				}
			})
			eachPlane(x.Data, n, bn.C, l, ch, func(p []float32) {
				for _, v := range p {
					xmean += float64(v)
				}
			})
			xmean /= float64(n * l)
			eachPlane(x.Data, n, bn.C, l, ch, func(p []float32) {
				for _, v := range p {
					xsq += (float64(v) - xmean) * (float64(v) - xmean)
				}
			})
			require.InDelta(t, 0, mean, 1e-6)
			require.InDelta(t, 1, sq/float64(n*l), 1e-3)
			require.InDelta(t, 0.1*xmean, fresh.RunningMean.Value.Data[ch], 1e-6)
			require.InDelta(t, 0.9+0.1*xsq/float64(n*l-1), fresh.RunningVar.Value.Data[ch], 1e-6)
		}
		require.Equal(t, float32(1), fresh.NumBatchesTracked.Value.Data[0])

		SetTraining(bn, false)
		gradCheck(t, bn, x, 1e-2, 5e-3)
	}
	require.PanicsWithValue(t, "nn: BatchNorm2d(2) got input [3 2 4], want [N 2 H W]", func() { NewBatchNorm2d(2).Forward(NewTensor(3, 2, 4)) })
	require.PanicsWithValue(t, "nn: BatchNorm1d(2) in training mode got input [1 2]: want more than one value per channel",
		func() { NewBatchNorm1d(2).Forward(NewTensor(1, 2)) })
}
