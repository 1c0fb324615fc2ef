"""Spearman correlation between each epoch's search score and the final score, per gamma.

The score is what `search` ranks by: the mean over seeds of the best validation accuracy up to
the epoch. Reads the committed Fashion-MNIST gamma study's epochs.csv; standard library only.
Run from the repository root: python3 reports/search-replay-fashion-mnist-resnet20-v1/rank_correlation.py
"""

import csv
import statistics

ROWS = list(csv.DictReader(open("reports/fashion-mnist-resnet20-v1/epochs.csv")))
ACC = {}
for r in ROWS:
    ACC.setdefault(float(r["gamma"]), {}).setdefault(int(r["seed"]), {})[int(r["epoch"])] = float(
        r["val_acc"]
    )
GAMMAS = sorted(ACC, reverse=True)
EPOCHS = max(int(r["epoch"]) for r in ROWS)
RATE = {int(r["epoch"]): r["lr"] for r in ROWS}


def score(gamma, epoch):
    return statistics.mean(
        max(v for e, v in ACC[gamma][s].items() if e <= epoch) for s in ACC[gamma]
    )


def ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = [0] * len(values)
    for rank, i in enumerate(order):
        out[i] = rank
    return out


def spearman(a, b):
    ra, rb = ranks(a), ranks(b)
    n = len(a)
    return 1 - 6 * sum((x - y) ** 2 for x, y in zip(ra, rb)) / (n * (n * n - 1))


final = [score(g, EPOCHS) for g in GAMMAS]
close = [i for i, g in enumerate(GAMMAS) if g >= 0.5]
print("| epoch | learning rate | Spearman, all 9 gammas | Spearman, gamma 0.5-1.0 |")
print("|---:|---:|---:|---:|")
for epoch in range(1, EPOCHS + 1):
    now = [score(g, epoch) for g in GAMMAS]
    print(
        f"| {epoch} | {RATE[epoch]} | {spearman(now, final):.2f} | "
        f"{spearman([now[i] for i in close], [final[i] for i in close]):.2f} |"
    )
