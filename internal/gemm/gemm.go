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
}

// Run computes p with micro-kernel g on up to p.Threads goroutines.
func Run[T kernels.Float](g *kernels.Gemm[T], p Problem[T]) {
	if p.M == 0 || p.N == 0 {
		return
	}
	if p.Alpha == 0 || p.K == 0 {
		scaleC(&p)
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
