package gemm

import (
	"os"
	"strconv"
	"strings"

	"github.com/simdla/simdla/internal/pool"
	"github.com/simdla/simdla/kernels"
)

// Workspace holds the pack buffers of one slab in flight, for both element
// types. Buffers grow to the largest blocking seen and are then reused.
type Workspace struct {
	f32 buffers[float32]
	f64 buffers[float64]
}

// workspaces serves every slab of every call, on whichever goroutine
// runs it.
var workspaces pool.List[Workspace]

type buffers[T kernels.Float] struct {
	a, b  []T // packed blocks of A (MC×KC) and B (KC×NC)
	edgeB []T // the partial panel of B used in place
	tile  []T // an MR×NR tile of C
}

func buffersOf[T kernels.Float](ws *Workspace, g *kernels.Gemm[T], mc, kc, nc int) *buffers[T] {
	buf := pool.ByType[buffers[T]](&ws.f32, &ws.f64)
	// Apart in the page, so that the kernels' streams from A, B and the
	// tile do not alias (pool.GrowAt).
	pool.GrowAt(&buf.a, roundUp(mc, g.MR)*rowPanelStride[T](kc), 0)
	pool.GrowAt(&buf.b, roundUp(nc, g.NR)*kc, 2048)
	pool.GrowAt(&buf.edgeB, g.NR*kc, 2048)
	pool.GrowAt(&buf.tile, g.MR*g.NR, 3072)
	return buf
}

// blocks are the cache blocks of one problem.
type blocks struct{ mc, kc, nc int }

// EnvBlocks is the environment variable that overrides the kernels' cache
// blocks, as "MC,KC,NC", for tuning. It is read once.
const EnvBlocks = "SIMDLA_GEMM_BLOCKS"

// override replaces every kernel's blocks when set: from EnvBlocks, or by
// the tuning test.
var override = parseBlocks(os.Getenv(EnvBlocks))

func parseBlocks(s string) *blocks {
	f := strings.Split(s, ",")
	if len(f) != 3 {
		return nil
	}
	var v [3]int
	for i := range f {
		n, err := strconv.Atoi(strings.TrimSpace(f[i]))
		if err != nil || n < 1 {
			return nil
		}
		v[i] = n
	}
	return &blocks{mc: v[0], kc: v[1], nc: v[2]}
}

// blocksFor returns g's blocks, or the override rounded to whole tiles.
func blocksFor[T kernels.Float](g *kernels.Gemm[T]) blocks {
	if override == nil {
		return blocks{mc: g.MC, kc: g.KC, nc: g.NC}
	}
	return blocks{mc: roundUp(override.mc, g.MR), kc: override.kc, nc: roundUp(override.nc, g.NR)}
}
