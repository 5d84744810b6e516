"""Regenerates the parity fixtures of tests/QcsCloud.Model.Tests/fixtures (run with Debian's python3-torch 1.13):
    bash infra/scripts/regenerate-fixtures.sh model
Weights and inputs come from formulas the C# test computes too (see WeightFormula.cs), so only expected outputs
and small .pth files are committed."""
import json
import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from qcs_torch import PAPER, TINY, Network, loss  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "QcsCloud.Model.Tests", "fixtures")


def name_key(name):
    return (sum(name.encode("utf-8")) % 97) * 0.1


def formula(name, shape):
    """Parity weights: sin pattern per tensor, scaled per kind so the paper network stays numerically tame."""
    k = name_key(name)
    numel = math.prod(shape)
    j = torch.arange(numel, dtype=torch.int64)
    # The quadratic residue term breaks the rank-2 structure a plain sin(a*j) gives every weight matrix.
    s = torch.sin(0.37 * j.to(torch.float64) + 0.001 * ((j * j) % 1000003).to(torch.float64) + k)
    if len(shape) == 0:
        v = 0.2 + 0.3 * math.sin(k) + 0 * s
    elif name.endswith("running_var"):
        v = 1 + 0.5 * s
    elif name.endswith("running_mean"):
        v = 0.1 * s
    elif len(shape) == 1 and name.endswith("weight"):
        v = 1 + 0.1 * s
    elif len(shape) == 1:
        v = 0.02 * s
    else:
        v = s / math.sqrt(numel / shape[0])
    return v.reshape(shape).to(torch.float32)


def exact(name, shape):
    """Import weights: values exactly representable in float32, so a round trip must give difference 0."""
    k = sum(name.encode("utf-8"))
    j = torch.arange(math.prod(shape), dtype=torch.int64)
    return (((j * 7 + k) % 201 - 100).to(torch.float32) / 1024).reshape(shape)


def fill(model, f):
    with torch.no_grad():
        for name, t in model.state_dict().items():
            if name.endswith("num_batches_tracked"):
                continue
            t.copy_(f(name, tuple(t.shape)))


def images(cfg, branch, batch):
    s = cfg["input_size"]
    i = torch.arange(batch * 3 * s * s, dtype=torch.int64)
    arg = 0.013 * i.to(torch.float64) + 0.001 * ((i * i) % 1000003).to(torch.float64) + 0.7 * branch + 0.1
    return (1.5 * torch.sin(arg)).reshape(batch, 3, s, s).to(torch.float32)


LABELS = [[1, 3], [1, 3], [4, 0], [4, 0]]


def parity():
    torch.manual_seed(0)
    model = Network(PAPER, "qcs")
    fill(model, formula)
    xs = [images(PAPER, b, 2) for b in range(4)]
    with torch.no_grad():
        model.eval()
        inference = model.branch(xs[0])[0]
        model.train()  # training forward: BatchNorm uses batch statistics, per branch
        base, cross = model(xs)
        value = loss(base, cross, [torch.tensor(l) for l in LABELS])
    return {
        "config": "paper, 7 classes, QCS, dropout 0, batch 2; weights WeightFormula.Parity, images WeightFormula.Images",
        "labels": LABELS,
        "inference_logits_eval": inference.tolist(),
        "train_base_logits": [t.tolist() for t in base],
        "train_cross_logits": [t.tolist() for t in cross],
        "train_loss": value.item(),
    }


def weight_files():
    model = Network(TINY, "qcs")
    fill(model, exact)
    sd = model.state_dict()
    torch.save(sd, os.path.join(OUT, "tiny_qcs_state_dict.pth"))
    # A reference-style checkpoint: dict with state_dict, DataParallel prefix, old embed names, never-run modules.
    alias = {"embed_q.": "embed_1.", "embed_k.": "embed_2.", "embed_v.": "embed_3."}
    ck = {}
    for k, v in sd.items():
        for old, new in alias.items():
            if k.startswith(old):
                k = new + k[len(old):]
        ck["module." + k] = v
    ck["module.VIT_base.patch_embed.proj.weight"] = torch.ones(4, 4)
    ck["module.ir_back.output_layer.0.weight"] = torch.ones(4)
    torch.save({"state_dict": ck, "epoch": 7, "best_acc": 0.5}, os.path.join(OUT, "tiny_reference_checkpoint.pth"))
    # face.evoLVe-style IR-50: flat body.N, no ir_back prefix, an extra 4th-stage unit and output layer to drop.
    flat, units = {}, [("body1", 0), ("body2", 0), ("body3", 0)]
    for k, v in sd.items():
        if not k.startswith("ir_back."):
            continue
        k = k[len("ir_back."):]
        for n, (body, _) in enumerate(units):
            if k.startswith(body + ".0."):
                k = f"body.{n}." + k[len(body) + 3:]
        flat[k] = v
    flat["body.3.res_layer.0.weight"] = torch.ones(32)
    flat["output_layer.1.weight"] = torch.ones(8)
    torch.save(flat, os.path.join(OUT, "tiny_ir50_flat.pth"))


if __name__ == "__main__":
    torch.set_num_threads(2)
    os.makedirs(OUT, exist_ok=True)
    weight_files()
    with open(os.path.join(OUT, "qcs_paper_parity.json"), "w") as f:
        json.dump(parity(), f, indent=1)
    print("fixtures written to", os.path.abspath(OUT))
