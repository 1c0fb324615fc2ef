#!/usr/bin/python3
"""The speed peer of `labelsmooth bench`: the same ResNets and training step in PyTorch.

Builds ResNet20 v1 and ResNet83 v2 as the Keras example cifar10_resnet.py lays them out (3x3
convolutions with bias, BatchNorm with Keras' epsilon 1e-3 and momentum 0.99, 1x1 projection
shortcuts, global average pooling, a dense head), and times full training steps on random images:
forward, a label-smoothed cross-entropy against soft targets (gamma 0.9), backward, and Adam
(lr 1e-3, eps 1e-7) with an L2 term of 1e-4 on the kernels as weight decay.

Usage (Debian's interpreter and python3-torch):
  /usr/bin/python3 docs/bench/peer_pytorch.py --models v1-20 --inputs fmnist --steps 12 --json out.jsonl
Each (model, input) appends one JSON line {"model", "input", "batch", "train_img_s": {median, min, max}}.
"""
import argparse
import json
import statistics
import time

import torch
from torch import nn
from torch.nn import functional as F

SHAPES = {"fmnist": (1, 28, 28), "cifar": (3, 32, 32)}
CLASSES = 10


def conv_bn(cin, cout, kernel=3, stride=1):
    conv = nn.Conv2d(cin, cout, kernel, stride=stride, padding=kernel // 2, bias=True)
    nn.init.kaiming_normal_(conv.weight, nonlinearity="relu")
    nn.init.zeros_(conv.bias)
    return conv


def batch_norm(channels):
    # Keras momentum 0.99 keeps 99% of the old statistic; PyTorch's momentum is the new share.
    return nn.BatchNorm2d(channels, eps=1e-3, momentum=0.01)


class BasicBlock(nn.Module):
    """v1: conv-BN-ReLU, conv-BN, add the (projected) input, ReLU."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1, self.b1 = conv_bn(cin, cout, 3, stride), batch_norm(cout)
        self.c2, self.b2 = conv_bn(cout, cout), batch_norm(cout)
        self.project = conv_bn(cin, cout, 1, stride) if stride != 1 or cin != cout else None

    def forward(self, x):
        y = F.relu(self.b1(self.c1(x)))
        y = self.b2(self.c2(y))
        return F.relu(y + (self.project(x) if self.project is not None else x))


class Bottleneck(nn.Module):
    """v2: (BN-ReLU)-conv1x1, BN-ReLU-conv3x3, BN-ReLU-conv1x1, add the (projected) input."""

    def __init__(self, cin, mid, cout, stride, pre_activate):
        super().__init__()
        self.pre = nn.Sequential(batch_norm(cin), nn.ReLU()) if pre_activate else nn.Identity()
        self.c1 = conv_bn(cin, mid, 1, stride)
        self.b2, self.c2 = batch_norm(mid), conv_bn(mid, mid)
        self.b3, self.c3 = batch_norm(mid), conv_bn(mid, cout, 1)
        self.project = conv_bn(cin, cout, 1, stride) if stride != 1 or cin != cout else None

    def forward(self, x):
        y = self.c1(self.pre(x))
        y = self.c2(F.relu(self.b2(y)))
        y = self.c3(F.relu(self.b3(y)))
        return y + (self.project(x) if self.project is not None else x)


class ResNet(nn.Module):
    def __init__(self, version, depth, channels):
        super().__init__()
        if version == 1:
            n = (depth - 2) // 6
            self.stem = nn.Sequential(conv_bn(channels, 16), batch_norm(16), nn.ReLU())
            blocks, cin = [], 16
            for stage, width in enumerate((16, 32, 64)):
                for i in range(n):
                    blocks.append(BasicBlock(cin, width, 2 if stage > 0 and i == 0 else 1))
                    cin = width
            self.head_norm = nn.Identity()
        else:
            n = (depth - 2) // 9
            self.stem = nn.Sequential(conv_bn(channels, 16), batch_norm(16), nn.ReLU())
            blocks, cin, mid = [], 16, 16
            for stage in range(3):
                cout = mid * (4 if stage == 0 else 2)
                for i in range(n):
                    stride = 2 if stage > 0 and i == 0 else 1
                    blocks.append(Bottleneck(cin, mid, cout, stride, pre_activate=not (stage == 0 and i == 0)))
                    cin = cout
                mid = cout
            self.head_norm = nn.Sequential(batch_norm(cin), nn.ReLU())
        self.blocks = nn.Sequential(*blocks)
        self.dense = nn.Linear(cin, CLASSES)
        nn.init.kaiming_normal_(self.dense.weight, nonlinearity="relu")
        nn.init.zeros_(self.dense.bias)

    def forward(self, x):
        x = self.head_norm(self.blocks(self.stem(x)))
        return self.dense(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def smoothed_cross_entropy(logits, labels, gamma):
    off = (1 - gamma) / (CLASSES - 1)
    target = torch.full_like(logits, off).scatter_(1, labels[:, None], gamma)
    return -(target * F.log_softmax(logits, dim=1)).sum(dim=1).mean()


def train_throughput(model, shape, batch, warmup, steps):
    kernels = [p for name, p in model.named_parameters() if name.endswith("weight") and p.dim() > 1]
    others = [p for name, p in model.named_parameters() if not (name.endswith("weight") and p.dim() > 1)]
    # Adam's weight_decay adds wd * w to the gradient: 2 * 1e-4 * w is the gradient of 1e-4 * sum(w^2).
    adam = torch.optim.Adam([{"params": kernels, "weight_decay": 2e-4}, {"params": others}], lr=1e-3, eps=1e-7)
    model.train()
    rates = []
    for step in range(warmup + steps):
        x = torch.randn(batch, *shape)
        y = torch.randint(0, CLASSES, (batch,))
        start = time.perf_counter()
        adam.zero_grad(set_to_none=True)
        smoothed_cross_entropy(model(x), y, 0.9).backward()
        adam.step()
        if step >= warmup:
            rates.append(batch / (time.perf_counter() - start))
    return rates


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", default="v1-20", help="comma list of v1-20, v2-83")
    parser.add_argument("--inputs", default="fmnist", help="comma list of fmnist, cifar")
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--steps", type=int, default=12)
    parser.add_argument("--threads", type=int, default=0, help="intra-op threads (0: PyTorch's choice)")
    parser.add_argument("--json", help="append one JSON line per measurement to this file")
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    for spec in args.models.split(","):
        version, depth = spec.split("-")
        for name in args.inputs.split(","):
            shape = SHAPES[name]
            model = ResNet(int(version[1:]), int(depth), shape[0])
            rates = train_throughput(model, shape, args.batch, args.warmup, args.steps)
            row = {
                "model": spec,
                "input": "x".join(map(str, shape)),
                "batch": args.batch,
                "threads": torch.get_num_threads(),
                "torch": torch.__version__,
                "train_img_s": {"median": statistics.median(rates), "min": min(rates), "max": max(rates)},
            }
            print(json.dumps(row))
            if args.json:
                with open(args.json, "a") as out:
                    out.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
