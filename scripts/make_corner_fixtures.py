#!/usr/bin/env python3
"""Write the fixtures of two corners where scikit-learn 1.9.1 behaves unusually.

Run by hand, from any directory, with scikit-learn 1.9.1 installed:

    python3 scripts/make_corner_fixtures.py

It writes Tests/LearningTests/Fixtures/corners.json (committed; the tests never
need Python). Running it again gives a byte-identical file.

1. Samples that receive no label. With one labeled class, a sample the graph
   never reaches keeps an all-zero row in `label_distributions_`;
   `scipy.stats.entropy` of that row is NaN, and `np.argsort` puts NaN after
   every number, so the example's `argsort(entropies)[-k:]` lists those samples
   as the most uncertain. NumPy's default sort is not stable, so among the NaN
   samples its order is arbitrary; `report` ranks them by index. The fixture
   records which samples are NaN and what scikit-learn picked.

2. `classification_report` when no scored sample is predicted correctly: its
   `precision_recall_fscore_support` takes the "Pathological case" branch
   (sklearn/metrics/_classification.py), the supports become floats, and the
   text shows them as `1.0`, `2.0`.
"""

import json
import pathlib
import warnings

import numpy as np
import scipy.stats
import sklearn
from sklearn.metrics import classification_report
from sklearn.semi_supervised import LabelPropagation, LabelSpreading

ROOT = pathlib.Path(__file__).resolve().parent.parent
DIGITS_CSV = ROOT / "data" / "digits.csv"
FIXTURES = ROOT / "Tests" / "LearningTests" / "Fixtures"

assert sklearn.__version__ == "1.9.1", sklearn.__version__


def digits():
    table = np.loadtxt(DIGITS_CSV, delimiter=",", dtype=np.int64)
    return table[:, :64].astype(np.float64), table[:, 64]


def selection(seed, samples, labeled):
    """The `report` tool's selection: NumPy's legacy shuffle, a prefix, labels kept for the first few."""
    features, target = digits()
    order = np.arange(len(features))
    np.random.RandomState(seed).shuffle(order)
    indices = order[:samples]
    y = target[indices]
    y_train = y.copy()
    y_train[labeled:] = -1
    return features[indices], y, y_train


def fit(model, X, y_train, **parameters):
    estimator = (LabelPropagation if model == "propagation" else LabelSpreading)(**parameters)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        estimator.fit(X, y_train)
    return estimator


def unreached_case(seed, samples, labeled, model, uncertain, **parameters):
    X, _, y_train = selection(seed, samples, labeled)
    estimator = fit(model, X, y_train, **parameters)
    with np.errstate(invalid="ignore", divide="ignore"):
        entropies = scipy.stats.entropy(estimator.label_distributions_.T)
    nan = np.isnan(entropies)
    assert nan.any(), "the case must leave some samples without a label"
    picked = np.argsort(entropies)[-uncertain:]
    # NumPy sorts NaN last: every pick is a NaN sample while there are enough of them.
    assert all(nan[picked[-min(uncertain, nan.sum()):]])
    return {
        "seed": seed,
        "samples": samples,
        "labeled": labeled,
        "model": model,
        "gamma": parameters.get("gamma", 20),
        "max_iter": parameters["max_iter"],
        "uncertain": uncertain,
        "unreached": np.flatnonzero(nan).tolist(),
        "entropies": [None if np.isnan(value) else float(value) for value in entropies],
        "sklearn_argsort_tail": picked.tolist(),
    }


def report_case(truth, predicted):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text = classification_report(truth, predicted)
    return {"truth": list(truth), "predicted": list(predicted), "report_text": text}


def experiment_report_case(seed, samples, labeled):
    """The report of a default label-spreading run, as `report --samples N --labeled L --seed S`."""
    X, y, y_train = selection(seed, samples, labeled)
    estimator = fit("spreading", X, y_train, gamma=0.25, max_iter=20)
    truth = y[labeled:]
    predicted = estimator.transduction_[labeled:]
    case = report_case(truth.tolist(), predicted.tolist())
    case.update({"seed": seed, "samples": samples, "labeled": labeled})
    return case


def main():
    fixtures = {
        "unreached": [
            # The command: report --samples 20 --labeled 1 --seed 9
            #   --model propagation --gamma 0.3 --max-iter 1 --uncertain 3
            unreached_case(9, 20, 1, "propagation", 3, gamma=0.3, max_iter=1),
            unreached_case(9, 20, 1, "propagation", 6, gamma=0.3, max_iter=1),
        ],
        "reports": [
            report_case([3], [5]),
            report_case([3, 4], [5, 3]),
            report_case([0, 1, 2], [1, 2, 0]),
        ],
        "experiment_reports": [experiment_report_case(0, 2, 1)],
    }
    for case in fixtures["experiment_reports"] + fixtures["reports"]:
        assert "1.0" in case["report_text"], "each case must be the pathological branch"
    text = json.dumps(fixtures, indent=1, sort_keys=True, allow_nan=False) + "\n"
    (FIXTURES / "corners.json").write_text(text)


if __name__ == "__main__":
    main()
