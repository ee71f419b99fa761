#!/usr/bin/env python3
"""Write the scikit-learn reference fixtures that the Swift tests compare against.

Run by hand, from any directory:

    pip install scikit-learn matplotlib
    python3 scripts/make_fixtures.py

It writes JSON files into Tests/LearningTests/Fixtures/ (next to iris.csv, which
it only reads), and the two that test the DataSets target (random_state.json,
standard_scaler.json) into Tests/DataSetsTests/Fixtures/. The files are
committed; the tests and CI never need Python.
The output is deterministic: running the script again gives byte-identical files.

Files written:

  case_<name>.json      one fitted LabelSpreading / LabelPropagation run each,
                        following exactly the steps of the `report` tool
  random_state.json     NumPy legacy RandomState streams (MT19937) for a few seeds
  metrics.json          standalone classification_report / confusion_matrix cases
  entropy.json          scipy.stats.entropy of single rows
  standard_scaler.json  StandardScaler on iris and on a table with constant columns

Every number is cross-checked before it is written (see the asserts): the digits
CSV against sklearn.datasets.load_digits, the iteration residuals against a
replay of scikit-learn's fit loop, the RandomState streams against a small
pure-Python MT19937, and the default case against the published example.
"""

import json
import math
import pathlib
import random
import warnings

import numpy as np
import scipy
import scipy.stats
import sklearn
from scipy import sparse
from sklearn import datasets
from sklearn.exceptions import ConvergenceWarning, UndefinedMetricWarning
from sklearn.metrics import accuracy_score, classification_report, confusion_matrix
from sklearn.preprocessing import StandardScaler
from sklearn.semi_supervised import LabelPropagation, LabelSpreading
from sklearn.utils.extmath import safe_sparse_dot

ROOT = pathlib.Path(__file__).resolve().parent.parent
DIGITS_CSV = ROOT / "data" / "digits.csv"
FIXTURES = ROOT / "Tests" / "LearningTests" / "Fixtures"
DATA_SETS_FIXTURES = ROOT / "Tests" / "DataSetsTests" / "Fixtures"
IRIS_CSV = FIXTURES / "iris.csv"

UNCERTAIN_COUNT = 10  # how many "most uncertain" samples the example shows
INDUCTIVE_COUNT = 10  # how many unused rows are sent through predict_proba


# --------------------------------------------------------------------------
# Writing JSON


def plain(value):
    """Convert NumPy scalars and arrays (recursively) to plain Python values."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [plain(item) for item in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        number = float(value)
        assert math.isfinite(number), "NaN or infinity would not be valid JSON"
        return number
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"cannot write {type(value).__name__} to JSON")


def compact(value):
    # Python's float repr is the shortest string that round-trips, so every
    # double is written at full precision. allow_nan=False rejects NaN/inf.
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), allow_nan=False, ensure_ascii=True
    )


def write_json(name, value, folder=FIXTURES):
    """Write one fixture: an object with one key per line, or a list with one item per line."""
    value = plain(value)
    if isinstance(value, dict):
        lines = [f"{compact(key)}:{compact(value[key])}" for key in sorted(value)]
        text = "{\n" + ",\n".join(lines) + "\n}\n"
    else:
        text = "[\n" + ",\n".join(compact(item) for item in value) + "\n]\n"
    json.loads(text)  # the file must parse back
    path = folder / name
    path.write_text(text)
    return path


# --------------------------------------------------------------------------
# Data sets


def load_digits_csv():
    """The committed digits: 64 pixel values in 0...16, then the digit; no header."""
    table = np.loadtxt(DIGITS_CSV, delimiter=",", dtype=np.int64)
    assert table.shape == (1797, 65), table.shape
    data, target = table[:, :64], table[:, 64]
    # Tie the fixtures to the committed file: it must be scikit-learn's digits.
    reference = datasets.load_digits()
    assert np.array_equal(data, reference.data), "data/digits.csv differs from load_digits()"
    assert np.array_equal(target, reference.target), "digit labels differ from load_digits()"
    return data.astype(np.float64), target


def load_iris_csv():
    """The iris fixture: a header line, four feature columns, `target` last."""
    lines = IRIS_CSV.read_text().splitlines()
    header = lines[0].split(",")
    assert len(header) == 5 and header[-1] == "target", header
    rows = [[float(v) for v in line.split(",")] for line in lines[1:] if line]
    table = np.array(rows)
    data, target = table[:, :4], table[:, 4].astype(np.int64)
    assert np.array_equal(target, table[:, 4]), "iris targets must be integers"
    reference = datasets.load_iris()
    assert np.array_equal(data, reference.data) and np.array_equal(target, reference.target)
    return data, target


DATA_SETS = {"digits": load_digits_csv(), "iris": load_iris_csv()}


# --------------------------------------------------------------------------
# Model cases


def replay_fit(model, y_train):
    """Re-run scikit-learn's fit loop on the model's own graph, recording residuals.

    Mirrors BaseLabelPropagation.fit in sklearn/semi_supervised/_label_propagation.py:
    before each update it tests sum |F - F_prev| < tol, with F_prev starting at
    zeros. Returns (final distributions, n_iter, converged, residuals), where
    residuals holds every sum that was computed, including the one that stopped
    the loop.
    """
    graph = model._build_graph()
    if sparse.issparse(graph):
        graph = graph.tocsr()
    classes = model.classes_
    n_samples = len(y_train)
    distributions = np.zeros((n_samples, len(classes)))
    for label in classes:
        distributions[y_train == label, classes == label] = 1
    unlabeled = (y_train == -1)[:, np.newaxis]
    propagation = isinstance(model, LabelPropagation)
    if propagation:
        clamped = np.where(unlabeled, 0.0, distributions)
    else:
        clamped = distributions * (1 - model.alpha)

    previous = np.zeros_like(distributions)
    residuals = []
    converged = False
    n_iter = model.max_iter
    for iteration in range(model.max_iter):
        residual = np.abs(distributions - previous).sum()
        residuals.append(float(residual))
        if residual < model.tol:
            converged, n_iter = True, iteration
            break
        previous = distributions
        distributions = safe_sparse_dot(graph, distributions)
        if propagation:
            normalizer = distributions.sum(axis=1)[:, np.newaxis]
            normalizer[normalizer == 0] = 1
            distributions = np.where(unlabeled, distributions / normalizer, clamped)
        else:
            distributions = model.alpha * distributions + clamped

    normalizer = distributions.sum(axis=1)[:, np.newaxis]
    normalizer[normalizer == 0] = 1
    return distributions / normalizer, n_iter, converged, residuals


def knn_ties(features, model):
    """Compare scikit-learn's kNN graph with 'ties broken by the lower sample index'.

    Returns the rows whose k-th and (k+1)-th nearest distances are equal, and
    the rows where scikit-learn chose a different neighbour set.
    """
    k = model.n_neighbors
    graph = model.nn_fit.kneighbors_graph(features, k, mode="connectivity").tocsr()
    squared = ((features[:, np.newaxis, :] - features[np.newaxis, :, :]) ** 2).sum(axis=2)
    boundary, differing = [], []
    for row in range(len(features)):
        order = np.lexsort((np.arange(len(features)), squared[row]))
        if squared[row, order[k - 1]] == squared[row, order[k]]:
            boundary.append(row)
        chosen = set(graph[row].indices.tolist())
        assert row in chosen, "the kNN graph includes the point itself"
        if chosen != set(order[:k].tolist()):
            differing.append(row)
    return {"boundary_tie_rows": boundary, "rows_differing_from_lowest_index": differing}


def quiet_report(truth, predicted, **options):
    """classification_report without the zero_division warning (0/0 gives 0.0)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        return classification_report(truth, predicted, **options)


def quiet_confusion_matrix(truth, predicted, **options):
    """confusion_matrix without the warning about a single label (the single_class case)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="A single label was found")
        return confusion_matrix(truth, predicted, **options)


def run_case(
    name, description, *, data, seed, samples, labeled, model, kernel="rbf",
    standardize=False, gamma=0.25, alpha=0.2, n_neighbors=7, max_iter=30, tol=1e-3,
):
    """Fit one case exactly as the Swift `report` tool does and collect everything."""
    features, target = DATA_SETS[data]

    # Select the samples: NumPy's legacy shuffle of all row numbers, then a prefix.
    rng = np.random.RandomState(seed)
    shuffled = np.arange(len(features))
    rng.shuffle(shuffled)
    indices = shuffled[:samples]
    X = features[indices].astype(np.float64)
    y = target[indices]
    scaler = None
    if standardize:
        scaler = StandardScaler()
        X = scaler.fit_transform(X)

    y_train = np.copy(y)
    y_train[labeled:] = -1

    if model == "spreading":
        estimator = LabelSpreading(
            kernel=kernel, gamma=gamma, alpha=alpha, n_neighbors=n_neighbors,
            max_iter=max_iter, tol=tol,
        )
    else:
        alpha = None
        estimator = LabelPropagation(
            kernel=kernel, gamma=gamma, n_neighbors=n_neighbors, max_iter=max_iter, tol=tol,
        )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        estimator.fit(X, y_train)
    converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)

    # The residuals are only trustworthy if the replay lands on the model's result.
    replayed, n_iter, replay_converged, residuals = replay_fit(estimator, y_train)
    assert np.allclose(replayed, estimator.label_distributions_, rtol=0, atol=1e-12), name
    assert n_iter == estimator.n_iter_, (name, n_iter, estimator.n_iter_)
    assert replay_converged == converged, name
    assert len(residuals) == (n_iter + 1 if converged else max_iter), name

    unlabeled_set = np.arange(labeled, samples)
    truth = y[unlabeled_set]
    predicted = estimator.transduction_[unlabeled_set]
    classes = estimator.classes_

    entropies = scipy.stats.entropy(estimator.label_distributions_.T)
    assert not np.isnan(entropies).any(), f"{name}: a sample has an all-zero distribution"
    count = min(UNCERTAIN_COUNT, samples)
    order = np.argsort(entropies)
    uncertain = order[-count:]
    # NumPy's default argsort is not stable; the Swift code breaks ties by index.
    ties = len(np.unique(entropies[order[-count - 1:]])) < min(count + 1, samples)
    stable_uncertain = np.argsort(entropies, kind="stable")[-count:]
    assert np.array_equal(uncertain, stable_uncertain), f"{name}: entropy ties change the order"

    # Inductive predictions for the next rows of the shuffle, which were not used.
    source = shuffled[samples:samples + INDUCTIVE_COUNT]
    queries = features[source].astype(np.float64)
    if len(source):
        if scaler is not None:
            queries = scaler.transform(queries)
        with np.errstate(divide="ignore", invalid="ignore"):
            probabilities = estimator.predict_proba(queries)
            predictions = estimator.predict(queries)
    else:
        probabilities = np.zeros((0, len(classes)))
        predictions = np.zeros(0, dtype=np.int64)
    zero_rows = [r for r in range(len(source)) if np.isnan(probabilities[r]).any()]
    for r in zero_rows:
        # A query far from every sample: every RBF weight underflows to 0, and
        # scikit-learn divides 0 by 0. Store the row as zeros; NumPy's argmax of
        # an all-NaN row is 0, so predict() gives classes_[0], as for zeros.
        assert np.isnan(probabilities[r]).all()
        assert predictions[r] == classes[0]
        probabilities[r] = 0.0

    matrix_options = dict(labels=classes)
    result = {
        "name": name,
        "data": data, "seed": seed, "samples": samples, "labeled": labeled,
        "standardize": standardize, "model": model, "kernel": kernel,
        "gamma": float(gamma), "alpha": None if alpha is None else float(alpha),
        "n_neighbors": n_neighbors, "max_iter": max_iter, "tol": float(tol),
        "indices": indices, "y_true": y, "y_train": y_train, "classes": classes,
        "n_iter": int(estimator.n_iter_), "converged": converged, "residuals": residuals,
        "label_distributions": estimator.label_distributions_,
        "transduction": estimator.transduction_,
        "entropies": entropies, "uncertain": uncertain,
        "report_text": quiet_report(truth, predicted),
        "report": quiet_report(truth, predicted, output_dict=True),
        "accuracy": float(accuracy_score(truth, predicted)),
        "confusion_matrix": confusion_matrix(truth, predicted, **matrix_options),
        "confusion_matrix_normalized": {
            how: confusion_matrix(truth, predicted, normalize=how, **matrix_options)
            for how in ("true", "pred", "all")
        },
        "inductive": {
            "source_indices": source, "probabilities": probabilities,
            "predictions": predictions, "zero_rows": zero_rows,
        },
    }
    if zero_rows:
        description += (
            f" Inductive query rows {zero_rows} are far from every sample (all weights 0):"
            " scikit-learn gives NaN there, stored as all-zero rows."
        )
    if kernel == "knn":
        result["knn_ties"] = knn_ties(X, estimator)
    result["description"] = description
    summary = f"n_iter={result['n_iter']} converged={converged} accuracy={result['accuracy']:.4f}"
    if ties:
        summary += " (entropy tie next to the uncertain set)"
    if zero_rows:
        summary += f" inductive zero rows {zero_rows}"
    if kernel == "knn":
        summary += f" knn ties {result['knn_ties']}"
    return result, summary


# The published example's classification report (whitespace aside).
PUBLISHED_REPORT = """
precision recall f1-score support
0 1.00 1.00 1.00 27
1 0.82 1.00 0.90 37
2 1.00 0.86 0.92 28
3 1.00 0.80 0.89 35
4 0.92 1.00 0.96 24
5 0.74 0.94 0.83 34
6 0.89 0.96 0.92 25
7 0.94 0.89 0.91 35
8 1.00 0.68 0.81 31
9 0.81 0.88 0.84 24
accuracy 0.90 300
macro avg 0.91 0.90 0.90 300
weighted avg 0.91 0.90 0.90 300
"""
PUBLISHED_UNCERTAIN = [213, 120, 238, 156, 73, 84, 55, 306, 89, 301]


def model_cases():
    digits_example = dict(data="digits", seed=2, samples=340, labeled=40)
    cases = []

    default, summary = run_case(
        "default",
        "The published scikit-learn example: LabelSpreading (rbf, gamma 0.25, alpha 0.2,"
        " max_iter 20) on 340 shuffled digits with 40 labels.",
        **digits_example, model="spreading", max_iter=20,
    )
    assert default["n_iter"] == 7, default["n_iter"]
    assert default["report_text"].split() == PUBLISHED_REPORT.split(), default["report_text"]
    assert default["uncertain"].tolist() == PUBLISHED_UNCERTAIN, default["uncertain"]
    cases.append((default, summary))

    cases.append(run_case(
        "seed7",
        "LabelSpreading (rbf, gamma 0.25) on 500 digits shuffled with seed 7, 60 of them labeled.",
        data="digits", seed=7, samples=500, labeled=60, model="spreading", max_iter=30,
    ))
    cases.append(run_case(
        "propagation_rbf",
        "LabelPropagation (rbf, gamma 0.25, max_iter 1000) on the example's 340 digits"
        " with 40 labels.",
        **digits_example, model="propagation", max_iter=1000,
    ))
    cases.append(run_case(
        "spreading_knn",
        "LabelSpreading with a 7-nearest-neighbour graph on the example's 340 digits;"
        " scikit-learn breaks distance ties arbitrarily (see knn_ties).",
        **digits_example, model="spreading", kernel="knn", n_neighbors=7, max_iter=30,
    ))
    cases.append(run_case(
        "propagation_knn",
        "LabelPropagation with a 7-nearest-neighbour graph on the example's 340 digits;"
        " scikit-learn breaks distance ties arbitrarily (see knn_ties).",
        **digits_example, model="propagation", kernel="knn", n_neighbors=7, max_iter=1000,
    ))
    not_converged, summary = run_case(
        "not_converged",
        "The example's LabelSpreading stopped by max_iter 3 before converging"
        " (ConvergenceWarning).",
        **digits_example, model="spreading", max_iter=3,
    )
    assert not not_converged["converged"] and not_converged["n_iter"] == 3
    cases.append((not_converged, summary))
    cases.append(run_case(
        "iris_standardized",
        "LabelSpreading (rbf, scikit-learn's default gamma 20) on all 150 standardized iris rows"
        " shuffled with seed 0, 15 labeled; no rows are left for inductive queries.",
        data="iris", seed=0, samples=150, labeled=15, standardize=True,
        model="spreading", gamma=20.0, max_iter=30,
    ))

    missing, summary = run_case(
        "missing_class",
        "LabelSpreading on the example's 340 digits with only 8 labels, so some digits have no"
        " labeled sample and are never predicted (zero_division in the report).",
        data="digits", seed=2, samples=340, labeled=8, model="spreading", max_iter=20,
    )
    unlabeled_classes = sorted(set(missing["y_true"].tolist()) - set(missing["classes"].tolist()))
    assert unlabeled_classes, "missing_class must leave at least one class without a label"
    missing["description"] += (
        f" Classes without a label: {unlabeled_classes}; confusion_matrix(labels=classes_)"
        " leaves their samples out, classification_report does not."
    )
    cases.append((missing, summary + f" unlabeled classes {unlabeled_classes}"))

    iris_propagation, summary = run_case(
        "propagation_rbf_iris",
        "LabelPropagation (rbf, gamma 20) on 120 standardized iris rows shuffled with seed 1,"
        " 12 labeled; it reaches max_iter 1000 without converging (ConvergenceWarning).",
        data="iris", seed=1, samples=120, labeled=12, standardize=True,
        model="propagation", gamma=20.0, max_iter=1000,
    )
    assert not iris_propagation["converged"], "update the description of propagation_rbf_iris"
    cases.append((iris_propagation, summary))

    # Large enough for the paths that small cases never take: the RBF triangle
    # cut into many parts (shared by both cores) and the shortcut product over
    # significant entries (from 1,024 samples on).
    cases.append(run_case(
        "all_digits",
        "LabelSpreading (rbf, gamma 0.25, max_iter 30) on all 1797 digits shuffled with"
        " seed 0, 180 of them labeled.",
        data="digits", seed=0, samples=1797, labeled=180, model="spreading", max_iter=30,
    ))
    return cases


# --------------------------------------------------------------------------
# RandomState


class MT19937:
    """A pure-Python Mersenne Twister, seeded like NumPy's legacy RandomState(int).

    NumPy's mt19937_seed is the reference init_genrand; the generator itself is
    the reference genrand_int32.
    """

    def __init__(self, seed):
        key = [seed & 0xFFFFFFFF]
        for i in range(1, 624):
            key.append((1812433253 * (key[-1] ^ (key[-1] >> 30)) + i) & 0xFFFFFFFF)
        self.key, self.pos = key, 624
        self.gauss = None

    def _twist(self):
        key = self.key
        for i in range(624):
            y = (key[i] & 0x80000000) | (key[(i + 1) % 624] & 0x7FFFFFFF)
            key[i] = key[(i + 397) % 624] ^ (y >> 1) ^ (0x9908B0DF if y & 1 else 0)
        self.pos = 0

    def next_uint32(self):
        if self.pos >= 624:
            self._twist()
        y = self.key[self.pos]
        self.pos += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C5680
        y ^= (y << 15) & 0xEFC60000
        return y ^ (y >> 18)

    def next_uint64(self):
        return (self.next_uint32() << 32) | self.next_uint32()

    def next_double(self):
        a, b = self.next_uint32() >> 5, self.next_uint32() >> 6
        return (a * 67108864.0 + b) / 9007199254740992.0

    def interval(self, largest):
        """NumPy's random_interval: masked rejection sampling in [0, largest]."""
        if largest == 0:
            return 0
        mask = (1 << largest.bit_length()) - 1
        draw = self.next_uint32 if largest <= 0xFFFFFFFF else self.next_uint64
        while True:
            value = draw() & mask
            if value <= largest:
                return value

    def shuffle(self, values):
        """RandomState.shuffle of a 1-D array: Fisher-Yates from the end."""
        for i in range(len(values) - 1, 0, -1):
            j = self.interval(i)
            values[i], values[j] = values[j], values[i]

    def legacy_gauss(self):
        """The legacy polar Box-Muller method, which keeps the second value."""
        if self.gauss is not None:
            value, self.gauss = self.gauss, None
            return value
        while True:
            x1 = 2.0 * self.next_double() - 1.0
            x2 = 2.0 * self.next_double() - 1.0
            r2 = x1 * x1 + x2 * x2
            if r2 < 1.0 and r2 != 0.0:
                break
        f = math.sqrt(-2.0 * math.log(r2) / r2)
        self.gauss = f * x1
        return f * x2


INTERVAL_MAXIMA = [1, 6, 100, 1796, 2**31, 2**32 - 1]


def random_state_stream(seed):
    count = 10
    raw = np.random.RandomState(seed).randint(0, 2**32, size=count, dtype=np.uint32).tolist()
    # Verification of the raw stream, two independent ways:
    # 1. NumPy's own state after seeding equals init_genrand(seed), computed here.
    mirror = MT19937(seed)
    state = np.random.RandomState(seed).get_state()
    assert state[0] == "MT19937" and state[2] == 624
    assert state[1].tolist() == mirror.key, f"seed {seed}: key differs from init_genrand"
    # 2. That key, driven by the pure-Python twist/temper above and, separately,
    #    by CPython's C Mersenne Twister (random.setstate with the same key; for
    #    32 bits getrandbits returns genrand_uint32 unchanged), gives these words.
    cpython = random.Random()
    cpython.setstate((3, tuple(state[1].tolist()) + (624,), None))
    assert raw == [mirror.next_uint32() for _ in range(count)], f"seed {seed}: raw stream"
    assert raw == [cpython.getrandbits(32) for _ in range(count)], f"seed {seed}: CPython MT"

    random_sample = np.random.RandomState(seed).random_sample(count).tolist()
    mirror = MT19937(seed)
    assert random_sample == [mirror.next_double() for _ in range(count)], seed

    permutation = np.random.RandomState(seed).permutation(20).tolist()
    mirror, expected = MT19937(seed), list(range(20))
    mirror.shuffle(expected)
    assert permutation == expected, seed

    shuffled = np.arange(1797)
    np.random.RandomState(seed).shuffle(shuffled)
    mirror, expected = MT19937(seed), list(range(1797))
    mirror.shuffle(expected)
    assert shuffled.tolist() == expected, seed

    normal = np.random.RandomState(seed).standard_normal(count).tolist()
    mirror = MT19937(seed)
    assert normal == [mirror.legacy_gauss() for _ in range(count)], seed

    # randint(0, m + 1) with the default int64 dtype goes through masked
    # rejection (RandomState is "legacy", use_masked=True) and draws 32-bit words
    # for ranges below 2**32, which is exactly random_interval(m) as used by
    # shuffle. Each maximum starts from a fresh RandomState(seed).
    intervals = []
    for largest in INTERVAL_MAXIMA:
        rs = np.random.RandomState(seed)
        values = [int(rs.randint(0, largest + 1)) for _ in range(count)]
        mirror = MT19937(seed)
        assert values == [mirror.interval(largest) for _ in range(count)], (seed, largest)
        intervals.append({"max": largest, "values": values})

    return {
        "seed": seed,
        "uint32": raw,
        "random_sample": random_sample,
        "permutation_20": permutation,
        "shuffle_1797_first_20": shuffled[:20].tolist(),
        "shuffle_1797_last_5": shuffled[-5:].tolist(),
        "standard_normal": normal,
        "interval": intervals,
    }


# --------------------------------------------------------------------------
# Metrics


def from_confusion(counts, names):
    """y_true / y_pred pairs realising a confusion matrix, interleaved deterministically."""
    pairs = [
        (names[t], names[p])
        for t, row in enumerate(counts) for p, n in enumerate(row) for _ in range(n)
    ]
    pairs = pairs[0::2] + pairs[1::2]
    return [t for t, _ in pairs], [p for _, p in pairs]


def binary_tie(value):
    """True if `value` lies exactly halfway between two multiples of 0.01."""
    from fractions import Fraction

    scaled = Fraction(value) * 200
    return scaled.denominator == 1 and scaled.numerator % 2 == 1


def metric_cases():
    rounding_truth, rounding_pred = from_confusion(
        [
            # predicted: A  B  C  D  E          true support
            [1, 2, 1, 0, 0],  # A                4
            [4, 3, 2, 0, 0],  # B                9
            [3, 3, 5, 0, 0],  # C               11
            [0, 0, 0, 23, 17],  # D             40: recall 23/40 = 0.575 (not a binary tie)
            [0, 0, 0, 0, 17],  # E              17
        ],
        [10, 20, 30, 40, 50],
    )
    specs = [
        (
            "never_predicted",
            "integer labels; class 3 occurs in y_true but is never predicted (precision 0/0)",
            [0, 0, 1, 1, 1, 2, 2, 3, 3, 3, 0, 2],
            [0, 1, 1, 1, 2, 2, 0, 2, 0, 1, 0, 2],
        ),
        (
            "predicted_only",
            "class 4 appears only in the predictions (support 0, recall 0/0)",
            [0, 1, 2, 0, 1, 2, 0, 1, 2],
            [0, 1, 4, 0, 2, 2, 4, 1, 2],
        ),
        (
            "binary",
            "two classes",
            [0, 1, 1, 0, 1, 1, 0, 0, 1, 1, 1],
            [0, 1, 0, 0, 1, 1, 1, 0, 1, 0, 1],
        ),
        ("single_class", "one class, always right", [5, 5, 5, 5], [5, 5, 5, 5]),
        (
            "string_labels",
            "string labels of different widths, one longer than 12 characters, with HTML"
            " characters; sorted by code point ('<' < 'Z' < 'a')",
            ["cat", "a & b", "<script>alert(1)</script>", "Zebra", "cat", "a & b",
             "<script>alert(1)</script>", "cat", "Zebra", "a & b"],
            ["cat", "cat", "<script>alert(1)</script>", "Zebra", "a & b", "a & b",
             "Zebra", "cat", "Zebra", "<script>alert(1)</script>"],
        ),
        (
            "rounding_boundaries",
            "precisions 1/8, 3/8, 5/8 lie exactly on .xx5 in binary ('%.2f' gives 0.12, 0.38,"
            " 0.62: round half to even) and recall 23/40 = 0.575 is slightly below ('0.57')",
            rounding_truth,
            rounding_pred,
        ),
    ]
    cases = []
    for name, description, truth, predicted in specs:
        labels = sorted(set(truth) | set(predicted))
        report = quiet_report(truth, predicted, output_dict=True)
        case = {
            "name": name,
            "description": description,
            "y_true": truth,
            "y_pred": predicted,
            "labels": labels,
            "report_text": quiet_report(truth, predicted),
            "report": report,
            "confusion_matrix": quiet_confusion_matrix(truth, predicted, labels=labels),
        }
        default_labels = quiet_confusion_matrix(truth, predicted)
        assert default_labels.tolist() == case["confusion_matrix"].tolist()
        cases.append(case)

    # The rounding case must really exercise exact binary ties.
    rounding = cases[-1]
    precisions = [rounding["report"][str(c)]["precision"] for c in (10, 20, 30)]
    assert precisions == [0.125, 0.375, 0.625] and all(binary_tie(p) for p in precisions)
    assert ["%.2f" % p for p in precisions] == ["0.12", "0.38", "0.62"]
    assert rounding["report"]["40"]["recall"] == 0.575 and "%.2f" % 0.575 == "0.57"
    for text in ("0.12", "0.38", "0.62", "0.57"):
        assert text in rounding["report_text"], text
    return cases


# --------------------------------------------------------------------------
# Entropy and StandardScaler


def entropy_cases():
    rows = [
        [0.2, 0.3, 0.5],
        [1.0, 0.0, 0.0],
        [0.0, 1.0],
        [0.25, 0.25, 0.25, 0.25],
        [0.1] * 10,  # uniform, sums to 0.9999999999999999
        [1.0, 1.0],  # uniform, unnormalised
        [2.0, 6.0, 0.0, 2.0],  # unnormalised with a zero
        [3.0],
        [1e-300, 1.0],
        [0.0, 0.0, 0.0],  # zero row: scipy divides 0 by 0 and returns NaN, stored as null
    ]
    cases = []
    for row in rows:
        with np.errstate(divide="ignore", invalid="ignore"):
            value = float(scipy.stats.entropy(row))
        cases.append({"row": row, "entropy": None if math.isnan(value) else value})
    assert cases[-1]["entropy"] is None and all(c["entropy"] is not None for c in cases[:-1])
    return cases


def scaler_case(table):
    scaler = StandardScaler()
    transformed = scaler.fit_transform(table)
    return {
        "X": table, "mean": scaler.mean_, "var": scaler.var_, "scale": scaler.scale_,
        "transformed": transformed,
    }


def standard_scaler_cases():
    iris, _ = DATA_SETS["iris"]
    # Columns: varying; constant 5; constant 0.1. Both constant columns get
    # variance 0 and scale 1, but the mean of three 0.1s is 0.10000000000000002,
    # so scikit-learn's output for the 0.1 column is -1.3877787807814457e-17, not 0.
    constant = np.array([[1.0, 5.0, 0.1], [2.0, 5.0, 0.1], [4.0, 5.0, 0.1]])
    result = {"iris": scaler_case(iris), "constant_columns": scaler_case(constant)}
    assert result["constant_columns"]["scale"][1:].tolist() == [1.0, 1.0]
    assert result["constant_columns"]["transformed"][0, 2] != 0.0
    return result


# --------------------------------------------------------------------------


def main():
    print(f"scikit-learn {sklearn.__version__}, NumPy {np.__version__}, SciPy {scipy.__version__}")
    written = []
    for case, summary in model_cases():
        written.append(write_json(f"case_{case['name']}.json", case))
        print(f"  {case['name']}: {summary}")
    written.append(write_json(
        "random_state.json", [random_state_stream(s) for s in [0, 1, 2, 42, 12345, 4294967295]],
        DATA_SETS_FIXTURES,
    ))
    written.append(write_json("metrics.json", metric_cases()))
    written.append(write_json("entropy.json", entropy_cases()))
    written.append(
        write_json("standard_scaler.json", standard_scaler_cases(), DATA_SETS_FIXTURES)
    )

    total = 0
    for path in written:
        size = path.stat().st_size
        total += size
        print(f"{size:>9,}  {path.relative_to(ROOT)}")
    print(f"{total:>9,}  total")


if __name__ == "__main__":
    main()
