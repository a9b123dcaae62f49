package gemm

import (
	"github.com/simdla/simdla/kernels"
)

// Problem is one GEMM: C = Alpha*op(A)*op(B) + Beta*C, where op(A) is
// M×K, op(B) is K×N and C is M×N, all row-major. op(X) is X, or its
// transpose when TransX is set. With Beta == 0, C is not read; with
// Alpha == 0 or K == 0, neither A nor B is.
type Problem[T kernels.Float] struct {
	TransA, TransB bool
	M, N, K        int
	Alpha          T
	A              []T
	Lda            int
	B              []T
	Ldb            int
	Beta           T
	C              []T
	Ldc            int
	// Threads bounds the goroutines the call may use; 0 means par.Threads().
	Threads int
	// RowsA, when set, is op(A): the engine copies its rows into A's
	// panels, and A, Lda and TransA are not used.
	RowsA ARows[T]
	// PackB, when set, is op(B): the engine packs every panel of B through
	// it, and B, Ldb and TransB are not used.
	PackB BPacker[T]
	// SegmentsB, when set, is B, in runs of rows: the first tile of each
	// column of tiles packs B's panel as it reads the runs, as it does a
	// stored B. B, Ldb and TransB are not used.
	SegmentsB BSegments[T]
	// Epilogue, when set, finishes C: once every element of a region of C
	// has its final value, the engine passes the region to Epilogue.Finish
	// while it is still in cache.
	Epilogue Epilogue[T]
}

// ARows is an A operand whose rows lie anywhere, such as the channels of
// an image that one filter tap reads (package conv's filter gradient).
type ARows[T kernels.Float] interface {
	// RowA returns op(A)'s row i from k step p0 on, at least kc elements.
	// It is called concurrently.
	RowA(i, p0, kc int) []T
}

// BPacker is a B operand that is not stored as a matrix, such as a
// convolution's image seen through the filter's window (im2col): the
// engine asks it for panels of op(B), K×N, as it needs them.
type BPacker[T kernels.Float] interface {
	// PackB sets dst[p*width + j] to op(B)'s element (p0+p, j0+j) for
	// p < kc and j < n, and to zero for n <= j < width. It is called
	// concurrently for disjoint dst.
	PackB(dst []T, p0, kc, j0, n, width int)
}

// BSegments is a B operand whose rows lie in runs, each run's rows a
// constant stride apart but the runs anywhere, such as the channels that
// each filter tap reads of an image (package conv's forward pass).
type BSegments[T kernels.Float] interface {
	// SegmentB returns the run that holds B's row p, from that row on: row
	// p+i is b[i*ldb:], N elements, for i < n. It is called concurrently.
	SegmentB(p int) (b []T, ldb, n int)
}

// Epilogue finishes the elements of C once they are final.
type Epilogue[T kernels.Float] interface {
	// Finish finishes the rows×cols region of C whose first element,
	// element (i, j) of C, is c[0]: element (i+r, j+s) is c[r*ldc + s].
	// Every element of C is in exactly one region; regions may be
	// finished concurrently.
	Finish(c []T, ldc, i, j, rows, cols int)
}

// Run computes p with micro-kernel g on up to p.Threads goroutines.
func Run[T kernels.Float](g *kernels.Gemm[T], p Problem[T]) {
	if p.M == 0 || p.N == 0 {
		return
	}
	if p.Alpha == 0 || p.K == 0 {
		scaleC(&p)
		if p.Epilogue != nil {
			p.Epilogue.Finish(p.C, p.Ldc, 0, 0, p.M, p.N)
		}
		return
	}
	pl := newPlan(g, &p)
	if pl.parts == 1 {
		pl.slab(0)
		return
	}
	parallel(&pl)
}

// scaleC sets C = Beta*C, without reading C when Beta == 0.
func scaleC[T kernels.Float](p *Problem[T]) {
	for i := range p.M {
		row := p.C[i*p.Ldc : i*p.Ldc+p.N]
		switch p.Beta {
		case 0:
			clear(row)
		case 1:
		default:
			for j := range row {
				row[j] *= p.Beta
			}
		}
	}
}
