package conv

import (
	"fmt"
	"slices"

	"github.com/simdla/simdla/fused"
	"github.com/simdla/simdla/internal/pool"
)

// The forward pass of a convolution with few output channels per group as
// a direct convolution on the image's phases (phases.go): four output
// channels at a time, ConvRows adds up, for each output position of P rows
// of Wph, the steps (c, r, s) of the filter, each the phase row that tap
// reads of channel c, where it lies, times the four channels' weights. No
// panel of im2col is filled, which for few output channels costs as much
// as the multiply-adds (each element of a panel serves kg of them), and
// the Wph-Q wasted columns of each row are the price. The filter is packed
// four output channels at a time, steps in KCRS's order (packFilter); the
// wide rows go to a buffer, whose Q columns of each row are copied into y
// and finished there, an image and group at a time.

// direct is the geometry of a plan's direct forward pass.
type direct struct {
	ph   *phases
	offs []int // per step (c, r, s): where its phase row starts in the phases
	read int   // how far into the phases the steps read: offs' largest plus P*Wph
	// inPlace: the phases are the image itself (one phase, no padding),
	// read where it lies where the reads stay inside x.
	inPlace bool
}

// maxDirectRows is the most output channels per group, and
// maxDirectWaste the largest fraction of wasted columns, (Wph-Q)/Q, for
// which the forward pass runs as a direct convolution rather than as a
// GEMM on im2col panels. On the Xeon (AVX-512), one thread, float32, bias
// and ReLU: LeNet-5's second layer (16 channels, 4 of 14 columns wasted)
// at batch 64 took 360-395 µs against 470-500; 8 channels of 8×8 from 8
// of 10×10 at batch 32, 35 µs against 49; 16 of 7×7 (2 of 9 wasted) from
// 32 at batch 32, 254 against 256.
var (
	maxDirectRows  = 16
	maxDirectWaste = 1.0 / 2
)

// useDirect reports whether the plan's forward pass is a direct
// convolution: not on the phases already, pointwise nor a stencil, with at
// most maxDirectRows output channels per group and maxDirectWaste wasted
// columns.
func (pl *Plan[T]) useDirect() bool {
	return pl.phases == nil && !pl.pointwise && !pl.stencil && pl.kg <= maxDirectRows &&
		pl.waste() <= maxDirectWaste
}

// newDirect returns the geometry of the plan's direct forward pass.
func (pl *Plan[T]) newDirect() *direct {
	ph := pl.newPhases()
	d := &direct{ph: ph}
	for c := range pl.cg {
		for _, at := range ph.tapAt {
			d.offs = append(d.offs, at+c*ph.plane)
		}
	}
	d.read = slices.Max(d.offs) + pl.p*ph.wph
	s := &pl.s
	d.inPlace = s.StrideH == 1 && s.StrideW == 1 && ph.hph == s.H && ph.wph == s.W && s.PadTop == 0 && s.PadLeft == 0
	return d
}

// directBlocks is how many blocks of four output channels a group has.
func (pl *Plan[T]) directBlocks() int { return (pl.kg + 3) / 4 }

// packFilter sets wp to the filter w packed for ConvRows: per group and
// block of four output channels, 4*crs elements, step i's four weights
// together, wp[4i+k] = w[block's channel k][i], zero past the group's
// channels.
func (pl *Plan[T]) packFilter(wp, w []T) {
	blocks := pl.directBlocks()
	for g := range pl.s.Groups {
		for b := range blocks {
			dst := wp[(g*blocks+b)*4*pl.crs : (g*blocks+b+1)*4*pl.crs]
			for k := range 4 {
				kk := b*4 + k
				if kk >= pl.kg {
					for i := range pl.crs {
						dst[4*i+k] = 0
					}
					continue
				}
				src := w[(g*pl.kg+kk)*pl.crs : (g*pl.kg+kk+1)*pl.crs]
				for i, e := range src {
					dst[4*i+k] = e
				}
			}
		}
	}
}

// packedLen is the length of the filter packFilter lays out.
func (pl *Plan[T]) packedLen() int { return pl.s.Groups * pl.directBlocks() * 4 * pl.crs }

// forwardDirect computes images [n, n+nb) of the forward pass as direct
// convolutions: per image, group and block of four output channels, a
// ConvRows over the phases, then the output rows copied and finished.
func (pl *Plan[T]) forwardDirect(sl *slab[T], n, nb int) {
	s, a, d := &pl.s, &pl.args, pl.direct
	pq, hw, cols := pl.p*pl.q, s.H*s.W, pl.p*d.ph.wph
	blocks := pl.directBlocks()
	pool.Grow(&sl.xp, d.ph.length) // at least d.read
	pool.Grow(&sl.yext, blocks*4*cols)
	v := pl.vec()
	for i := n; i < n+nb; i++ {
		for g := range s.Groups {
			xg := a.x[(i*s.C+g*pl.cg)*hw:]
			if !d.inPlace || len(xg) < d.read {
				pl.splitPhasesOf(d.ph, sl.xp, xg[:pl.cg*hw])
				xg = sl.xp
			}
			if len(xg) < d.read {
				panic(fmt.Sprintf("conv: ConvRows reads %d elements of the phases, which hold %d", d.read, len(xg)))
			}
			for b := range blocks {
				w := a.w[(g*blocks+b)*4*pl.crs : (g*blocks+b+1)*4*pl.crs]
				v.ConvRows(cols, sl.yext[b*4*cols:(b+1)*4*cols], cols, w, xg, d.offs)
			}
			y := a.y[(i*s.K+g*pl.kg)*pq : (i*s.K+(g+1)*pl.kg)*pq]
			// Row r of the outputs, p = r%P of channel r/P, is row r of
			// the wide rows.
			for r, wide := 0, sl.yext[:pl.kg*cols]; r < pl.kg*pl.p; r++ {
				copy(y[r*pl.q:(r+1)*pl.q], wide[r*d.ph.wph:])
			}
			if a.ep != nil {
				pl.imageEpilogue(sl, i, g).Finish(y, pq, 0, 0, pl.kg, pq)
			}
		}
	}
	sl.ep = fused.Epilogue[T]{}
}
