package conv

import (
	"github.com/simdla/simdla/dispatch"
	"github.com/simdla/simdla/fused"
	"github.com/simdla/simdla/internal/par"
	"github.com/simdla/simdla/internal/pool"
	"github.com/simdla/simdla/kernels"
)

// Float is the element types of a convolution.
type Float = fused.Float

// Plan is one convolution's shape, checked, with the tables and buffers
// its passes use: after the first call of each pass, calls allocate
// nothing. A Plan's methods must not run concurrently with each other.
type Plan[T Float] struct {
	s             Shape   // with its defaults set
	p, q          int     // output height and width
	cg, kg        int     // input and output channels per group
	crs           int     // taps per output element: the GEMM's k
	pointwise     bool    // 1x1, stride 1, no padding: x is im2col
	stencil       bool    // one input channel per group: forward and input gradient on depthwise.go
	stencilFilter bool    // and the filter gradient too: one output channel per group, or unit strides
	phases        *phases // the passes run on the image's phases (phases.go), or nil
	direct        *direct // the forward pass is a direct convolution (direct.go), or nil
	batch         int     // images per GEMM of the im2col passes
	taps          *taps
	set           *kernels.Set // the kernels: dispatch's, or a test's
	slabs         []slab[T]    // per goroutine
	job           job[T]
	fjob          filterJob[T]
	imageFlops    float64 // of one image's forward pass
	turned        []T     // a depthwise filter turned round, for the input gradient
	reordered     []T     // the filter with its taps ordered (r, s, c), for the phases
	filter        []T     // SetFilter's, laid out for the forward pass
	filterSet     bool
	data          *Plan[T] // the convolution that is the input gradient, where there is one
	dataMade      bool     // data is made, at the first input gradient
	flipped       []T      // its filter
	args          args[T]  // the operands of the pass in flight
}

// args are a pass's operands, kept by the plan while it runs; the pass
// clears them as it returns.
type args[T Float] struct {
	x, w, y []T
	ep      *fused.Epilogue[T]
}

// slab is what one goroutine of a pass keeps: its operands for the engine.
type slab[T Float] struct {
	b   im2col[T]
	bt  im2colT[T]
	ep  fused.Epilogue[T]
	col []T

	xp, yext  []T        // the phases and the GEMM's wide output
	widenRuns []int      // widenPlanes's taps
	rows      tapRows[T] // the filter gradient's A

	stencil, stencilData []T        // depthwise scratch, forward and input gradient
	dataSum              []T        // and the input gradient's per input plane
	runs                 tapRows[T] // the forward pass's B
	cp                   compactor[T]
}

// NewPlan checks s and returns its plan. It panics, naming the parameter
// and its value, where the shape cannot work: sizes not positive, channels
// not divisible by the groups, a filter larger than the padded input.
func NewPlan[T Float](s Shape) *Plan[T] {
	s = s.withDefaults()
	set, _ := kernels.For(dispatch.ISA())
	return newPlan[T](s, set)
}

func newPlan[T Float](s Shape, set *kernels.Set) *Plan[T] {
	p, q := s.Window.out(s.H, s.W)
	pl := &Plan[T]{s: s, p: p, q: q, cg: s.C / s.Groups, kg: s.K / s.Groups, set: set,
		taps: newTaps(s, p, q)}
	pl.crs = pl.cg * s.R * s.S
	pl.pointwise = s.R == 1 && s.S == 1 && s.StrideH == 1 && s.StrideW == 1 &&
		s.PadTop == 0 && s.PadBottom == 0 && s.PadLeft == 0 && s.PadRight == 0
	pl.stencil = pl.cg == 1
	pl.stencilFilter = pl.stencil && (pl.kg == 1 || s.StrideH == 1 && s.StrideW == 1)
	if pl.usePhases() {
		pl.phases = pl.newPhases()
	}
	if pl.useDirect() {
		pl.direct = pl.newDirect()
	}
	pl.batch = 1
	if pl.phases == nil && !pl.pointwise && !pl.stencilFilter {
		pl.batch = min(s.N, max(1, (batchColumns+p*q-1)/(p*q)))
	}
	pl.imageFlops = s.Flops() / float64(s.N)
	pl.job.pl, pl.fjob.pl = pl, pl
	return pl
}

// Shape returns the plan's shape, with its defaults set.
func (pl *Plan[T]) Shape() Shape { return pl.s }

// vec and gemm return the plan's kernels for T.
func (pl *Plan[T]) vec() *kernels.Vec[T] {
	return pool.ByType[kernels.Vec[T]](&pl.set.F32.Vec, &pl.set.F64.Vec)
}

func (pl *Plan[T]) gemm() *kernels.Gemm[T] { return &pl.vec().Gemm }

// batchColumns is how many output positions the im2col passes gather in
// one GEMM, from as many images as that takes: a GEMM of a few columns,
// one small image's, runs far below the engine's speed (ResNet's 512
// channels at 7x7, 49 columns an image, LeNet-5's layers).
const batchColumns = 1024

// split returns how many slabs of images a pass of flops per image runs
// in, and how many images each has, whole batches, and makes sure each has
// its slab.
func (pl *Plan[T]) split(flops float64) (parts, chunk int) {
	parts, chunk = par.Split(flops*float64(pl.s.N), pl.s.N, pl.batch, 0)
	pl.slabsFor(parts)
	return parts, chunk
}

// slabsFor makes sure the plan has n slabs.
func (pl *Plan[T]) slabsFor(n int) {
	for len(pl.slabs) < n {
		pl.slabs = append(pl.slabs, slab[T]{})
	}
}

// pass is a pass that runs image by image.
type pass uint8

const (
	forwardPass pass = iota
	dataPass         // the input gradient
)

// job runs a pass's slabs of images on par's workers.
type job[T Float] struct {
	pl    *Plan[T]
	chunk int
	pass  pass
}

// Slab runs the pass on slab part's images.
func (j *job[T]) Slab(part int) {
	pl := j.pl
	sl := &pl.slabs[part]
	end := min(pl.s.N, (part+1)*j.chunk)
	for n := part * j.chunk; n < end; {
		switch j.pass {
		case forwardPass:
			pl.forwardImage(sl, n)
			n += pl.batch
		case dataPass:
			n += pl.dataImages(sl, n, end)
		}
	}
}

// images runs pass ps image by image, the images split among threads by
// flops per image. With one slab the engine may split each image's GEMMs
// among the threads instead.
func (pl *Plan[T]) images(flops float64, ps pass) {
	parts, chunk := pl.split(flops)
	pl.job.chunk, pl.job.pass = chunk, ps
	par.Spread(parts, &pl.job)
}
