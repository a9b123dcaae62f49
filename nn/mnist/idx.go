package mnist

import (
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"os"
)

// maxIDXBytes bounds the data an IDX file may claim, so that a corrupt
// header cannot ask for a huge allocation: MNIST's largest is 47 MB.
const maxIDXBytes = 1 << 28

// readIDX reads the gzipped IDX file at path, of unsigned bytes in dims
// dimensions: a magic number (two zero bytes, 0x08 for unsigned bytes, and
// the number of dimensions), the sizes as big-endian uint32s, and the
// bytes, as many as the sizes' product. It returns the sizes and the
// bytes, or an error naming the file and what is wrong with it.
func readIDX(path string, dims int) ([]int, []byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("mnist: %w", err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return nil, nil, fmt.Errorf("mnist: %s: %w", path, err)
	}
	head := make([]byte, 4+4*dims)
	if _, err := io.ReadFull(z, head); err != nil {
		return nil, nil, fmt.Errorf("mnist: %s: header: %w", path, err)
	}
	if head[0] != 0 || head[1] != 0 || head[2] != 0x08 || int(head[3]) != dims {
		return nil, nil, fmt.Errorf("mnist: %s: magic %x, want 000008%02x (unsigned bytes in %d dimensions)", path, head[:4], dims, dims)
	}
	sizes, n := make([]int, dims), 1
	for i := range sizes {
		sizes[i] = int(binary.BigEndian.Uint32(head[4+4*i:]))
		n *= sizes[i]
		if n > maxIDXBytes {
			return nil, nil, fmt.Errorf("mnist: %s: sizes %v claim more than %d bytes", path, sizes[:i+1], maxIDXBytes)
		}
	}
	data := make([]byte, n)
	if _, err := io.ReadFull(z, data); err != nil {
		return nil, nil, fmt.Errorf("mnist: %s: %d bytes of data: %w", path, n, err)
	}
	return sizes, data, nil
}
