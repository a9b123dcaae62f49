package bench

import (
	"bufio"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/simdla/simdla/internal/pytorch"
)

// torchScript is the helper's Python side; its doc string states the
// protocol.
//
//go:embed torchpeer.py
var torchScript []byte

// TorchPeer is PyTorch on the CPU, in a helper process that runs
// torchpeer.py and answers one JSON line for each JSON line of request, so
// that the bench can set up a case on both sides and time them in turns,
// one request a turn (TorchCase.Timer). Its methods may be called from
// several goroutines; requests go one at a time.
type TorchPeer struct {
	// Python is the interpreter the helper runs on, Version torch's.
	Python, Version string

	mu     sync.Mutex
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	stderr *tailWriter
	dir    string // holds the script
	nextID int
	dead   error // set once the helper is gone
}

// TorchEnvPython names the interpreter to run the helper on, in place of
// the first of python3 (on PATH) and /usr/bin/python3 that imports torch.
const TorchEnvPython = pytorch.EnvPython

// torchEnv is the environment the helper gets beside this process's: glibc
// keeps freed large buffers instead of giving them back to the system (at
// batch 32 torch otherwise spends its time in page faults on tensors it
// allocates every call); OpenMP's threads wait for work asleep instead of
// spinning (on a 2-core machine shared with other processes, the spinning
// worker took the core its own main thread needed: a training step, some
// hundred small parallel regions, ran 10 to 40 times slower on two threads
// than on one, and as fast as on one once passive); OpenBLAS's threads
// (its pthreads build, which torch's Linear layers call) poll for work
// 2^22 cycles, about a millisecond as simdla's do, not its default 2^28,
// a tenth of a second during which, after torch's turn, a polling thread
// took a core from simdla's (LeNet-5's two-thread step at batch 64 ran at
// 12600-13184 images a second in two runs of the nn group against
// 36988-39586 with the shorter polling); OMP_NUM_THREADS is added by
// NewTorchPeer.
var torchEnv = []string{
	"MALLOC_MMAP_THRESHOLD_=4294967296",
	"MALLOC_TRIM_THRESHOLD_=4294967296",
	"MALLOC_TOP_PAD_=268435456",
	"OMP_WAIT_POLICY=PASSIVE",
	"OPENBLAS_THREAD_TIMEOUT=22",
}

// TorchEnv returns the environment variables the helper gets beside this
// process's, less OMP_NUM_THREADS: glibc's malloc settings and OpenMP's
// and OpenBLAS's waiting.
func TorchEnv() []string { return slices.Clone(torchEnv) }

// torchStart is how long the helper may take to import torch.
const torchStart = 2 * time.Minute

// NewTorchPeer starts the helper on threads threads (OMP_NUM_THREADS and
// torch.set_num_threads; one inter-op thread). It returns an error, for
// the bench to print as a note and go on without the peer, where no
// interpreter runs or none imports torch.
func NewTorchPeer(threads int) (*TorchPeer, error) {
	dir, err := os.MkdirTemp("", "simdla-torch-")
	if err != nil {
		return nil, err
	}
	script := filepath.Join(dir, "torchpeer.py")
	if err := os.WriteFile(script, torchScript, 0o644); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	var fails []string
	for _, python := range pytorch.Pythons() {
		p, err := startTorch(python, script, threads)
		if err == nil {
			p.dir = dir
			return p, nil
		}
		fails = append(fails, err.Error())
	}
	os.RemoveAll(dir)
	return nil, errors.New(strings.Join(fails, "; "))
}

// startTorch runs script on python and waits for its hello.
func startTorch(python, script string, threads int) (*TorchPeer, error) {
	path, err := exec.LookPath(python)
	if err != nil {
		return nil, fmt.Errorf("%s: not found", python)
	}
	cmd := exec.Command(path, script, strconv.Itoa(threads))
	cmd.Env = append(os.Environ(), torchEnv...)
	cmd.Env = append(cmd.Env, "OMP_NUM_THREADS="+strconv.Itoa(threads))
	p := &TorchPeer{Python: path, cmd: cmd, stderr: &tailWriter{max: 4096}}
	cmd.Stderr = p.stderr
	if p.in, err = cmd.StdinPipe(); err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	p.out = bufio.NewReader(stdout)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("%s: %v", python, err)
	}
	var hello struct{ Torch string }
	done := make(chan error, 1)
	go func() { done <- p.read(&hello) }()
	select {
	case err = <-done:
	case <-time.After(torchStart):
		err = fmt.Errorf("no answer in %v", torchStart)
	}
	if err != nil {
		p.stop()
		return nil, fmt.Errorf("%s: %v", python, err)
	}
	p.Version = hello.Torch
	return p, nil
}

// call sends req, a request of kind kind, and decodes the answer into
// answer (nil to ignore it).
func (p *TorchPeer) call(kind string, req, answer any) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.dead != nil {
		return p.dead
	}
	line, err := json.Marshal(req)
	if err != nil {
		return err
	}
	if _, err := p.in.Write(append(line, '\n')); err != nil {
		return p.died(err)
	}
	err = p.read(answer)
	if err != nil && err != p.dead {
		err = fmt.Errorf("torch %s: %w", kind, err)
	}
	return err
}

// read decodes the next answer into answer, or returns its error.
func (p *TorchPeer) read(answer any) error {
	line, err := p.out.ReadBytes('\n')
	if err != nil {
		return p.died(err)
	}
	var status struct {
		OK    bool
		Error string
	}
	if err := json.Unmarshal(line, &status); err != nil {
		return fmt.Errorf("torch helper: %v in %q", err, line)
	}
	if !status.OK {
		return errors.New(status.Error)
	}
	if answer == nil {
		return nil
	}
	return json.Unmarshal(line, answer)
}

// died marks the helper gone after err and returns the error to report,
// with the end of what it wrote on its standard error.
func (p *TorchPeer) died(err error) error {
	p.dead = fmt.Errorf("torch helper gone (%v)", err)
	if tail := strings.TrimSpace(p.stderr.String()); tail != "" {
		p.dead = fmt.Errorf("%w; it wrote: %s", p.dead, tail)
	}
	return p.dead
}

// SetThreads sets the threads torch runs an op on (torch.set_num_threads).
func (p *TorchPeer) SetThreads(n int) error {
	return p.call("threads", map[string]any{"req": "threads", "n": n}, nil)
}

// Close ends the helper and removes its script. It is safe to call more
// than once.
func (p *TorchPeer) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.dead == nil {
		p.dead = errors.New("torch helper closed")
	}
	err := p.stop()
	if p.dir != "" {
		os.RemoveAll(p.dir)
		p.dir = ""
	}
	return err
}

// stop closes the helper's input, which ends it, and waits for it, killing
// it if it does not end in a few seconds.
func (p *TorchPeer) stop() error {
	if p.cmd == nil {
		return nil
	}
	cmd := p.cmd
	p.cmd = nil
	p.in.Close()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		return <-done
	}
}

// tailWriter keeps the last max bytes written to it.
type tailWriter struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (w *tailWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, b...)
	if over := len(w.buf) - w.max; over > 0 {
		w.buf = append(w.buf[:0], w.buf[over:]...)
	}
	return len(b), nil
}

func (w *tailWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return string(w.buf)
}
