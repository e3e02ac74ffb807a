#!/usr/bin/python3
"""The comparison of bench/forensic_bench.sh: the same CSV through pandas + scikit-learn's
IsolationForest (100 trees, the default), threshold at the same score quantile as Sentinel's
default (0.98). Prints JSON: seconds (read, fit+score, total), peak RSS and the flagged data rows
(1-based) in flagged.txt.   sklearn_baseline.py DATA_DIR [QUANTILE]"""
import json
import os
import resource
import sys
import time

import numpy as np
import pandas as pd
from sklearn.ensemble import IsolationForest

data_dir = sys.argv[1]
quantile = float(sys.argv[2]) if len(sys.argv) > 2 else 0.98
t0 = time.perf_counter()
frame = pd.read_csv(os.path.join(data_dir, "data.csv"))
numeric = frame.drop(columns=["id"]).select_dtypes("number").to_numpy()
t1 = time.perf_counter()
forest = IsolationForest(n_estimators=100, random_state=0, n_jobs=-1).fit(numeric)
scores = -forest.score_samples(numeric)  # higher = more anomalous
cutoff = np.quantile(scores, quantile)
flagged = np.nonzero(scores > cutoff)[0] + 1
t2 = time.perf_counter()
np.savetxt(os.path.join(data_dir, "flagged.txt"), flagged, fmt="%d")
print(json.dumps({"read_s": round(t1 - t0, 2), "detect_s": round(t2 - t1, 2), "total_s": round(t2 - t0, 2),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))
