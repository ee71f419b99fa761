#!/usr/bin/env python3
"""Write the scikit-learn fixtures of the `knn-rbf` kernel.

Run by hand, from any directory (after `pip install scikit-learn`):

    python3 scripts/make_knn_rbf_fixtures.py

scikit-learn has no kNN-RBF kernel; its LabelSpreading and LabelPropagation
take a callable kernel k(A, B) instead. For fitting (k(X, X)) the callable is
the one of issue 14:

    NearestNeighbors(n_neighbors=K).fit(B).kneighbors_graph(A, K, mode="distance")

with its data replaced by exp(-gamma * data**2). For predict_proba
(k(X_train, queries), which scikit-learn transposes) it gives each query its
K nearest training samples with the same weights, as the Swift tool does (the
fitting form would instead give each training sample its K nearest queries).

Files written into Tests/LearningTests/Fixtures/:

  blobs.csv                 400 rows of 5 features in 4 Gaussian blobs (make_blobs,
                            random_state 0, rounded to 4 decimals) and `target`
  case_spreading_knn_rbf.json, case_propagation_knn_rbf.json,
  case_spreading_knn_rbf_small_weights.json
                            one fitted run each, in the format of make_fixtures.py

Distances in these data have no ties at any K-th neighbour (checked), so the
neighbour sets, and with them every number, are exact.
"""

import pathlib
import sys

import numpy as np
from sklearn.datasets import make_blobs
from sklearn.neighbors import NearestNeighbors

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import make_fixtures as mf  # noqa: E402

BLOBS_CSV = mf.FIXTURES / "blobs.csv"


def write_blobs():
    """Writes blobs.csv and returns the values read back from it, as the tool reads them."""
    features, target = make_blobs(
        n_samples=400, n_features=5, centers=4, cluster_std=2.5, random_state=0
    )
    lines = ["f0,f1,f2,f3,f4,target"]
    for row, label in zip(np.round(features, 4), target):
        lines.append(",".join(f"{value:.4f}" for value in row) + f",{label}")
    BLOBS_CSV.write_text("\n".join(lines) + "\n")
    rows = [line.split(",") for line in BLOBS_CSV.read_text().splitlines()[1:]]
    return np.array([[float(v) for v in row[:-1]] for row in rows]), np.array(
        [int(row[-1]) for row in rows]
    )


def knn_rbf_kernel(neighbors, gamma):
    def kernel(a, b):
        if a is b:
            graph = NearestNeighbors(n_neighbors=neighbors).fit(b).kneighbors_graph(
                a, neighbors, mode="distance"
            )
        else:
            # predict_proba: rows are training samples, columns queries.
            graph = NearestNeighbors(n_neighbors=neighbors).fit(a).kneighbors_graph(
                b, neighbors, mode="distance"
            ).T.tocsr()
        graph.data = np.exp(-gamma * graph.data**2)
        return graph

    return kernel


def check_no_ties(features, indices, neighbors):
    """Every row's K-th and (K+1)-th nearest distances differ clearly, and the row is its own neighbour."""
    x = features[indices]
    squared = ((x[:, np.newaxis, :] - x[np.newaxis, :, :]) ** 2).sum(axis=2)
    for row in range(len(x)):
        ordered = np.sort(squared[row])
        assert ordered[0] == 0 and ordered[1] > 1e-6, row
        assert ordered[neighbors] - ordered[neighbors - 1] > 1e-9 * ordered[neighbors], row


def main():
    features, target = write_blobs()
    mf.DATA_SETS["blobs"] = (features, target)
    cases = [
        dict(
            name="spreading_knn_rbf", model="spreading", max_iter=30,
            description="LabelSpreading with the knn-rbf kernel (K 7, gamma 0.5) on 300 of 400"
            " blob samples shuffled with seed 3, 12 labeled.",
        ),
        dict(
            name="propagation_knn_rbf", model="propagation", max_iter=1000,
            description="LabelPropagation with the knn-rbf kernel (K 7, gamma 0.5) on 300 of 400"
            " blob samples shuffled with seed 3, 12 labeled.",
        ),
        # At gamma 2 many weights are below one ulp of 1: scipy's laplacian sums each column
        # with the diagonal's weight 1 and then subtracts it, which loses them (26 degrees
        # become 0 where the exact sum is positive, 30 more are off by over 1e-3).
        dict(
            name="spreading_knn_rbf_small_weights", model="spreading", max_iter=30, gamma=2.0,
            description="LabelSpreading with the knn-rbf kernel (K 7, gamma 2) on 300 of 400"
            " blob samples shuffled with seed 3, 12 labeled: degrees below one ulp of the"
            " diagonal's weight.",
        ),
    ]
    for case in cases:
        neighbors, gamma = 7, case.get("gamma", 0.5)
        result, summary = mf.run_case(
            case["name"], case["description"], data="blobs", seed=3, samples=300, labeled=12,
            model=case["model"], kernel=knn_rbf_kernel(neighbors, gamma), gamma=gamma,
            n_neighbors=neighbors, max_iter=case["max_iter"],
        )
        check_no_ties(features, result["indices"], neighbors)
        result["kernel"] = "knn-rbf"
        result["description"] += (
            " scikit-learn's callable kernel: NearestNeighbors(K).fit(B).kneighbors_graph(A, K,"
            " mode='distance') with data exp(-gamma * data**2); for predict_proba each query's"
            " K nearest training samples with the same weights."
        )
        name = mf.write_json(f"case_{case['name']}.json", result)
        print(f"  {name}: {summary}")


if __name__ == "__main__":
    main()
