package nn

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// save returns model saved.
func save(t testing.TB, model Layer) []byte {
	var buf bytes.Buffer
	require.NoError(t, Save(&buf, model))
	return buf.Bytes()
}

func TestSaveLoadLeNet(t *testing.T) {
	a, b := lenet(1), lenet(2)
	require.NotEqual(t, stateBits(a), stateBits(b))
	require.NoError(t, Load(bytes.NewReader(save(t, a)), b))
	require.Equal(t, stateBits(a), stateBits(b))

	x := fill(NewTensor(2, 1, 28, 28), 3)
	assert.Equal(t, a.Forward(x).Data, b.Forward(x).Data)
}

func TestSaveLoadBuffers(t *testing.T) {
	a := NewSequential(NewLinear(3, 2, NewRand(1)), batchNorm(2, 1)).Named("fc", "bn")
	b := NewSequential(NewLinear(3, 2, NewRand(2)), batchNorm(2, 9)).Named("fc", "bn")
	b.Layers[1].(*BatchNorm).NumBatchesTracked.Value.Data[0] = 0
	require.NoError(t, Load(bytes.NewReader(save(t, a)), b))
	require.Equal(t, stateBits(a), stateBits(b))
	assert.Equal(t, float32(7), b.Layers[1].(*BatchNorm).NumBatchesTracked.Value.Data[0])
}

// TestSaveFormat checks the bytes Save writes: the header's length, the
// header, padded with spaces to a multiple of 8, listing
// num_batches_tracked first (its dtype is the largest) as PyTorch's int64
// scalar, then the data.
func TestSaveFormat(t *testing.T) {
	net := NewSequential(NewLinear(2, 1, NewRand(1)), batchNorm(1, 1)).Named("fc", "bn")
	file := save(t, net)
	n := binary.LittleEndian.Uint64(file)
	require.Zero(t, n%8)
	header := string(file[8 : 8+n])
	assert.Equal(t, `{"bn.num_batches_tracked":{"dtype":"I64","shape":[],"data_offsets":[0,8]},`+
		`"fc.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[8,16]},`+
		`"fc.bias":{"dtype":"F32","shape":[1],"data_offsets":[16,20]},`+
		`"bn.weight":{"dtype":"F32","shape":[1],"data_offsets":[20,24]},`+
		`"bn.bias":{"dtype":"F32","shape":[1],"data_offsets":[24,28]},`+
		`"bn.running_mean":{"dtype":"F32","shape":[1],"data_offsets":[28,32]},`+
		`"bn.running_var":{"dtype":"F32","shape":[1],"data_offsets":[32,36]}}`, strings.TrimRight(header, " "))
	data := file[8+n:]
	require.Len(t, data, 36)
	assert.Equal(t, uint64(7), binary.LittleEndian.Uint64(data))
	assert.Equal(t, appendValues(nil, dtF32, net.Layers[0].Params()[0].Value.Data), data[8:16])
}

func TestSaveRejects(t *testing.T) {
	norm := batchNorm(2, 1)
	norm.NumBatchesTracked.Value.Data[0] = 2.5
	var buf bytes.Buffer
	require.EqualError(t, Save(&buf, NewSequential(norm).Named("bn")),
		`nn: Save: tensor "bn.num_batches_tracked" holds 2.5, not an int64`)
	norm.NumBatchesTracked = newParam(countName, 2)
	require.EqualError(t, Save(&buf, NewSequential(norm).Named("bn")),
		`nn: Save: tensor "bn.num_batches_tracked" holds 2 elements, want 1 (PyTorch's int64 scalar)`)
	rng := NewRand(1)
	twice := NewSequential(NewLinear(2, 2, rng), NewLinear(2, 2, rng)).Named("fc", "fc")
	require.EqualError(t, Save(&buf, twice), `nn: Save: the model has two tensors named "fc.weight"`)
	require.EqualError(t, Load(bytes.NewReader(save(t, lenet(1))), twice), `nn: Load: the model has two tensors named "fc.weight"`)
	assert.Zero(t, buf.Len(), "Save wrote a model it rejects")
}

func TestSaveFileLoadFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "lenet.safetensors")
	a, b := lenet(1), lenet(2)
	require.NoError(t, SaveFile(path, a))
	require.NoError(t, LoadFile(path, b))
	require.Equal(t, stateBits(a), stateBits(b))

	file, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, save(t, a), file)

	missing := filepath.Join(dir, "none.safetensors")
	require.ErrorContains(t, LoadFile(missing, b), "nn: LoadFile "+missing+": open "+missing)
	rng := NewRand(1)
	twice := NewSequential(NewLinear(2, 2, rng), NewLinear(2, 2, rng)).Named("fc", "fc")
	require.EqualError(t, SaveFile(missing, twice), "nn: SaveFile "+missing+`: the model has two tensors named "fc.weight"`)
	assert.NoFileExists(t, missing)
}
