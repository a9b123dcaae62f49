package nn

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// split returns a file's header, decoded, and its data.
func split(t testing.TB, file []byte) (map[string]any, []byte) {
	n := binary.LittleEndian.Uint64(file)
	var h map[string]any
	require.NoError(t, json.Unmarshal(file[8:8+n], &h))
	return h, file[8+n:]
}

// join returns the file of header and data, the header as JSON padded as
// the reference writer does.
func join(t testing.TB, header any, data []byte) []byte {
	h, err := json.Marshal(header)
	require.NoError(t, err)
	return joinRaw(string(h), data)
}

// joinRaw returns the file of the given header text and data.
func joinRaw(header string, data []byte) []byte {
	for len(header)%8 != 0 {
		header += " "
	}
	file := binary.LittleEndian.AppendUint64(nil, uint64(len(header)))
	return append(append(file, header...), data...)
}

// entry returns the header's entry for tensor name.
func entry(h map[string]any, name string) map[string]any { return h[name].(map[string]any) }

// offsets returns tensor name's data_offsets in h.
func offsets(h map[string]any, name string) (begin, end int) {
	o := entry(h, name)["data_offsets"].([]any)
	return int(o[0].(float64)), int(o[1].(float64))
}

// requireRejected loads file into model and requires the error want and
// every value of the model as it was.
func requireRejected(t *testing.T, model Layer, file []byte, want string) {
	t.Helper()
	before := stateBits(model)
	err := Load(bytes.NewReader(file), model)
	require.Error(t, err)
	assert.Contains(t, err.Error(), want)
	require.Equal(t, before, stateBits(model), "Load changed the model before it failed")
}

// TestLoadRejects loads into LeNet corrupt versions of another LeNet's
// file: every one is an error that says what is wrong (naming the tensor
// where there is one) and leaves the model unchanged.
func TestLoadRejects(t *testing.T) {
	file := save(t, lenet(1))
	h0, data := split(t, file)
	b, e := offsets(h0, "fc3.bias")
	require.Equal(t, len(data), e, "fc3.bias is not the last tensor")
	// edit returns the file with its header changed by f.
	edit := func(f func(h map[string]any)) []byte {
		h, data := split(t, file)
		f(h)
		return join(t, h, data)
	}
	for _, c := range []struct {
		name string
		file []byte
		want string
	}{
		{"missing", edit(func(h map[string]any) { delete(h, "fc3.bias") }),
			`nn: Load: the file lacks "fc3.bias"`},
		{"unexpected", join(t, func() any {
			h, _ := split(t, file)
			h["fc4.bias"] = map[string]any{"dtype": "F32", "shape": []int{1}, "data_offsets": []int{e, e + 4}}
			return h
		}(), append(data[:e:e], 0, 0, 0, 0)),
			`nn: Load: the model has no "fc4.bias"`},
		{"renamed", edit(func(h map[string]any) { h["fc4.bias"] = h["fc3.bias"]; delete(h, "fc3.bias") }),
			`nn: Load: the file lacks "fc3.bias"; the model has no "fc4.bias"`},
		{"shape", edit(func(h map[string]any) { entry(h, "conv1.weight")["shape"] = []int{6, 1, 25} }),
			`nn: Load: tensor "conv1.weight" has shape [6 1 25] in the file, [6 1 5 5] in the model`},
		{"dtype", edit(func(h map[string]any) { entry(h, "fc1.bias")["dtype"] = "F16" }),
			`nn: Load: tensor "fc1.bias" has dtype "F16", want F32 or F64`},
		{"not JSON", joinRaw(`{"conv1.weight": {`, data), "nn: Load: the header is not a JSON object: "},
		{"JSON array", joinRaw(`[1, 2]`, data), "nn: Load: the header is not a JSON object: "},
		{"entry not an object", edit(func(h map[string]any) { h["fc2.bias"] = 5 }),
			`nn: Load: tensor "fc2.bias": its header entry: `},
		{"entry without offsets", edit(func(h map[string]any) { delete(entry(h, "fc2.bias"), "data_offsets") }),
			`nn: Load: tensor "fc2.bias": its header entry {"dtype":"F32","shape":[84]} wants a shape and two data_offsets`},
		{"negative offset", edit(func(h map[string]any) { entry(h, "fc2.bias")["data_offsets"] = []int{-4, 0} }),
			`nn: Load: tensor "fc2.bias": its header entry: `},
		{"metadata", edit(func(h map[string]any) { h["__metadata__"] = map[string]any{"format": 1} }),
			"nn: Load: __metadata__ is not an object of strings"},
		{"outside the data", edit(func(h map[string]any) { entry(h, "fc3.bias")["data_offsets"] = []int{e + 100, e + 140} }),
			`nn: Load: tensor "fc3.bias": data_offsets [246924 246964] leave bytes [246784 246924] of the data to no tensor`},
		{"overlap", edit(func(h map[string]any) { entry(h, "fc3.bias")["data_offsets"] = []int{b - 4, e - 4} }),
			`nn: Load: tensor "fc3.bias": data_offsets [246780 246820] overlap those of "fc3.weight"`},
		{"size", edit(func(h map[string]any) { entry(h, "fc3.bias")["data_offsets"] = []int{b, e - 4} }),
			`nn: Load: tensor "fc3.bias": data_offsets [246784 246820] hold 36 bytes, its 10 elements of F32 need 40`},
		{"reversed", edit(func(h map[string]any) { entry(h, "fc3.bias")["data_offsets"] = []int{b, b - 4} }),
			`nn: Load: tensor "fc3.bias": data_offsets [246784 246780] end before they begin`},
		{"truncated data", file[:len(file)-4],
			`nn: Load: tensor "fc3.bias": data_offsets [246784 246824] run past the end of the file, 246820 bytes into the data`},
		{"trailing data", append(file[:len(file):len(file)], 0),
			`nn: Load: the file goes on after the end of the data at byte 246824, after tensor "fc3.bias"`},
		{"truncated header", file[:18], "nn: Load: the file ends 10 bytes into the header of "},
		{"truncated length", file[:5], "nn: Load: the file ends before the header's length (8 bytes)"},
		{"empty", nil, "nn: Load: the file ends before the header's length (8 bytes)"},
		{"huge header", append(binary.LittleEndian.AppendUint64(nil, 1<<40), file[8:]...),
			"nn: Load: the header's length is 1099511627776 bytes, over safetensors' limit of 100000000"},
	} {
		t.Run(c.name, func(t *testing.T) { requireRejected(t, lenet(2), c.file, c.want) })
	}
}

// TestLoadRejectsCount checks num_batches_tracked, which must be I64 of
// shape [].
func TestLoadRejectsCount(t *testing.T) {
	net := func(seed uint64) *Sequential { return NewSequential(batchNorm(3, seed)).Named("bn") }
	file := save(t, net(1))
	edit := func(key string, v any) []byte {
		h, data := split(t, file)
		entry(h, "bn.num_batches_tracked")[key] = v
		return join(t, h, data)
	}
	requireRejected(t, net(2), edit("dtype", "F64"), `nn: Load: tensor "bn.num_batches_tracked" has dtype "F64", want I64`)
	requireRejected(t, net(2), edit("shape", []int{1}), `nn: Load: tensor "bn.num_batches_tracked" has shape [1] in the file, [] in the model`)
}

// TestLoadAccepts loads what other writers may write: the header's keys
// in another order, __metadata__, F64 values.
func TestLoadAccepts(t *testing.T) {
	a := lenet(1)
	h, data := split(t, save(t, a))
	h["__metadata__"] = map[string]string{"format": "pt"}
	b := lenet(2)
	require.NoError(t, Load(bytes.NewReader(join(t, h, data)), b))
	require.Equal(t, stateBits(a), stateBits(b))

	var wide []byte
	for _, e := range StateDict(a) {
		begin := len(wide)
		for _, v := range e.Param.Value.Data {
			wide = binary.LittleEndian.AppendUint64(wide, math.Float64bits(float64(v)))
		}
		entry(h, e.Name)["dtype"] = "F64"
		entry(h, e.Name)["data_offsets"] = []int{begin, len(wide)}
	}
	c := lenet(2)
	require.NoError(t, Load(bytes.NewReader(join(t, h, wide)), c))
	require.Equal(t, stateBits(a), stateBits(c))
}

// TestLoadHeaderLengthAllocates checks that a header length the file does
// not hold, under the limit, costs no allocation of its size.
func TestLoadHeaderLengthAllocates(t *testing.T) {
	file := append(binary.LittleEndian.AppendUint64(nil, maxHeader), "{}"...)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	err := Load(bytes.NewReader(file), lenet(2))
	runtime.ReadMemStats(&after)
	require.EqualError(t, err, "nn: Load: the file ends 2 bytes into the header of 100000000")
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(maxHeader/10))
}

// fuzzNet is the small model FuzzLoad loads into.
func fuzzNet() *Sequential {
	return NewSequential(NewLinear(3, 2, NewRand(1)), batchNorm(2, 1)).Named("fc", "bn")
}

// FuzzLoad checks that Load never panics and, where it fails, leaves the
// model as it was.
func FuzzLoad(f *testing.F) {
	file := save(f, fuzzNet())
	f.Add(file)
	f.Add(file[:len(file)-3])
	f.Add(file[:20])
	f.Add(append(file[:len(file):len(file)], 1))
	h, data := split(f, file)
	entry(h, "fc.bias")["dtype"] = "F64"
	f.Add(join(f, h, data))
	f.Fuzz(func(t *testing.T, file []byte) {
		net := fuzzNet()
		before := stateBits(net)
		if err := Load(bytes.NewReader(file), net); err != nil {
			require.Equal(t, before, stateBits(net), "Load changed the model before it failed: %v", err)
		}
	})
}
