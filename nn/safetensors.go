package nn

import (
	"encoding/binary"
	"fmt"
	"math"
)

// The safetensors format (huggingface/safetensors), as Save writes it and
// Load reads it: the header's length n as a little-endian uint64; n bytes
// of header, a JSON object that maps each tensor's name to its "dtype",
// "shape" and "data_offsets" [begin, end) into the data, with an optional
// "__metadata__" object of strings, padded with spaces to a multiple of 8
// bytes; then the data, each tensor's elements little-endian in row-major
// order, the tensors one after the other with neither gaps nor overlaps,
// up to the end of the file.

// maxHeader is the reference implementation's limit on the header's
// length, which keeps a corrupt length from asking for a huge allocation.
const maxHeader = 100_000_000

// metadataKey is the header's entry that is not a tensor.
const metadataKey = "__metadata__"

// countName is PyTorch's int64 scalar buffer (BatchNorm's count of
// batches), held in nn as a float32 Param of one element.
const countName = "num_batches_tracked"

// The dtypes nn writes and reads, and their sizes in bytes.
const (
	dtF32 = "F32"
	dtF64 = "F64"
	dtI64 = "I64"
)

var dtypeSize = map[string]int{dtF32: 4, dtF64: 8, dtI64: 8}

// tensorInfo is a tensor's entry in the header.
type tensorInfo struct {
	Dtype   string   `json:"dtype"`
	Shape   []int    `json:"shape"`
	Offsets []uint64 `json:"data_offsets"`
}

// layout is how a state-dict entry lies in a file: the dtype Save writes
// and the shape, PyTorch's.
type layout struct {
	dtype string
	shape []int
}

// layoutOf returns e's layout: num_batches_tracked is I64 of shape [],
// which needs e's Param to hold one element; the rest are F32 of their
// Param's shape.
func layoutOf(e StateEntry) (layout, error) {
	if e.Param.Name != countName {
		return layout{dtF32, e.Param.Value.Shape}, nil
	}
	if n := e.Param.Value.Len(); n != 1 {
		return layout{}, fmt.Errorf("tensor %q holds %d elements, want 1 (PyTorch's int64 scalar)", e.Name, n)
	}
	return layout{dtI64, []int{}}, nil
}

// accepts reports whether Load reads a tensor of dtype got into an entry
// of l: the dtype Save writes, or F64 for F32.
func (l layout) accepts(got string) bool {
	return got == l.dtype || l.dtype == dtF32 && got == dtF64
}

// appendValues appends data to b as elements of dtype dt, F32 or I64 (of
// whole numbers: see checkCount).
func appendValues(b []byte, dt string, data []float32) []byte {
	for _, v := range data {
		if dt == dtI64 {
			b = binary.LittleEndian.AppendUint64(b, uint64(int64(v)))
		} else {
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
		}
	}
	return b
}

// checkCount returns an error unless the values of e, an I64 tensor, are
// whole numbers that int64 holds.
func checkCount(e StateEntry) error {
	for _, v := range e.Param.Value.Data {
		if w := float64(v); w != math.Trunc(w) || math.Abs(w) >= 1<<63 {
			return fmt.Errorf("tensor %q holds %v, not an int64", e.Name, v)
		}
	}
	return nil
}

// decodeValues sets dst from b, which holds len(dst) elements of dtype
// dt, rounding F64 and I64 to float32.
func decodeValues(dst []float32, dt string, b []byte) {
	le := binary.LittleEndian
	switch dt {
	case dtF32:
		for i := range dst {
			dst[i] = math.Float32frombits(le.Uint32(b[4*i:]))
		}
	case dtF64:
		for i := range dst {
			dst[i] = float32(math.Float64frombits(le.Uint64(b[8*i:])))
		}
	case dtI64:
		for i := range dst {
			dst[i] = float32(int64(le.Uint64(b[8*i:])))
		}
	}
}
