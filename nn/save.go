package nn

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
)

// Save writes model's StateDict to w in the safetensors format
// (huggingface/safetensors), under PyTorch's names and layouts, so that
// torch.nn.Module.load_state_dict takes it with strict=True: the
// parameters and buffers as F32, num_batches_tracked as I64 of shape [].
// Gradients are not saved. It returns an error, having written nothing,
// where two tensors share a name or num_batches_tracked is not one whole
// number.
func Save(w io.Writer, model Layer) error {
	f, err := encode(model)
	if err == nil {
		err = f.write(w)
	}
	if err != nil {
		return fmt.Errorf("nn: Save: %w", err)
	}
	return nil
}

// SaveFile creates (or truncates) the file path and Saves model to it;
// where the model cannot be saved it leaves the file alone.
func SaveFile(path string, model Layer) error {
	f, err := encode(model)
	if err == nil {
		err = f.writeFile(path)
	}
	if err != nil {
		return fmt.Errorf("nn: SaveFile %s: %w", path, err)
	}
	return nil
}

// encoded is a state dict laid out as a file: its header, and its tensors
// in the order of their data.
type encoded struct {
	header  []byte
	tensors []laidOut
}

// laidOut is a state-dict entry with its layout.
type laidOut struct {
	StateEntry
	layout
}

// encode lays out model's state dict as the reference writer does: the
// tensors sorted by the size of their dtype, largest first, so that each
// is aligned to it (in state-dict order within a dtype).
func encode(model Layer) (*encoded, error) {
	entries := StateDict(model)
	if err := uniqueNames(entries); err != nil {
		return nil, err
	}
	f := &encoded{tensors: make([]laidOut, len(entries))}
	for i, e := range entries {
		l, err := layoutOf(e)
		if err == nil && l.dtype == dtI64 {
			err = checkCount(e)
		}
		if err != nil {
			return nil, err
		}
		f.tensors[i] = laidOut{e, l}
	}
	slices.SortStableFunc(f.tensors, func(a, b laidOut) int { return dtypeSize[b.dtype] - dtypeSize[a.dtype] })

	var h bytes.Buffer
	h.WriteByte('{')
	var at uint64
	for i, t := range f.tensors {
		end := at + uint64(numel(t.shape)*dtypeSize[t.dtype])
		// Marshal cannot fail on a string or on a tensorInfo.
		name, _ := json.Marshal(t.Name)
		info, _ := json.Marshal(tensorInfo{Dtype: t.dtype, Shape: t.shape, Offsets: []uint64{at, end}})
		if i > 0 {
			h.WriteByte(',')
		}
		h.Write(name)
		h.WriteByte(':')
		h.Write(info)
		at = end
	}
	h.WriteByte('}')
	for h.Len()%8 != 0 {
		h.WriteByte(' ')
	}
	f.header = h.Bytes()
	return f, nil
}

// write writes the file to w.
func (f *encoded) write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.Write(binary.LittleEndian.AppendUint64(nil, uint64(len(f.header))))
	bw.Write(f.header)
	var b []byte
	for _, t := range f.tensors {
		b = appendValues(b[:0], t.dtype, t.Param.Value.Data)
		bw.Write(b)
	}
	return bw.Flush()
}

// writeFile writes the file to path.
func (f *encoded) writeFile(path string) error {
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	err = f.write(out)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}
