package arm64

import "fmt"

func init() { register("maxpool", maxPools) }

// maxPools writes MaxPool2x2 and Deinterleave (deinterleave.go). MaxPool2x2
// works as gen/amd64's, a vector of windows at a time: LD2 splits each row's
// elements into the windows' even and odd columns as it loads them, which
// gives the four taps as four vectors. The largest and its index follow the
// definition tap by tap: a tap strictly greater than the largest so far
// replaces it and its index (FCMGT, BIT); the largest is then ANDed with
// every tap equal to it, which turns -0 into +0 where a +0 ties and changes
// no other value; and each NaN tap in turn replaces both (FCMEQ of the tap
// with itself, BIF), so the last one stays. The indices are integers of the
// elements' width, so that the compares' masks select them; float64's are
// narrowed to int32 (UZP1) to be stored. The last n mod lanes outputs of a
// row are computed one at a time, on the low lanes. Each row starts afresh
// from the parameters, its pointers and indices offset by twice ld.
func maxPools(f *File) {
	for _, t := range Elems {
		maxPoolKernel(f, t)
		deinterleaveKernel(f, t)
	}
}

// Registers of MaxPool2x2.
const (
	mpN, mpA, mpB, mpY, mpArg = "R0", "R1", "R2", "R3", "R4" // outputs left; the rows, y and argmax at the block
	mpLd, mpScratch           = "R5", "R6"                   // ld in elements
	mpRows, mpRowOff          = "R7", "R8"                   // rows left; the row's offset in x, 2*ld per row, in elements
	mpTap                     = 0                            // the four taps, V0 to V3
	mpLargest, mpArgmax       = 4, 5
	mpMask, mpTmp             = 6, 7
	mpIndex                   = 16 // each lane's first tap's index
	mpOff                     = 17 // the taps' index offsets 1, ld and ld+1, in V17 to V19
	mpStep, mpOne             = 20, 21
)

func maxPoolKernel(f *File, t Elem) {
	fn := f.Function(t, "MaxPool2x2", fmt.Sprintf("maxPool2x2%sNEON", t.Name),
		fmt.Sprintf("implements %s.MaxPool2x2 with NEON.", t.Table),
		[]Param{Int("rows"), Int("n"), Slice("x", t), Int("ld"), Slice("y", t), Int32s("argmax"), Int("base")}, nil)
	lanes := t.Lanes()
	ints := "S4"
	if t.Size == 8 {
		ints = "D2"
	}
	done, row, next := fn.Label("done"), fn.Label("row"), fn.Label("next")
	loop, tail, one := fn.Label("loop"), fn.Label("tail"), fn.Label("one")
	fn.I("MOVD %s, %s", fn.Arg("rows"), mpRows)
	fn.I("CBZ %s, %s", mpRows, done)
	fn.I("MOVD %s, %s", fn.Arg("n"), mpN)
	fn.I("CBZ %s, %s", mpN, done)
	fn.I("MOVD %s, %s", fn.Arg("ld"), mpLd)
	fn.I("MOVD %s, %s", fn.Arg("y"), mpY)
	fn.I("MOVD %s, %s", fn.Arg("argmax"), mpArg)
	fn.I("MOVD $0, %s", mpRowOff)
	dup := func(r string, v int) { fn.I("VDUP %s, V%d.%s", r, v, ints) }
	fn.I("MOVD $1, %s", mpScratch)
	dup(mpScratch, mpOff)
	dup(mpLd, mpOff+1)
	fn.I("ADD $1, %s, %s", mpLd, mpScratch)
	dup(mpScratch, mpOff+2)
	fn.I("MOVD $%d, %s", 2*lanes, mpScratch)
	dup(mpScratch, mpStep)
	fn.I("MOVD $2, %s", mpScratch)
	dup(mpScratch, mpOne)

	// A row: y and argmax go on from the last row's end.
	fn.Place(row)
	fn.I("MOVD %s, %s", fn.Arg("n"), mpN)
	fn.I("MOVD %s, %s", fn.Arg("x"), mpA)
	fn.I("ADD %s<<%d, %s, %s", mpRowOff, t.Shift(), mpA, mpA)
	fn.I("MOVD %s, %s", fn.Arg("base"), mpScratch)
	fn.I("ADD %s, %s, %s", mpRowOff, mpScratch, mpScratch)
	for lane := range lanes {
		fn.I("VMOV %s, V%d.%s[%d]", mpScratch, mpIndex, t.Suffix(), lane)
		fn.I("ADD $2, %s, %s", mpScratch, mpScratch)
	}
	fn.I("ADD %s<<%d, %s, %s", mpLd, t.Shift(), mpA, mpB)

	fn.Place(loop)
	fn.I("CMP $%d, %s", lanes, mpN)
	fn.I("BLT %s", tail)
	fn.I("VLD2.P %d(%s), [V%d.%s, V%d.%s]", 2*16, mpA, mpTap, t.Arr(), mpTap+1, t.Arr())
	fn.I("VLD2.P %d(%s), [V%d.%s, V%d.%s]", 2*16, mpB, mpTap+2, t.Arr(), mpTap+3, t.Arr())
	mpWindows(fn, t, ints)
	fn.I("VST1.P [V%d.%s], 16(%s)", mpLargest, t.Arr(), mpY)
	if t.Size == 4 {
		fn.I("VST1.P [V%d.S4], 16(%s)", mpArgmax, mpArg)
	} else {
		fn.I("VUZP1 V%d.S4, V%d.S4, V%d.S4", mpArgmax, mpArgmax, mpTmp) // the int64s' low halves
		fn.I("FMOVD F%d, (%s)", mpTmp, mpArg)
		fn.I("ADD $8, %s", mpArg)
	}
	fn.I("VADD V%d.%s, V%d.%s, V%d.%s", mpStep, ints, mpIndex, ints, mpIndex, ints)
	fn.I("SUB $%d, %s", lanes, mpN)
	fn.I("B %s", loop)

	fn.Place(tail)
	fn.I("CBZ %s, %s", mpN, next)
	fn.Place(one)
	for r, p := range []string{mpA, mpB} {
		fn.I("FMOV%s (%s), F%d", t.Suffix(), p, mpTap+2*r)
		fn.I("FMOV%s %d(%s), F%d", t.Suffix(), t.Size, p, mpTap+2*r+1)
		fn.I("ADD $%d, %s", 2*t.Size, p)
	}
	mpWindows(fn, t, ints)
	fn.I("FMOV%s F%d, (%s)", t.Suffix(), mpLargest, mpY)
	fn.I("ADD $%d, %s", t.Size, mpY)
	fn.I("FMOVS F%d, (%s)", mpArgmax, mpArg) // the low 32 bits of lane 0
	fn.I("ADD $4, %s", mpArg)
	fn.I("VADD V%d.%s, V%d.%s, V%d.%s", mpOne, ints, mpIndex, ints, mpIndex, ints)
	fn.I("SUBS $1, %s", mpN)
	fn.I("BNE %s", one)
	fn.Place(next)
	fn.I("ADD %s<<1, %s, %s", mpLd, mpRowOff, mpRowOff)
	fn.I("SUBS $1, %s", mpRows)
	fn.I("BNE %s", row)
	fn.Place(done)
	fn.I("RET")
}

// mpWindows computes the largest and its index of the windows whose taps
// are in V0 to V3, into V4 and V5. A scalar load leaves the other lanes
// zero, so the same code computes one window in lane 0.
func mpWindows(fn *Func, t Elem, ints string) {
	index := func(i int) int { // the register holding tap i's index
		if i == 0 {
			return mpIndex
		}
		fn.I("VADD V%d.%s, V%d.%s, V%d.%s", mpOff+i-1, ints, mpIndex, ints, mpTmp, ints)
		return mpTmp
	}
	fn.I("VORR V%d.B16, V%d.B16, V%d.B16", mpTap, mpTap, mpLargest)
	fn.I("VORR V%d.B16, V%d.B16, V%d.B16", mpIndex, mpIndex, mpArgmax)
	for i := 1; i < 4; i++ {
		fn.W(FCMGT(t, mpMask, mpTap+i, mpLargest))
		fn.I("VBIT V%d.B16, V%d.B16, V%d.B16", mpMask, mpTap+i, mpLargest)
		fn.I("VBIT V%d.B16, V%d.B16, V%d.B16", mpMask, index(i), mpArgmax)
	}
	// +0 where a +0 ties a -0.
	for i := range 4 {
		fn.W(FCMEQ(t, mpMask, mpTap+i, mpLargest))
		fn.I("VAND V%d.B16, V%d.B16, V%d.B16", mpTap+i, mpLargest, mpTmp)
		fn.I("VBIT V%d.B16, V%d.B16, V%d.B16", mpMask, mpTmp, mpLargest)
	}
	// The last NaN: a tap unequal to itself.
	for i := range 4 {
		fn.W(FCMEQ(t, mpMask, mpTap+i, mpTap+i))
		fn.I("VBIF V%d.B16, V%d.B16, V%d.B16", mpMask, mpTap+i, mpLargest)
		fn.I("VBIF V%d.B16, V%d.B16, V%d.B16", mpMask, index(i), mpArgmax)
	}
}
