"""Our own PyTorch implementation of the QCS networks, written from docs/method.md
(sections 1-2), used only to produce parity fixtures and to benchmark against TorchSharp.
State-dict names follow the reference model so files move between the two without renaming."""
import math
import torch
import torch.nn as nn
import torch.nn.functional as F


class BottleneckIR(nn.Module):
    def __init__(self, cin, depth, stride):
        super().__init__()
        if cin == depth:
            self.shortcut_layer = nn.MaxPool2d(1, stride)
        else:
            self.shortcut_layer = nn.Sequential(nn.Conv2d(cin, depth, 1, stride, bias=False), nn.BatchNorm2d(depth))
        self.res_layer = nn.Sequential(
            nn.BatchNorm2d(cin), nn.Conv2d(cin, depth, 3, 1, 1, bias=False), nn.PReLU(depth),
            nn.Conv2d(depth, depth, 3, stride, 1, bias=False), nn.BatchNorm2d(depth))

    def forward(self, x):
        return self.res_layer(x) + self.shortcut_layer(x)


class Ir50(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        w, d = cfg["widths"], cfg["depths"]
        self.size = cfg["backbone_size"]
        self.input_layer = nn.Sequential(nn.Conv2d(3, w[0], 3, 1, 1, bias=False), nn.BatchNorm2d(w[0]), nn.PReLU(w[0]))
        def stage(cin, depth, units):
            return nn.Sequential(*[BottleneckIR(cin if i == 0 else depth, depth, 2 if i == 0 else 1) for i in range(units)])
        self.body1 = stage(w[0], w[0], d[0])
        self.body2 = stage(w[0], w[1], d[1])
        self.body3 = stage(w[1], w[2], d[2])

    def forward(self, x):
        if x.shape[-1] != self.size or x.shape[-2] != self.size:
            x = F.interpolate(x, size=self.size)  # nearest, as the reference
        x1 = self.body1(self.input_layer(x))
        x2 = self.body2(x1)
        return x1, x2, self.body3(x2)


class Mlp(nn.Module):
    def __init__(self, dim, hidden, drop=0.0):
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(dim, hidden), nn.Linear(hidden, dim)
        self.act, self.drop = nn.GELU(), nn.Dropout(drop)

    def forward(self, x):
        return self.drop(self.fc2(self.drop(self.act(self.fc1(x)))))


class Attention(nn.Module):
    def __init__(self, dim, heads, proj_drop=0.0):
        super().__init__()
        self.heads, self.scale = heads, (dim // heads) ** -0.5
        self.qkv, self.proj, self.proj_drop = nn.Linear(dim, 3 * dim), nn.Linear(dim, dim), nn.Dropout(proj_drop)

    def forward(self, x):
        b, n, c = x.shape
        q, k, v = self.qkv(x).reshape(b, n, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        a = ((q @ k.transpose(-2, -1)) * self.scale).softmax(-1)
        return self.proj_drop(self.proj((a @ v).transpose(1, 2).reshape(b, n, c)))


class Block(nn.Module):
    def __init__(self, dim, heads, ratio, drop, proj_drop):
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(dim, eps=1e-6), nn.LayerNorm(dim, eps=1e-6)
        self.attn, self.mlp = Attention(dim, heads, proj_drop), Mlp(dim, int(dim * ratio), drop)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class SE(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.linear1, self.linear2 = nn.Linear(dim, dim), nn.Linear(dim, dim)

    def forward(self, x):
        return x * torch.sigmoid(self.linear2(F.relu(self.linear1(x))))


class Head(nn.Module):
    def __init__(self, dim, classes):
        super().__init__()
        self.linear = nn.Linear(dim, classes)

    def forward(self, x):
        return self.linear(x)


class Vit(nn.Module):
    def __init__(self, cfg, depth, drop=0.0, proj_drop=0.0):
        super().__init__()
        dim = cfg["dim"]
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, 3 * cfg["tokens"] + 1, dim))
        self.pos_drop = nn.Dropout(drop)
        self.blocks = nn.Sequential(*[Block(dim, cfg["heads"], 4.0, drop, proj_drop) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.se_block, self.head = SE(dim), Head(dim, cfg["classes"])

    def forward(self, x):
        x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), x], 1)
        x = self.norm(self.blocks(self.pos_drop(x + self.pos_embed)))
        return self.head(self.se_block(x[:, 0])), x[:, 1:]


class TokenProjection(nn.Module):
    def __init__(self, cin, dim):
        super().__init__()
        self.proj = nn.Conv2d(cin, dim, 1)

    def forward(self, x):
        return self.proj(x).flatten(2).transpose(1, 2)


def distance(q, k):
    e = torch.cdist(q, k, p=2)
    return e - e.min()  # one scalar over the whole batch


def similarity(q, k):
    d = distance(q, k)
    return d.max() - d


def key_score(m):
    return F.normalize(m, p=2, dim=2).sum(1)


def query_score(m):
    return F.normalize(m, p=2, dim=1).sum(2)


def csa_dcs(a, p):
    s = similarity(p, a)
    return [key_score(s).softmax(-1), query_score(s).softmax(-1)]


def csa_qcs(a, p, n, n2, theta):
    w = 1 + torch.tanh(theta)
    s_pa, s_n2n, d_na, d_n2p = similarity(p, a), similarity(n2, n), distance(n, a), distance(n2, p)
    return [(key_score(s_pa) + w * key_score(d_na)).softmax(-1),
            (query_score(s_pa) + w * key_score(d_n2p)).softmax(-1),
            (key_score(s_n2n) + w * query_score(d_na)).softmax(-1),
            (query_score(s_n2n) + w * query_score(d_n2p)).softmax(-1)]


class Cross(nn.Module):
    def __init__(self, dim, quadruplet):
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.proj, self.mlp = nn.Linear(dim, 2 * dim), Mlp(dim, 4 * dim)
        if quadruplet:
            self.theta = nn.Parameter(torch.tensor(0.0))
        self.quadruplet = quadruplet

    def forward(self, toks):
        xs = [self.norm1(t) for t in toks]
        qv = [self.proj(x).chunk(2, -1) for x in xs]
        qk = [q for q, _ in qv]
        maps = csa_qcs(*qk, self.theta) if self.quadruplet else csa_dcs(*qk)
        out = []
        for x, (_, v), m in zip(xs, qv, maps):
            o = self.norm2(x + m.unsqueeze(-1) * v)
            out.append(o + self.mlp(o))
        return out


class Network(nn.Module):
    """mode: 'baseline' | 'dcs' | 'qcs'. forward(list of image batches) -> (base logits list, cross logits list)."""

    def __init__(self, cfg, mode):
        super().__init__()
        w, dim = cfg["widths"], cfg["dim"]
        self.cfg, self.mode = cfg, mode
        self.ir_back = Ir50(cfg)
        self.conv1 = nn.Conv2d(w[0], w[0], 3, 2, 1)
        self.conv2 = nn.Conv2d(w[1], w[1], 3, 2, 1)
        self.conv3 = nn.Conv2d(w[2], w[2], 3, 2, 1)
        self.embed_q = nn.Sequential(nn.Conv2d(w[0], dim, 3, 2, 1), nn.Conv2d(dim, dim, 3, 2, 1))
        self.embed_k = nn.Sequential(nn.Conv2d(w[1], dim, 3, 2, 1))
        self.embed_v = TokenProjection(w[2], dim)
        self.VIT_base = Vit(cfg, cfg["base_depth"], cfg.get("base_drop", 0.0), cfg.get("base_proj_drop", 0.0))
        if mode != "baseline":
            for i in (1, 2, 3):
                setattr(self, f"cross_attention_{i}", Cross(dim, mode == "qcs"))
            self.VIT_cross = Vit(cfg, cfg["cross_depth"], cfg.get("cross_drop", 0.0), cfg.get("cross_proj_drop", 0.0))

    def branch(self, x):
        x1, x2, x3 = self.ir_back(x)
        t = torch.cat([self.embed_q(self.conv1(x1)).flatten(2).transpose(1, 2),
                       self.embed_k(self.conv2(x2)).flatten(2).transpose(1, 2),
                       self.embed_v(self.conv3(x3))], 1)
        return self.VIT_base(t)

    def forward(self, images):
        outs = [self.branch(x) for x in images]
        base = [o[0] for o in outs]
        if self.mode == "baseline":
            return base, []
        n = self.cfg["tokens"]
        levels = [o[1].split([n, n, n], 1) for o in outs]
        refined = [getattr(self, f"cross_attention_{l + 1}")([lv[l] for lv in levels]) for l in range(3)]
        cross = [self.VIT_cross(o[1] + torch.cat([refined[0][b], refined[1][b], refined[2][b]], 1))[0]
                 for b, o in enumerate(outs)]
        return base, cross


def loss(base, cross, labels):
    heads = [(l, labels[b]) for b, l in enumerate(base)] + [(l, labels[b]) for b, l in enumerate(cross)]
    return sum(F.cross_entropy(l, y) for l, y in heads) / len(heads)


PAPER = dict(widths=[64, 128, 256], depths=[3, 4, 14], dim=768, heads=8, tokens=49, backbone_size=112,
             input_size=224, base_depth=2, cross_depth=1, classes=7)
TINY = dict(widths=[8, 16, 32], depths=[1, 1, 1], dim=32, heads=4, tokens=9, backbone_size=48,
            input_size=48, base_depth=2, cross_depth=1, classes=7)
