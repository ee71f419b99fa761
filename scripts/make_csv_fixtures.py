#!/usr/bin/env python3
"""Write the CSV files of people's tools and the scikit-learn fixtures that go with them.

Run by hand, from any directory:

    pip install scikit-learn
    python3 scripts/make_csv_fixtures.py

It writes into Tests/CSVFixtures/ (committed; the tests and CI never need Python).
The output is deterministic: running the script again gives byte-identical files.

Data files, all made from Fisher's iris as `sklearn.datasets.load_iris` has it:

  iris_plain.csv        header and rows as `DataFrame.to_csv(index=False)` writes them
  iris_pandas_index.csv the same with an index column first, under an empty header
                        field, as `DataFrame.to_csv()` writes a frame whose index
                        holds ids ("iris-001" ...) and has no name
  iris_semicolon.csv    `;` between fields and decimal commas, as a spreadsheet saved
                        in a European locale (`to_csv(sep=";", decimal=",")`)
  iris_tab.tsv          tab between fields
  iris_ignore.csv       an id column first and a date column between the features,
                        both named: features unless --ignore-columns names them
  iris_missing.csv      missing values in three feature columns, written in every
                        spelling the reader recognises ("", NA, NaN, nan, null, NULL)
  iris_missing_new.csv  the rows of iris_missing.csv that the --predict case does not
                        select, as written there, for --predict

Fixture:

  missing_values.json   for --missing mean, median and drop on iris_missing.csv: the
                        steps of `report` done with scikit-learn (drop the rows with a
                        missing value, or select the samples and then
                        SimpleImputer(strategy=...).fit_transform them; then
                        StandardScaler if asked; then LabelSpreading), and everything
                        the tests compare: the fill values, the dropped rows, the
                        selected rows, the transduction, the label distributions and
                        the classification report; and `predict`: --predict on
                        iris_missing_new.csv, its gaps filled by the SimpleImputer
                        fitted on the selected rows, then predict_proba.

The missing cells are read back with a parser written here that knows the same
spellings, and checked against what the writer put in.
"""

import json
import math
import pathlib
import warnings

import numpy as np
import sklearn
from sklearn import datasets
from sklearn.exceptions import ConvergenceWarning, UndefinedMetricWarning
from sklearn.impute import SimpleImputer
from sklearn.metrics import classification_report
from sklearn.preprocessing import StandardScaler
from sklearn.semi_supervised import LabelSpreading

from make_fixtures import plain  # NumPy values as plain Python for JSON

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "CSVFixtures"

# The spellings of a missing value, in the order the writer cycles through them.
MISSING_SPELLINGS = ["", "NA", "NaN", "nan", "null", "NULL"]


def write_json(name, value):
    """One key per line, sorted; numbers at full precision (Python's shortest repr)."""
    value = plain(value)
    lines = [
        json.dumps(key) + ":" + json.dumps(value[key], sort_keys=True, separators=(",", ":"),
                                           allow_nan=False)
        for key in sorted(value)
    ]
    text = "{\n" + ",\n".join(lines) + "\n}\n"
    json.loads(text)
    (OUT / name).write_text(text)


def write_text(name, text):
    (OUT / name).write_bytes(text.encode("utf-8"))


def number(value):
    """A float as pandas' to_csv writes it: Python's repr ("5.1", "0.2")."""
    return repr(float(value))


# --------------------------------------------------------------------------
# The data files


IRIS = datasets.load_iris()
FEATURES = IRIS.data.astype(np.float64)
TARGET = IRIS.target.astype(np.int64)
NAMES = list(IRIS.feature_names)  # "sepal length (cm)", ...
assert NAMES == ["sepal length (cm)", "sepal width (cm)", "petal length (cm)",
                 "petal width (cm)"], NAMES
IDS = [f"iris-{row + 1:03d}" for row in range(len(FEATURES))]


def rows_text(header, rows, separator=","):
    return "".join(separator.join(fields) + "\n" for fields in [header] + rows)


def make_files():
    rows = [[number(v) for v in FEATURES[r]] + [str(TARGET[r])] for r in range(len(FEATURES))]
    write_text("iris_plain.csv", rows_text(NAMES + ["target"], rows))
    write_text(
        "iris_pandas_index.csv",
        rows_text([""] + NAMES + ["target"], [[IDS[r]] + rows[r] for r in range(len(rows))]))
    comma_rows = [[field.replace(".", ",") for field in row] for row in rows]
    write_text("iris_semicolon.csv", rows_text(NAMES + ["target"], comma_rows, ";"))
    write_text("iris_tab.tsv", rows_text(NAMES + ["target"], rows, "\t"))
    dates = [f"2026-{1 + r % 12:02d}-{1 + r % 28:02d}" for r in range(len(rows))]
    write_text(
        "iris_ignore.csv",
        rows_text(
            ["sample_id"] + NAMES[:2] + ["measured_on"] + NAMES[2:] + ["target"],
            [[str(1000 + 7 * r)] + rows[r][:2] + [dates[r]] + rows[r][2:]
             for r in range(len(rows))]))

    # Missing cells: 12 in column 0, 9 in column 1, 15 in column 3, at rows drawn by a
    # seeded RandomState (so some rows miss two values), spelled in turn as the list says.
    rng = np.random.RandomState(19)
    mask = np.zeros(FEATURES.shape, dtype=bool)
    for column, count in [(0, 12), (1, 9), (3, 15)]:
        mask[rng.choice(len(FEATURES), size=count, replace=False), column] = True
    spelled = 0
    missing_rows = []
    for r in range(len(FEATURES)):
        fields = []
        for c in range(FEATURES.shape[1]):
            if mask[r, c]:
                fields.append(MISSING_SPELLINGS[spelled % len(MISSING_SPELLINGS)])
                spelled += 1
            else:
                fields.append(number(FEATURES[r, c]))
        missing_rows.append(fields + [str(TARGET[r])])
    write_text("iris_missing.csv", rows_text(NAMES + ["target"], missing_rows))
    return mask


def read_missing_csv():
    """iris_missing.csv back as (features with NaN, target), with the same spellings."""
    lines = (OUT / "iris_missing.csv").read_text().splitlines()
    assert lines[0].split(",") == NAMES + ["target"]
    features, target = [], []
    for line in lines[1:]:
        fields = line.split(",")
        features.append([math.nan if f.strip() in MISSING_SPELLINGS else float(f)
                         for f in fields[:-1]])
        target.append(int(fields[-1]))
    return np.array(features), np.array(target)


# --------------------------------------------------------------------------
# Runs with missing values


def quiet_report(truth, predicted, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        return classification_report(truth, predicted, **options)


def run_missing(strategy, *, seed, samples, labeled, standardize, gamma, max_iter=30,
                alpha=0.2, tol=1e-3):
    """The steps of `report --data iris_missing.csv --missing STRATEGY ...` in scikit-learn."""
    features, target = read_missing_csv()
    file_rows = np.arange(len(features))
    dropped = []
    if strategy == "drop":
        keep = ~np.isnan(features).any(axis=1)
        dropped = file_rows[~keep]
        features, target, file_rows = features[keep], target[keep], file_rows[keep]
    count = len(features) if samples is None else samples

    # Select the samples as every `report` run does: RandomState(seed).permutation, a prefix.
    rng = np.random.RandomState(seed)
    indices = rng.permutation(len(features))[:count]
    X = features[indices]
    y = target[indices]
    statistics = None
    filled_cells = int(np.isnan(X).sum())
    filled_rows = int(np.isnan(X).any(axis=1).sum())
    if strategy in ("mean", "median"):
        imputer = SimpleImputer(strategy=strategy)
        X = imputer.fit_transform(X)
        statistics = imputer.statistics_
        assert X.shape[1] == features.shape[1], "no column may be all missing"
    assert not np.isnan(X).any()
    if standardize:
        X = StandardScaler().fit_transform(X)

    y_train = np.copy(y)
    y_train[labeled:] = -1
    model = LabelSpreading(kernel="rbf", gamma=gamma, alpha=alpha, max_iter=max_iter, tol=tol)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        model.fit(X, y_train)
    converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
    evaluated = np.arange(labeled, count)
    return {
        "strategy": strategy, "seed": seed, "samples": samples, "labeled": labeled,
        "standardize": standardize, "gamma": gamma, "alpha": alpha, "max_iter": max_iter,
        "tol": tol,
        "rows_in_file": len(file_rows) + len(dropped),
        "dropped_rows": dropped,
        "filled_cells": filled_cells if statistics is not None else 0,
        "filled_rows": filled_rows if statistics is not None else 0,
        "statistics": statistics,
        "indices": indices,
        "source_rows": file_rows[indices],
        "features": X,
        "n_iter": int(model.n_iter_), "converged": converged,
        "label_distributions": model.label_distributions_,
        "transduction": model.transduction_,
        "report_text": quiet_report(y[evaluated], model.transduction_[evaluated]),
    }


def run_missing_predict(*, seed, samples, labeled, gamma, max_iter=30):
    """`report --data iris_missing.csv --missing median --standardize --predict
    iris_missing_new.csv`: the rows the run does not select, missing values and all, become
    the new samples, filled with the SimpleImputer fitted on the selected rows and scaled
    with their StandardScaler (a Pipeline's transform), then `predict_proba`."""
    features, target = read_missing_csv()
    rng = np.random.RandomState(seed)
    indices = rng.permutation(len(features))[:samples]
    rest = np.setdiff1d(np.arange(len(features)), indices)
    assert np.isnan(features[rest]).any(), "the new samples must miss values"
    imputer = SimpleImputer(strategy="median")
    scaler = StandardScaler()
    X = scaler.fit_transform(imputer.fit_transform(features[indices]))
    y_train = np.copy(target[indices])
    y_train[labeled:] = -1
    model = LabelSpreading(kernel="rbf", gamma=gamma, max_iter=max_iter)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, y_train)
    lines = (OUT / "iris_missing.csv").read_text().splitlines()
    write_text("iris_missing_new.csv", "\n".join([lines[0]] + [lines[1 + r] for r in rest]) + "\n")
    new = scaler.transform(imputer.transform(features[rest]))
    return {
        "strategy": "median", "seed": seed, "samples": samples, "labeled": labeled,
        "gamma": gamma, "max_iter": max_iter, "standardize": True,
        "file": "iris_missing_new.csv", "file_rows": rest,
        "missing_cells": int(np.isnan(features[rest]).sum()),
        "classes": model.classes_,
        "predict_proba": model.predict_proba(new),
        "predicted": model.predict(new),
    }


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    mask = make_files()
    features, _ = read_missing_csv()
    assert np.array_equal(np.isnan(features), mask), "the reader must find every missing cell"
    assert mask.any(axis=1).sum() > mask.sum(axis=0).max(), "missing values in several columns"
    cases = {
        # A prefix of the shuffled rows: the fill values come from those rows only.
        "mean": run_missing("mean", seed=0, samples=120, labeled=15, standardize=False,
                            gamma=1.0),
        "median": run_missing("median", seed=1, samples=None, labeled=20, standardize=True,
                              gamma=2.0),
        "drop": run_missing("drop", seed=2, samples=None, labeled=15, standardize=False,
                            gamma=1.0),
    }
    write_json("missing_values.json", {
        "generator": f"scripts/make_csv_fixtures.py with scikit-learn {sklearn.__version__}",
        "spellings": MISSING_SPELLINGS,
        "missing_cells": int(mask.sum()),
        "rows_with_missing": int(mask.any(axis=1).sum()),
        "first_missing": [int(v) for v in np.argwhere(mask)[0]],
        "cases": cases,
        # New samples with gaps, filled from the training rows (--predict).
        "predict": run_missing_predict(seed=3, samples=110, labeled=15, gamma=1.0),
    })


if __name__ == "__main__":
    main()
