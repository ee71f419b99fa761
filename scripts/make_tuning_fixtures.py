#!/usr/bin/env python3
"""Write the scikit-learn reference fixtures for `report tune` (issue 15).

Run by hand, from any directory:

    pip install scikit-learn
    python3 scripts/make_tuning_fixtures.py

Files written into Tests/LearningTests/Fixtures/ (committed; the Swift tests
never run Python, and running the script again gives identical bytes):

  stratified_kfold.json  StratifiedKFold(n_splits=K, shuffle=True, random_state=S)
                         fold assignments (`test_folds`, one fold number per
                         sample) for several class balances and seeds, with the
                         warning scikit-learn gives when a class has fewer
                         members than K, and the inputs it refuses
  tuning_<name>.json     a cross-validated grid, fold by fold (see below)

The tuning protocol (the issue's words, done with scikit-learn):
  1. Select the samples as `report` does: RandomState(seed).shuffle(arange(n)),
     keep the first `samples`, z-score them if asked (StandardScaler); the first
     `labeled` keep their labels.
  2. Split the labeled samples, in sample order, with
     StratifiedKFold(n_splits=folds, shuffle=True, random_state=fold_seed) on
     their classes.
  3. For each cell (model, gamma or k, alpha) and each fold: hide the fold's
     labels (-1), fit on all samples, score `transduction_` on the hidden
     samples: accuracy and macro F1 (f1_score(average="macro",
     zero_division=0), the macro average of classification_report).
  4. A cell's score is the mean over folds with the population standard
     deviation (np.std, as GridSearchCV's std_test_score).
  5. `unlabeled_accuracy`: the cell fitted with all labels, scored on the
     unlabeled samples (their classes are known here).
  6. Best: the highest mean, then the smaller std, then the first in grid order
     (model, then gamma or k, then alpha, each in the order given).

kNN graphs: scikit-learn's brute-force neighbour search breaks distance ties
its own way; the project's breaks them by the lower sample index. The script
asserts that every kNN graph it uses is the same under both rules, so that the
fixtures hold fold by fold.
"""

import pathlib
import warnings

import numpy as np
import sklearn
from sklearn import datasets
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler
from sklearn.semi_supervised import LabelPropagation, LabelSpreading

from make_curve_fixtures import load_digits_csv, to_json_text, write  # shared with the curve

assert sklearn.__version__ == "1.9.1", f"the fixtures are for scikit-learn 1.9.1, not {sklearn.__version__}"

ROOT = pathlib.Path(__file__).resolve().parent.parent
DIGITS_CSV = ROOT / "data" / "digits.csv"
FIXTURES = ROOT / "Tests" / "LearningTests" / "Fixtures"
IRIS_CSV = FIXTURES / "iris.csv"


def load_iris_csv():
    lines = IRIS_CSV.read_text().splitlines()
    assert lines[0].split(",")[-1] == "target"
    table = np.array([[float(v) for v in line.split(",")] for line in lines[1:] if line])
    features, target = table[:, :4], table[:, 4].astype(np.int64)
    reference = datasets.load_iris()
    assert np.array_equal(features, reference.data) and np.array_equal(target, reference.target)
    return features, target


DATA_SETS = {"digits": load_digits_csv(), "iris": load_iris_csv()}


# --------------------------------------------------------------------------
# StratifiedKFold's fold assignment


def fold_case(name, y, n_splits, seed):
    """`test_folds` of StratifiedKFold for labels y, or the error it raises."""
    y = np.asarray(y)
    splitter = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    case = {"name": name, "y": y.tolist(), "n_splits": n_splits, "seed": seed}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            splits = list(splitter.split(np.zeros((len(y), 1)), y))
        except ValueError as error:
            case.update({"error": str(error), "test_folds": None, "warning": None})
            return case
    messages = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
    assert len(messages) <= 1, messages
    test_folds = np.full(len(y), -1)
    for fold, (_, test) in enumerate(splits):
        assert np.all(test_folds[test] == -1)
        test_folds[test] = fold
    assert np.all(test_folds >= 0)
    # The private helper gives the same answer (it is what split() uses).
    again = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert np.array_equal(again._make_test_folds(None, y), test_folds)
    case.update(
        {"error": None, "test_folds": test_folds.tolist(), "warning": messages[0] if messages else None}
    )
    return case


def fold_cases():
    rng = np.random.RandomState(7)
    digits_features, digits_target = DATA_SETS["digits"]
    order = np.arange(len(digits_target))
    np.random.RandomState(2).shuffle(order)
    digits_labeled = digits_target[order[:40]]
    cases = [
        fold_case("balanced", np.repeat([0, 1, 2], 10), 5, 0),
        fold_case("balanced_seed_42", np.tile([0, 1, 2], 10), 5, 42),
        fold_case("unbalanced_20_7_3", np.array([0] * 20 + [1] * 7 + [2] * 3), 5, 1),
        fold_case("appearance_order", rng.choice([5, 2, 9, 0], size=37, p=[0.1, 0.4, 0.3, 0.2]), 4, 3),
        fold_case("single_member_class", np.array([1, 0, 0, 1, 0, 2, 1, 0, 1, 0, 1, 0]), 3, 11),
        fold_case("binary_two_folds", rng.randint(0, 2, size=25), 2, 4294967295),
        fold_case("ten_folds", rng.randint(0, 3, size=61), 10, 5),
        fold_case("digits_default_labels", digits_labeled, 5, 0),
        fold_case("digits_default_labels_seed_3", digits_labeled, 5, 3),
        fold_case("digits_default_labels_three_folds", digits_labeled, 3, 0),
        fold_case("more_folds_than_samples", np.array([0, 1, 0, 1]), 5, 0),
        fold_case("every_class_smaller_than_k", np.array([0, 0, 1, 1, 2, 2, 2]), 4, 0),
    ]
    assert any(c["warning"] for c in cases) and any(c["error"] for c in cases)
    return {"sklearn_version": sklearn.__version__, "cases": cases}


# --------------------------------------------------------------------------
# Grids


def select(data, seed, samples, standardize):
    features, target = DATA_SETS[data]
    order = np.arange(len(target))
    np.random.RandomState(seed).shuffle(order)
    chosen = order[:samples]
    x, y = features[chosen], target[chosen]
    if standardize:
        x = StandardScaler().fit_transform(x)
    return x, y


def lowest_index_neighbors(x, k):
    squared = ((x[:, np.newaxis, :] - x[np.newaxis, :, :]) ** 2).sum(axis=2)
    return [set(np.lexsort((np.arange(len(x)), squared[row]))[:k].tolist()) for row in range(len(x))]


def check_knn_graph(model, x):
    """The fitted model's kNN graph equals the one with ties to the lower index."""
    k = model.n_neighbors
    graph = model.nn_fit.kneighbors_graph(x, k, mode="connectivity").tocsr()
    expected = lowest_index_neighbors(x, k)
    for row in range(len(x)):
        assert set(graph[row].indices.tolist()) == expected[row], f"k={k}: row {row} breaks a tie"


def make_model(model, kernel, value, alpha, max_iter, tol):
    options = {"kernel": kernel, "max_iter": max_iter[model], "tol": tol}
    if kernel == "rbf":
        options["gamma"] = value
    else:
        options["n_neighbors"] = value
    if model == "spreading":
        return LabelSpreading(alpha=alpha, **options)
    return LabelPropagation(**options)


def fit(model, x, y_train):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(x, y_train)
    return model


def default_gammas(x):
    """The tool's default gamma grid: around 1 / (median squared distance to the nearest other sample)."""
    squared = ((x[:, np.newaxis, :] - x[np.newaxis, :, :]) ** 2).sum(axis=2)
    np.fill_diagonal(squared, np.inf)
    nearest = squared.min(axis=1)
    positive = nearest[nearest > 0]
    center = 1 / np.median(positive)
    return float(np.median(positive)), [float(f"{center * factor:.2g}") for factor in (0.1, 0.3, 1, 3, 10)]


def grid_case(name, description, data, seed, samples, labeled, standardize, kernel, values, alphas,
              models, max_iter, tol, folds, fold_seed):
    x, y = select(data, seed, samples, standardize)
    y_train = y.copy()
    y_train[labeled:] = -1
    labeled_indices = np.flatnonzero(y_train != -1)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=fold_seed)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fold_tests = [labeled_indices[test] for _, test in splitter.split(labeled_indices, y_train[labeled_indices])]
    fold_warnings = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
    unlabeled = np.flatnonzero((y_train == -1) & (y != -1))

    cells = []
    for model in models:
        for value in values:
            for alpha in (alphas if model == "spreading" else [None]):
                if kernel == "knn":
                    check_knn_graph(fit(make_model(model, kernel, value, alpha or 0.2, max_iter, tol), x, y_train), x)
                accuracies, f1s, not_converged = [], [], 0
                for test in fold_tests:
                    hidden = y_train.copy()
                    hidden[test] = -1
                    fitted = fit(make_model(model, kernel, value, alpha or 0.2, max_iter, tol), x, hidden)
                    not_converged += fitted.n_iter_ == max_iter[model]
                    predicted = fitted.transduction_[test]
                    accuracies.append(float(accuracy_score(y[test], predicted)))
                    f1s.append(float(f1_score(y[test], predicted, average="macro", zero_division=0)))
                full = fit(make_model(model, kernel, value, alpha or 0.2, max_iter, tol), x, y_train)
                cell = {
                    "model": model,
                    "kernel": kernel,
                    "gamma": value if kernel == "rbf" else None,
                    "neighbors": value if kernel == "knn" else None,
                    "alpha": alpha,
                    "cv_folds": accuracies,
                    "cv_fold_macro_f1": f1s,
                    "cv_mean": float(np.mean(accuracies)),
                    "cv_std": float(np.std(accuracies)),
                    "cv_macro_f1": float(np.mean(f1s)),
                    "unlabeled_accuracy": float(accuracy_score(y[unlabeled], full.transduction_[unlabeled])),
                    "cv_fits_not_converged": int(not_converged),
                }
                cells.append(cell)
    best = max(range(len(cells)), key=lambda i: (cells[i]["cv_mean"], -cells[i]["cv_std"], -i))
    case = {
        "name": name,
        "description": description,
        "data": data,
        "seed": seed,
        "samples": samples,
        "labeled": labeled,
        "standardize": standardize,
        "kernel": kernel,
        "values": values,
        "alphas": alphas,
        "models": models,
        "max_iter": max_iter,
        "tol": tol,
        "n_folds": folds,
        "fold_seed": fold_seed,
        "folds": [test.tolist() for test in fold_tests],
        "warnings": fold_warnings,
        "cells": cells,
        "best": best,
    }
    if kernel == "rbf":
        median, gammas = default_gammas(x)
        case["median_nearest_squared_distance"] = median
        case["default_gammas"] = gammas
    return case


def main():
    write("stratified_kfold.json", fold_cases())
    max_iter = {"spreading": 20, "propagation": 1000}
    digits_x, _ = select("digits", 2, 340, False)
    _, digits_gammas = default_gammas(digits_x)
    write(
        "tuning_digits_rbf.json",
        grid_case(
            "digits_rbf",
            "The default grid of `report tune` on the default digits run (340 samples, seed 2, 40 labeled)",
            "digits", 2, 340, 40, False, "rbf", digits_gammas, [0.1, 0.2, 0.5, 0.8, 0.9],
            ["spreading", "propagation"], max_iter, 1e-3, 5, 0,
        ),
    )
    write(
        "tuning_digits_small.json",
        grid_case(
            "digits_small",
            "A small RBF grid on the default digits run with three folds (the end-to-end test's)",
            "digits", 2, 340, 40, False, "rbf", [0.0026, 0.25], [0.2, 0.9],
            ["spreading", "propagation"], max_iter, 1e-3, 3, 0,
        ),
    )
    write(
        "tuning_iris_knn.json",
        grid_case(
            "iris_knn",
            "A kNN grid on 100 standardized iris rows (seed 0), 30 labeled, fold seed 1",
            "iris", 0, 100, 30, True, "knn", [3, 5, 7, 10], [0.2, 0.5, 0.9],
            ["spreading", "propagation"], {"spreading": 30, "propagation": 1000}, 1e-3, 5, 1,
        ),
    )


if __name__ == "__main__":
    main()
