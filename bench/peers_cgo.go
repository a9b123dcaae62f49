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
static const char *call_str(void *f) { return ((const char *(*)(void))f)(); }
// blis_arch initializes BLIS, which checks BLIS_ARCH_TYPE against the
// configurations it registers only then, and names the one it runs (arch_t
// is an enum, an int).
static const char *blis_arch(void *init, void *query, void *name) {
	((void (*)(void))init)();
	return ((const char *(*)(int))name)(((int (*)(void))query)());
}
*/
import "C"

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"unsafe"

	"golang.org/x/sys/cpu"
)

// The peers, from Debian's libopenblas-dev and libblis-dev (with
// libblis4-pthread), each loaded with RTLD_LOCAL so that neither resolves
// the other's Fortran symbols. Both pick their kernels from the CPU at load,
// and on x86 the versions in Debian 12 do not always pick their best
// (OpenBLAS 0.3.21 falls back to Prescott on Sapphire Rapids; BLIS 0.9.0 to
// Haswell there and to its generic C kernels on Zen 5; on an AMD EPYC with
// AVX2, BLIS's own zen choice measured 3-4% slower than its haswell one),
// so on amd64 this process names the fastest set for the CPU, whatever the
// environment names for other programs' sake; elsewhere their own choice
// stands. Each peer's About says what it runs and what was changed.
func init() {
	coretype, arch := kernelSets()
	var openblasEnv, blisEnv []string
	for _, e := range []struct {
		key, value string
		notes      *[]string
	}{
		{"OPENBLAS_CORETYPE", coretype, &openblasEnv},
		// Read by later OpenBLAS versions (not 0.3.21) in place of the
		// CPU's own figure.
		{"OPENBLAS_L2_SIZE", "", &openblasEnv},
		{"BLIS_ARCH_TYPE", arch, &blisEnv},
	} {
		if note := pin(e.key, e.value); note != "" {
			*e.notes = append(*e.notes, note)
		}
	}
	// OpenBLAS's idle threads spin for 2^n cycles before sleeping; with the
	// default they would still hold a core while the next library runs.
	if _, ok := os.LookupEnv("OPENBLAS_THREAD_TIMEOUT"); !ok {
		os.Setenv("OPENBLAS_THREAD_TIMEOUT", "4")
	}
	for _, l := range []struct {
		name, threads string
		wide          bool // the thread setter takes a 64-bit count
		paths         []string
		about         func(sym func(string) unsafe.Pointer) (version string, details []string)
		env           []string
	}{
		{"openblas", "openblas_set_num_threads", false, []string{libDir + "/libopenblas.so.0", "libopenblas.so.0"}, aboutOpenBLAS, openblasEnv},
		{"blis", "bli_thread_set_num_threads", true, []string{libDir + "/blis-pthread/libblis.so.4", "libblis.so.4"}, aboutBLIS, blisEnv},
	} {
		p, sym, err := load(l.name, l.threads, l.wide, l.paths)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			continue
		}
		version, details := l.about(sym)
		if len(l.env) > 0 {
			details = append(details, strings.Join(l.env, ", "))
		}
		p.About = version + " (" + strings.Join(details, "; ") + ")"
		peers = append(peers, p)
	}
}

// kernelSets returns the kernel sets to name on this CPU: OpenBLAS's
// OPENBLAS_CORETYPE and BLIS's BLIS_ARCH_TYPE (an arch_t of BLIS 0.9: 0 is
// skx, 3 haswell), or "" for a library's own choice. OpenBLAS builds its
// SkylakeX kernels for skylake-avx512 (AVX-512 F, CD, BW, DQ and VL) and
// its Haswell ones for AVX2 and FMA.
func kernelSets() (coretype, arch string) {
	if runtime.GOARCH != "amd64" {
		return "", ""
	}
	x := cpu.X86
	switch {
	case x.HasAVX512F && x.HasAVX512CD && x.HasAVX512BW && x.HasAVX512DQ && x.HasAVX512VL:
		return "SkylakeX", "0"
	case x.HasAVX2 && x.HasFMA:
		return "Haswell", "3"
	}
	return "", ""
}

// pin sets the environment variable key to value for this process, or
// unsets it where value is "", and returns a note of what the environment
// had named instead ("" if it named the same).
func pin(key, value string) string {
	was, ok := os.LookupEnv(key)
	switch {
	case value == "" && ok:
		os.Unsetenv(key)
		return fmt.Sprintf("%s unset for this process (was %s)", key, was)
	case value != "" && was != value:
		os.Setenv(key, value)
		if ok {
			return fmt.Sprintf("%s overridden for this process from %s", key, was)
		}
	}
	return ""
}

// aboutOpenBLAS returns the version of the OpenBLAS loaded and, as it
// reports them, its kernel set and build options: "OpenBLAS 0.3.21",
// ["SkylakeX kernels", "NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY MAX_THREADS=64"].
func aboutOpenBLAS(sym func(string) unsafe.Pointer) (string, []string) {
	config, core := sym("openblas_get_config"), sym("openblas_get_corename")
	if config == nil || core == nil {
		return "OpenBLAS", []string{"version and kernels unknown"}
	}
	corename := C.GoString(C.call_str(core))
	// "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64"
	fields := strings.Fields(C.GoString(C.call_str(config)))
	n := min(2, len(fields))
	details := []string{corename + " kernels"}
	if build := slices.DeleteFunc(fields[n:], func(f string) bool { return f == corename }); len(build) > 0 {
		details = append(details, strings.Join(build, " "))
	}
	return strings.Join(fields[:n], " "), details
}

// aboutBLIS returns the version of the BLIS loaded, "BLIS 0.9.0", and the
// configuration it runs, as it reports it: ["skx"].
func aboutBLIS(sym func(string) unsafe.Pointer) (string, []string) {
	version, init, query, name := sym("bli_info_get_version_str"), sym("bli_init"), sym("bli_arch_query_id"), sym("bli_arch_string")
	if version == nil || init == nil || query == nil || name == nil {
		return "BLIS", []string{"version and kernels unknown"}
	}
	return "BLIS " + C.GoString(C.call_str(version)), []string{C.GoString(C.blis_arch(init, query, name))}
}

// libDir is where Debian puts this architecture's libraries.
var libDir = "/usr/lib/" + map[string]string{"amd64": "x86_64-linux-gnu", "arm64": "aarch64-linux-gnu"}[runtime.GOARCH]

// load opens the library at the first of paths that exists and returns it
// as a Peer (without About) and a lookup of its symbols.
func load(name, threads string, wide bool, paths []string) (Peer, func(string) unsafe.Pointer, error) {
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
		return Peer{}, nil, fmt.Errorf("%s not found (apt-get install libopenblas-dev libblis-dev libblis4-pthread)", name)
	}
	sym := func(s string) unsafe.Pointer {
		cs := C.CString(s)
		defer C.free(unsafe.Pointer(cs))
		return C.dlsym(h, cs)
	}
	d, s, t := sym("cblas_dgemm"), sym("cblas_sgemm"), sym(threads)
	if d == nil || s == nil || t == nil {
		return Peer{}, nil, fmt.Errorf("%s lacks cblas_dgemm, cblas_sgemm or %s", name, threads)
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
	return p, sym, nil
}
