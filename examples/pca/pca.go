package main

import (
	"errors"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/simdla/simdla/nn"
)

// analysis is a principal component analysis of images.
type analysis struct {
	mean      []float64  // the images' mean, pixel by pixel
	vectors   *mat.Dense // the principal directions, a column each, by decreasing variance
	explained []float64  // each component's fraction of the total variance, decreasing
}

// analyse runs gonum's stat.PC on the samples of set, a row of pixels
// each, in float64.
func analyse(set nn.Dataset) (analysis, error) {
	x := matrix(set)
	var pc stat.PC
	if !pc.PrincipalComponents(x, nil) {
		return analysis{}, errors.New("pca: the singular value decomposition did not converge")
	}
	n, d := x.Dims()
	a := analysis{mean: make([]float64, d), vectors: &mat.Dense{}, explained: pc.VarsTo(nil)}
	pc.VectorsTo(a.vectors)
	var total float64
	for _, v := range a.explained {
		total += v
	}
	for i := range a.explained {
		a.explained[i] /= total
	}
	for i := range n {
		for j, v := range x.RawRowView(i) {
			a.mean[j] += v
		}
	}
	for j := range a.mean {
		a.mean[j] /= float64(n)
	}
	return a, nil
}

// project returns the coordinates of set's samples on the first k
// principal directions, a sample a row.
func (a analysis) project(set nn.Dataset, k int) *mat.Dense {
	x := matrix(set)
	n, d := x.Dims()
	for i := range n {
		row := x.RawRowView(i)
		for j := range row {
			row[j] -= a.mean[j]
		}
	}
	var xy mat.Dense
	xy.Mul(x, a.vectors.Slice(0, d, 0, k))
	return &xy
}

// matrix returns set's samples as the rows of a matrix, in float64.
func matrix(set nn.Dataset) *mat.Dense {
	d := 1
	for _, s := range set.SampleShape() {
		d *= s
	}
	x := mat.NewDense(set.Len(), d, nil)
	sample := make([]float32, d)
	for i := range set.Len() {
		set.Sample(i, sample)
		for j, v := range sample {
			x.Set(i, j, float64(v))
		}
	}
	return x
}
