package nn

import (
	"cmp"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// Load reads a safetensors file from r into model's StateDict, as
// PyTorch's load_state_dict with strict=True: the file must hold each
// tensor of the model, under its name and with its shape, and no other
// (the header's "__metadata__", an object of strings, is ignored). It
// accepts F32 and F64 (rounded to float32) for parameters and buffers,
// and I64 for num_batches_tracked; it reads r to its end, which must be
// the end of the last tensor's data.
//
// Load is atomic: it reads and checks the whole file before it sets any
// value, so that on error every parameter and buffer of the model keeps
// its value. The error names the tensor at fault where there is one.
func Load(r io.Reader, model Layer) error {
	if err := load(r, model); err != nil {
		return fmt.Errorf("nn: Load: %w", err)
	}
	return nil
}

// LoadFile Loads model from the file path.
func LoadFile(path string, model Layer) error {
	f, err := os.Open(path)
	if err == nil {
		err = load(f, model)
		f.Close()
	}
	if err != nil {
		return fmt.Errorf("nn: LoadFile %s: %w", path, err)
	}
	return nil
}

// stored is a tensor of the model with the file's entry for it.
type stored struct {
	StateEntry
	tensorInfo
}

// load is Load without its prefix on errors.
func load(r io.Reader, model Layer) error {
	entries := StateDict(model)
	if err := uniqueNames(entries); err != nil {
		return err
	}
	infos, err := readHeader(r)
	if err != nil {
		return err
	}
	tensors, err := match(entries, infos)
	if err != nil {
		return err
	}
	data, err := readData(r, tensors)
	if err != nil {
		return err
	}
	for _, t := range tensors {
		decodeValues(t.Param.Value.Data, t.Dtype, data[t.Offsets[0]:t.Offsets[1]])
	}
	return nil
}

// readHeader reads the header's length and the header, and returns its
// tensors by name.
func readHeader(r io.Reader) (map[string]tensorInfo, error) {
	var size [8]byte
	if _, err := io.ReadFull(r, size[:]); err != nil {
		return nil, ended(err, "the file ends before the header's length (8 bytes)")
	}
	n := binary.LittleEndian.Uint64(size[:])
	if n > maxHeader {
		return nil, fmt.Errorf("the header's length is %d bytes, over safetensors' limit of %d", n, maxHeader)
	}
	// ReadAll grows its buffer as bytes come, so a length that the file
	// does not hold allocates nothing.
	head, err := io.ReadAll(io.LimitReader(r, int64(n)))
	if err != nil {
		return nil, err
	}
	if uint64(len(head)) < n {
		return nil, fmt.Errorf("the file ends %d bytes into the header of %d", len(head), n)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(head, &raw); err != nil {
		return nil, fmt.Errorf("the header is not a JSON object: %v", err)
	}
	infos := make(map[string]tensorInfo, len(raw))
	for name, v := range raw {
		if name == metadataKey {
			var meta map[string]string
			if err := json.Unmarshal(v, &meta); err != nil {
				return nil, fmt.Errorf("%s is not an object of strings: %v", metadataKey, err)
			}
			continue
		}
		var info tensorInfo
		if err := json.Unmarshal(v, &info); err != nil {
			return nil, fmt.Errorf("tensor %q: its header entry: %v", name, err)
		}
		if info.Shape == nil || len(info.Offsets) != 2 {
			return nil, fmt.Errorf("tensor %q: its header entry %s wants a shape and two data_offsets", name, v)
		}
		infos[name] = info
	}
	return infos, nil
}

// match pairs each entry with the file's tensor of its name, checking
// that there are no others and that each has the entry's shape and a
// dtype Load accepts.
func match(entries []StateEntry, infos map[string]tensorInfo) ([]stored, error) {
	var missing, unexpected []string
	tensors := make([]stored, 0, len(entries))
	names := make(map[string]bool, len(entries))
	for _, e := range entries {
		names[e.Name] = true
		if info, ok := infos[e.Name]; ok {
			tensors = append(tensors, stored{e, info})
		} else {
			missing = append(missing, fmt.Sprintf("%q", e.Name))
		}
	}
	for name := range infos {
		if !names[name] {
			unexpected = append(unexpected, fmt.Sprintf("%q", name))
		}
	}
	if len(missing)+len(unexpected) > 0 {
		slices.Sort(unexpected)
		var msg []string
		if len(missing) > 0 {
			msg = append(msg, "the file lacks "+strings.Join(missing, ", "))
		}
		if len(unexpected) > 0 {
			msg = append(msg, "the model has no "+strings.Join(unexpected, ", "))
		}
		return nil, errors.New(strings.Join(msg, "; "))
	}
	for _, t := range tensors {
		l, err := layoutOf(t.StateEntry)
		if err != nil {
			return nil, err
		}
		if !l.accepts(t.Dtype) {
			want := l.dtype
			if want == dtF32 {
				want = "F32 or F64"
			}
			return nil, fmt.Errorf("tensor %q has dtype %q, want %s", t.Name, t.Dtype, want)
		}
		if !sameShape(t.Shape, l.shape) {
			return nil, fmt.Errorf("tensor %q has shape %v in the file, %v in the model", t.Name, t.Shape, l.shape)
		}
	}
	return tensors, nil
}

// readData checks that the tensors' data_offsets cover the data from 0
// without gaps or overlaps, each holding its shape's elements, and reads
// the data, which must end where the last tensor's does.
func readData(r io.Reader, tensors []stored) ([]byte, error) {
	byOffset := slices.Clone(tensors)
	slices.SortFunc(byOffset, func(a, b stored) int {
		return cmp.Or(cmp.Compare(a.Offsets[0], b.Offsets[0]), cmp.Compare(a.Offsets[1], b.Offsets[1]))
	})
	var at uint64
	for i, t := range byOffset {
		begin, end := t.Offsets[0], t.Offsets[1]
		switch {
		case begin < at:
			return nil, fmt.Errorf("tensor %q: data_offsets %v overlap those of %q", t.Name, t.Offsets, byOffset[i-1].Name)
		case begin > at:
			return nil, fmt.Errorf("tensor %q: data_offsets %v leave bytes [%d %d] of the data to no tensor", t.Name, t.Offsets, at, begin)
		case end < begin:
			return nil, fmt.Errorf("tensor %q: data_offsets %v end before they begin", t.Name, t.Offsets)
		case end-begin != uint64(t.Param.Value.Len()*dtypeSize[t.Dtype]):
			return nil, fmt.Errorf("tensor %q: data_offsets %v hold %d bytes, its %d elements of %s need %d",
				t.Name, t.Offsets, end-begin, t.Param.Value.Len(), t.Dtype, t.Param.Value.Len()*dtypeSize[t.Dtype])
		}
		at = end
	}
	data := make([]byte, at)
	if n, err := io.ReadFull(r, data); err != nil {
		// The first tensor the data does not hold.
		t := byOffset[slices.IndexFunc(byOffset, func(t stored) bool { return t.Offsets[1] > uint64(n) })]
		return nil, ended(err, fmt.Sprintf("tensor %q: data_offsets %v run past the end of the file, %d bytes into the data", t.Name, t.Offsets, n))
	}
	var one [1]byte
	switch n, err := io.ReadFull(r, one[:]); {
	case n > 0:
		last := "the header"
		if len(byOffset) > 0 {
			last = fmt.Sprintf("tensor %q", byOffset[len(byOffset)-1].Name)
		}
		return nil, fmt.Errorf("the file goes on after the end of the data at byte %d, after %s", at, last)
	case err != io.EOF:
		return nil, err
	}
	return data, nil
}

// ended returns msg as an error where err says the file ended, else err.
func ended(err error, msg string) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New(msg)
	}
	return err
}
