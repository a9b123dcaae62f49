package nn

import (
	"fmt"
	"math"
)

// LRScheduler sets an optimizer's learning rate once an epoch, as PyTorch's
// torch.optim.lr_scheduler does, from a closed form of the epoch and the
// learning rate the optimizer had when the scheduler was made (PyTorch's
// initial_lr). Call Step after each epoch's training:
//
//	sched := nn.NewStepLR(opt, 30, 0.1)
//	for epoch := range epochs {
//		train(opt)
//		sched.Step()
//	}
type LRScheduler struct {
	name  string
	opt   LearningRater
	base  float64
	epoch int
	rate  func(base float64, epoch int) float64
}

// NewStepLR returns PyTorch's StepLR: the learning rate at epoch e is
// base * gamma^floor(e/stepSize). It panics unless stepSize > 0 and
// gamma >= 0.
func NewStepLR(opt LearningRater, stepSize int, gamma float32) *LRScheduler {
	name := fmt.Sprintf("StepLR(stepSize=%d, gamma=%v)", stepSize, gamma)
	if stepSize <= 0 || !(gamma >= 0) {
		panic("nn: " + name + ": want stepSize > 0 and gamma >= 0")
	}
	return newScheduler(name, opt, func(base float64, e int) float64 {
		return base * math.Pow(float64(gamma), float64(e/stepSize))
	})
}

// NewCosineAnnealingLR returns PyTorch's CosineAnnealingLR: the learning
// rate at epoch e is etaMin + (base - etaMin)*(1 + cos(pi*e/tMax))/2,
// which falls from base to etaMin over tMax epochs and, past them, rises
// and falls again with period 2*tMax, as PyTorch's does. It panics unless
// tMax > 0 and etaMin >= 0.
func NewCosineAnnealingLR(opt LearningRater, tMax int, etaMin float32) *LRScheduler {
	name := fmt.Sprintf("CosineAnnealingLR(tMax=%d, etaMin=%v)", tMax, etaMin)
	if tMax <= 0 || !(etaMin >= 0) {
		panic("nn: " + name + ": want tMax > 0 and etaMin >= 0")
	}
	eta := float64(etaMin)
	return newScheduler(name, opt, func(base float64, e int) float64 {
		return eta + (base-eta)*(1+math.Cos(math.Pi*float64(e)/float64(tMax)))/2
	})
}

// newScheduler starts a schedule at epoch 0 from opt's learning rate.
func newScheduler(name string, opt LearningRater, rate func(base float64, epoch int) float64) *LRScheduler {
	if opt == nil {
		panic("nn: " + name + " got a nil optimizer")
	}
	return &LRScheduler{name: name, opt: opt, base: float64(opt.LearningRate()), rate: rate}
}

func (s *LRScheduler) String() string { return s.name }

// Step ends an epoch: it sets the optimizer's learning rate to the
// schedule's at the next one.
func (s *LRScheduler) Step() {
	s.epoch++
	s.opt.SetLearningRate(s.LR(s.epoch))
}

// Epoch returns the epoch the optimizer's learning rate is now set for:
// the number of calls of Step (PyTorch's last_epoch).
func (s *LRScheduler) Epoch() int { return s.epoch }

// LR returns the schedule's learning rate at an epoch, computed in float64
// and rounded to float32. It panics if epoch < 0.
func (s *LRScheduler) LR(epoch int) float32 {
	if epoch < 0 {
		panic(fmt.Sprintf("nn: %s: LR of epoch %d, want >= 0", s.name, epoch))
	}
	return float32(s.rate(s.base, epoch))
}
