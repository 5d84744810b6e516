"""Counts the floating-point operations of everything run inside `with FlopCount() as f:` (f.total), at the ATen
level below autograd, so backward passes and both SAM passes are counted too. Counted: convolution (and its backward:
grad input and grad weight each cost a forward), mm, addmm, bmm, baddbmm; a multiply-add is 2 FLOPs. Elementwise
work (activations, norms, softmax, the optimiser) is not counted: it is small next to these and not BLAS-bound.
Torch 1.13 has no torch.utils.flop_counter; this is the same rule on TorchDispatchMode."""
from math import prod

import torch
from torch.utils._python_dispatch import TorchDispatchMode

aten = torch.ops.aten


def _conv(out_shape, weight_shape):
    # each output element: in_channels/groups * kh * kw multiply-adds
    return 2 * prod(out_shape) * prod(weight_shape[1:])


def _flops(func, args, out):
    if func in (aten.mm.default,):
        (m, k), n = args[0].shape, args[1].shape[1]
        return 2 * m * k * n
    if func in (aten.addmm.default,):
        (m, k), n = args[1].shape, args[2].shape[1]
        return 2 * m * k * n
    if func in (aten.bmm.default,):
        (b, m, k), n = args[0].shape, args[1].shape[2]
        return 2 * b * m * k * n
    if func in (aten.baddbmm.default,):
        (b, m, k), n = args[1].shape, args[2].shape[2]
        return 2 * b * m * k * n
    if func in (aten.convolution.default,):
        return _conv(out.shape, args[1].shape)
    if func in (aten.convolution_backward.default,):
        grad_out, weight, mask = args[0], args[2], args[-1]
        return _conv(grad_out.shape, weight.shape) * (int(mask[0]) + int(mask[1]))
    return 0


class FlopCount(TorchDispatchMode):
    def __init__(self):
        super().__init__()
        self.total = 0

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        self.total += _flops(func, args, out)
        return out
