#!/usr/bin/env python3
"""Write the scikit-learn fixtures for a person's own data (issue 16).

Run by hand, from any directory:

    pip install scikit-learn
    python3 scripts/make_owndata_fixtures.py

It writes into Tests/LearningTests/Fixtures/owndata/; the files are committed and
the tests never need Python. Running it again gives byte-identical files.

The data are scikit-learn's copy of the UCI wine data (178 wines, 13 chemical
measurements, 3 cultivars; CC BY 4.0), split the way a person's own file would be:

  wine_unl.csv        160 wines; 40 keep their cultivar, the other 120 are -1
  wine_classes.csv    the same 160 wines with every cultivar (to answer from)
  wine_new.csv        18 other wines with their cultivar (for --predict)
  wine_new_features.csv   the same 18 wines without the cultivar column
  answers_<kernel>.csv    the first 10 queries answered with the true cultivar,
                          plus one row left blank (skipped) and a column to ignore
  owndata_<kernel>.json   what `report` computes on wine_unl.csv with --standardize:
                          the query order of each strategy, the fit after the
                          answers, and predict_proba for the 18 new wines

Every step follows the `report` tool: RandomState(seed).permutation of the rows,
StandardScaler on the selected rows, every labeled row kept, LabelSpreading.
Queries rank the unlabeled samples by descending entropy (or ascending margin
between the two most probable classes), ties by source row; `random` takes
RandomState(seed).permutation of the pool (ascending source rows) in order.
"""

import json
import math
import pathlib

import numpy as np
import scipy.stats
from sklearn import datasets
from sklearn.preprocessing import StandardScaler
from sklearn.semi_supervised import LabelSpreading

from make_fixtures import plain  # NumPy values as plain Python for JSON

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "LearningTests" / "Fixtures" / "owndata"

SEED = 2  # the tool's default --seed
QUERY_COUNT = 10  # the tool's default --count
HELD_OUT = 18
KEPT_LABELS = 40
CLASS_COLUMN = "cultivar"
MODELS = {
    "rbf": dict(kernel="rbf", gamma=0.25),
    "knn": dict(kernel="knn", n_neighbors=7),
}


def write_json(name, value):
    text = json.dumps(plain(value), indent=1, sort_keys=True, allow_nan=False)
    (OUT / name).write_text(text + "\n")


def number(value):
    """A feature as the CSV holds it: the shortest text that reads back exactly."""
    return repr(float(value))


def write_csv(name, header, rows):
    lines = [",".join(header)] + [",".join(row) for row in rows]
    (OUT / name).write_text("\n".join(lines) + "\n")


def ranked(keys, pool):
    """Pool positions sorted by key, ties by source row (pool is ascending)."""
    return sorted(range(len(pool)), key=lambda position: (keys[position], pool[position]))


def queries(distributions, pool_samples, sources, strategy):
    """The pool samples in the order a strategy asks for them (sample positions)."""
    pool_sources = [sources[s] for s in pool_samples]
    order = sorted(range(len(pool_samples)), key=lambda p: pool_sources[p])
    samples = [pool_samples[p] for p in order]  # ascending source row
    rows = distributions[samples]
    if strategy == "entropy":
        entropies = scipy.stats.entropy(rows.T)
        assert not np.isnan(entropies).any()
        positions = ranked([-e for e in entropies], [sources[s] for s in samples])
        keys = [entropies[p] for p in positions]
    elif strategy == "margin":
        top = np.sort(rows, axis=1)[:, ::-1]
        margins = top[:, 0] - top[:, 1]
        positions = ranked(list(margins), [sources[s] for s in samples])
        keys = [margins[p] for p in positions]
    else:
        positions = list(np.random.RandomState(SEED).permutation(len(samples)))
        keys = [0.0] * len(positions)
    chosen = positions[:QUERY_COUNT]
    # Neighbours in the ranking must not be within rounding of each other, or the
    # order would be decided by the last bits of the arithmetic.
    if strategy != "random":
        window = keys[: QUERY_COUNT + 1]
        gaps = [abs(a - b) for a, b in zip(window, window[1:])]
        assert min(gaps) > 1e-9, (strategy, gaps)
    return [samples[p] for p in chosen], [keys[p] for p in range(len(chosen))]


def knn_boundary_gap(train, query, k, exclude_self):
    """Smallest gap between the k-th and (k+1)-th nearest distance over the queries."""
    smallest = math.inf
    for row in query:
        distances = np.sort(((train - row) ** 2).sum(axis=1))
        smallest = min(smallest, distances[k] - distances[k - 1])
    return smallest


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    wine = datasets.load_wine()
    features = wine.data.astype(np.float64)
    names = [str(n) for n in wine.target_names]
    truth = np.array([names[t] for t in wine.target], dtype=object)
    header = list(wine.feature_names) + [CLASS_COLUMN]

    held_out = np.sort(np.random.RandomState(0).permutation(len(features))[:HELD_OUT])
    kept_rows = np.array([r for r in range(len(features)) if r not in set(held_out)])
    X_all = features[kept_rows]
    y_all = truth[kept_rows]
    labeled_rows = set(np.random.RandomState(1).permutation(len(kept_rows))[:KEPT_LABELS])
    y_file = np.array(
        [y_all[r] if r in labeled_rows else "-1" for r in range(len(kept_rows))], dtype=object)

    def rows(X, y=None):
        return [[number(v) for v in x] + ([] if y is None else [str(y[i])])
                for i, x in enumerate(X)]

    write_csv("wine_unl.csv", header, rows(X_all, y_file))
    write_csv("wine_classes.csv", header, rows(X_all, y_all))
    write_csv("wine_new.csv", header, rows(features[held_out], truth[held_out]))
    write_csv("wine_new_features.csv", header[:-1], rows(features[held_out]))

    classes = sorted(set(names))  # np.unique order of the names
    code = {name: i for i, name in enumerate(classes)}
    permutation = np.random.RandomState(SEED).permutation(len(kept_rows))
    scaler = StandardScaler()
    X = scaler.fit_transform(X_all[permutation])
    y_train = np.array([code.get(label, -1) for label in y_file[permutation]])
    y_true = np.array([code[label] for label in y_all[permutation]])
    new_X = scaler.transform(features[held_out])
    new_truth = [code[t] for t in truth[held_out]]

    for kernel, options in MODELS.items():
        if kernel == "knn":
            gap = knn_boundary_gap(X, X, options["n_neighbors"], True)
            new_gap = knn_boundary_gap(X, new_X, options["n_neighbors"], False)
            assert gap > 1e-9 and new_gap > 1e-9, (gap, new_gap)
        model = LabelSpreading(alpha=0.2, max_iter=20, tol=1e-3, **options).fit(X, y_train)
        pool = [s for s in range(len(X)) if y_train[s] == -1]
        orders = {}
        for strategy in ("entropy", "margin", "random"):
            chosen, keys = queries(model.label_distributions_, pool, permutation, strategy)
            orders[strategy] = {
                "samples": chosen,
                "source_indices": [int(permutation[s]) for s in chosen],
                "scores": keys,
            }
        probabilities = model.predict_proba(new_X)
        assert not np.isnan(probabilities).any()

        # A person answers the ten entropy queries with the true cultivar; one more
        # row of the file is left blank, which must be skipped.
        asked = orders["entropy"]["source_indices"]
        answer_rows = [[str(i + 1), str(source), "from the lab", str(y_all[source])]
                       for i, source in enumerate(asked)]
        blank = next(s for s in pool if int(permutation[s]) not in asked)
        answer_rows.append([str(len(asked) + 1), str(int(permutation[blank])), "not sure", ""])
        write_csv(f"answers_{kernel}.csv", ["query", "source_index", "note", "label"], answer_rows)

        answered = y_train.copy()
        for source in asked:
            answered[list(permutation).index(source)] = code[y_all[source]]
        after = LabelSpreading(alpha=0.2, max_iter=20, tol=1e-3, **options).fit(X, answered)
        after_probabilities = after.predict_proba(new_X)
        assert not np.isnan(after_probabilities).any()

        write_json(f"owndata_{kernel}.json", {
            "kernel": kernel,
            "gamma": options.get("gamma", 0.25),
            "n_neighbors": options.get("n_neighbors", 7),
            "seed": SEED,
            "classes": classes,
            "indices": permutation,
            "y_train": y_train,
            "y_true": y_true,
            "scaler_mean": scaler.mean_,
            "scaler_scale": scaler.scale_,
            "label_distributions": model.label_distributions_,
            "transduction": model.transduction_,
            "n_iter": model.n_iter_,
            "queries": orders,
            "answers": {"source_indices": asked, "labels": [code[y_all[s]] for s in asked],
                        "skipped_source_index": int(permutation[blank])},
            "answered": {
                "y_train": answered,
                "label_distributions": after.label_distributions_,
                "transduction": after.transduction_,
                "n_iter": after.n_iter_,
            },
            "new": {
                "rows": held_out,
                "truth": new_truth,
                "probabilities": probabilities,
                "predictions": model.predict(new_X),
                "answered_probabilities": after_probabilities,
                "answered_predictions": after.predict(new_X),
            },
        })
        print(f"{kernel}: n_iter {model.n_iter_} -> {after.n_iter_}; new accuracy "
              f"{np.mean(after.predict(new_X) == new_truth):.3f}")


if __name__ == "__main__":
    main()
