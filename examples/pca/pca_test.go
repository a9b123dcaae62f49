package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/simdla/simdla/nn/mnist/mnisttest"
)

func TestAnalyse(t *testing.T) {
	set := mnisttest.Set(t).Slice(0, 300)
	a, err := analyse(set)
	require.NoError(t, err)
	require.Len(t, a.explained, 300, "min(images, pixels) components")
	var sum float64
	for i, v := range a.explained {
		require.GreaterOrEqual(t, v, 0.0)
		if i > 0 {
			require.LessOrEqual(t, v, a.explained[i-1], "component %d", i+1)
		}
		sum += v
	}
	require.InDelta(t, 1, sum, 1e-9, "the components explain all the variance")
	require.Greater(t, a.explained[0], 0.05, "MNIST's first component explains some 10%")

	// The training images' coordinates on the first two directions have
	// the variances of those components, in the same ratio, and mean 0.
	xy := a.project(set, 2)
	r, c := xy.Dims()
	require.Equal(t, []int{300, 2}, []int{r, c})
	v0 := stat.Variance(mat.Col(nil, 0, xy), nil)
	v1 := stat.Variance(mat.Col(nil, 1, xy), nil)
	require.InEpsilon(t, a.explained[0]/a.explained[1], v0/v1, 1e-6)
	require.InDelta(t, 0, stat.Mean(mat.Col(nil, 0, xy), nil), 1e-9)
}

func TestRunWritesReportAndPlot(t *testing.T) {
	set := mnisttest.Set(t)
	path := filepath.Join(t.TempDir(), "pca.png")
	var out bytes.Buffer
	require.NoError(t, run(set.Slice(0, 200), set.Slice(200, 500), path, &out))
	require.Regexp(t, `^stat.PC of 200 images of 784 pixels: \d+\.\d\ds\n`, out.String())
	require.Contains(t, out.String(), "\n       10  ")
	require.Contains(t, out.String(), "wrote "+path+": 300 test digits on the first two components\n")

	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	img, err := png.Decode(f)
	require.NoError(t, err)
	require.Equal(t, int((plotWidth + legendWidth).Dots(96)), img.Bounds().Dx())
	require.Equal(t, int(plotHeight.Dots(96)), img.Bounds().Dy())
}
