package mnist

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
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
	require.Len(t, train.Pixels, 60000*28*28)
	require.Len(t, test.Pixels, 10000*28*28)
	require.Equal(t, []int{1, 28, 28}, train.SampleShape())
	require.Len(t, train.Labels, 60000)
	images := train.Images()
	require.Equal(t, []int{60000, 1, 28, 28}, images.Shape)
	// The first training digits are 5, 0, 4, 1, 9; the first test digits
	// 7, 2, 1, 0, 4.
	require.Equal(t, []int{5, 0, 4, 1, 9}, train.Labels[:5])
	require.Equal(t, []int{7, 2, 1, 0, 4}, test.Labels[:5])
	var sum float64
	for _, v := range images.Data {
		sum += float64(v)
	}
	require.InDelta(t, 0, sum/float64(len(images.Data)), 1e-3, "normalised to mean 0")
	img := make([]float32, 28*28)
	require.Equal(t, 7, test.Sample(0, img))
	require.InDelta(t, -Mean/Std, img[0], 1e-6, "a black corner")
}

func TestReadIDXErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		var buf bytes.Buffer
		z := gzip.NewWriter(&buf)
		z.Write(b)
		z.Close()
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o600))
		return path
	}
	for name, c := range map[string]struct {
		data []byte
		want string
	}{
		"magic":     {[]byte{0, 0, 8, 1, 0, 0, 0, 2, 1, 2, 0, 0, 0, 0, 0, 0}, "magic 00000801, want 00000803 (unsigned bytes in 3 dimensions)"},
		"truncated": {[]byte{0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3}, "8 bytes of data: unexpected EOF"},
		"huge":      {[]byte{0, 0, 8, 3, 0, 0, 255, 255, 0, 0, 255, 255, 0, 0, 0, 2}, "claim more than"},
		"header":    {[]byte{0, 0, 8}, "header: unexpected EOF"},
	} {
		_, _, err := readIDX(write(name, c.data), 3)
		require.ErrorContains(t, err, c.want, name)
		require.ErrorContains(t, err, name, "the error names the file")
	}
	sizes, data, err := readIDX(write("ok", []byte{0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 7, 9}), 3)
	require.NoError(t, err)
	require.Equal(t, []int{1, 1, 2}, sizes)
	require.Equal(t, []byte{7, 9}, data)
}
