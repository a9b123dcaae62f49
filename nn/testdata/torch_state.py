"""PyTorch's side of nn's safetensors interchange tests (torch_state_test.go).

    python3 torch_state.py DIR MODEL [init]

MODEL is lenet (LeNet-5 with the attribute names of nn's tests: conv1,
relu1, pool1, conv2, relu2, pool2, flatten, fc1, relu3, fc2, relu4, fc3) or
bn (a BatchNorm1d(3) named bn). With init, the script seeds torch, builds
MODEL and writes its state_dict to DIR/model.safetensors. Then it builds
MODEL, loads DIR/model.safetensors into it with strict=True (each tensor
of the dtype torch holds it in), writes its state_dict to
DIR/back.safetensors and, where DIR/x.safetensors holds an input x,
writes the model's output on x to DIR/y.safetensors.

Debian's torch comes without the safetensors package: the format is
written and read here with json and struct.
"""

import collections
import json
import os
import struct
import sys

import numpy as np
import torch
from torch import nn

DTYPES = {"F32": (torch.float32, np.float32), "F64": (torch.float64, np.float64), "I64": (torch.int64, np.int64)}


def write(path, tensors):
    header, blobs, at = {}, [], 0
    for name, t in tensors.items():
        dtype = next(k for k, (td, _) in DTYPES.items() if td == t.dtype)
        b = t.detach().contiguous().numpy().astype(np.dtype(DTYPES[dtype][1]).newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [at, at + len(b)]}
        blobs.append(b)
        at += len(b)
    h = json.dumps(header).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


def read(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    data = raw[8 + n:]
    out = collections.OrderedDict()
    for name, info in json.loads(raw[8:8 + n]).items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        nd = np.dtype(DTYPES[info["dtype"]][1]).newbyteorder("<")
        out[name] = torch.from_numpy(np.frombuffer(data[begin:end], dtype=nd).astype(nd.newbyteorder("="))).reshape(info["shape"])
    return out


def build(model):
    if model == "bn":
        return nn.Sequential(collections.OrderedDict([("bn", nn.BatchNorm1d(3))]))
    return nn.Sequential(collections.OrderedDict([
        ("conv1", nn.Conv2d(1, 6, 5, padding=2)), ("relu1", nn.ReLU()), ("pool1", nn.MaxPool2d(2)),
        ("conv2", nn.Conv2d(6, 16, 5)), ("relu2", nn.ReLU()), ("pool2", nn.MaxPool2d(2)),
        ("flatten", nn.Flatten()),
        ("fc1", nn.Linear(16 * 5 * 5, 120)), ("relu3", nn.ReLU()),
        ("fc2", nn.Linear(120, 84)), ("relu4", nn.ReLU()),
        ("fc3", nn.Linear(84, 10)),
    ]))


def main():
    d, model = sys.argv[1], sys.argv[2]
    torch.set_num_threads(1)
    if sys.argv[3:] == ["init"]:
        torch.manual_seed(0)
        m = build(model)
        if model == "bn":
            with torch.no_grad():
                for t in (m.bn.weight, m.bn.bias, m.bn.running_mean):
                    t.normal_()
                m.bn.running_var.uniform_(0.5, 2)
                m.bn.num_batches_tracked.fill_(5)
        write(os.path.join(d, "model.safetensors"), m.state_dict())

    m = build(model)
    state, own = read(os.path.join(d, "model.safetensors")), m.state_dict()
    for name, t in state.items():
        if name in own and t.dtype != own[name].dtype:
            sys.exit("%s: %s in the file, %s in torch" % (name, t.dtype, own[name].dtype))
    m.load_state_dict(state, strict=True)
    m.eval()
    write(os.path.join(d, "back.safetensors"), m.state_dict())
    x = os.path.join(d, "x.safetensors")
    if os.path.exists(x):
        with torch.no_grad():
            y = m(read(x)["x"])
        write(os.path.join(d, "y.safetensors"), {"y": y})


main()
