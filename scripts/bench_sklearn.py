"""scikit-learn's side of scripts/bench: one CSV, one kernel, several timed fits.

Prints one JSON line: {"times": [...], "peak_bytes": N, "transduction": [...]}, the
same shape the Swift `bench fit` prints. The first n/10 rows are labeled, the
model is LabelSpreading(gamma=0.25 or n_neighbors=7, max_iter=20). With a fourth
argument `own`, the file's own labels are used as they are (-1: unlabeled), as `report
--data` reads them (the large sizes of scripts/bench).
"""
import json
import resource
import sys
import time

import numpy as np
from sklearn.semi_supervised import LabelSpreading

path, kernel, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
own_labels = len(sys.argv) > 4 and sys.argv[4] == "own"
table = np.loadtxt(path, delimiter=",", skiprows=1)
X, y = table[:, :-1], table[:, -1].astype(int)
y_train = y.copy()
if not own_labels:
    y_train[max(1, len(y) // 10):] = -1
times = []
for _ in range(repeats):
    model = LabelSpreading(kernel=kernel, gamma=0.25, n_neighbors=7, max_iter=20)
    start = time.perf_counter()
    model.fit(X, y_train)
    times.append(time.perf_counter() - start)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"times": times, "peak_bytes": peak, "transduction": model.transduction_.tolist()}))
