package bench

import (
	"fmt"
	"regexp"
	"strings"
)

// TorchInfo is what the helper reports of torch and its build.
type TorchInfo struct {
	Torch  string // torch.__version__
	Python string // the interpreter and its version
	MKLDNN bool   // torch.backends.mkldnn.is_available()
	// OneDNNISA is the instruction set oneDNN runs its kernels in, as its
	// verbose output names it: "Intel AVX-512 with Intel DL Boost and
	// bfloat16 support"; "" if it did not say.
	OneDNNISA string `json:"onednn_isa"`
	// CPUCapability is the level ATen's own CPU kernels (pooling among
	// them) were dispatched to: "AVX2".
	CPUCapability string `json:"cpu_capability"`
	// BLAS is the library torch's GEMMs outside oneDNN run on (float64
	// and transposed convolutions, matmul, linear layers), with its
	// version and kernels where it reports them: Debian's torch calls
	// libblas.so.3, the system's choice, which is the reference BLAS
	// unless OpenBLAS or BLIS is installed.
	BLAS           string
	Threads        int
	InteropThreads int    `json:"interop_threads"`
	Parallel       string // torch.__config__.parallel_info()
	Config         string // torch.__config__.show()
}

// Info asks the helper what it runs.
func (p *TorchPeer) Info() (TorchInfo, error) {
	var answer struct{ Info TorchInfo }
	err := p.call("info", map[string]any{"req": "info"}, &answer)
	return answer.Info, err
}

var (
	onednnVersion   = regexp.MustCompile(`(?:MKL-DNN|oneDNN) (v[0-9.]+)`)
	parallelBackend = regexp.MustCompile(`ATen parallel backend: (\S+)`)
)

// About sums i up in one line: "PyTorch 1.13.0a0 (oneDNN v2.6.3, ISA
// Intel AVX-512 ...; ATen CPU capability AVX2; BLAS ...; OpenMP; 1 thread;
// /usr/bin/python3 3.11.2)".
func (i TorchInfo) About() string {
	var parts []string
	switch {
	case !i.MKLDNN:
		parts = append(parts, "no oneDNN")
	default:
		dnn := "oneDNN"
		if m := onednnVersion.FindStringSubmatch(i.Config); m != nil {
			dnn += " " + m[1]
		}
		if i.OneDNNISA != "" {
			dnn += ", ISA " + i.OneDNNISA
		}
		parts = append(parts, dnn)
	}
	if i.CPUCapability != "" {
		parts = append(parts, "ATen CPU capability "+i.CPUCapability)
	}
	if i.BLAS != "" {
		parts = append(parts, "BLAS "+i.BLAS)
	}
	if m := parallelBackend.FindStringSubmatch(i.Parallel); m != nil {
		parts = append(parts, m[1])
	}
	threads := fmt.Sprintf("%d threads", i.Threads)
	if i.Threads == 1 {
		threads = "1 thread"
	}
	parts = append(parts, threads, i.Python)
	return fmt.Sprintf("PyTorch %s (%s)", i.Torch, strings.Join(parts, "; "))
}
