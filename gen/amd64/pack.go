package amd64

import (
	"fmt"

	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

func init() { register("pack", pack) }

// pack writes the GEMM packing routines of f's ISA for both element types:
//
//	func copy<W><T><ISA>(rows int, src *T, ld int, dst *T)
//
// copies a rows×W block whose rows are ld elements apart into dst, row
// after row: dst[r*W + j] = src[r*ld + j]. There is one for W = MR (A
// transposed into column panels) and one for W = NR (B into row panels) of
// the ISA's GEMM tile. Files of the ISA with Strided set also carry
//
//	func transpose<T><ISA>(cols, rows int, src *T, ld int, dst *T, ldd int)
//
// which sets dst[p*ldd + j] = src[j*ld + p] for j < cols and p < rows
// (Vec.Transpose, and the GEMM's packing of a transposed operand), with
// scalar moves, four columns at a time.
func pack(f *File) {
	for _, t := range Elems {
		g := f.ISA.Gemm[t]
		copyBlock(f, t, "Gemm.PackA", g.MR)
		copyBlock(f, t, "Gemm.PackB", g.NR)
		if f.ISA.Strided {
			transposeBlock(f, t)
		}
	}
}

// packAhead is how many rows ahead the copies prefetch.
const packAhead = 8

// chunk is one move of a row: an offset and a width in bytes.
type chunk struct{ off, bytes int }

// rowChunks splits a row of n bytes into the widest moves the ISA has.
func rowChunks(isa ISA, n int) []chunk {
	var out []chunk
	off := 0
	for _, w := range []int{64, 32, 16, 8, 4} {
		for w <= isa.Width && n-off >= w {
			out = append(out, chunk{off, w})
			off += w
		}
	}
	return out
}

// move loads or stores one chunk through vector register i.
func (f *File) move(c chunk, i int, m operand.Mem, load bool) {
	two := func(mov func(a, b operand.Op)) op { return func(ops ...operand.Op) { mov(ops[0], ops[1]) } }
	var r reg.VecPhysical
	var ins op
	switch c.bytes {
	case 64:
		r, ins = zmm[i], f.VMOVDQU64
	case 32:
		r, ins = ymm[i], two(f.VMOVDQU)
	case 16:
		r, ins = xmm[i], two(f.VMOVDQU)
	case 8:
		r, ins = xmm[i], two(f.VMOVQ)
	case 4:
		r, ins = xmm[i], two(f.VMOVD)
	}
	if load {
		ins(m, r)
	} else {
		ins(r, m)
	}
}

// copyBlock writes the copy of blocks w wide, the entry field of t's table.
func copyBlock(f *File, t Elem, field string, w int) {
	name := fmt.Sprintf("copy%d%s%s", w, t.Name, f.ISA.Suffix)
	f.function(t, field, name, fmt.Sprintf("func(rows int, src *%s, ld int, dst *%s)", t.Go, t.Go),
		fmt.Sprintf("%s copies rows of %d elements for the GEMM packing, with %s.", name, w, f.ISA.Requires))
	rows, src, ld, dst, ahead := reg.RCX, reg.RSI, reg.RDX, reg.RDI, reg.R8
	f.Load(f.Param("rows"), rows)
	f.Load(f.Param("src"), src)
	f.Load(f.Param("ld"), ld)
	f.SHLQ(t.Shift(), ld)
	f.Load(f.Param("dst"), dst)
	// The rows are usually far apart, which hardware prefetchers do not
	// follow: prefetch packAhead rows ahead, to keep misses in flight.
	f.IMUL3Q(operand.U8(packAhead), ld, ahead)
	chunks := rowChunks(f.ISA, w*t.Size)
	f.TESTQ(rows, rows)
	f.JZ(operand.LabelRef("done"))
	f.Label("loop")
	for off := 0; off < w*t.Size; off += 64 {
		f.PREFETCHT0(operand.Mem{Base: src, Index: ahead, Scale: 1, Disp: off})
	}
	f.PREFETCHT0(operand.Mem{Base: src, Index: ahead, Scale: 1, Disp: w*t.Size - 1})
	for i, c := range chunks {
		f.move(c, i, operand.Mem{Base: src, Disp: c.off}, true)
	}
	for i, c := range chunks {
		f.move(c, i, operand.Mem{Base: dst, Disp: c.off}, false)
	}
	f.ADDQ(ld, src)
	f.ADDQ(operand.U32(uint64(w*t.Size)), dst)
	f.DECQ(rows)
	f.JNZ(operand.LabelRef("loop"))
	f.Label("done")
	f.VZEROUPPER()
	f.RET()
}

// transposeBlock writes Transpose, which is also the GEMM's
// PackTransposed.
func transposeBlock(f *File, t Elem) {
	name := fmt.Sprintf("transpose%s%s", t.Name, f.ISA.Suffix)
	f.sharedFunction(t, "Transpose", name, fmt.Sprintf("func(cols, rows int, src *%s, ld int, dst *%s, ldd int)", t.Go, t.Go),
		fmt.Sprintf("%s implements %s.Transpose and Gemm.PackTransposed with %s.", name, t.Table, f.ISA.Requires))
	f.Table.Lend(t.Name, "Gemm.PackTransposed", name)
	cols, rows, src, ld, ld3, dst, ldd := reg.RBX, reg.RCX, reg.RSI, reg.RDX, reg.R8, reg.RDI, reg.R9
	s, d := reg.R10, reg.R11 // the current source column and destination row
	mov := insns{f.VMOVSS, f.VMOVSD}.of(t)
	shift := t.Shift()
	f.Load(f.Param("cols"), cols)
	f.Load(f.Param("src"), src)
	f.Load(f.Param("ld"), ld)
	f.SHLQ(shift, ld)
	f.LEAQ(operand.Mem{Base: ld, Index: ld, Scale: 2}, ld3)
	f.Load(f.Param("dst"), dst)
	f.Load(f.Param("ldd"), ldd)
	f.SHLQ(shift, ldd)
	ldd3 := reg.R12
	f.LEAQ(operand.Mem{Base: ldd, Index: ldd, Scale: 2}, ldd3)

	// column runs one group of j: src rows j.. (n of them), over every p:
	// a group of eight (float32) or four by 8x8 or 4x4 blocks transposed
	// in registers, then one p at a time. s4 and d4 are the group's rows
	// four below s and d.
	s4, d4 := reg.RAX, reg.R13
	row := func(base, base4, stride, stride3 reg.Register, i int) operand.Mem {
		if i >= 4 {
			return rowAt(base4, stride, stride3, i-4, 0)
		}
		return rowAt(base, stride, stride3, i, 0)
	}
	in := func(i int) operand.Mem { return row(s, s4, ld, ld3, i) }
	out := func(i int) operand.Mem { return row(d, d4, ldd, ldd3, i) }
	column := func(n int, label string) {
		f.Load(f.Param("rows"), rows)
		f.MOVQ(src, s)
		f.MOVQ(dst, d)
		if n > 1 {
			f.CMPQ(rows, operand.U32(uint64(n)))
			f.JL(operand.LabelRef(label + "tail"))
			f.Label(label + "block")
			if n == 8 {
				f.LEAQ(operand.Mem{Base: s, Index: ld, Scale: 4}, s4)
				f.LEAQ(operand.Mem{Base: d, Index: ldd, Scale: 4}, d4)
				transpose8x8(f, in, out)
				f.LEAQ(operand.Mem{Base: d4, Index: ldd, Scale: 4}, d)
			} else {
				transpose4x4(f, t, in, out)
				f.LEAQ(operand.Mem{Base: d, Index: ldd, Scale: 4}, d)
			}
			f.ADDQ(operand.U32(uint64(n*t.Size)), s)
			f.SUBQ(operand.U32(uint64(n)), rows)
			f.CMPQ(rows, operand.U32(uint64(n)))
			f.JGE(operand.LabelRef(label + "block"))
			f.Label(label + "tail")
		}
		f.TESTQ(rows, rows)
		f.JZ(operand.LabelRef(label + "end"))
		if n == 8 {
			f.LEAQ(operand.Mem{Base: s, Index: ld, Scale: 4}, s4)
		}
		f.Label(label)
		for j := range n {
			mov(in(j), X(j))
		}
		for j := range n {
			mov(X(j), operand.Mem{Base: d, Disp: j * t.Size})
		}
		f.ADDQ(operand.U32(uint64(t.Size)), s)
		if n == 8 {
			f.ADDQ(operand.U32(uint64(t.Size)), s4)
		}
		f.ADDQ(ldd, d)
		f.DECQ(rows)
		f.JNZ(operand.LabelRef(label))
		f.Label(label + "end")
	}
	group := func(n int, label string) {
		f.SUBQ(operand.U32(uint64(n)), cols)
		f.JL(operand.LabelRef(label + "rest"))
		f.Label(label + "group")
		column(n, label)
		f.LEAQ(operand.Mem{Base: src, Index: ld, Scale: 4}, src)
		if n == 8 {
			f.LEAQ(operand.Mem{Base: src, Index: ld, Scale: 4}, src)
		}
		f.ADDQ(operand.U32(uint64(n*t.Size)), dst)
		f.SUBQ(operand.U32(uint64(n)), cols)
		f.JGE(operand.LabelRef(label + "group"))
		f.Label(label + "rest")
		f.ADDQ(operand.U32(uint64(n)), cols)
	}
	if t.Size == 4 {
		group(8, "eight")
	}
	group(4, "four")
	f.JZ(operand.LabelRef("done"))
	f.Label("single")
	column(1, "one")
	f.ADDQ(ld, src)
	f.ADDQ(operand.U32(uint64(t.Size)), dst)
	f.DECQ(cols)
	f.JNZ(operand.LabelRef("single"))
	f.Label("done")
	f.VZEROUPPER()
	f.RET()
}

// transpose8x8 transposes the 8x8 block of float32 whose rows are at
// in(0..7) into the rows at out(0..7), in YMM registers: the rows' pairs
// unpacked, then pairs of pairs shuffled, then 128-bit halves swapped.
func transpose8x8(f *File, in, out func(i int) operand.Mem) {
	for i := range 8 {
		f.VMOVUPS(in(i), ymm[i])
	}
	for i := 0; i < 8; i += 2 {
		f.VUNPCKLPS(ymm[i+1], ymm[i], ymm[8+i])   // r[i][0] r[i+1][0] r[i][1] r[i+1][1], and 4, 5
		f.VUNPCKHPS(ymm[i+1], ymm[i], ymm[8+i+1]) // 2, 3, and 6, 7
	}
	for h := 0; h < 8; h += 4 { // rows 0-3, then 4-7: columns of four rows in each 128-bit half
		f.VSHUFPS(operand.U8(0x44), ymm[8+h+2], ymm[8+h], ymm[h])   // column 0 (4)
		f.VSHUFPS(operand.U8(0xee), ymm[8+h+2], ymm[8+h], ymm[h+1]) // column 1 (5)
		f.VSHUFPS(operand.U8(0x44), ymm[8+h+3], ymm[8+h+1], ymm[h+2])
		f.VSHUFPS(operand.U8(0xee), ymm[8+h+3], ymm[8+h+1], ymm[h+3])
	}
	for c := range 4 {
		f.VPERM2F128(operand.U8(0x20), ymm[4+c], ymm[c], ymm[8+c])   // column c
		f.VPERM2F128(operand.U8(0x31), ymm[4+c], ymm[c], ymm[8+c+4]) // column c+4
	}
	for i := range 8 {
		f.VMOVUPS(ymm[8+i], out(i))
	}
}

// transpose4x4 transposes the 4x4 block of elements of type t whose rows
// are at in(0..3) into the rows at out(0..3): float64 in YMM registers
// (unpack, then swap 128-bit halves), float32 in XMM (unpack, then
// shuffle).
func transpose4x4(f *File, t Elem, in, out func(i int) operand.Mem) {
	v := func(i int) reg.VecPhysical { return xmm[i] }
	mov := f.VMOVUPS
	if t.Size == 8 {
		v, mov = func(i int) reg.VecPhysical { return ymm[i] }, f.VMOVUPD
	}
	for i := range 4 {
		mov(in(i), v(i))
	}
	// Rows r0..r3 in 0-3, pairs interleaved in 4-7, the columns in 8-11.
	if t.Size == 8 {
		f.VUNPCKLPD(v(1), v(0), v(4)) // r0[0] r1[0] r0[2] r1[2]
		f.VUNPCKHPD(v(1), v(0), v(5)) // r0[1] r1[1] r0[3] r1[3]
		f.VUNPCKLPD(v(3), v(2), v(6))
		f.VUNPCKHPD(v(3), v(2), v(7))
		f.VPERM2F128(operand.U8(0x20), v(6), v(4), v(8)) // column 0
		f.VPERM2F128(operand.U8(0x20), v(7), v(5), v(9))
		f.VPERM2F128(operand.U8(0x31), v(6), v(4), v(10))
		f.VPERM2F128(operand.U8(0x31), v(7), v(5), v(11))
	} else {
		f.VUNPCKLPS(v(1), v(0), v(4)) // r0[0] r1[0] r0[1] r1[1]
		f.VUNPCKHPS(v(1), v(0), v(5)) // r0[2] r1[2] r0[3] r1[3]
		f.VUNPCKLPS(v(3), v(2), v(6))
		f.VUNPCKHPS(v(3), v(2), v(7))
		f.VSHUFPS(operand.U8(0x44), v(6), v(4), v(8)) // column 0
		f.VSHUFPS(operand.U8(0xee), v(6), v(4), v(9))
		f.VSHUFPS(operand.U8(0x44), v(7), v(5), v(10))
		f.VSHUFPS(operand.U8(0xee), v(7), v(5), v(11))
	}
	for i := range 4 {
		mov(v(8+i), out(i))
	}
}
