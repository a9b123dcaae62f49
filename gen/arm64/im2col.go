package arm64

import "fmt"

func init() { register("im2col", im2col) }

// im2col writes Im2colRows, as gen/amd64's, row after row with no Go-level
// work per row; NEON has no masked loads, so a row whose tap reads
// padding in the run is first cleared, then the run's positions inside
// [lo, hi) are copied, and a row inside the image is one copy. A span of m elements moves in
// the widest windows that fit in it (a vector, eight bytes, four), the
// last ending at m, overlapping the one before where m is not a multiple
// of the width.
func im2col(f *File) {
	for _, t := range Elems {
		im2colKernel(f, t)
	}
}

// Registers of Im2colRows.
const (
	icRows  = "R0"  // rows left
	icN     = "R1"  // n
	icDst   = "R2"  // dst at the row
	icLdd   = "R3"  // ldd in bytes
	icX     = "R4"  // x at the row's channel, off elements on
	icPlane = "R5"  // plane in bytes
	icTap   = "R6"  // the row's tap
	icTaps  = "R7"  // the first tap
	icEnd   = "R8"  // past the last tap
	icLo    = "R9"  // the tap's lo, then the run's first inside, then x at it
	icHi    = "R10" // the tap's hi, then the run's end inside, then dst at lo
	icSrc   = "R11" // x at the row's read
	icLeft  = "R12" // a span's elements
	icFrom  = "R13" // a window's source
	icTo    = "R14" // a window's destination
	icK     = "R15" // the span's elements past the window
	icOff   = "R16" // off
	icZero  = 31    // a vector of zeros
	icData  = 0
)

func im2colKernel(f *File, t Elem) {
	fn := f.Function(t, "Im2colRows", fmt.Sprintf("im2colRows%sNEON", t.Name),
		fmt.Sprintf("implements %s.Im2colRows with NEON.", t.Table),
		[]Param{Int("rows"), Int("n"), Slice("dst", t), Int("ldd"), Slice("x", t), Int("plane"), Ints("taps"), Int("tap"), Int("off")}, nil)
	done := fn.Label("done")
	fn.I("MOVD %s, %s", fn.Arg("rows"), icRows)
	fn.I("MOVD %s, %s", fn.Arg("n"), icN)
	fn.I("CBZ %s, %s", icRows, done)
	fn.I("CBZ %s, %s", icN, done)
	fn.I("MOVD %s, %s", fn.Arg("dst"), icDst)
	fn.I("MOVD %s, %s", fn.Arg("ldd"), icLdd)
	fn.I("LSL $%d, %s, %s", t.Shift(), icLdd, icLdd)
	fn.I("MOVD %s, %s", fn.Arg("x"), icX)
	fn.I("MOVD %s, %s", fn.Arg("off"), icOff)
	fn.I("ADD %s<<%d, %s, %s", icOff, t.Shift(), icX, icX) // x at position 0 of the run
	fn.I("MOVD %s, %s", fn.Arg("plane"), icPlane)
	fn.I("LSL $%d, %s, %s", t.Shift(), icPlane, icPlane)
	fn.I("MOVD %s, %s", fn.Arg("taps"), icTaps)
	fn.I("MOVD %s, %s", fn.Arg("taps", "len"), icEnd)
	fn.I("ADD %s<<3, %s, %s", icEnd, icTaps, icEnd) // three ints a tap
	fn.I("MOVD %s, %s", fn.Arg("tap"), icTap)
	fn.I("ADD %s<<4, %s, %s", icTap, icTaps, icK) // 24 bytes a tap: 16*tap + 8*tap
	fn.I("ADD %s<<3, %s, %s", icTap, icK, icTap)
	fn.Zero(icZero)

	row, clear, inside, next, same := fn.Label("row"), fn.Label("clear"), fn.Label("inside"), fn.Label("next"), fn.Label("same")
	fn.Place(row)
	fn.I("LDP (%s), (%s, %s)", icTap, icLo, icHi)
	fn.I("MOVD 16(%s), %s", icTap, icSrc)
	fn.I("ADD %s<<%d, %s, %s", icSrc, t.Shift(), icX, icSrc)
	// The run's elements inside, [lo, hi): [max(lo-off, 0), min(hi-off, n)),
	// or none.
	fn.I("SUB %s, %s, %s", icOff, icLo, icLo)
	fn.I("CMP $0, %s", icLo)
	fn.I("CSEL LT, ZR, %s, %s", icLo, icLo)
	fn.I("SUB %s, %s, %s", icOff, icHi, icHi)
	fn.I("CMP %s, %s", icN, icHi)
	fn.I("CSEL GT, %s, %s, %s", icN, icHi, icHi)
	fn.I("CMP %s, %s", icLo, icHi)
	fn.I("CSEL LT, %s, %s, %s", icLo, icHi, icHi)
	fn.I("CBNZ %s, %s", icLo, clear)
	fn.I("CMP %s, %s", icN, icHi)
	fn.I("BEQ %s", inside)
	fn.Place(clear)
	fn.I("MOVD %s, %s", icN, icLeft)
	im2colSpan(fn, t, "", icDst)
	fn.I("SUB %s, %s, %s", icLo, icHi, icLeft)
	fn.I("ADD %s<<%d, %s, %s", icLo, t.Shift(), icDst, icHi)
	fn.I("ADD %s<<%d, %s, %s", icLo, t.Shift(), icSrc, icLo)
	im2colSpan(fn, t, icLo, icHi)
	fn.I("B %s", next)
	fn.Place(inside)
	fn.I("MOVD %s, %s", icN, icLeft)
	im2colSpan(fn, t, icSrc, icDst)
	fn.Place(next)
	fn.I("ADD %s, %s", icLdd, icDst)
	fn.I("ADD $24, %s", icTap)
	fn.I("CMP %s, %s", icEnd, icTap)
	fn.I("BNE %s", same)
	fn.I("MOVD %s, %s", icTaps, icTap)
	fn.I("ADD %s, %s", icPlane, icX)
	fn.Place(same)
	fn.I("SUBS $1, %s, %s", icRows, icRows)
	fn.I("BNE %s", row)
	fn.Place(done)
}

// im2colSpan moves icLeft elements of t from src to dst (registers
// holding addresses), or clears them where src is "", in the widest
// windows that fit: vectors, eight bytes, four bytes.
func im2colSpan(fn *Func, t Elem, src, dst string) {
	done := fn.Label("spandone")
	// move moves the window of width bytes off elements (a register, or ""
	// for none) past from and to.
	move := func(width int, from, to, off string) {
		ins := map[int]string{16: "FMOVQ", 8: "FMOVD", 4: "FMOVS"}[width]
		at := func(base string) string {
			if off == "" {
				return "(" + base + ")"
			}
			fn.I("ADD %s<<%d, %s, %s", off, t.Shift(), base, icK)
			return "(" + icK + ")"
		}
		v := icZero
		if from != "" {
			fn.I("%s %s, F%d", ins, at(from), icData)
			v = icData
		}
		fn.I("%s F%d, %s", ins, v, at(to))
	}
	widths := []int{16, 8, 4}
	if t.Size == 8 {
		widths = widths[:2]
	}
	// Windows of the vector while more than one is left, then the last,
	// ending at the span's end.
	narrower, loop, last := fn.Label("narrower"), fn.Label("span"), fn.Label("last")
	lanes := t.Lanes()
	fn.I("CMP $%d, %s", lanes, icLeft)
	fn.I("BLT %s", narrower)
	from := ""
	if src != "" {
		from = icFrom
		fn.I("MOVD %s, %s", src, icFrom)
	}
	fn.I("MOVD %s, %s", dst, icTo)
	fn.I("SUBS $%d, %s, %s", lanes, icLeft, icLeft)
	fn.I("BLE %s", last)
	fn.Place(loop)
	move(16, from, icTo, "")
	if from != "" {
		fn.I("ADD $16, %s", icFrom)
	}
	fn.I("ADD $16, %s", icTo)
	fn.I("SUBS $%d, %s, %s", lanes, icLeft, icLeft)
	fn.I("BGT %s", loop)
	fn.Place(last)
	move(16, from, icTo, icLeft)
	fn.I("B %s", done)
	fn.Place(narrower)
	// Fewer than two windows of the wider width: two of this one, the
	// second ending at the span's end, or the one element.
	for _, w := range widths[1:] {
		if lanes = w / t.Size; lanes == 1 {
			fn.I("CBZ %s, %s", icLeft, done)
			move(w, src, dst, "")
			break
		}
		narrower = fn.Label("narrower")
		fn.I("CMP $%d, %s", lanes, icLeft)
		fn.I("BLT %s", narrower)
		move(w, src, dst, "")
		fn.I("SUB $%d, %s, %s", lanes, icLeft, icLeft)
		move(w, src, dst, icLeft)
		fn.I("B %s", done)
		fn.Place(narrower)
	}
	fn.Place(done)
}
