package conv

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// TestBandsOffPage checks that bands lays its arrays out in order, without
// overlap, inside the buffer, and none ending within 64 bytes of a page
// boundary, over lengths that put the ends at every offset in a page; and
// that a buffer laid out again for the same lengths gets the same layout.
func TestBandsOffPage(t *testing.T) {
	var buf []float32
	for n := 1000; n < 1000+1024; n += 3 {
		lengths := []int{n, n/2 + 1, 17}
		got := bands(&buf, lengths...)
		end := 0
		for i, a := range got[:len(lengths)] {
			require.Len(t, a, lengths[i])
			at := int(uintptr(unsafe.Pointer(unsafe.SliceData(a)))-uintptr(unsafe.Pointer(&buf[0]))) / 4
			require.GreaterOrEqual(t, at, end, "array %d of %v overlaps the one before", i, lengths)
			end = at + len(a)
			require.LessOrEqual(t, end, len(buf))
			page := (uintptr(unsafe.Pointer(&buf[0])) + uintptr(end)*4) % 4096
			require.True(t, page >= 64 && page <= 4096-64, "array %d of %v ends %d bytes into a page", i, lengths, page)
		}
		again := bands(&buf, lengths...)
		for i := range lengths {
			require.Equal(t, unsafe.SliceData(got[i]), unsafe.SliceData(again[i]))
		}
	}
}
