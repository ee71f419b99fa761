#!/usr/bin/env python3
"""scikit-learn 1.9.1's LabelSpreading / LabelPropagation with the RBF kernel, without an n x n matrix.

An exact chunked computation of the same semantics, for sizes where scikit-learn's dense
affinity matrix does not fit (8 GB at 32,000 samples, 80 GB at 100,000): the kernel is
recomputed in blocks of rows at every pass, with scikit-learn's own arithmetic, and only
n-sized vectors and the n x classes distributions are kept.

  - rbf_kernel: euclidean_distances(X, X, squared=True) as scikit-learn forms it,
    (-2 x.y + ||x||^2) + ||y||^2 with ||x||^2 = einsum('ij,ij->i'), clipped at 0, the
    diagonal set to 0 (X is Y); then K *= -gamma; exp in place.
  - LabelSpreading: scipy's laplacian(normed=True) on K with its diagonal zeroed first:
    w = K.sum(axis=0) (column sums, accumulated row after row as NumPy's axis-0
    reduction does), isolated nodes w = 1 else sqrt(w), S = (K / w) / w[:, None], diagonal
    0. LabelPropagation: K (diagonal exp(0) = 1) divided by its row sums.
  - fit: F = one-hot labels, F_prev = 0; for n_iter in range(max_iter): stop when
    sum |F - F_prev| < tol; F = alpha S F + (1 - alpha) Y (spreading), or P F with rows
    normalised (a zero row divided by 1) and the labeled rows reset (propagation);
    without convergence n_iter = max_iter. Rows normalised at the end, argmax -> classes.

Input: a CSV in the tool's own-data format (numeric feature columns, a `target` column with
-1 for unlabeled rows, no index column). Output: JSON with the transduction per row, n_iter,
converged, classes, and every `--sample-every`-th row's label distribution.

  scripts/rbf_reference.py FILE [--model spreading|propagation] [--gamma 0.25] [--alpha 0.2]
      [--max-iter 20 (spreading) / 1000 (propagation)] [--tol 1e-3] [--rows N] [--out JSON]
  scripts/rbf_reference.py --check FILE   compares with scikit-learn itself (2,000 and 5,000
      rows of FILE, several gammas, both models) and exits 1 on any difference.
"""
import argparse
import concurrent.futures
import json
import sys
import time

import numpy as np

BLOCK_BYTES = 256 << 20


def read_csv(path, rows=None):
    with open(path) as handle:
        header = handle.readline().strip().split(",")
    data = np.loadtxt(path, delimiter=",", skiprows=1, max_rows=rows, ndmin=2)
    target = header.index("target")
    features = np.ascontiguousarray(np.delete(data, target, axis=1), dtype=np.float64)
    labels = data[:, target].astype(np.int64)
    return features, labels


class ChunkedRBF:
    """The RBF kernel of X with itself, produced a block of rows at a time."""

    def __init__(self, X, gamma, threads=2):
        self.X = X
        self.gamma = gamma
        self.n = X.shape[0]
        # row_norms(X, squared=True)
        self.norms = np.einsum("ij,ij->i", X, X)
        self.block = max(8, min(self.n, BLOCK_BYTES // (8 * max(self.n, 1))))
        self.threads = threads

    def blocks(self):
        return [(start, min(self.n, start + self.block)) for start in range(0, self.n, self.block)]

    def kernel(self, start, stop):
        """Rows start..<stop of rbf_kernel(X, gamma=gamma), as scikit-learn computes them."""
        X = self.X
        # -2 * (X_b @ X.T): scaling by -2 is exact, so it can go into the product.
        D = (-2 * X[start:stop]) @ X.T
        D += self.norms[start:stop, None]
        D += self.norms[None, :]
        np.maximum(D, 0, out=D)
        rows = np.arange(start, stop)
        D[rows - start, rows] = 0  # X is Y: fill_diagonal(distances, 0)
        D *= -self.gamma
        np.exp(D, out=D)
        return D

    def map_blocks(self, work):
        """work(start, stop, K_block) for every block, in order; two blocks at a time."""
        blocks = self.blocks()
        with concurrent.futures.ThreadPoolExecutor(self.threads) as pool:
            # A wave of `threads` blocks at a time: never more than that many in memory.
            for first in range(0, len(blocks), self.threads):
                wave = blocks[first:first + self.threads]
                yield from pool.map(lambda b: work(b[0], b[1], self.kernel(b[0], b[1])), wave)


def fit(X, labels, model, gamma, alpha, max_iter, tol, progress=None):
    n = X.shape[0]
    rbf = ChunkedRBF(X, gamma)
    started = time.time()
    # The normalisation: column sums with the diagonal zeroed (spreading), row sums (propagation).
    if model == "spreading":
        degree = np.zeros(n)

        def zeroed(start, stop, K):
            rows = np.arange(start, stop)
            K[rows - start, rows] = 0
            return K

        for K in rbf.map_blocks(zeroed):
            # ((w + K_0) + K_1) + ...: the previous sum joins the block's first row, so the
            # axis-0 reduction continues NumPy's row-after-row order over the whole matrix.
            K[0] += degree
            degree = K.sum(axis=0)
        isolated = degree == 0
        scale = np.where(isolated, 1, np.sqrt(degree))
    else:
        sums = np.concatenate(list(rbf.map_blocks(lambda s, e, K: K.sum(axis=1))))
    if progress:
        progress("degrees", time.time() - started)

    def graph_product(F):
        def block_product(start, stop, K):
            if model == "spreading":
                K /= scale
                K /= scale[start:stop, None]
                rows = np.arange(start, stop)
                K[rows - start, rows] = 0
            else:
                K /= sums[start:stop, None]
            return K @ F

        return np.concatenate(list(rbf.map_blocks(block_product)))

    classes = np.unique(labels)
    classes = classes[classes != -1]
    F = np.zeros((n, len(classes)))
    for label in classes:
        F[labels == label, classes == label] = 1
    static = np.copy(F)
    unlabeled = labels == -1
    if model == "propagation":
        static[unlabeled] = 0
    else:
        static *= 1 - alpha
    previous = np.zeros((n, len(classes)))
    unlabeled = unlabeled[:, np.newaxis]
    residuals = []
    converged = False
    n_iter = max_iter
    for iteration in range(max_iter):
        residual = np.abs(F - previous).sum()
        residuals.append(float(residual))
        if residual < tol:
            converged = True
            n_iter = iteration
            break
        previous = F
        F = graph_product(F)
        if model == "propagation":
            normalizer = np.sum(F, axis=1)[:, np.newaxis]
            normalizer[normalizer == 0] = 1
            F /= normalizer
            F = np.where(unlabeled, F, static)
        else:
            F = np.multiply(alpha, F) + static
        if progress:
            progress("iteration %d residual %.6g" % (iteration, residual), time.time() - started)
    normalizer = np.sum(F, axis=1)[:, np.newaxis]
    normalizer[normalizer == 0] = 1
    F /= normalizer
    transduction = classes[np.argmax(F, axis=1)]
    return {
        "classes": classes,
        "distributions": F,
        "transduction": transduction,
        "n_iter": n_iter,
        "converged": converged,
        "residuals": residuals,
    }


def sklearn_fit(X, labels, model, gamma, alpha, max_iter, tol):
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.semi_supervised import LabelPropagation, LabelSpreading

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        if model == "spreading":
            estimator = LabelSpreading(kernel="rbf", gamma=gamma, alpha=alpha, max_iter=max_iter, tol=tol)
        else:
            estimator = LabelPropagation(kernel="rbf", gamma=gamma, max_iter=max_iter, tol=tol)
        estimator.fit(X, labels)
    return estimator


def check(path):
    """The chunked computation against scikit-learn itself, where both run."""
    import sklearn

    X_all, labels_all = read_csv(path, rows=5000)
    failures = 0
    global BLOCK_BYTES
    for rows in (2000, 5000):
        X, labels = X_all[:rows], labels_all[:rows].copy()
        for gamma in (0.25, 0.02, 0.002):
            for model in ("spreading", "propagation"):
                max_iter = 20 if model == "spreading" else 100
                # Blocks of a few dozen rows, so that the check covers many of them.
                BLOCK_BYTES = 8 * rows * 97
                ours = fit(X, labels, model, gamma, 0.2, max_iter, 1e-3)
                theirs = sklearn_fit(X, labels, model, gamma, 0.2, max_iter, 1e-3)
                difference = float(np.abs(ours["distributions"] - theirs.label_distributions_).max())
                same = (
                    np.array_equal(ours["transduction"], theirs.transduction_)
                    and ours["n_iter"] == theirs.n_iter_
                    and difference <= 1e-12
                )
                failures += not same
                print(
                    "%5d rows gamma %-6g %-11s n_iter %4d/%4d transduction %s max |diff| %.2e %s"
                    % (rows, gamma, model, ours["n_iter"], theirs.n_iter_,
                       "equal" if np.array_equal(ours["transduction"], theirs.transduction_) else "DIFFERENT",
                       difference, "ok" if same else "FAIL"))
    print("scikit-learn %s: %s" % (sklearn.__version__, "all equal" if failures == 0 else "%d differ" % failures))
    return failures == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file")
    parser.add_argument("--check", action="store_true", help="compare with scikit-learn on 2,000 and 5,000 rows")
    parser.add_argument("--model", choices=["spreading", "propagation"], default="spreading")
    parser.add_argument("--gamma", type=float, default=0.25)
    parser.add_argument("--alpha", type=float, default=0.2)
    parser.add_argument("--max-iter", type=int)
    parser.add_argument("--tol", type=float, default=1e-3)
    parser.add_argument("--rows", type=int, help="only the first ROWS rows of the file")
    parser.add_argument("--sample-every", type=int, default=97, help="distributions of every k-th row in the JSON")
    parser.add_argument("--out", help="the JSON file (default: standard output)")
    parser.add_argument("--verbose", action="store_true", help="progress on standard error")
    args = parser.parse_args()
    if args.check:
        sys.exit(0 if check(args.file) else 1)
    max_iter = args.max_iter or (20 if args.model == "spreading" else 1000)
    X, labels = read_csv(args.file, rows=args.rows)

    def progress(what, seconds):
        print("%8.1f s  %s" % (seconds, what), file=sys.stderr, flush=True)

    started = time.time()
    result = fit(X, labels, args.model, args.gamma, args.alpha, max_iter, args.tol,
                 progress if args.verbose else None)
    rows = list(range(0, X.shape[0], args.sample_every))
    document = {
        "source": "scripts/rbf_reference.py (chunked, scikit-learn 1.9.1 semantics)",
        "file": args.file.split("/")[-1],
        "n_samples": int(X.shape[0]),
        "n_features": int(X.shape[1]),
        "labeled": int((labels != -1).sum()),
        "model": args.model,
        "gamma": args.gamma,
        "alpha": args.alpha if args.model == "spreading" else None,
        "max_iter": max_iter,
        "tol": args.tol,
        "n_iter": int(result["n_iter"]),
        "converged": bool(result["converged"]),
        "residuals": result["residuals"],
        "classes": [int(c) for c in result["classes"]],
        "transduction": [int(c) for c in result["transduction"]],
        "sample_rows": rows,
        "sample_distributions": [[float(v) for v in result["distributions"][r]] for r in rows],
        "seconds": round(time.time() - started, 1),
    }
    text = json.dumps(document, separators=(",", ":"))
    if args.out:
        with open(args.out, "w") as handle:
            handle.write(text + "\n")
    else:
        print(text)


if __name__ == "__main__":
    main()
