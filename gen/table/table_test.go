package table

import (
	"reflect"
	"strings"
	"testing"
)

func TestGemmHeightsAndFields(t *testing.T) {
	g := Gemm{MR: 14, NR: 32}
	if got, want := g.Heights(), []int{14, 1, 2, 4, 8}; !reflect.DeepEqual(got, want) {
		t.Errorf("Heights() = %v, want %v", got, want)
	}
	for _, c := range []struct {
		h, w int
		pack bool
		want string
	}{{14, 32, false, "Gemm.FullWidth[14]"}, {2, 16, false, "Gemm.HalfWidth[2]"}, {14, 32, true, "Gemm.FullWidthPacking"}} {
		if got := g.Field(c.h, c.w, c.pack); got != c.want {
			t.Errorf("Field(%d, %d, %t) = %q, want %q", c.h, c.w, c.pack, got, c.want)
		}
	}
}

func TestKernelSignatures(t *testing.T) {
	want := "func(tiles int, k int, alpha float32, a *float32, rsa int, csa int, nexta int, b *float32, rsb int, beta float32, c *float32, ldc int, pf uintptr, pfs int)"
	if got := Signature(KernelParams(false), "float32"); got != want {
		t.Errorf("kernel signature\n got %s\nwant %s", got, want)
	}
	if got := Signature(KernelParams(true), "float64"); !strings.Contains(got, "rsb int, bp *float64, beta float64") || strings.Contains(got, "pf") {
		t.Errorf("packing kernel signature %s", got)
	}
}

// TestBorrowTakesOnlyLentEntries: an ISA borrows the entries the other
// lends and it lacks, never one it has or one that is not lent (a GEMM
// kernel of another tile), and the source records where each came from.
func TestBorrowTakesOnlyLentEntries(t *testing.T) {
	base, wide := New("avx2", "AVX2", "base"), New("avx512", "AVX512", "wide")
	base.Func("F64", "Dot", "dotF64AVX2")
	base.Lend("F64", "DotInc", "dotF64IncAVX2")
	base.Func("F64", "Gemm.FullWidth[6]", "gemm6x8F64AVX2")
	wide.Func("F64", "Dot", "dotF64AVX512")
	wide.Borrow(base)
	src, err := Source("!purego", []*Table{base, wide})
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	_, after, _ := strings.Cut(text, "var avx512")
	for _, want := range []string{`"F64.DotInc": AVX2`, "s.F64.DotInc = dotF64IncAVX2", "s.F64.Dot = dotF64AVX512", "var compiled = []*Set{generic, avx2, avx512}"} {
		if !strings.Contains(text, want) {
			t.Errorf("source lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(after, "gemm6x8F64AVX2") || strings.Contains(after, "dotF64AVX2\n") {
		t.Errorf("avx512 borrowed an entry that was not lent or that it has:\n%s", after)
	}
}
