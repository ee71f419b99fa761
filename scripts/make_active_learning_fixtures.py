#!/usr/bin/env python3
"""Write the scikit-learn fixtures for the Swift `ActiveLearning` tests.

Run by hand, from any directory:

    pip install scikit-learn
    python3 scripts/make_active_learning_fixtures.py

It writes Tests/LearningTests/Fixtures/active_<name>.json. The files are
committed; the tests and CI never need Python. Running the script again gives
byte-identical files.

Each file follows scikit-learn's example "Label Propagation digits: Active
learning" (examples/semi_supervised/plot_label_propagation_digits_active_learning.py,
as published for scikit-learn 1.9): shuffle the digits with
np.random.RandomState(seed), keep a prefix, label its first samples, then per
round fit LabelSpreading, score the unlabeled samples, and move the most
uncertain ones (highest scipy entropy of label_distributions_) into the labeled
set with their true labels.

Cases:

  active_default.json   the example itself: seed 0, 330 samples, 40 labeled,
                        5 rounds of 5, LabelSpreading(gamma=0.25, max_iter=20);
                        checked against the published output
  active_seed3.json     seed 3, 400 samples, 20 labeled, 4 rounds of 10
  active_random.json    the random-sampling baseline of the example's configuration:
                        the RandomState that shuffled the rows, continued, picks each
                        round rng.choice(pool, per_round, replace=False)
  active_person.json    a person's own file, Tests/LearningTests/Fixtures/owndata/wine_unl.csv
                        (40 labeled wines, 120 rows -1), --standardize, every labeled row
                        kept; each round's chosen rows are answered with the cultivar of
                        wine_classes.csv, as a person filling in queries.csv would
  active_discovery.json wine_classes.csv with 2 labels of 2 cultivars: a round picks a
                        wine of the third, and the model's classes grow mid-run

Choosing by `np.argsort(entropies)[::-1]` depends on how the sort orders equal
values, and a Swift reimplementation can only be expected to agree on entropies
to about 1e-15 relative. So each round records `near_ties`: consecutive
candidates (among the chosen and the first one left out) whose entropies are
within NEAR_TIE relative of each other, where the order is decided by
rounding rather than by the data. Exact ties there would make NumPy's unstable
sort decide, so the script refuses them.
"""

import json
import pathlib
import warnings

import numpy as np
import scipy
import scipy.stats
import sklearn
from sklearn import datasets
from sklearn.exceptions import ConvergenceWarning, UndefinedMetricWarning
from sklearn.metrics import classification_report, confusion_matrix, f1_score
from sklearn.preprocessing import StandardScaler
from sklearn.semi_supervised import LabelSpreading

from make_fixtures import plain  # NumPy values as plain Python for JSON

ROOT = pathlib.Path(__file__).resolve().parent.parent
DIGITS_CSV = ROOT / "data" / "digits.csv"
FIXTURES = ROOT / "Tests" / "LearningTests" / "Fixtures"

# The seed of active_discovery.json: its first two shuffled wines are of two cultivars,
# and the third cultivar is among the rows a round chooses.
DISCOVERY_SEED = 4

# Relative entropy difference below which two candidates count as a near tie.
NEAR_TIE = 1e-12

# Round 0 of the published example (scikit-learn 1.9 documentation).
PUBLISHED_ROUND_0_REPORT = """
              precision    recall  f1-score   support

           0       1.00      1.00      1.00        22
           1       0.78      0.69      0.73        26
           2       0.93      0.93      0.93        29
           3       1.00      0.89      0.94        27
           4       0.92      0.96      0.94        23
           5       0.96      0.70      0.81        33
           6       0.97      0.97      0.97        35
           7       0.94      0.91      0.92        33
           8       0.62      0.89      0.74        28
           9       0.73      0.79      0.76        34

    accuracy                           0.87       290
   macro avg       0.89      0.87      0.87       290
weighted avg       0.88      0.87      0.87       290
"""

# The published figure's titles, (prediction, truth) of each chosen digit, round by round.
PUBLISHED_TITLES = [
    [(1, 1), (2, 1), (1, 1), (1, 1), (3, 3)],
    [(4, 4), (4, 4), (4, 4), (8, 2), (8, 7)],
    [(2, 2), (9, 5), (9, 5), (5, 9), (7, 7)],
    [(8, 8), (1, 8), (3, 3), (4, 4), (8, 8)],
    [(1, 1), (1, 1), (7, 7), (7, 7), (1, 1)],
]


def dump(value):
    # repr of a float is the shortest text that reads back to the same double.
    return json.dumps(value, sort_keys=True, separators=(",", ":"), allow_nan=False)


def write_fixture(name, case):
    """One key per line at the top level and one round per line, for readable diffs."""
    case = plain(case)
    lines = []
    for key in sorted(case):
        if key == "rounds":
            rounds = ",\n".join(dump(item) for item in case[key])
            lines.append(f'"rounds":[\n{rounds}\n]')
        else:
            lines.append(f"{dump(key)}:{dump(case[key])}")
    text = "{\n" + ",\n".join(lines) + "\n}\n"
    assert json.loads(text) == case
    (FIXTURES / name).write_text(text)
    print(f"wrote {name}")


def load_digits():
    """The committed digits CSV, which must equal scikit-learn's load_digits()."""
    table = np.loadtxt(DIGITS_CSV, delimiter=",", dtype=np.int64)
    data, target = table[:, :64].astype(np.float64), table[:, 64]
    reference = datasets.load_digits()
    assert np.array_equal(data, reference.data) and np.array_equal(target, reference.target)
    return data, target


def near_ties(entropies, ranked, count):
    """Consecutive pairs among the first count + 1 candidates that only rounding separates."""
    pairs = []
    prefix = ranked[:count + 1]
    for first, second in zip(prefix, prefix[1:]):
        high, low = entropies[first], entropies[second]
        assert high != low, f"exact entropy tie between samples {first} and {second}"
        if (high - low) <= NEAR_TIE * abs(high):
            pairs.append([first, second])
    return pairs


def run_case(name, description, *, seed, samples, initial_labeled, rounds, per_round,
             gamma=0.25, max_iter=20, alpha=0.2, tol=1e-3):
    data, target = load_digits()
    rng = np.random.RandomState(seed)
    indices = np.arange(len(data))
    rng.shuffle(indices)
    X = data[indices[:samples]]
    y = target[indices[:samples]]

    n_total_samples = len(y)
    n_labeled_points = initial_labeled
    unlabeled_indices = np.arange(n_total_samples)[n_labeled_points:]
    results = []
    for round_number in range(rounds):
        if len(unlabeled_indices) == 0:
            break
        y_train = np.copy(y)
        y_train[unlabeled_indices] = -1
        model = LabelSpreading(gamma=gamma, max_iter=max_iter, alpha=alpha, tol=tol)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            model.fit(X, y_train)
        converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)

        predicted_labels = model.transduction_[unlabeled_indices]
        true_labels = y[unlabeled_indices]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UndefinedMetricWarning)
            report = classification_report(true_labels, predicted_labels)
            macro_f1 = f1_score(true_labels, predicted_labels, average="macro")
        matrix = confusion_matrix(true_labels, predicted_labels, labels=model.classes_)

        entropies = scipy.stats.distributions.entropy(model.label_distributions_.T)
        assert not np.isnan(entropies[unlabeled_indices]).any(), f"{name}: zero distribution"
        uncertainty_index = np.argsort(entropies)[::-1]
        uncertainty_index = uncertainty_index[np.isin(uncertainty_index, unlabeled_indices)]
        chosen = uncertainty_index[:per_round]
        # The reverse of a stable ascending sort is the Swift rule; they must agree here.
        stable = np.argsort(entropies, kind="stable")[::-1]
        stable = stable[np.isin(stable, unlabeled_indices)]
        assert np.array_equal(chosen, stable[:per_round]), f"{name}: ties decide the choice"

        results.append({
            "round": round_number,
            "labeled_count": n_labeled_points,
            "labeled": np.flatnonzero(y_train != -1),
            "n_iter": model.n_iter_,
            "converged": converged,
            "predicted": predicted_labels,
            "report_text": report,
            "accuracy": float(np.mean(predicted_labels == true_labels)),
            "macro_f1": macro_f1,
            "confusion_matrix": matrix,
            "chosen": chosen,
            "chosen_entropies": entropies[chosen],
            "chosen_source_indices": indices[chosen],
            "chosen_predictions": model.transduction_[chosen],
            "chosen_truth": y[chosen],
            "near_ties": near_ties(entropies, uncertainty_index, per_round),
        })

        # As the example does: every chosen sample leaves the pool with its true label.
        delete = np.concatenate([np.flatnonzero(unlabeled_indices == i) for i in chosen])
        unlabeled_indices = np.delete(unlabeled_indices, delete)
        n_labeled_points += len(chosen)

    return {
        "name": name,
        "description": description,
        "versions": {
            "numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__,
        },
        "seed": seed,
        "samples": samples,
        "initial_labeled": initial_labeled,
        "rounds_requested": rounds,
        "per_round": per_round,
        "gamma": gamma,
        "alpha": alpha,
        "max_iter": max_iter,
        "tol": tol,
        "indices": indices[:samples],
        "rounds": results,
    }


WINE = ROOT / "Tests" / "LearningTests" / "Fixtures" / "owndata"


def load_wine(name):
    """A wine CSV of the owndata fixtures: features, and class names with "-1" kept."""
    lines = (WINE / name).read_text().splitlines()
    rows = [line.split(",") for line in lines[1:]]
    features = np.array([[float(v) for v in row[:-1]] for row in rows])
    return features, [row[-1] for row in rows]


def entropy_pick(per_round):
    """The example's uncertainty sampling: np.argsort(entropies)[::-1] within the pool."""
    def pick(model, pool):
        entropies = scipy.stats.distributions.entropy(model.label_distributions_.T)
        assert not np.isnan(entropies[pool]).any(), "zero distribution in the pool"
        order = np.argsort(entropies, kind="stable")[::-1]
        order = order[np.isin(order, pool)]
        return order[:per_round], entropies, near_ties(entropies, order, per_round)
    return pick


def random_pick(rng, per_round):
    """rng.choice over the pool (ascending), without replacement."""
    def pick(model, pool):
        entropies = scipy.stats.distributions.entropy(model.label_distributions_.T)
        chosen = rng.choice(pool, size=min(per_round, len(pool)), replace=False)
        return chosen, entropies, []
    return pick


def play(X, y_file, y_answer, training, *, rounds, pick, names, sources,
         gamma=0.25, max_iter=20, alpha=0.2, tol=1e-3):
    """Rounds of fit, score (on pool rows whose class the file holds), pick, answer.

    y_file: the class codes the data holds (-1 unknown); y_answer: what answers a chosen
    sample (the file's class, or the person's); training: the labels of the first fit.
    """
    training = training.copy()
    results = []
    for round_number in range(rounds):
        pool = np.flatnonzero(training == -1)
        if len(pool) == 0:
            break
        model = LabelSpreading(gamma=gamma, max_iter=max_iter, alpha=alpha, tol=tol)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            model.fit(X, training)
        converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
        evaluated = pool[y_file[pool] != -1]
        entry = {
            "round": round_number,
            "labeled_count": int(np.sum(training != -1)),
            "labeled": np.flatnonzero(training != -1),
            "classes": model.classes_,
            "n_iter": model.n_iter_,
            "converged": converged,
            "predicted": model.transduction_[pool],
            "evaluated": evaluated,
            "accuracy": None, "macro_f1": None, "report_text": None, "confusion_matrix": None,
        }
        if len(evaluated):
            truth, predicted = y_file[evaluated], model.transduction_[evaluated]
            present = np.unique(np.concatenate([truth, predicted]))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UndefinedMetricWarning)
                entry["report_text"] = classification_report(
                    truth, predicted, labels=present, target_names=[names[c] for c in present])
                entry["macro_f1"] = f1_score(truth, predicted, average="macro")
            entry["accuracy"] = float(np.mean(predicted == truth))
            entry["confusion_matrix"] = confusion_matrix(truth, predicted, labels=model.classes_)
        chosen, entropies, ties = pick(model, pool)
        entry.update({
            "chosen": chosen,
            "chosen_entropies": entropies[chosen],
            "chosen_source_indices": sources[chosen],
            "chosen_predictions": model.transduction_[chosen],
            "chosen_truth": y_answer[chosen],
            "near_ties": ties,
        })
        results.append(entry)
        training[chosen] = y_answer[chosen]
    return results


def wine_case(name, description, file, *, seed, initial_labeled, rounds, per_round):
    """Active learning on a wine CSV as `report active-learning --standardize` runs it."""
    features, labels = load_wine(file)
    _, truth_names = load_wine("wine_classes.csv")
    names = sorted(set(truth_names))  # np.unique order of the class names
    code = {name: i for i, name in enumerate(names)}
    indices = np.random.RandomState(seed).permutation(len(features))
    X = StandardScaler().fit_transform(features[indices])
    y_file = np.array([code.get(labels[i], -1) for i in indices])
    y_answer = np.array([code[truth_names[i]] for i in indices])
    training = y_file.copy()
    if initial_labeled is not None:
        labeled = np.flatnonzero(y_file != -1)
        training[labeled[initial_labeled:]] = -1
    results = play(X, y_file, y_answer, training, rounds=rounds,
                   pick=entropy_pick(per_round), names=names, sources=indices)
    return {
        "name": name, "description": description, "file": file,
        "versions": {
            "numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__,
        },
        "class_names": names, "seed": seed, "samples": len(features),
        "initial_labeled": initial_labeled, "rounds_requested": rounds, "per_round": per_round,
        "gamma": 0.25, "alpha": 0.2, "max_iter": 20, "tol": 1e-3, "standardize": True,
        "indices": indices, "rounds": results,
    }


def random_case():
    """The baseline beside the example: the same fits, rows chosen at random."""
    data, target = load_digits()
    seed, samples, initial, rounds, per_round = 0, 330, 40, 5, 5
    rng = np.random.RandomState(seed)
    indices = np.arange(len(data))
    rng.shuffle(indices)
    X, y = data[indices[:samples]], target[indices[:samples]]
    training = y.copy()
    training[initial:] = -1
    results = play(X, y, y, training, rounds=rounds, pick=random_pick(rng, per_round),
                   names=[str(c) for c in range(10)], sources=indices)
    return {
        "name": "random", "description": "random sampling over the example's rounds",
        "versions": {
            "numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__,
        },
        "seed": seed, "samples": samples, "initial_labeled": initial,
        "rounds_requested": rounds, "per_round": per_round, "gamma": 0.25, "alpha": 0.2,
        "max_iter": 20, "tol": 1e-3, "indices": indices[:samples], "rounds": results,
    }


def main():
    default = run_case(
        "default", "scikit-learn's digits active-learning example as published",
        seed=0, samples=330, initial_labeled=40, rounds=5, per_round=5)
    first = default["rounds"][0]
    assert first["report_text"].split() == PUBLISHED_ROUND_0_REPORT.split(), first["report_text"]
    titles = [
        list(zip(r["chosen_predictions"].tolist(), r["chosen_truth"].tolist()))
        for r in default["rounds"]
    ]
    assert titles == PUBLISHED_TITLES, titles
    write_fixture("active_default.json", default)

    write_fixture("active_seed3.json", run_case(
        "seed3", "another seed, more samples, fewer initial labels, more per round",
        seed=3, samples=400, initial_labeled=20, rounds=4, per_round=10))

    write_fixture("active_random.json", random_case())

    person = wine_case(
        "person", "wine_unl.csv answered from wine_classes.csv", "wine_unl.csv",
        seed=0, initial_labeled=None, rounds=3, per_round=5)
    assert all(r["accuracy"] is None for r in person["rounds"]), "the pool has no known class"
    write_fixture("active_person.json", person)

    discovery = wine_case(
        "discovery", "two labels of two cultivars; a round discovers the third",
        "wine_classes.csv", seed=DISCOVERY_SEED, initial_labeled=2, rounds=4, per_round=5)
    classes = [len(r["classes"]) for r in discovery["rounds"]]
    assert classes[0] == 2 and classes[-1] == 3, classes
    write_fixture("active_discovery.json", discovery)


if __name__ == "__main__":
    main()
