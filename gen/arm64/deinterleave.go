package arm64

import "fmt"

// deinterleaveKernel writes Deinterleave: LD2 splits a row's elements into
// its even and odd ones as it loads them, a vector of each at a time; the
// last n mod lanes pairs go one at a time.
func deinterleaveKernel(f *File, t Elem) {
	fn := f.Function(t, "Deinterleave", fmt.Sprintf("deinterleave%sNEON", t.Name),
		fmt.Sprintf("implements %s.Deinterleave with NEON.", t.Table),
		[]Param{Int("n"), Slice("x", t), Slice("even", t), Slice("odd", t)}, nil)
	lanes := t.Lanes()
	n, x, even, odd := "R0", "R1", "R2", "R3"
	done, loop, tail, one := fn.Label("done"), fn.Label("loop"), fn.Label("tail"), fn.Label("one")
	fn.I("MOVD %s, %s", fn.Arg("n"), n)
	fn.I("MOVD %s, %s", fn.Arg("x"), x)
	fn.I("MOVD %s, %s", fn.Arg("even"), even)
	fn.I("MOVD %s, %s", fn.Arg("odd"), odd)
	fn.Place(loop)
	fn.I("CMP $%d, %s", lanes, n)
	fn.I("BLT %s", tail)
	fn.I("VLD2.P 32(%s), [V0.%s, V1.%s]", x, t.Arr(), t.Arr())
	fn.I("VST1.P [V0.%s], 16(%s)", t.Arr(), even)
	fn.I("VST1.P [V1.%s], 16(%s)", t.Arr(), odd)
	fn.I("SUB $%d, %s", lanes, n)
	fn.I("B %s", loop)
	fn.Place(tail)
	fn.I("CBZ %s, %s", n, done)
	fn.Place(one)
	fn.I("FMOV%s.P %d(%s), F0", t.Suffix(), t.Size, x)
	fn.I("FMOV%s.P %d(%s), F1", t.Suffix(), t.Size, x)
	fn.I("FMOV%s.P F0, %d(%s)", t.Suffix(), t.Size, even)
	fn.I("FMOV%s.P F1, %d(%s)", t.Suffix(), t.Size, odd)
	fn.I("SUBS $1, %s", n)
	fn.I("BNE %s", one)
	fn.Place(done)
	fn.I("RET")
}
