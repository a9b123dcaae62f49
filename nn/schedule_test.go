package nn

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// follow steps s through epochs 1..len(want)-1 and checks the learning
// rate it sets against want[epoch], relatively within tol.
func follow(t *testing.T, s *LRScheduler, opt LearningRater, want []float64, tol float64) {
	t.Helper()
	for e, w := range want {
		if e > 0 {
			s.Step()
		}
		require.Equal(t, e, s.Epoch())
		require.InDelta(t, w, float64(opt.LearningRate()), tol*w, "%s at epoch %d", s, e)
		require.Equal(t, opt.LearningRate(), s.LR(e))
	}
}

func TestStepLR(t *testing.T) {
	sgd := NewSGD(nil, 0.1)
	// PyTorch's closed form: 0.1 * 0.5^(epoch // 3).
	follow(t, NewStepLR(sgd, 3, 0.5), sgd, []float64{0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125}, 1e-7)
}

func TestCosineAnnealingLR(t *testing.T) {
	adam := NewAdam(nil, 1)
	// PyTorch's closed form by hand, base 1, etaMin 0.1, tMax 4: 0.1 +
	// 0.9*(1 + cos(pi*e/4))/2, down to 0.1 at 4 and up again to 1 at 8.
	c := (1 + math.Sqrt2/2) / 2
	want := []float64{1, 0.1 + 0.9*c, 0.55, 0.1 + 0.9*(1-c), 0.1, 0.1 + 0.9*(1-c), 0.55, 0.1 + 0.9*c, 1}
	follow(t, NewCosineAnnealingLR(adam, 4, 0.1), adam, want, 1e-7)
}

// TestCosineAnnealingLRIsPyTorchsRecursion checks the closed form against
// the recursive form PyTorch's CosineAnnealingLR.get_lr applies epoch
// after epoch, over three periods.
func TestCosineAnnealingLRIsPyTorchsRecursion(t *testing.T) {
	const base, eta, tMax = 0.5, 0.01, 7
	s := NewCosineAnnealingLR(NewSGD(nil, base), tMax, eta)
	want := []float64{float64(float32(base))}
	for e := 1; e <= 6*tMax; e++ {
		lr := want[e-1]
		if (e-1-tMax)%(2*tMax) == 0 {
			lr += (base - eta) * (1 - math.Cos(math.Pi/tMax)) / 2
		} else {
			lr = (1+math.Cos(math.Pi*float64(e)/tMax))/(1+math.Cos(math.Pi*float64(e-1)/tMax))*(lr-eta) + eta
		}
		want = append(want, lr)
	}
	for e, w := range want {
		require.InDelta(t, w, float64(s.LR(e)), 1e-6*w, "epoch %d", e)
	}
}

func TestSchedulerChecks(t *testing.T) {
	sgd := NewSGD(nil, 0.1)
	require.PanicsWithValue(t, "nn: StepLR(stepSize=0, gamma=0.1): want stepSize > 0 and gamma >= 0", func() { NewStepLR(sgd, 0, 0.1) })
	require.PanicsWithValue(t, "nn: CosineAnnealingLR(tMax=3, etaMin=-1): want tMax > 0 and etaMin >= 0",
		func() { NewCosineAnnealingLR(sgd, 3, -1) })
	require.PanicsWithValue(t, "nn: CosineAnnealingLR(tMax=3, etaMin=0) got a nil optimizer", func() { NewCosineAnnealingLR(nil, 3, 0) })
	require.PanicsWithValue(t, "nn: StepLR(stepSize=2, gamma=0.5): LR of epoch -1, want >= 0", func() { NewStepLR(sgd, 2, 0.5).LR(-1) })
}
