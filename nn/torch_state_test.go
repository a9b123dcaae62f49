package nn

import (
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/simdla/simdla/internal/pytorch"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// findTorch is pytorch.Find, run once per test binary.
var findTorch = sync.OnceValues(pytorch.Find)

// runTorch runs testdata/torch_state.py (see its doc string) on dir and
// model with args, skipping the test where no Python imports torch.
func runTorch(t *testing.T, dir, model string, args ...string) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts PyTorch: skipped in -short mode")
	}
	python, err := findTorch()
	if err != nil {
		t.Skipf("no Python with torch to compare with (set %s to one): %v", pytorch.EnvPython, err)
	}
	out, err := exec.Command(python, append([]string{"testdata/torch_state.py", dir, model}, args...)...).CombinedOutput()
	require.NoError(t, err, "torch_state.py: %s", out)
}

// saveTensor writes x to the file path as the one tensor name.
func saveTensor(t *testing.T, path, name string, x *Tensor) {
	require.NoError(t, SaveFile(path, &fakeLayer{params: []*Param{{Name: name, Value: x}}}))
}

// loadTensor reads the tensor name of the given shape from the file path.
func loadTensor(t *testing.T, path, name string, shape ...int) *Tensor {
	x := NewTensor(shape...)
	require.NoError(t, LoadFile(path, &fakeLayer{params: []*Param{{Name: name, Value: x}}}))
	return x
}

// TestTorchLoadsOurs saves LeNet for torch, which loads it with strict=True
// and computes the same output; the state_dict torch writes back loads
// here bit for bit.
func TestTorchLoadsOurs(t *testing.T) {
	dir := t.TempDir()
	net := lenet(1)
	x := fill(NewTensor(2, 1, 28, 28), 5)
	require.NoError(t, SaveFile(filepath.Join(dir, "model.safetensors"), net))
	saveTensor(t, filepath.Join(dir, "x.safetensors"), "x", x)
	runTorch(t, dir, "lenet")

	y := loadTensor(t, filepath.Join(dir, "y.safetensors"), "y", 2, 10)
	assert.InDeltaSlice(t, y.Data, net.Forward(x).Data, 1e-5)
	back := lenet(2)
	require.NoError(t, LoadFile(filepath.Join(dir, "back.safetensors"), back))
	assert.Equal(t, stateBits(net), stateBits(back))
}

// TestOursLoadsTorch loads LeNet as torch initialises and saves it and
// computes torch's output.
func TestOursLoadsTorch(t *testing.T) {
	dir := t.TempDir()
	x := fill(NewTensor(2, 1, 28, 28), 5)
	saveTensor(t, filepath.Join(dir, "x.safetensors"), "x", x)
	runTorch(t, dir, "lenet", "init")

	net := lenet(2)
	require.NoError(t, LoadFile(filepath.Join(dir, "model.safetensors"), net))
	y := loadTensor(t, filepath.Join(dir, "y.safetensors"), "y", 2, 10)
	assert.InDeltaSlice(t, y.Data, net.Forward(x).Data, 1e-5)
}

// TestTorchBatchNormState moves BatchNorm1d's parameters and buffers,
// num_batches_tracked an int64, from torch to nn, where evaluation gives
// torch's output, and back.
func TestTorchBatchNormState(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "model.safetensors")
	x := fill(NewTensor(4, 3), 5)
	saveTensor(t, filepath.Join(dir, "x.safetensors"), "x", x)
	runTorch(t, dir, "bn", "init")
	bn := batchNorm(3, 1)
	a := NewSequential(bn).Named("bn")
	require.NoError(t, LoadFile(path, a))
	assert.Equal(t, float32(5), bn.NumBatchesTracked.Value.Data[0])
	SetTraining(a, false)
	y := loadTensor(t, filepath.Join(dir, "y.safetensors"), "y", 4, 3)
	assert.InDeltaSlice(t, y.Data, a.Forward(x).Data, 1e-5)

	bn.NumBatchesTracked.Value.Data[0] = 6
	require.NoError(t, SaveFile(path, a))
	runTorch(t, dir, "bn")
	b := NewSequential(batchNorm(3, 2)).Named("bn")
	require.NoError(t, LoadFile(filepath.Join(dir, "back.safetensors"), b))
	assert.Equal(t, stateBits(a), stateBits(b))
}
