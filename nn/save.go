package nn

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// magic opens a file Save writes.
const magic = "simdla-nn-params-v1\n"

// Save writes params, in order, as: the magic line, then for each its
// name's length and bytes, its number of axes and sizes (uint32s), and its
// values (float32s), all little-endian. Gradients are not saved.
func Save(w io.Writer, params []*Param) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(magic)
	put := func(v uint32) { binary.Write(bw, binary.LittleEndian, v) }
	put(uint32(len(params)))
	for _, p := range params {
		put(uint32(len(p.Name)))
		bw.WriteString(p.Name)
		put(uint32(len(p.Value.Shape)))
		for _, d := range p.Value.Shape {
			put(uint32(d))
		}
		var b [4]byte
		for _, v := range p.Value.Data {
			binary.LittleEndian.PutUint32(b[:], math.Float32bits(v))
			bw.Write(b[:])
		}
	}
	return bw.Flush()
}

// Load reads into params what Save wrote from parameters of the same
// names and shapes, in the same order, and returns an error naming the
// first that differs, leaving the parameters before it loaded.
func Load(r io.Reader, params []*Param) error {
	br := bufio.NewReader(r)
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(br, head); err != nil || string(head) != magic {
		return errors.New("nn: Load: not a file of nn.Save")
	}
	var err error
	get := func() int {
		var v uint32
		if err == nil {
			err = binary.Read(br, binary.LittleEndian, &v)
		}
		return int(v)
	}
	if n := get(); err == nil && n != len(params) {
		return fmt.Errorf("nn: Load: the file has %d parameters, the model %d", n, len(params))
	}
	for i, p := range params {
		name := make([]byte, get())
		if err == nil {
			_, err = io.ReadFull(br, name)
		}
		shape := make([]int, get())
		for j := range shape {
			shape[j] = get()
		}
		if err != nil {
			return fmt.Errorf("nn: Load: parameter %d: %w", i, err)
		}
		if string(name) != p.Name || !sameShape(shape, p.Value.Shape) {
			return fmt.Errorf("nn: Load: parameter %d is %s %v in the file, %s %v in the model", i, name, shape, p.Name, p.Value.Shape)
		}
		var b [4]byte
		for j := range p.Value.Data {
			if _, err := io.ReadFull(br, b[:]); err != nil {
				return fmt.Errorf("nn: Load: parameter %d: %w", i, err)
			}
			p.Value.Data[j] = math.Float32frombits(binary.LittleEndian.Uint32(b[:]))
		}
	}
	return nil
}
