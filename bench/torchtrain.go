package bench

import (
	"fmt"

	"github.com/simdla/simdla/nn"
)

// TorchTrain is what a training op (TorchTrainStep, TorchTrainEpoch) trains
// in the helper: the network, as layers torch builds the same way, its
// weights drawn by torch's default initialisation; SGD with momentum
// (torch.optim.SGD); softmax cross-entropy.
type TorchTrain struct {
	Layers   []TorchLayer `json:"layers"`
	Batch    int          `json:"batch"`
	LR       float64      `json:"lr"`
	Momentum float64      `json:"momentum"`
	// TorchTrainStep: the shape of one sample (1, 28, 28) and the number of
	// classes, of the fixed random batch it draws.
	Input   []int `json:"input,omitempty"`
	Classes int   `json:"classes,omitempty"`
	// TorchTrainEpoch: the folder of MNIST's IDX files (mnist.Dir), the
	// normalisation of a pixel p, (p/255 - Mean)/Std, and how many of the
	// training set's images to take, from the first (0: all).
	MNIST  string  `json:"mnist,omitempty"`
	Mean   float64 `json:"mean,omitempty"`
	Std    float64 `json:"std,omitempty"`
	Images int     `json:"images,omitempty"`
}

// TorchLayer is one layer of a TorchTrain network: torch.nn's module of
// Kind ("conv2d", "linear", "relu", "maxpool2d", "flatten"; torchpeer.py's
// LAYERS), made with Args as its positional arguments.
type TorchLayer struct {
	Kind string `json:"kind"`
	Args []int  `json:"args"`
}

// TorchLayers describes net's layers for the helper, so that torch builds
// the network simdla trains: Conv2d(in, out, kernel, stride, padding),
// Linear(in, out), MaxPool2d(kernel, stride), ReLU and Flatten. It returns
// an error naming a layer of another kind.
func TorchLayers(net *nn.Sequential) ([]TorchLayer, error) {
	out := make([]TorchLayer, len(net.Layers))
	for i, l := range net.Layers {
		switch l := l.(type) {
		case *nn.Conv2d:
			out[i] = TorchLayer{"conv2d", []int{l.InC, l.OutC, l.R, l.Stride, l.Pad}}
		case *nn.Linear:
			out[i] = TorchLayer{"linear", []int{l.In, l.Out}}
		case *nn.MaxPool2d:
			out[i] = TorchLayer{"maxpool2d", []int{l.K, l.Stride}}
		case *nn.ReLU:
			out[i] = TorchLayer{"relu", []int{}}
		case *nn.Flatten:
			out[i] = TorchLayer{"flatten", []int{}}
		default:
			return nil, fmt.Errorf("bench: no torch layer for %s", l)
		}
	}
	return out, nil
}
