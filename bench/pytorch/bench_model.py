"""PyTorch side of bench/QcsCloud.Bench.Model: a worker that the C# bench starts and drives over stdin/stdout
(one JSON request per line, one JSON reply per line) so both sides are measured interleaved, same threads.
    /usr/bin/python3 bench/pytorch/bench_model.py --threads 2 --config paper
Requests: {"task": "infer" | "infer_train" | "step", "mode": "baseline|dcs|qcs", "batch": 8, "reps": 3, "warmup": 1}
Hello: {"ready", "torch", "threads", "interop_threads", "blas": BLAS_INFO of torch.__config__.show(), "blas_library": the file
    that provides sgemm_ to this process, "reference_blas": true when that is the reference libblas3}
Reply: {"times": [wall seconds per rep], "cpu": [process CPU seconds per rep], "peak_rss_mb": peak resident memory during the task,
    "rss_mb": [...], "flops": FLOPs of one rep (conv, mm, addmm, bmm, their backward, counted by FlopCount)}"""
import argparse
import ctypes
import gc
import json
import os
import re
import resource
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from qcs_torch import PAPER, TINY, Network, loss  # noqa: E402
from flop_count import FlopCount  # noqa: E402

BRANCHES = {"baseline": 1, "dcs": 2, "qcs": 4}


def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def peak_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Sam:
    """SAM around Adam as the reference recipe: rho 0.05, global gradient norm, parameters without grad untouched."""

    def __init__(self, model, lr=4e-6, rho=0.05):
        self.params = [p for p in model.parameters() if p.requires_grad]
        self.opt = torch.optim.Adam(self.params, lr=lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0)
        self.rho = rho

    def step(self, closure):
        closure().backward()
        with torch.no_grad():
            live = [p for p in self.params if p.grad is not None]
            norm = torch.norm(torch.stack([p.grad.norm(2) for p in live]), 2)
            scale = self.rho / (norm + 1e-12)
            es = []
            for p in live:
                e = p.grad * scale
                p.add_(e)
                es.append(e)
        self.opt.zero_grad(set_to_none=True)
        value = closure()
        value.backward()
        with torch.no_grad():
            for p, e in zip(live, es):
                p.sub_(e)
        self.opt.step()
        self.opt.zero_grad(set_to_none=True)
        return value.item()


class Worker:
    def __init__(self, cfg):
        self.cfg, self.key, self.model = cfg, None, None

    def network(self, mode):
        if self.key != mode:
            self.model = None
            gc.collect()
            torch.manual_seed(0)
            self.model = Network(self.cfg, mode)
            self.key = mode
        return self.model

    def inputs(self, branches, batch):
        g = torch.Generator().manual_seed(1)
        s = self.cfg["input_size"]
        xs = [torch.randn(batch, 3, s, s, generator=g) for _ in range(branches)]
        ys = [torch.randint(0, self.cfg["classes"], (batch,), generator=g) for _ in range(branches)]
        return xs, ys

    def run(self, req):
        task, batch, reps, warmup = req["task"], req["batch"], req.get("reps", 3), req.get("warmup", 1)
        mode = req.get("mode", "baseline")
        model = self.network("baseline" if task.startswith("infer") else mode)
        xs, ys = self.inputs(BRANCHES[mode] if task == "step" else 1, batch)
        if task == "infer":
            model.eval()
            def once():
                with torch.no_grad():
                    model.branch(xs[0])[0].sum().item()
        elif task == "infer_train":
            model.train()
            def once():
                model.zero_grad(set_to_none=True)
                F.cross_entropy(model.branch(xs[0])[0], ys[0]).backward()
        elif task == "step":
            model.train()
            sam = Sam(model)
            def once():
                sam.step(lambda: loss(*model(xs), ys))
        else:
            raise ValueError(f"unknown task {task}")
        with FlopCount() as flops:          # one extra, counted run: the FLOPs of one rep (not timed)
            once()
        for _ in range(warmup):
            once()
        reset_peak()
        times, cpu, rss = [], [], []
        for _ in range(reps):
            t, c = time.perf_counter(), time.process_time()
            once()
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
            rss.append(rss_mb())
        return {"times": times, "cpu": cpu, "peak_rss_mb": peak_mb(), "rss_mb": rss, "flops": flops.total}


def blas():
    """What BLAS this torch uses: the build's BLAS_INFO, and the library a matmul really loaded. Debian's torch links
    the generic libblas.so.3, which is the slow reference BLAS unless an optimised one (libopenblas0-pthread) is installed."""
    found = re.search(r"BLAS_INFO=([^,\s]+)", torch.__config__.show())
    info = found.group(1) if found else "unknown"
    torch.ones(64, 64) @ torch.ones(64, 64)
    # The file that provides sgemm_ for libblas.so.3, the library torch links: dlopen returns the already-loaded one.
    gemm = ctypes.cast(ctypes.CDLL("libblas.so.3").sgemm_, ctypes.c_void_p)
    where = DlInfo()
    ctypes.CDLL("libc.so.6").dladdr(gemm, ctypes.byref(where))
    library = os.path.realpath(where.dli_fname.decode())
    return info, library, "/blas/libblas.so" in library


class DlInfo(ctypes.Structure):
    _fields_ = [("dli_fname", ctypes.c_char_p), ("dli_fbase", ctypes.c_void_p),
                ("dli_sname", ctypes.c_char_p), ("dli_saddr", ctypes.c_void_p)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--config", choices=["paper", "tiny"], default="paper")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    worker = Worker(PAPER if args.config == "paper" else TINY)
    info, library, reference = blas()
    print(json.dumps({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "interop_threads": torch.get_num_interop_threads(), "blas": info, "blas_library": library,
                      "reference_blas": reference}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            reply = worker.run(json.loads(line))
        except Exception as e:  # the C# side reports it and carries on
            reply = {"error": f"{type(e).__name__}: {e}"}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
