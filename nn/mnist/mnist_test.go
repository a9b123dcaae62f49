package mnist

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestEscape(t *testing.T) {
	require.Equal(t, "github.com/petar/!go!m!n!i!s!t", escape(modulePath))
}

func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 11 MB of MNIST")
	}
	dir, err := Dir()
	require.NoError(t, err)
	train, test, err := Load(dir)
	require.NoError(t, err)
	require.Equal(t, []int{60000, 1, 28, 28}, train.Images.Shape)
	require.Equal(t, []int{10000, 1, 28, 28}, test.Images.Shape)
	require.Len(t, train.Labels, 60000)
	// The first training digits are 5, 0, 4, 1, 9; the first test digits
	// 7, 2, 1, 0, 4.
	require.Equal(t, []int{5, 0, 4, 1, 9}, train.Labels[:5])
	require.Equal(t, []int{7, 2, 1, 0, 4}, test.Labels[:5])
	var sum float64
	for _, v := range train.Images.Data {
		sum += float64(v)
	}
	require.InDelta(t, 0, sum/float64(len(train.Images.Data)), 1e-3, "normalised to mean 0")
}
