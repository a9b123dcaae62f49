package main

import (
	"math"

	"github.com/simdla/simdla/nn"
)

// saliency returns the class that net predicts for each image of x
// [N C H W] and the absolute gradient of that class's logit with respect
// to the image's pixels, [N C H W]: the Sequential's Backward of the
// one-hot of each predicted class. It clears net.SkipInputGrad, runs net
// in evaluation mode and adds to its parameters' gradients.
func saliency(net *nn.Sequential, x *nn.Tensor) ([]int, *nn.Tensor) {
	net.SkipInputGrad = false
	nn.SetTraining(net, false)
	logits := net.Forward(x)
	classes := nn.Argmax(logits, nil)
	dy := nn.NewTensor(logits.Shape...)
	c := logits.Shape[1]
	for i, k := range classes {
		dy.Data[i*c+k] = 1
	}
	dx := net.Backward(dy)
	maps := nn.NewTensor(dx.Shape...)
	for i, v := range dx.Data {
		maps.Data[i] = float32(math.Abs(float64(v)))
	}
	return classes, maps
}
