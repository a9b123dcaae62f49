package pool

import (
	"testing"
	"unsafe"
)

func TestListReuses(t *testing.T) {
	var l List[int]
	v := l.Get()
	*v = 7
	l.Put(v)
	if w := l.Get(); w != v || *w != 7 {
		t.Fatalf("Get after Put = %p (%d), want %p", w, *w, v)
	}
	if w := l.Get(); w == v {
		t.Fatal("Get handed out a value twice")
	}
}

func TestGrowAlignsAndKeeps(t *testing.T) {
	var s []float32
	Grow(&s, 3)
	s[0], s[2] = 1, 2
	Grow(&s, 2) // large enough: unchanged
	if len(s) != 3 || s[2] != 2 {
		t.Fatalf("Grow to fewer elements changed the slice: %v", s)
	}
	Grow(&s, 1000)
	if len(s) != 1000 || uintptr(unsafe.Pointer(&s[0]))%64 != 0 {
		t.Fatalf("Grow(1000): len %d, address %p", len(s), &s[0])
	}
}

func TestGrowAtPlacesInThePage(t *testing.T) {
	for _, offset := range []int{0, 64, 2048, 4032} {
		var s []float64
		GrowAt(&s, 100, offset)
		if len(s) != 100 || int(uintptr(unsafe.Pointer(&s[0])))%4096 != offset {
			t.Errorf("GrowAt(100, %d): len %d, address %p", offset, len(s), &s[0])
		}
	}
}

func TestScratch(t *testing.T) {
	b := Scratch[float64](100)
	if len(*b) < 100 {
		t.Fatalf("Scratch(100) holds %d", len(*b))
	}
	Release(b)
	if c := Scratch[float64](50); c != b {
		t.Error("Scratch did not reuse the released buffer")
	}
	if allocs := testing.AllocsPerRun(100, func() { Release(Scratch[float32](64)) }); allocs != 0 {
		t.Errorf("steady Scratch/Release allocates %v times", allocs)
	}
}

func TestByType(t *testing.T) {
	var a List[[]float32]
	var b List[[]float64]
	if ByType[List[[]float32]](&a, &b) != &a || ByType[List[[]float64]](&a, &b) != &b {
		t.Fatal("ByType picked the wrong instance")
	}
	defer func() {
		if recover() == nil {
			t.Error("ByType of a third type did not panic")
		}
	}()
	ByType[List[[]int]](&a, &b)
}
