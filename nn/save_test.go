package nn

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSaveLoad(t *testing.T) {
	a := NewSequential(NewLinear(4, 3, NewRand(1)), NewReLU(), NewLinear(3, 2, NewRand(2)))
	fill(a.Params()[1].Value, 3)
	var buf bytes.Buffer
	require.NoError(t, Save(&buf, a.Params()))
	b := NewSequential(NewLinear(4, 3, NewRand(7)), NewReLU(), NewLinear(3, 2, NewRand(8)))
	require.NoError(t, Load(bytes.NewReader(buf.Bytes()), b.Params()))
	require.Equal(t, weights(a), weights(b))

	c := NewSequential(NewLinear(4, 3, NewRand(1)), NewReLU(), NewLinear(3, 5, NewRand(2)))
	require.ErrorContains(t, Load(bytes.NewReader(buf.Bytes()), c.Params()),
		"parameter 2 is weight [2 3] in the file, weight [5 3] in the model")
	require.Error(t, Load(bytes.NewReader(buf.Bytes()[:40]), b.Params()))
}
