//go:build cgo && peers

package bench

/*
#cgo LDFLAGS: -ldl
#include <dlfcn.h>
#include <stdint.h>
#include <stdlib.h>

enum { RowMajor = 101, NoTrans = 111, Trans = 112 };

typedef void (*dgemm_fn)(int, int, int, int, int, int, double, const double *, int, const double *, int, double, double *, int);
typedef void (*sgemm_fn)(int, int, int, int, int, int, float, const float *, int, const float *, int, float, float *, int);

static void dgemm(void *f, int ta, int tb, int m, int n, int k, double alpha, const double *a, int lda,
		const double *b, int ldb, double beta, double *c, int ldc) {
	((dgemm_fn)f)(RowMajor, ta ? Trans : NoTrans, tb ? Trans : NoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

static void sgemm(void *f, int ta, int tb, int m, int n, int k, float alpha, const float *a, int lda,
		const float *b, int ldb, float beta, float *c, int ldc) {
	((sgemm_fn)f)(RowMajor, ta ? Trans : NoTrans, tb ? Trans : NoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

static void set_int(void *f, int n) { ((void (*)(int))f)(n); }
static void set_int64(void *f, int64_t n) { ((void (*)(int64_t))f)(n); }
*/
import "C"

import (
	"fmt"
	"os"
	"runtime"
	"unsafe"

	"golang.org/x/sys/cpu"
)

// The peers, from Debian's libopenblas-dev and libblis-dev (with
// libblis4-pthread), each loaded with RTLD_LOCAL so that neither resolves
// the other's Fortran symbols. Both pick their kernels from the CPU at load,
// and on x86 the versions in Debian 12 do not always pick their best
// (OpenBLAS 0.3.21 falls back to Prescott on Sapphire Rapids, BLIS 0.9.0 to
// Haswell; on an AMD EPYC with AVX2, BLIS's own zen choice measured 3-4%
// slower than its haswell one), so on amd64 the fastest set for the CPU is
// named, unless the environment already names one. On arm64 their own
// choice stands.
func init() {
	if runtime.GOARCH == "amd64" {
		avx512 := cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ && cpu.X86.HasAVX512BW && cpu.X86.HasAVX512VL
		setDefault("OPENBLAS_CORETYPE", map[bool]string{true: "SkylakeX", false: "Haswell"}[avx512])
		setDefault("BLIS_ARCH_TYPE", map[bool]string{true: "0", false: "3"}[avx512]) // skx, haswell
	}
	// OpenBLAS's idle threads spin for 2^n cycles before sleeping; with the
	// default they would still hold a core while the next library runs.
	setDefault("OPENBLAS_THREAD_TIMEOUT", "4")
	for _, l := range []struct {
		name, threads string
		wide          bool // the thread setter takes a 64-bit count
		paths         []string
	}{
		{"openblas", "openblas_set_num_threads", false, []string{libDir + "/libopenblas.so.0", "libopenblas.so.0"}},
		{"blis", "bli_thread_set_num_threads", true, []string{libDir + "/blis-pthread/libblis.so.4", "libblis.so.4"}},
	} {
		p, err := load(l.name, l.threads, l.wide, l.paths)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			continue
		}
		peers = append(peers, p)
	}
}

// libDir is where Debian puts this architecture's libraries.
var libDir = "/usr/lib/" + map[string]string{"amd64": "x86_64-linux-gnu", "arm64": "aarch64-linux-gnu"}[runtime.GOARCH]

func setDefault(key, value string) {
	if _, ok := os.LookupEnv(key); !ok {
		os.Setenv(key, value)
	}
}

func load(name, threads string, wide bool, paths []string) (Peer, error) {
	var h unsafe.Pointer
	for _, path := range paths {
		cpath := C.CString(path)
		h = C.dlopen(cpath, C.RTLD_NOW|C.RTLD_LOCAL)
		C.free(unsafe.Pointer(cpath))
		if h != nil {
			break
		}
	}
	if h == nil {
		return Peer{}, fmt.Errorf("%s not found (apt-get install libopenblas-dev libblis-dev libblis4-pthread)", name)
	}
	sym := func(s string) unsafe.Pointer {
		cs := C.CString(s)
		defer C.free(unsafe.Pointer(cs))
		return C.dlsym(h, cs)
	}
	d, s, t := sym("cblas_dgemm"), sym("cblas_sgemm"), sym(threads)
	if d == nil || s == nil || t == nil {
		return Peer{}, fmt.Errorf("%s lacks cblas_dgemm, cblas_sgemm or %s", name, threads)
	}
	b := func(v bool) C.int {
		if v {
			return 1
		}
		return 0
	}
	p := Peer{
		Name: name,
		SetThreads: func(n int) {
			if wide {
				C.set_int64(t, C.int64_t(n))
			} else {
				C.set_int(t, C.int(n))
			}
		},
		Dgemm: func(ta, tb bool, m, n, k int, alpha float64, a []float64, lda int, bm []float64, ldb int, beta float64, c []float64, ldc int) {
			C.dgemm(d, b(ta), b(tb), C.int(m), C.int(n), C.int(k), C.double(alpha), (*C.double)(&a[0]), C.int(lda),
				(*C.double)(&bm[0]), C.int(ldb), C.double(beta), (*C.double)(&c[0]), C.int(ldc))
		},
		Sgemm: func(ta, tb bool, m, n, k int, alpha float32, a []float32, lda int, bm []float32, ldb int, beta float32, c []float32, ldc int) {
			C.sgemm(s, b(ta), b(tb), C.int(m), C.int(n), C.int(k), C.float(alpha), (*C.float)(&a[0]), C.int(lda),
				(*C.float)(&bm[0]), C.int(ldb), C.float(beta), (*C.float)(&c[0]), C.int(ldc))
		},
	}
	p.Float64 = newCblas(p.Dgemm, sym)
	return p, nil
}
