package nn

import (
	"fmt"
	"strconv"
	"strings"
)

// Sequential runs layers one after the other.
type Sequential struct {
	Layers []Layer
	// SkipInputGrad makes Backward leave out the gradient of the input,
	// returning nil: it stops at the first layer with parameters, which
	// computes only theirs where it can (Linear, Conv2d); a network trained
	// on fixed data needs only its parameters' gradients.
	SkipInputGrad bool
	// Names are the layers' names in a state dict (see Children); nil
	// means their indices, as in PyTorch's nn.Sequential.
	Names  []string
	params []*Param
	first  int // the first layer with parameters, or len(Layers)
}

// paramsBackwarder is a layer whose backward pass can leave out its
// input's gradient.
type paramsBackwarder interface{ backwardParams(dy *Tensor) }

// NewSequential returns the composition of layers, the first applied
// first. An activation right after a Linear or Conv2d is fused into its
// epilogue where its derivative follows from its output (ReLU, Sigmoid,
// Tanh, LeakyReLU of slope at least 0: pointwise.go), and in evaluation
// mode a BatchNorm2d right after a Conv2d is folded into it (fold.go); the
// gradient of a ReLU right before a MaxPool2d is applied by the pool, to
// its shorter gradient (gateInPool). A layer should therefore
// belong to one Sequential only.
func NewSequential(layers ...Layer) *Sequential {
	s := &Sequential{Layers: layers, first: len(layers)}
	for i, l := range layers {
		if len(l.Params()) > 0 && s.first == len(layers) {
			s.first = i
		}
		if bn, ok := l.(*BatchNorm); ok && i > 0 && bn.dims == 4 {
			if c, ok := layers[i-1].(*Conv2d); ok {
				c.bn = bn
			}
		}
		if i > 0 {
			fuseActivation(layers[i-1], l)
			gateInPool(layers[i-1], l)
		}
		s.params = append(s.params, l.Params()...)
	}
	return s
}

func (s *Sequential) String() string {
	names := make([]string, len(s.Layers))
	for i, l := range s.Layers {
		names[i] = l.String()
	}
	return "Sequential(" + strings.Join(names, ", ") + ")"
}

// Named sets the names of the layers, one per layer, in order (as a
// PyTorch module's attributes conv1, fc1, ...), and returns s. It panics
// unless there is one name per layer.
func (s *Sequential) Named(names ...string) *Sequential {
	if len(names) != len(s.Layers) {
		panic(fmt.Sprintf("nn: %s: Named got %d names for %d layers", s, len(names), len(s.Layers)))
	}
	s.Names = names
	return s
}

// Children returns the layers with their names: Names, or their indices.
func (s *Sequential) Children() []Child {
	c := make([]Child, len(s.Layers))
	for i, l := range s.Layers {
		c[i] = Child{Name: strconv.Itoa(i), Layer: l}
		if s.Names != nil {
			c[i].Name = s.Names[i]
		}
	}
	return c
}

// Params returns the parameters of every layer, in order.
func (s *Sequential) Params() []*Param { return s.params }

// ZeroGrad sets the gradients of every parameter to zero.
func (s *Sequential) ZeroGrad() { ZeroGrad(s.params) }

// Forward runs the layers' forward passes in order.
func (s *Sequential) Forward(x *Tensor) *Tensor {
	for _, l := range s.Layers {
		x = l.Forward(x)
	}
	return x
}

// Backward runs the layers' backward passes in reverse order and returns
// the gradient of the input (nil with SkipInputGrad, see there).
func (s *Sequential) Backward(dy *Tensor) *Tensor {
	for i := len(s.Layers) - 1; i >= 0; i-- {
		if s.SkipInputGrad && i == s.first {
			if pb, ok := s.Layers[i].(paramsBackwarder); ok {
				pb.backwardParams(dy)
			} else {
				s.Layers[i].Backward(dy)
			}
			return nil
		}
		dy = s.Layers[i].Backward(dy)
	}
	if s.SkipInputGrad {
		return nil
	}
	return dy
}

var _ fmt.Stringer = (*Sequential)(nil)
