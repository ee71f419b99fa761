#!/usr/bin/env python3
"""Write the fixtures of a report's "What this means" numbers.

Run by hand, from any directory, with scikit-learn 1.9.1 and SciPy installed:

    python3 scripts/make_interpretation_fixtures.py

It writes Tests/LearningTests/Fixtures/interpretation.json (committed; the tests never
need Python). Running it again gives a byte-identical file.

- `wilson`: SciPy's `binomtest(k, n).proportion_ci(method="wilson")`, the 95% interval
  of an accuracy of k right out of n.
- `cases`: runs selected as `report` selects them (NumPy's legacy shuffle, a prefix,
  StandardScaler when asked, the first `labeled` keep their class), each with the model's
  accuracy on the other samples, the accuracy of
  `KNeighborsClassifier(n_neighbors=1, algorithm="brute")` trained on the labeled samples
  alone, the share of unlabeled samples where both predict the same class, and the median
  over evenly spread samples (`k * n // m` for k < m = min(n, 300)) of the largest share of
  a sample's RBF weight `exp(-gamma d^2)` that goes to one other sample.
"""

import json
import pathlib

import numpy as np
import scipy
import sklearn
from scipy.stats import binomtest
from sklearn.metrics.pairwise import euclidean_distances
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import StandardScaler
from sklearn.semi_supervised import LabelPropagation, LabelSpreading

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "Tests" / "LearningTests" / "Fixtures"

assert sklearn.__version__ == "1.9.1", sklearn.__version__


def load(name):
    if name == "digits":
        table = np.loadtxt(ROOT / "data" / "digits.csv", delimiter=",")
        return table[:, :64], table[:, 64].astype(np.int64)
    lines = (FIXTURES / "iris.csv").read_text().splitlines()[1:]
    table = np.array([[float(v) for v in line.split(",")] for line in lines if line])
    return table[:, :4], table[:, 4].astype(np.int64)


def largest_shares(X, gamma, limit=300):
    n = len(X)
    m = min(n, limit)
    distances = euclidean_distances(X, squared=True)
    shares = []
    for k in range(m):
        i = k * n // m
        d = np.delete(distances[i], i)
        shares.append(1.0 / np.exp(-gamma * (d - d.min())).sum())
    return float(np.median(shares)), m


def case(name, *, data, seed, samples, labeled, model, gamma, standardize):
    features, target = load(data)
    rng = np.random.RandomState(seed)
    order = np.arange(len(features))
    rng.shuffle(order)
    X = features[order[:samples]].astype(np.float64)
    y = target[order[:samples]]
    if standardize:
        X = StandardScaler().fit_transform(X)
    y_train = np.copy(y)
    y_train[labeled:] = -1
    if model == "spreading":
        estimator = LabelSpreading(kernel="rbf", gamma=gamma, alpha=0.2, max_iter=20, tol=1e-3)
    else:
        estimator = LabelPropagation(kernel="rbf", gamma=gamma, max_iter=1000, tol=1e-3)
    estimator.fit(X, y_train)
    predicted = estimator.transduction_[labeled:]
    nearest = KNeighborsClassifier(n_neighbors=1, algorithm="brute")
    nearest.fit(X[:labeled], y[:labeled])
    baseline = nearest.predict(X[labeled:])
    share, examined = largest_shares(X, gamma)
    correct = int((predicted == y[labeled:]).sum())
    return {
        "name": name, "data": data, "seed": seed, "samples": samples, "labeled": labeled,
        "model": model, "gamma": gamma, "standardize": standardize,
        "scored": int(samples - labeled), "correct": correct,
        "baseline_accuracy": float((baseline == y[labeled:]).mean()),
        "agreement_with_baseline": float((baseline == predicted).mean()),
        "median_largest_weight_share": share, "samples_examined": examined,
    }


def main():
    wilson = []
    for k, n in [(269, 300), (17, 20), (20, 20), (0, 5), (1, 1), (131, 135), (50, 100)]:
        interval = binomtest(k, n).proportion_ci(method="wilson")
        wilson.append({"successes": k, "trials": n, "low": float(interval.low),
                       "high": float(interval.high)})
    cases = [
        case("digits_default", data="digits", seed=2, samples=340, labeled=40,
             model="spreading", gamma=0.25, standardize=False),
        case("iris_propagation_gamma20", data="iris", seed=2, samples=150, labeled=15,
             model="propagation", gamma=20.0, standardize=True),
    ]
    out = {
        "generator": f"scripts/make_interpretation_fixtures.py with scikit-learn "
                     f"{sklearn.__version__}, SciPy {scipy.__version__}",
        "wilson": wilson, "cases": cases,
    }
    path = FIXTURES / "interpretation.json"
    path.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    print(json.dumps(cases, indent=1))


main()
