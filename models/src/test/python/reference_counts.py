"""Reference parameter and multiply-add counts for the CIFAR models of labelsmooth-models.

Independent PyTorch definitions written from the papers (bias-free convolutions, BatchNorm with
affine gamma/beta, a dense head with bias), counted with forward hooks. The Java tests assert the
numbers this prints; rerun with Debian's python3-torch:

    /usr/bin/python3 models/src/test/python/reference_counts.py

Trainable parameters are PyTorch's parameters() (BatchNorm running statistics are buffers, not
counted). Multiply-adds count convolutions (output elements x in/groups x kh x kw) and dense
layers (in x out); BatchNorm, activations, pooling and additions are not counted.
"""
import torch
import torch.nn as nn


def bn_relu(c):
    return nn.Sequential(nn.BatchNorm2d(c), nn.ReLU())


class WideBlock(nn.Module):
    """Pre-activation basic block of Zagoruyko & Komodakis (2016)."""

    def __init__(self, cin, cout, stride, dropout):
        super().__init__()
        self.pre = bn_relu(cin)
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.mid = bn_relu(cout)
        self.drop = nn.Dropout(dropout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.short = None if cin == cout and stride == 1 else nn.Conv2d(cin, cout, 1, stride, bias=False)

    def forward(self, x):
        a = self.pre(x)
        out = self.conv2(self.drop(self.mid(self.conv1(a))))
        return out + (x if self.short is None else self.short(a))


def wide_resnet(depth, k, classes):
    n = (depth - 4) // 6
    widths = [16, 16 * k, 32 * k, 64 * k]
    layers = [nn.Conv2d(3, 16, 3, 1, 1, bias=False)]
    cin = 16
    for stage in range(3):
        for b in range(n):
            layers.append(WideBlock(cin, widths[stage + 1], 2 if stage > 0 and b == 0 else 1, 0.0))
            cin = widths[stage + 1]
    layers += [bn_relu(cin), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, classes)]
    return nn.Sequential(*layers)


class PreActBlock(nn.Module):
    """Pre-activation basic block of He et al., Identity Mappings (2016)."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.pre = bn_relu(cin)
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.mid = bn_relu(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.short = None if cin == cout and stride == 1 else nn.Conv2d(cin, cout, 1, stride, bias=False)

    def forward(self, x):
        a = self.pre(x)
        out = self.conv2(self.mid(self.conv1(a)))
        return out + (x if self.short is None else self.short(a))


def preact_resnet18(classes):
    layers = [nn.Conv2d(3, 64, 3, 1, 1, bias=False)]
    cin = 64
    for stage, width in enumerate([64, 128, 256, 512]):
        for b in range(2):
            layers.append(PreActBlock(cin, width, 2 if stage > 0 and b == 0 else 1))
            cin = width
    layers += [bn_relu(cin), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, classes)]
    return nn.Sequential(*layers)


class DenseLayer(nn.Module):
    def __init__(self, cin, growth):
        super().__init__()
        self.body = nn.Sequential(
            bn_relu(cin), nn.Conv2d(cin, 4 * growth, 1, bias=False),
            bn_relu(4 * growth), nn.Conv2d(4 * growth, growth, 3, 1, 1, bias=False))

    def forward(self, x):
        return torch.cat([x, self.body(x)], 1)


def densenet_bc(depth, growth, classes, compression=0.5):
    n = (depth - 4) // 6
    c = 2 * growth
    layers = [nn.Conv2d(3, c, 3, 1, 1, bias=False)]
    for block in range(3):
        for _ in range(n):
            layers.append(DenseLayer(c, growth))
            c += growth
        if block < 2:
            out = int(c * compression)
            layers += [bn_relu(c), nn.Conv2d(c, out, 1, bias=False), nn.AvgPool2d(2)]
            c = out
    layers += [bn_relu(c), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(c, classes)]
    return nn.Sequential(*layers)


def count(model, shape=(3, 32, 32)):
    macs = [0]

    def hook(m, inp, out):
        if isinstance(m, nn.Conv2d):
            macs[0] += out.numel() // out.shape[0] * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]
        elif isinstance(m, nn.Linear):
            macs[0] += m.in_features * m.out_features

    for m in model.modules():
        m.register_forward_hook(hook)
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, *shape))
    return sum(p.numel() for p in model.parameters()), macs[0]


if __name__ == "__main__":
    for name, make in [
        ("wrn-16-4", lambda k: wide_resnet(16, 4, k)),
        ("wrn-16-8", lambda k: wide_resnet(16, 8, k)),
        ("wrn-28-10", lambda k: wide_resnet(28, 10, k)),
        ("preact-resnet18", preact_resnet18),
        ("densenet-bc-100-12", lambda k: densenet_bc(100, 12, k)),
    ]:
        for classes in (10, 100):
            params, macs = count(make(classes))
            print(f"{name} K={classes}: parameters {params}, multiply-adds {macs}")
