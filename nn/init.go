package nn

import (
	"math"
	"math/rand/v2"
)

// NewRand returns the generator nn's initialisers and batches draw from:
// a PCG seeded with seed, so that the same seed gives the same numbers.
func NewRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
}

// KaimingNormal fills t with normal numbers of mean 0 and standard
// deviation sqrt(2/fanIn): He et al.'s initialisation for layers followed
// by ReLU (PyTorch's kaiming_normal_ with its defaults, mode fan_in).
func KaimingNormal(t *Tensor, fanIn int, rng *rand.Rand) {
	std := math.Sqrt(2 / float64(fanIn))
	for i := range t.Data {
		t.Data[i] = float32(rng.NormFloat64() * std)
	}
}

// KaimingUniform fills t with numbers drawn uniformly from [-b, b),
// b = sqrt(6/fanIn), of the same variance as KaimingNormal.
func KaimingUniform(t *Tensor, fanIn int, rng *rand.Rand) {
	uniform(t, math.Sqrt(6/float64(fanIn)), rng)
}

// XavierUniform fills t with numbers drawn uniformly from [-b, b),
// b = sqrt(6/(fanIn+fanOut)): Glorot and Bengio's initialisation, for
// layers followed by tanh or sigmoid, or none.
func XavierUniform(t *Tensor, fanIn, fanOut int, rng *rand.Rand) {
	uniform(t, math.Sqrt(6/float64(fanIn+fanOut)), rng)
}

// XavierNormal fills t with normal numbers of mean 0 and standard
// deviation sqrt(2/(fanIn+fanOut)).
func XavierNormal(t *Tensor, fanIn, fanOut int, rng *rand.Rand) {
	std := math.Sqrt(2 / float64(fanIn+fanOut))
	for i := range t.Data {
		t.Data[i] = float32(rng.NormFloat64() * std)
	}
}

func uniform(t *Tensor, b float64, rng *rand.Rand) {
	for i := range t.Data {
		t.Data[i] = float32((2*rng.Float64() - 1) * b)
	}
}
