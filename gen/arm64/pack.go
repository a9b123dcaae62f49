package arm64

import (
	"fmt"
	"strings"
)

func init() { register("pack", pack) }

// pack writes the GEMM packing routines for both element types:
//
//	func copy<W><T>NEON(rows int, src *T, ld int, dst *T)
//
// copies a rows×W block whose rows are ld elements apart into dst, row
// after row: dst[r*W + j] = src[r*ld + j], for W = MR (A transposed into
// column panels) and W = NR (B into row panels) of the GEMM tile; and
//
//	func transpose<T>NEON(cols, rows int, src *T, ld int, dst *T, ldd int)
//
// sets dst[p*ldd + j] = src[j*ld + p] for j < cols and p < rows (B
// transposed into row panels), with scalar moves, four columns at a time.
func pack(f *File) {
	for _, t := range Elems {
		g := Gemm[t]
		copyBlock(f, t, "Gemm.PackA", g.MR)
		copyBlock(f, t, "Gemm.PackB", g.NR)
		transposeBlock(f, t)
	}
}

func transposeBlock(f *File, t Elem) {
	name := "transpose" + t.Name + "NEON"
	fn := f.Function(t, "Transpose", name, fmt.Sprintf("implements %s.Transpose and Gemm.PackTransposed with NEON.", t.Table),
		[]Param{Int("cols"), Int("rows"), Ptr("src", t), Int("ld"), Ptr("dst", t), Int("ldd")}, nil)
	f.Table.Func(t.Name, "Gemm.PackTransposed", name)
	// R0 cols left, R1 rows, R2 src, R3 ld bytes, R4 dst, R5 ldd bytes;
	// a group reads source rows R6-R9 and writes destination row R10.
	fn.I("MOVD %s, R0", fn.Arg("cols"))
	fn.I("MOVD %s, R2", fn.Arg("src"))
	fn.I("MOVD %s, R3", fn.Arg("ld"))
	fn.I("LSL $%d, R3, R3", t.Shift())
	fn.I("MOVD %s, R4", fn.Arg("dst"))
	fn.I("MOVD %s, R5", fn.Arg("ldd"))
	fn.I("LSL $%d, R5, R5", t.Shift())
	group := func(n int) {
		loop, end := fn.Label("rows"), fn.Label("end")
		fn.I("MOVD %s, R1", fn.Arg("rows"))
		fn.I("MOVD R2, R6")
		for j := 1; j < n; j++ {
			fn.I("ADD R3, R%d, R%d", 5+j, 6+j)
		}
		fn.I("MOVD R4, R10")
		fn.I("CBZ R1, %s", end)
		fn.Place(loop)
		for j := range n {
			fn.I("FMOV%s.P %d(R%d), F%d", t.Suffix(), t.Size, 6+j, j)
		}
		for j := range n {
			fn.I("FMOV%s F%d, %d(R10)", t.Suffix(), j, j*t.Size)
		}
		fn.I("ADD R5, R10")
		fn.I("SUBS $1, R1, R1")
		fn.I("BNE %s", loop)
		fn.Place(end)
		fn.I("ADD $%d, R4", n*t.Size)
		for range n {
			fn.I("ADD R3, R2")
		}
		fn.I("SUB $%d, R0", n)
	}
	fours, single, done := fn.Label("fours"), fn.Label("single"), fn.Label("done")
	fn.Place(fours)
	fn.I("CMP $4, R0")
	fn.I("BLT %s", single)
	group(4)
	fn.I("B %s", fours)
	fn.Place(single)
	fn.I("CBZ R0, %s", done)
	group(1)
	fn.I("B %s", single)
	fn.Place(done)
}

// copyBlock writes the copy of blocks w wide, the entry field of t's table.
func copyBlock(f *File, t Elem, field string, w int) {
	name := fmt.Sprintf("copy%d%sNEON", w, t.Name)
	fn := f.Function(t, field, name, fmt.Sprintf("copies rows×%d blocks for %s.Gemm with NEON.", w, t.Table),
		[]Param{Int("rows"), Ptr("src", t), Int("ld"), Ptr("dst", t)}, nil)
	fn.I("MOVD %s, R0", fn.Arg("rows"))
	fn.I("MOVD %s, R1", fn.Arg("src"))
	fn.I("MOVD %s, R2", fn.Arg("ld"))
	fn.I("LSL $%d, R2, R2", t.Shift())
	fn.I("MOVD %s, R3", fn.Arg("dst"))
	done, loop := fn.Label("done"), fn.Label("loop")
	fn.I("CBZ R0, %s", done)
	fn.Place(loop)
	bytes := w * t.Size
	// Whole vectors with one VLD1 and VST1 of up to four registers, the
	// rest (8 or 4 bytes) with a scalar move.
	off := 0
	for off+16 <= bytes {
		n := min(4, (bytes-off)/16)
		var rs []string
		for j := range n {
			rs = append(rs, fmt.Sprintf("V%d.B16", j))
		}
		list := "[" + strings.Join(rs, ", ") + "]"
		if off == 0 {
			fn.I("VLD1 (R1), %s", list)
			fn.I("VST1 %s, (R3)", list)
		} else {
			fn.I("ADD $%d, R1, R4", off)
			fn.I("ADD $%d, R3, R5", off)
			fn.I("VLD1 (R4), %s", list)
			fn.I("VST1 %s, (R5)", list)
		}
		off += 16 * n
	}
	for _, size := range []int{8, 4} {
		if bytes-off >= size {
			suffix := map[int]string{8: "D", 4: "S"}[size]
			fn.I("FMOV%s %d(R1), F4", suffix, off)
			fn.I("FMOV%s F4, %d(R3)", suffix, off)
			off += size
		}
	}
	fn.I("ADD R2, R1")
	fn.I("ADD $%d, R3", bytes)
	fn.I("SUBS $1, R0, R0")
	fn.I("BNE %s", loop)
	fn.Place(done)
}
