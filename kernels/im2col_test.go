package kernels_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdla/simdla/internal/guard"
	"github.com/simdla/simdla/kernels"
)

// TestIm2colRows checks Im2colRows on every ISA against its definition,
// bit for bit: runs of every n in 0..70 and some longer, anywhere in rows
// up to 4 longer, 1 to 30 taps (inside the image, all padding, or padded
// on either side or both), rows from 0 to past three channels' worth,
// starting at any tap. The
// reads are shifted so that the first element read is x[0] and the last
// is x's last, x and dst each against a guard page: an element read or
// written outside them faults, and so does a masked-off lane that touches
// memory before x or past it.
func TestIm2colRows(t *testing.T) {
	for _, set := range simdSets(t) {
		t.Run(set.ISA.String(), func(t *testing.T) {
			im2colRows[float32](t, set)
			im2colRows[float64](t, set)
		})
	}
}

func im2colRows[T kernels.Float](t *testing.T, set *kernels.Set) {
	generic, _ := kernels.For(kernels.Generic)
	ref, vec := vecOf[T](generic), vecOf[T](set)
	da, xa := guard.New(arenaBytes), guard.New(arenaBytes)
	defer da.Free()
	defer xa.Free()
	r := rand.New(rand.NewPCG(15, 16))
	var ns []int
	for n := range 71 {
		ns = append(ns, n, n)
	}
	for range 8 {
		ns = append(ns, 71+r.IntN(200))
	}
	for i, n := range ns {
		nt, q := 1+r.IntN(30), n+r.IntN(5) // the output row's length
		off := r.IntN(q - n + 1)
		plane := q + r.IntN(40)
		taps := make([]int, 3*nt)
		for k := range nt {
			lo, hi := 0, q
			switch r.IntN(4) {
			case 0: // all padding
				lo = r.IntN(q + 1)
				hi = lo
			case 1: // padded on either side or both
				lo = r.IntN(q + 1)
				hi = lo + r.IntN(q-lo+1)
			}
			// The tap reads [at+lo, at+hi) of a channel, inside its plane.
			taps[3*k], taps[3*k+1], taps[3*k+2] = lo, hi, -lo+r.IntN(plane-(hi-lo)+1)
		}
		rows := r.IntN(3*nt + 2)
		tap := r.IntN(nt)
		ldd := n + []int{0, 1, 3, 17}[i%4]
		// Shift the reads so that the first is x[0]; x ends at the last.
		first, end := math.MaxInt, 0
		for row := range rows {
			k, c := (tap+row)%nt, (tap+row)/nt
			lo, hi, at := max(taps[3*k], off), min(taps[3*k+1], off+n), taps[3*k+2]
			if lo < hi {
				first, end = min(first, c*plane+at+lo), max(end, c*plane+at+hi)
			}
		}
		if first > end {
			first, end = 0, 0
		}
		for k := range nt {
			taps[3*k+2] -= first
		}
		xn, dn := end-first, 0
		if rows > 0 {
			dn = (rows-1)*ldd + n
		}
		p := placements[i%len(placements)]
		x := fill[T](r, xn)
		want := make([]T, dn)
		for j := range want {
			want[j] = 7 // between the rows: must stay
		}
		ref.Im2colRows(rows, n, want, ldd, x, plane, taps, tap, off)
		gd, gx := guard.Place[T](da, dn, p.off, p.fromBack), guard.Place[T](xa, xn, p.off, !p.fromBack)
		copy(gx, x)
		for j := range gd {
			gd[j] = 7
		}
		vec.Im2colRows(rows, n, gd, ldd, gx, plane, taps, tap, off)
		where := fmt.Sprintf("%s %T rows=%d n=%d ldd=%d plane=%d taps=%v tap=%d off=%d %s", set.ISA, x, rows, n, ldd, plane, taps, tap, off, p.name)
		for j := range want {
			if math.Float64bits(float64(gd[j])) != math.Float64bits(float64(want[j])) {
				t.Fatalf("%s: dst[%d] = %v, want %v", where, j, gd[j], want[j])
			}
		}
		if !guard.Untouched(da, gd) || !guard.Untouched(xa, gx) {
			t.Fatalf("%s: wrote outside dst or x", where)
		}
		for j := range x {
			if gx[j] != x[j] {
				t.Fatalf("%s: x[%d] changed", where, j)
			}
		}
	}
}
