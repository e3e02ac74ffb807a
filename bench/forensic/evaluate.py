#!/usr/bin/python3
"""Precision and recall of flagged rows against labels.txt.   evaluate.py LABELS FLAGGED
FLAGGED is a file of data-row numbers, or a Sentinel scan result (JSON) whose threats carry
spreadsheet rows (data row + 1)."""
import json
import sys

labels = set(int(x) for x in open(sys.argv[1]).read().split())
text = open(sys.argv[2]).read()
if text.lstrip().startswith("{"):
    result = json.loads(text)
    flagged = set(t["row"] - 1 for t in result["threats"])
    if len(flagged) < result["threats_detected"]:
        print(f"warning: only {len(flagged)} of {result['threats_detected']} threats returned", file=sys.stderr)
else:
    flagged = set(int(x) for x in text.split())
hits = len(labels & flagged)
precision = hits / len(flagged) if flagged else 0.0
recall = hits / len(labels) if labels else 0.0
print(json.dumps({"flagged": len(flagged), "true_anomalies": len(labels), "precision": round(precision, 3),
                  "recall": round(recall, 3)}))
