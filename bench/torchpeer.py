"""PyTorch on the CPU as a peer of simdla's bench, driven by bench/torch.go.

The bench starts this script as a helper process (python3 torchpeer.py
THREADS) and exchanges one JSON object per line with it: a request on
standard input, its answer on standard output. Every answer has "ok"; a
failed request answers {"ok": false, "error": "..."} and the helper goes on.
Before the first request the helper says hello: {"ok": true, "torch": VERSION}
once torch is imported, or {"ok": false, "error": ...} if it cannot be.

Requests ("req" names the kind):

  info                      torch's version and build: the answer's "info"
  threads  n                torch.set_num_threads(n), and the BLAS's
                            threads where it is OpenBLAS or BLIS
  setup    id, op, shape... make the case id: its inputs, from a fixed
                            seed, and its warm-up calls (WARMUP_*);
                            answers the convolution backend torch chose
                            and the oneDNN primitives one call ran
  time     id, reps         run case id reps times; "seconds" they took
  check    id, inputs       run case id once on the given inputs (flattened,
                            row-major; those not given keep their seeded
                            values); "outputs": {name: {shape, data}}
  drop     id               forget case id and free its tensors

Setup fields: op (one of OPS below); seed (of the inputs, and of a
network's initial weights; 1 if absent). The convolution ops read n, c, h,
w (input), k (output channels), groups, r, s (window), stride [h, w],
padding [top, bottom, left, right], dilation [h, w], dtype "float32" or
"float64", bias. Shapes follow simdla's conv.Shape: input N×C×H×W, filter
K×(C/groups)×R×S, output N×K×P×Q.

Forward ops run under torch.no_grad(); the backward ops call
aten::convolution_backward, as autograd does. Padding that differs between
opposite sides is applied with F.pad (the input gradient is cropped).

The training ops (the nn group's) read "train" (see Trainer and the
builders): train_step makes a network and a fixed batch of random images
and labels, and one call is a training step on it; train_epoch makes a
network and loads MNIST's training set from its IDX files, and one call is
an epoch of it, in an order shuffled for every epoch. A training step is
forward, softmax cross-entropy, backward (no gradient for the images) and
torch.optim.SGD's update; a call answers its steps' mean "loss". The
epoch's setup neither warms it up nor lists its oneDNN primitives (an
epoch takes seconds: the bench's first, untimed call warms it), and
answers "data": how many images it holds, their mean pixel and the sum of
their labels, for a check against simdla's copy.

An op is a builder in OPS, taking the setup request and a seeded generator
and returning a Case; check and time need nothing more.
"""

import ctypes
import gzip
import json
import os
import struct
import sys
import tempfile
import time
import traceback

# The protocol gets a descriptor of its own; whatever else writes to the
# standard output (oneDNN's verbose lines, a library's warnings) goes to the
# standard error instead.
_proto = os.fdopen(os.dup(1), "w", buffering=1)
os.dup2(2, 1)
sys.stdout = sys.stderr


def _send(obj):
    _proto.write(json.dumps(obj, separators=(",", ":")) + "\n")


try:
    import torch
    import torch.nn.functional as F
except Exception as e:  # torch missing or broken: say so and stop
    _send({"ok": False, "error": "import torch: %s (%s)" % (e, sys.executable)})
    sys.exit(0)


class Case:
    """One op on tensors made once at setup.

    inputs: name -> tensor, the op's operands (x, w, b, dy, ...);
    fn(inputs) -> {name: tensor}: one call, its results;
    backend: the convolution backend aten chose, for the setup's answer;
    warm: whether setup warms the op up (WARMUP_*) and lists the oneDNN
    primitives of a call, which costs calls: False for ops of seconds;
    data: what the case's data holds, for the setup's answer, or None.
    """

    def __init__(self, inputs, fn, backend=None, warm=True, data=None):
        self.inputs = inputs
        self.fn = fn
        self.backend = backend
        self.warm = warm
        self.data = data

    def run(self):
        return self.fn(self.inputs)


class Spec:
    """The sizes of a setup request, with PyTorch's defaults."""

    def __init__(self, req):
        self.op = req["op"]
        self.n, self.c, self.h, self.w = req["n"], req["c"], req["h"], req["w"]
        self.k = req.get("k") or self.c
        self.groups = req.get("groups") or 1
        self.r, self.s = req["r"], req["s"]
        self.stride = tuple(req.get("stride") or (1, 1))
        self.pad = tuple(req.get("padding") or (0, 0, 0, 0))  # top, bottom, left, right
        self.dilation = tuple(req.get("dilation") or (1, 1))
        self.dtype = {"float32": torch.float32, "float64": torch.float64}[req.get("dtype", "float32")]
        self.bias = bool(req.get("bias"))
        top, bottom, left, right = self.pad
        eh = (self.r - 1) * self.dilation[0] + 1
        ew = (self.s - 1) * self.dilation[1] + 1
        self.p = (self.h + top + bottom - eh) // self.stride[0] + 1
        self.q = (self.w + left + right - ew) // self.stride[1] + 1
        if self.p < 1 or self.q < 1:
            raise ValueError("window larger than the padded input")
        if self.c % self.groups or self.k % self.groups:
            raise ValueError("channels not divisible by groups")

    def symmetric(self):
        top, bottom, left, right = self.pad
        return top == bottom and left == right

    def rand(self, gen, *shape):
        return torch.rand(*shape, generator=gen, dtype=torch.float64).mul_(2).sub_(1).to(self.dtype)


def conv2d(spec, gen):
    x = spec.rand(gen, spec.n, spec.c, spec.h, spec.w)
    w = spec.rand(gen, spec.k, spec.c // spec.groups, spec.r, spec.s)
    inputs = {"x": x, "w": w}
    if spec.bias:
        inputs["b"] = spec.rand(gen, spec.k)
    top, bottom, left, right = spec.pad
    sym = spec.symmetric()
    padding = (top, left) if sym else 0

    def fn(t):
        xi = t["x"] if sym else F.pad(t["x"], (left, right, top, bottom))
        y = F.conv2d(xi, t["w"], t.get("b"), spec.stride, padding, spec.dilation, spec.groups)
        return {"y": y}

    return Case(inputs, fn, conv_backend(spec, inputs))


def _backward(spec, gen, want_input):
    """conv2d_backward_input (dx from dy and w) or _weight (dw, and db with
    bias, from x and dy), by aten::convolution_backward."""
    x = spec.rand(gen, spec.n, spec.c, spec.h, spec.w)
    w = spec.rand(gen, spec.k, spec.c // spec.groups, spec.r, spec.s)
    dy = spec.rand(gen, spec.n, spec.k, spec.p, spec.q)
    inputs = {"dy": dy, "w": w} if want_input else {"x": x, "dy": dy}
    top, bottom, left, right = spec.pad
    sym = spec.symmetric()
    padding = [top, left] if sym else [0, 0]
    # The input is read for its shape alone when only dx is wanted.
    xshape = x if sym else F.pad(x, (left, right, top, bottom))
    mask = [want_input, not want_input, spec.bias and not want_input]
    bias_sizes = [spec.k] if mask[2] else None

    def fn(t):
        xi = xshape if want_input else (t["x"] if sym else F.pad(t["x"], (left, right, top, bottom)))
        wi = t["w"] if want_input else w
        dx, dw, db = torch.ops.aten.convolution_backward(
            t["dy"], xi, wi, bias_sizes, list(spec.stride), padding, list(spec.dilation),
            False, [0, 0], spec.groups, mask)
        if want_input:
            return {"dx": dx if sym else dx[:, :, top:top + spec.h, left:left + spec.w]}
        out = {"dw": dw}
        if db is not None:
            out["db"] = db
        return out

    return Case(inputs, fn)


def _sized(build, *args):
    """The builder of an op of Spec's sizes: (request, generator) -> Case."""
    return lambda req, gen: build(Spec(req), gen, *args)


# LAYERS builds a layer of a training op's network from its kind and
# arguments, as bench/torchtrain.go describes simdla's layers.
LAYERS = {
    "conv2d": torch.nn.Conv2d,  # in and out channels, kernel, stride, padding
    "linear": torch.nn.Linear,  # in, out
    "relu": torch.nn.ReLU,
    "maxpool2d": torch.nn.MaxPool2d,  # kernel, stride
    "flatten": torch.nn.Flatten,
}


class Trainer:
    """The network of a training request's train.layers, its weights drawn
    by torch's default initialisation from the request's seed, and
    torch.optim.SGD over them with train.lr and train.momentum."""

    def __init__(self, req):
        layers = []
        for layer in req["train"]["layers"]:
            if layer["kind"] not in LAYERS:
                raise ValueError("unknown layer %r; known: %s" % (layer["kind"], ", ".join(sorted(LAYERS))))
            layers.append(LAYERS[layer["kind"]](*layer["args"]))
        torch.manual_seed(req.get("seed", 1))
        self.model = torch.nn.Sequential(*layers)
        self.opt = torch.optim.SGD(self.model.parameters(), lr=req["train"]["lr"],
                                   momentum=req["train"]["momentum"])

    def step(self, x, labels):
        """One training step on a batch; its loss."""
        with torch.enable_grad():
            self.opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(self.model(x), labels)
            loss.backward()
            self.opt.step()
        return loss.detach()


def train_step(req, gen):
    """A step on a batch of train.batch images of shape train.input, each
    pixel uniform in [-1, 1), and labels uniform in [0, train.classes)."""
    t = req["train"]
    x = torch.rand(t["batch"], *t["input"], generator=gen).mul_(2).sub_(1)
    labels = torch.randint(0, t["classes"], (t["batch"],), generator=gen)
    trainer = Trainer(req)
    return Case({"x": x, "labels": labels}, lambda i: {"loss": trainer.step(i["x"], i["labels"])})


def train_epoch(req, gen):
    """An epoch over the first train.images (0: all) of MNIST's training
    set in train.mnist, each pixel (p/255 - train.mean)/train.std, in
    batches of train.batch, the last one smaller where they do not divide."""
    t = req["train"]
    x, labels = mnist_train(t["mnist"], t["mean"], t["std"])
    n = t.get("images") or len(labels)
    x, labels = x[:n], labels[:n]
    trainer = Trainer(req)
    batch = t["batch"]

    def fn(_):
        order = torch.randperm(n, generator=gen)
        losses = []
        for i in range(0, n, batch):
            idx = order[i:i + batch]
            losses.append(trainer.step(x[idx], labels[idx]))
        return {"loss": torch.stack(losses).mean()}

    data = {"images": n, "pixel_mean": x.mean(dtype=torch.float64).item(), "label_sum": labels.sum().item()}
    return Case({}, fn, warm=False, data=data)


_mnist = {}  # (folder, mean, std) -> MNIST's training images and labels


def mnist_train(folder, mean, std):
    """MNIST's training set from folder: images N×1×28×28, float32,
    normalised, and labels, int64; loaded once per process."""
    key = (folder, mean, std)
    if key not in _mnist:
        images = read_idx(os.path.join(folder, "train-images-idx3-ubyte.gz"))
        labels = read_idx(os.path.join(folder, "train-labels-idx1-ubyte.gz"))
        x = images.to(torch.float32).div_(255).sub_(mean).div_(std).unsqueeze(1)
        _mnist[key] = (x, labels.to(torch.int64))
    return _mnist[key]


def read_idx(path):
    """The array of a gzipped IDX file of unsigned bytes, as a uint8 tensor
    of its sizes."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    if magic >> 8 != 0x08:
        raise ValueError("%s: not an IDX file of unsigned bytes (magic %#x)" % (path, magic))
    ndim = magic & 0xFF
    sizes = struct.unpack(">%dI" % ndim, data[4:4 + 4 * ndim])
    return torch.frombuffer(bytearray(data[4 + 4 * ndim:]), dtype=torch.uint8).view(*sizes)


# OPS maps an op's name to its builder: (setup request, a seeded
# torch.Generator) -> Case.
OPS = {
    "conv2d": _sized(conv2d),
    "conv2d_backward_input": _sized(_backward, True),
    "conv2d_backward_weight": _sized(_backward, False),
    "train_step": train_step,
    "train_epoch": train_epoch,
}

# Setup runs a case at least WARMUP_CALLS times and for WARMUP_SECONDS:
# oneDNN makes its primitives on the first call, and the first calls that
# touch fresh memory can be ten times slower than the rest (on a 2-core
# EPYC VM, float64 conv2d 64x56x56 3x3: five calls of 50-70 ms, then 5 ms).
WARMUP_CALLS = 2
WARMUP_SECONDS = 0.5


def warm_up(case):
    start = time.perf_counter()
    calls = 0
    while calls < WARMUP_CALLS or time.perf_counter() - start < WARMUP_SECONDS:
        case.run()
        calls += 1

cases = {}
onednn_isa = None


def capture_fd1(fn):
    """Runs fn with the descriptor 1 sent to a file; returns its lines."""
    global onednn_isa
    with tempfile.TemporaryFile() as f:
        saved = os.dup(1)
        os.dup2(f.fileno(), 1)
        try:
            fn()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        f.seek(0)
        lines = f.read().decode(errors="replace").splitlines()
    for line in lines:
        if line.startswith("onednn_verbose,info,cpu,isa:"):
            onednn_isa = line.split("isa:", 1)[1].strip()
    return lines


def onednn_primitives(case):
    """One call of case with oneDNN's verbose output on: the primitives it
    ran, "convolution jit:avx512_core", in order, or [] without oneDNN."""
    if not torch.backends.mkldnn.is_available():
        return []

    def call():
        with torch.backends.mkldnn.verbose(torch.backends.mkldnn.VERBOSE_ON):
            case.run()

    prims = []
    for line in capture_fd1(call):
        f = line.split(",")
        if len(f) > 4 and f[0] == "onednn_verbose" and f[1] == "exec":
            prims.append(f[3] + " " + f[4])
    return prims


def conv_backend(spec, inputs):
    """The backend aten::convolution picks for a convolution of spec's
    sizes on inputs["x"] (padded first where its sides differ), or None
    where torch cannot say."""
    if not hasattr(torch._C, "_select_conv_backend"):
        return None
    top, bottom, left, right = spec.pad
    sym = spec.symmetric()
    x = inputs["x"]
    if not sym:
        x = F.pad(x, (left, right, top, bottom))
    padding = [top, left] if sym else [0, 0]
    try:
        b = torch._C._select_conv_backend(x, inputs["w"], inputs.get("b"), list(spec.stride), padding,
                                          list(spec.dilation), False, [0, 0], spec.groups)
    except Exception:
        return None
    return str(b).rsplit(".", 1)[-1]


def do_setup(req):
    op = req.get("op")
    if op not in OPS:
        raise ValueError("unknown op %r; known: %s" % (op, ", ".join(sorted(OPS))))
    gen = torch.Generator().manual_seed(req.get("seed", 1))
    case = OPS[op](req, gen)
    prims = []
    if case.warm:
        with torch.no_grad():
            warm_up(case)
            prims = onednn_primitives(case)
    cases[req["id"]] = case
    answer = {"backend": case.backend, "onednn": prims}
    if case.data is not None:
        answer["data"] = case.data
    return answer


def do_time(req):
    run = cases[req["id"]].run
    reps = req["reps"]
    with torch.no_grad():
        start = time.perf_counter()
        for _ in range(reps):
            run()
        return {"seconds": time.perf_counter() - start}


def do_check(req):
    case = cases[req["id"]]
    given = req.get("inputs") or {}
    inputs = dict(case.inputs)
    for name, data in given.items():
        if name not in inputs:
            raise ValueError("op has no input %r; it has %s" % (name, ", ".join(sorted(inputs))))
        ref = inputs[name]
        if len(data) != ref.numel():
            raise ValueError("input %r has %d elements, want %d" % (name, len(data), ref.numel()))
        inputs[name] = torch.tensor(data, dtype=torch.float64).to(ref.dtype).view(ref.shape)
    with torch.no_grad():
        out = case.fn(inputs)
    return {"outputs": {k: {"shape": list(v.shape), "data": v.flatten().tolist()} for k, v in out.items()}}


def blas_library():
    """The path of the BLAS torch loaded (Debian's torch calls libblas.so.3,
    whichever library the system's alternative names), or ""."""
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            name = os.path.basename(path).lower()
            if ".so" in name and ("blas" in name or "blis" in name):
                return path
    return ""


def _blas_call(name, restype, *args):
    """Calls name in the loaded BLAS if it has it; None if not."""
    path = blas_library()
    if not path:
        return None
    try:
        f = getattr(ctypes.CDLL(path), name)
    except (OSError, AttributeError):
        return None
    f.restype = restype
    return f(*args)


def blas_about():
    """The BLAS torch runs its GEMMs outside oneDNN on: float64 convolutions,
    transposed ones, matmul and linear layers."""
    path = blas_library()
    config = _blas_call("openblas_get_config", ctypes.c_char_p)
    if config:
        core = _blas_call("openblas_get_corename", ctypes.c_char_p) or b"?"
        return "%s, %s kernels (%s)" % (" ".join(config.decode().split()[:2]), core.decode(), path)
    version = _blas_call("bli_info_get_version_str", ctypes.c_char_p)
    if version:
        return "BLIS %s (%s)" % (version.decode(), path)
    if "/blas/" in path:  # Debian's libblas3
        return "reference (%s)" % path
    return path or "none found"


def do_threads(req):
    n = req["n"]
    torch.set_num_threads(n)
    # torch, built against a generic BLAS, does not tell the BLAS itself.
    _blas_call("openblas_set_num_threads", None, ctypes.c_int(n))
    _blas_call("bli_thread_set_num_threads", None, ctypes.c_int64(n))
    return {"threads": torch.get_num_threads()}


def do_info(req):
    if onednn_isa is None and torch.backends.mkldnn.is_available():
        # oneDNN names its ISA in its first verbose output.
        x, w = torch.ones(1, 8, 64, 64), torch.ones(8, 8, 3, 3)
        with torch.no_grad():
            capture_fd1(lambda: _verbose_conv(x, w))
    show = torch.__config__.show()
    capability = ""
    for line in show.splitlines():
        if "CPU capability usage:" in line:
            capability = line.split(":", 1)[1].strip()
    return {"info": {
        "torch": torch.__version__,
        "python": "%s %s" % (sys.executable, sys.version.split()[0]),
        "mkldnn": torch.backends.mkldnn.is_available(),
        "onednn_isa": onednn_isa or "",
        "cpu_capability": capability,
        "blas": blas_about(),
        "threads": torch.get_num_threads(),
        "interop_threads": torch.get_num_interop_threads(),
        "parallel": torch.__config__.parallel_info(),
        "config": show,
    }}


def _verbose_conv(x, w):
    with torch.backends.mkldnn.verbose(torch.backends.mkldnn.VERBOSE_ON):
        F.conv2d(x, w)


def do_drop(req):
    cases.pop(req["id"], None)
    return {}


HANDLERS = {
    "info": do_info,
    "threads": do_threads,
    "setup": do_setup,
    "time": do_time,
    "check": do_check,
    "drop": do_drop,
}


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    torch.set_num_interop_threads(1)  # only once, before any parallel work
    torch.set_num_threads(threads)
    _send({"ok": True, "torch": torch.__version__})
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            req = json.loads(line)
            handler = HANDLERS.get(req.get("req"))
            if handler is None:
                raise ValueError("unknown request %r" % req.get("req"))
            answer = handler(req)
            answer["ok"] = True
        except Exception as e:
            traceback.print_exc()
            answer = {"ok": False, "error": "%s: %s" % (type(e).__name__, e)}
        _send(answer)


if __name__ == "__main__":
    main()
