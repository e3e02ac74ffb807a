#!/usr/bin/python3
"""Writes the forensic benchmark's data set: a CSV of ROWS x COLS numeric columns (plus an id and a
text column) drawn from a correlated Gaussian, with 2% of the rows made anomalous (a few columns
pushed 4-8 SDs off, or a correlated pair broken), and the anomalous data-row numbers (1-based,
spreadsheet row = data row + 1) in labels.txt.   make_dataset.py OUT_DIR [ROWS] [COLS] [SEED]"""
import os
import sys

import numpy as np

out = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
cols = int(sys.argv[3]) if len(sys.argv) > 3 else 20
rng = np.random.default_rng(int(sys.argv[4]) if len(sys.argv) > 4 else 5)

latent = rng.normal(size=(rows, 4))
mixing = rng.normal(size=(4, cols))
data = latent @ mixing + 0.3 * rng.normal(size=(rows, cols))
scale = rng.uniform(10, 1000, size=cols)
offset = rng.uniform(0, 5000, size=cols)

anomalous = rng.choice(rows, size=rows // 50, replace=False)
std = data.std(axis=0)
for k, r in enumerate(anomalous):
    if k % 2 == 0:   # a few columns far off
        hit = rng.choice(cols, size=rng.integers(1, 4), replace=False)
        data[r, hit] += rng.choice([-1, 1], size=hit.size) * rng.uniform(4, 8, size=hit.size) * std[hit]
    else:            # the correlation structure broken: fresh values, each plausible alone
        data[r] = rng.normal(size=cols) * std * 1.6
values = data * scale / std + offset

os.makedirs(out, exist_ok=True)
header = "id,region," + ",".join(f"m{c:02d}" for c in range(cols))
with open(os.path.join(out, "data.csv"), "w") as f:
    f.write(header + "\n")
    chunk = 100_000
    for start in range(0, rows, chunk):
        block = values[start:start + chunk]
        lines = []
        for i, row in enumerate(block, start=start + 1):
            lines.append(f"{i},r{i % 5}," + ",".join(f"{v:.3f}" for v in row))
        f.write("\n".join(lines) + "\n")
np.savetxt(os.path.join(out, "labels.txt"), np.sort(anomalous) + 1, fmt="%d")
print(f"wrote {rows} rows x {cols} numeric columns, {anomalous.size} anomalies, "
      f"{os.path.getsize(os.path.join(out, 'data.csv')) / 1e6:.0f} MB")
