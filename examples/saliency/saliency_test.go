package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/simdla/simdla/nn"
	"github.com/simdla/simdla/nn/mnist"
	"github.com/simdla/simdla/nn/mnist/mnisttest"
)

// trained returns MNIST's test images and LeNet trained on 600 of them.
func trained(t *testing.T) (mnist.Set, *nn.Sequential) {
	set := mnisttest.Set(t)
	net, err := trainLeNet(set.Slice(0, 600))
	require.NoError(t, err)
	return set, net
}

// TestSaliencyIsTheGradient compares the saliency of a test digit in
// the MLP with central differences of the predicted logit. (LeNet's max
// pooling makes its logits no differentiable function of an image's flat
// regions, the background and the inside of thick strokes, whose
// convolutions tie: the gradient goes to one of each window's equal
// maxima, and differences disagree.)
func TestSaliencyIsTheGradient(t *testing.T) {
	set := mnisttest.Set(t)
	net := mnist.MLP(nn.NewRand(1))
	x := set.Slice(0, 1).Images()
	classes, maps := saliency(net, x)
	require.Equal(t, []int{1, 1, 28, 28}, maps.Shape)
	require.Positive(t, maps.Max(), "some pixel moves the logit")
	logit := func() float32 { return net.Forward(x).Data[classes[0]] }
	const h = 1e-2
	checked := 0
	for j, g := range maps.Data {
		require.GreaterOrEqual(t, g, float32(0))
		if g < 0.2*maps.Max() {
			continue
		}
		v := x.Data[j]
		x.Data[j] = v + h
		up := logit()
		x.Data[j] = v - h
		down := logit()
		x.Data[j] = v
		require.InEpsilon(t, g, abs(up-down)/(2*h), 0.02, "pixel %d", j)
		checked++
	}
	require.Greater(t, checked, 50)
}

// TestSaliencyPerImage checks that LeNet's saliency maps of a batch are
// those of its images alone.
func TestSaliencyPerImage(t *testing.T) {
	set, net := trained(t)
	x := set.Slice(0, 3).Images()
	classes, maps := saliency(net, x)
	batch := append([]float32(nil), maps.Data...)
	for i := range 3 {
		c, m := saliency(net, x.Slice(i, i+1))
		require.Equal(t, classes[i], c[0])
		require.Positive(t, m.Max())
		require.InDeltaSlice(t, batch[i*784:(i+1)*784], m.Data, 1e-6*float64(m.Max()))
	}
}

func abs(v float32) float32 { return max(v, -v) }

func TestRunDrawsEachDigit(t *testing.T) {
	set, net := trained(t)
	test := set.Slice(600, 900)
	path := filepath.Join(t.TempDir(), "saliency.png")
	var out bytes.Buffer
	require.NoError(t, run(net, test, path, &out))
	require.Contains(t, out.String(), "digits [0 1 2 3 4 5 6 7 8 9], predicted [")

	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	img, err := png.Decode(f)
	require.NoError(t, err)
	// Two rows of five pairs of 28x28 images, zoomed.
	require.Equal(t, margin+5*(2*28*zoom+gap+margin), img.Bounds().Dx())
	require.Equal(t, margin+2*(28*zoom+text+margin), img.Bounds().Dy())
}

func TestFirstOfEach(t *testing.T) {
	require.Equal(t, []int{3, 0, 4, 2}, firstOfEach([]int{1, 1, 7, 0, 2, 0}))
}

func TestLoadReadsWhatMnistSaves(t *testing.T) {
	_, net := trained(t)
	path := filepath.Join(t.TempDir(), "lenet.safetensors")
	require.NoError(t, nn.SaveFile(path, net))

	other := mnist.LeNet(nn.NewRand(2))
	require.NoError(t, nn.LoadFile(path, other))
	for i, p := range other.Params() {
		require.Equal(t, net.Params()[i].Value.Data, p.Value.Data)
	}
	require.ErrorContains(t, nn.LoadFile(filepath.Join(t.TempDir(), "absent"), other), "absent: no such file")
}
