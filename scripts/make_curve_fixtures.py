#!/usr/bin/env python3
"""Write the scikit-learn reference points for the learning-curve tests.

Run by hand, from any directory:

    pip install scikit-learn
    python3 scripts/make_curve_fixtures.py

Files written into Tests/LearningTests/Fixtures/ (committed; the Swift tests
never run Python, and running the script again gives identical bytes):

  curve_digits.json   accuracy and macro F1 on the unlabeled samples for a few
                      (model, labeled, seed) points on the digits, and the
                      per-(model, labeled) summary over those seeds
  curve_ties.json     a small integer data set built so that queries sit at
                      exactly the same distance from several training points
                      of different classes, with KNeighborsClassifier's answers

Each point repeats the learning curve's procedure:

  1. idx = arange(n); RandomState(seed).shuffle(idx); keep idx[:samples]
  2. the first `labeled` selected samples keep their labels, the rest get -1
  3. fit the model; score its predictions on samples labeled..samples-1

The graph models are LabelSpreading / LabelPropagation fitted transductively;
the supervised baseline is KNeighborsClassifier(n_neighbors=1) fitted on the
labeled samples alone and asked to predict the others.

About ties: KNeighborsClassifier.predict with uniform weights goes through
ArgKminClassMode (brute force, strategy "parallel_on_X"). Each query scans the
training rows in index order and pushes them onto a max-heap of size k that
rejects a candidate whose distance is >= the current worst, so with k = 1 the
lowest training index wins among exactly equal distances. On integer data the
distances are exact, so the ties are real; the script asserts the rule on every
point it writes.
"""

import json
import math
import pathlib
import warnings

import numpy as np
import sklearn
from sklearn import datasets
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import accuracy_score, f1_score
from sklearn.neighbors import KNeighborsClassifier
from sklearn.semi_supervised import LabelPropagation, LabelSpreading

ROOT = pathlib.Path(__file__).resolve().parent.parent
DIGITS_CSV = ROOT / "data" / "digits.csv"
FIXTURES = ROOT / "Tests" / "LearningTests" / "Fixtures"

SAMPLES = 340
LABELED = [10, 40, 160]
SEEDS = [0, 1, 5]
GAMMA = 0.25

# name -> a function of nothing that returns a fresh, unfitted estimator
GRAPH_MODELS = {
    "label spreading": lambda: LabelSpreading(kernel="rbf", gamma=GAMMA, max_iter=20),
    "label propagation": lambda: LabelPropagation(kernel="rbf", gamma=GAMMA, max_iter=1000),
}
NEAREST_NEIGHBOR = "nearest neighbor"
MODEL_ORDER = ["label spreading", "label propagation", NEAREST_NEIGHBOR]


def to_json_text(value):
    """One top-level key per line, floats in Python's shortest round-trip form."""

    def dump(item):
        return json.dumps(item, sort_keys=True, separators=(",", ":"), allow_nan=False)

    lines = [f"{dump(key)}:{dump(value[key])}" for key in sorted(value)]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def write(name, value):
    text = to_json_text(value)
    assert json.loads(text) == value, f"{name} does not read back"
    (FIXTURES / name).write_text(text)
    print(f"wrote {name}")


def load_digits_csv():
    table = np.loadtxt(DIGITS_CSV, delimiter=",", dtype=np.int64)
    assert table.shape == (1797, 65), table.shape
    features, target = table[:, :64].astype(np.float64), table[:, 64]
    reference = datasets.load_digits()
    assert np.array_equal(features, reference.data), "data/digits.csv is not load_digits()"
    assert np.array_equal(target, reference.target), "digit labels differ from load_digits()"
    return features, target


def lowest_index_nearest(train, queries):
    """Per query: the lowest training index among those at the smallest distance."""
    squared = ((queries[:, None, :] - train[None, :, :]) ** 2).sum(axis=2)
    nearest = squared.min(axis=1)
    first = np.array([np.flatnonzero(row == best)[0] for row, best in zip(squared, nearest)])
    tied = np.array([np.count_nonzero(row == best) > 1 for row, best in zip(squared, nearest)])
    return first, tied, squared, nearest


def nearest_neighbor_predictions(train, train_labels, queries):
    """KNeighborsClassifier(n_neighbors=1), checked against the lowest-index rule."""
    model = KNeighborsClassifier(n_neighbors=1).fit(train, train_labels)
    predicted = model.predict(queries)
    neighbors = model.kneighbors(queries, return_distance=False)[:, 0]
    first, tied, squared, nearest = lowest_index_nearest(train, queries)
    assert np.array_equal(neighbors, first), "kneighbors broke a tie another way"
    assert np.array_equal(predicted, train_labels[first]), "predict broke a tie another way"
    classes_tied = sum(
        len(set(train_labels[np.flatnonzero(row == best)])) > 1
        for row, best in zip(squared, nearest)
    )
    return predicted, int(tied.sum()), int(classes_tied)


def curve_point(features, target, model_name, labeled, seed):
    order = np.arange(len(target))
    np.random.RandomState(seed).shuffle(order)
    selected = order[:SAMPLES]
    x, y = features[selected], target[selected]
    truth = y[labeled:]
    ties = None
    if model_name == NEAREST_NEIGHBOR:
        predicted, tied, classes_tied = nearest_neighbor_predictions(
            x[:labeled], y[:labeled], x[labeled:]
        )
        ties = {"tied_queries": tied, "tied_across_classes": classes_tied}
    else:
        y_train = np.copy(y)
        y_train[labeled:] = -1
        model = GRAPH_MODELS[model_name]()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(x, y_train)
        predicted = model.transduction_[labeled:]
    point = {
        "model": model_name,
        "labeled": labeled,
        "seed": seed,
        "evaluated": int(len(truth)),
        "accuracy": float(accuracy_score(truth, predicted)),
        # classification_report's macro average: labels are the union of
        # truth and predictions, an undefined score counts as 0.
        "macro_f1": float(f1_score(truth, predicted, average="macro", zero_division=0)),
    }
    if ties is not None:
        point.update(ties)
    return point


def summarize(points):
    rows = []
    for model_name in MODEL_ORDER:
        for labeled in LABELED:
            chosen = [p for p in points if p["model"] == model_name and p["labeled"] == labeled]
            accuracy = np.array([p["accuracy"] for p in chosen])
            macro_f1 = np.array([p["macro_f1"] for p in chosen])
            rows.append(
                {
                    "model": model_name,
                    "labeled": labeled,
                    "runs": len(chosen),
                    "mean": float(np.mean(accuracy)),
                    "std": float(np.std(accuracy, ddof=0)),
                    "min": float(np.min(accuracy)),
                    "max": float(np.max(accuracy)),
                    "mean_macro_f1": float(np.mean(macro_f1)),
                }
            )
    return rows


def make_curve(features, target):
    points = [
        curve_point(features, target, model_name, labeled, seed)
        for model_name in MODEL_ORDER
        for labeled in LABELED
        for seed in SEEDS
    ]
    for point in points:
        assert all(math.isfinite(point[key]) for key in ("accuracy", "macro_f1"))
    return {
        "sklearn_version": sklearn.__version__,
        "data": "digits",
        "samples": SAMPLES,
        "labeled": LABELED,
        "seeds": SEEDS,
        "gamma": GAMMA,
        "spreading_max_iter": 20,
        "propagation_max_iter": 1000,
        "models": MODEL_ORDER,
        "points": points,
        "summary": summarize(points),
    }


def make_ties():
    """Integer points with queries equidistant from differently labeled training rows.

    16 features, so that KNeighborsClassifier's algorithm="auto" picks brute
    force as it does on the digits (at most 15 features it picks a k-d tree,
    which resolves ties in its own traversal order, not by index). 600
    training rows put tied candidates in different 256-row chunks of the
    search, so the rule is checked across chunk boundaries too.
    """
    rng = np.random.RandomState(0)
    train = rng.randint(0, 5, size=(600, 16)).astype(np.float64) * 2
    labels = np.arange(600) % 5
    # Exact duplicates with other labels: distance 0 to both copies.
    train[400] = train[40]  # labels 0 and 0 -> relabel below
    labels[400] = 3
    train[599] = train[100]
    labels[599] = 2
    queries = [train[40], train[100]]
    # Tied groups: a query with odd coordinates and training rows one unit
    # away from it along different axes (squared distance 1), while every
    # other training row has even coordinates (squared distance >= 16). The
    # groups span chunk boundaries and list the higher index first in places.
    groups = [(3, 590), (301, 10), (255, 256), (0, 598, 333), (120, 121), (511, 7), (44, 300)]
    for number, group in enumerate(groups):
        query = rng.randint(0, 4, size=16).astype(np.float64) * 2 + 1
        for position, row in enumerate(group):
            offset = np.zeros(16)
            offset[(number + 3 * position) % 16] = 1 if position % 2 == 0 else -1
            train[row] = query + offset
            labels[row] = (number + position) % 5
        queries.append(query)
    queries += list(rng.randint(0, 10, size=(21, 16)).astype(np.float64))
    queries = np.array(queries)
    model = KNeighborsClassifier(n_neighbors=1).fit(train, labels)
    assert model._fit_method == "brute", model._fit_method
    predicted = model.predict(queries)
    neighbors = model.kneighbors(queries, return_distance=False)[:, 0]
    first, tied, squared, nearest = lowest_index_nearest(train, queries)
    assert np.array_equal(neighbors, first) and np.array_equal(predicted, labels[first])
    across = [len(set(labels[np.flatnonzero(r == b)])) > 1 for r, b in zip(squared, nearest)]
    assert sum(across) >= 6, "the data set should contain ties between classes"
    return {
        "sklearn_version": sklearn.__version__,
        "train": train.astype(int).tolist(),
        "labels": labels.tolist(),
        "queries": queries.astype(int).tolist(),
        "neighbors": neighbors.tolist(),
        "predictions": predicted.tolist(),
        "tied_across_classes": [bool(a) for a in across],
    }


def main():
    features, target = load_digits_csv()
    write("curve_digits.json", make_curve(features, target))
    write("curve_ties.json", make_ties())


if __name__ == "__main__":
    main()
