"""Random configurations of `report` against scikit-learn 1.9.1.

    python3 scripts/compare_random.py .build/release/report CASES [SEED]

Each case draws a data set (the digits, iris, standardised wine with its -1 rows, the
blobs), a model, a kernel (rbf, knn, knn-rbf) and gamma, k, alpha, max_iter, the labeled
count and the seed; runs `report`; reads back from predictions.csv which rows it used and
which were labeled; fits scikit-learn on the same rows and labels; and compares the label
distributions (1e-9), the predicted labels and n_iter, and, for about half the CSV cases,
`--predict` on a dozen rows of the file against `predict_proba` (knn-rbf: each new sample's K
nearest training samples weighted by RBF, as the README says). kNN cases with a distance tie at the
K-th neighbour are skipped: the tool breaks ties by the lower index, scikit-learn's searches
by their own order (see README). Run by hand after `pip install scikit-learn`; it prints one
line per mismatch and a count.
"""
import csv, json, subprocess, sys, os, random, tempfile, warnings
import numpy as np
from sklearn.semi_supervised import LabelSpreading, LabelPropagation
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import StandardScaler
from scipy.stats import entropy as sp_entropy
warnings.filterwarnings("ignore")
R = sys.argv[1]; N = int(sys.argv[2]); seed0 = int(sys.argv[3]) if len(sys.argv) > 3 else 0
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(tempfile.mkdtemp(prefix="compare-random-"), "out")
DATA = {
  "digits": None,
  "iris": ROOT + "/Tests/LearningTests/Fixtures/iris.csv",
  "wine": ROOT + "/Tests/LearningTests/Fixtures/owndata/wine_unl.csv",
  "blobs": ROOT + "/Tests/LearningTests/Fixtures/blobs.csv",
}
def load_csv(path):
    rows = list(csv.reader(open(path)))
    head, body = rows[0], rows[1:]
    X = np.array([[float(v) for v in r[:-1]] for r in body]); y = [r[-1] for r in body]
    return X, y
def digits():
    from sklearn.datasets import load_digits
    d = load_digits(); return d.data, [str(v) for v in d.target]
bad = 0
compared = 0
predicted = 0
for case in range(N):
    rnd = random.Random(seed0 * 100000 + case)
    name = rnd.choice(list(DATA))
    model = rnd.choice(["spreading", "propagation"])
    kernel = rnd.choice(["rbf", "knn", "knn-rbf"])
    args = [R, "--output", OUT, "--model", model, "--kernel", kernel]
    std = name != "digits" and rnd.random() < 0.7
    if std: args.append("--standardize")
    if name == "digits":
        samples = rnd.choice([30, 100, 340, 600]); args += ["--samples", str(samples), "--labeled", str(rnd.randint(1, samples // 3)), "--seed", str(rnd.randint(0, 50))]
        X, y = digits()
    else:
        X, y = load_csv(DATA[name]); args += ["--data", DATA[name]]
        if name != "wine": args += ["--labeled", str(rnd.randint(2, 40)), "--seed", str(rnd.randint(0, 50))]
    gamma = rnd.choice([0.001, 0.01, 0.1, 0.25, 1, 5, 20]) if name == "digits" else rnd.choice([0.1, 0.5, 1, 5, 20, 100])
    k = rnd.choice([1, 2, 3, 5, 7, 15])
    alpha = rnd.choice([0.01, 0.2, 0.5, 0.9, 0.99])
    max_iter = rnd.choice([1, 2, 5, 20, 30, 100, 1000])
    args += ["--gamma", str(gamma), "--neighbors", str(k), "--max-iter", str(max_iter)]
    if model == "spreading": args += ["--alpha", str(alpha)]
    predict_rows = None
    if name != "digits" and rnd.random() < 0.5:
        # New samples: a few rows of the same file, their class column kept for scoring.
        lines = open(DATA[name]).read().splitlines()
        predict_rows = sorted(rnd.sample(range(len(lines) - 1), 12))
        new_path = os.path.join(os.path.dirname(OUT), "new.csv")
        with open(new_path, "w") as handle:
            handle.write("\n".join([lines[0]] + [lines[1 + r] for r in predict_rows]) + "\n")
        args += ["--predict", new_path]
    p = subprocess.run(args, capture_output=True, text=True)
    if p.returncode != 0:
        print(case, "EXIT", p.returncode, " ".join(args[1:]), p.stderr.strip()[:200]); continue
    rows = list(csv.DictReader(open(os.path.join(OUT, "predictions.csv"))))
    metrics = json.load(open(os.path.join(OUT, "metrics.json")))
    classes = [str(c) for c in metrics["classes"]]
    src = [int(r["source_index"]) for r in rows]
    Xs = X[src]
    if std: Xs = StandardScaler().fit_transform(Xs)
    lab = [r["labeled"] == "1" for r in rows]
    cls_of = {c: i for i, c in enumerate(classes)}
    yt = np.array([cls_of[str(r["true"]) if "true" in r else None] if l else -1 for r, l in zip(rows, lab)]) if all(("true" in r) for r in rows) else None
    # labels as report used them: the labeled rows' class
    ycol = "true" if "true" in rows[0] else "label"
    ytrain = np.array([cls_of[r[ycol]] if l else -1 for r, l in zip(rows, lab)])
    if kernel in ("knn", "knn-rbf"):
        sq = ((Xs[:, None, :] - Xs[None, :, :]) ** 2).sum(axis=2)
        srt = np.sort(sq, axis=1)
        kk_ = min(k, len(Xs) - 1)
        if kk_ < len(Xs) and np.any(np.isclose(srt[:, kk_ - 1], srt[:, kk_], rtol=1e-12, atol=0)):
            print(case, "skip: kNN distance tie at the boundary"); continue
    if kernel == "knn-rbf":
        def kern(A, B, k=k, g=gamma):
            G = NearestNeighbors(n_neighbors=k).fit(B).kneighbors_graph(A, k, mode="distance")
            G.data = np.exp(-g * G.data ** 2); return G
        kk = kern
    else:
        kk = kernel
    cls = LabelSpreading if model == "spreading" else LabelPropagation
    kw = dict(kernel=kk, gamma=gamma, n_neighbors=k, max_iter=max_iter)
    if model == "spreading": kw["alpha"] = alpha
    m = cls(**kw)
    try:
        m.fit(Xs, ytrain)
    except Exception as e:
        print(case, "SKLEARN-FAIL", e); continue
    # sklearn's class order is sorted labels (ints); map to report's class order
    P = np.array([[float(r["p_" + c]) for c in classes] for r in rows])
    D = m.label_distributions_
    # sklearn classes_ are indices 0..C-1 present in ytrain
    full = np.zeros((len(rows), len(classes))); full[:, m.classes_] = D
    pred_sk = np.array(m.classes_)[np.argmax(D, axis=1)]
    pred_r = np.array([cls_of[r["predicted"]] for r in rows])
    nan_rows = np.isnan(D).any(axis=1)
    ok = True; msg = []
    diff = np.nanmax(np.abs(np.nan_to_num(full) - P)) if len(P) else 0
    if diff > 1e-9: ok = False; msg.append(f"maxdiff {diff:.3g}")
    mism = int((pred_sk != pred_r)[~nan_rows].sum())
    if mism: ok = False; msg.append(f"{mism} labels differ")
    if metrics["model"]["iterations"] != m.n_iter_: ok = False; msg.append(f"n_iter {metrics['model']['iterations']} vs {m.n_iter_}")
    if predict_rows is not None:
        Xn = X[predict_rows]
        if std: Xn = StandardScaler().fit(X[src]).transform(Xn)
        got = list(csv.DictReader(open(os.path.join(OUT, "new_predictions.csv"))))
        Pn = np.array([[float(r["p_" + c]) for c in classes] for r in got])
        if kernel == "knn-rbf":
            # The tool's documented semantics: each new sample's K nearest training samples,
            # weighted exp(-gamma d^2), times their label distributions, normalised.
            nn = NearestNeighbors(n_neighbors=k).fit(Xs)
            dist, ind = nn.kneighbors(Xn)
            Q = np.einsum("ij,ijc->ic", np.exp(-gamma * dist ** 2), np.nan_to_num(full)[ind])
        elif kernel == "knn":
            sq = ((Xn[:, None, :] - Xs[None, :, :]) ** 2).sum(axis=2); srt = np.sort(sq, axis=1)
            if np.any(np.isclose(srt[:, k - 1], srt[:, k], rtol=1e-12, atol=0)):
                Q = None
            else:
                Q = np.zeros((len(Xn), len(classes))); Q[:, m.classes_] = m.predict_proba(Xn)
        else:
            Q = np.zeros((len(Xn), len(classes))); Q[:, m.classes_] = m.predict_proba(Xn)
        if Q is not None:
            if kernel == "knn-rbf":
                sums = Q.sum(axis=1, keepdims=True); Q = np.where(sums > 0, Q / np.where(sums > 0, sums, 1), 0)
            Q = np.nan_to_num(Q)
            predicted += 1
            pdiff = np.abs(Q - Pn).max()
            if pdiff > 1e-9: ok = False; msg.append(f"predict maxdiff {pdiff:.3g}")
    compared += 1
    if not ok:
        bad += 1; print(case, "MISMATCH", " ".join(args[1:]), "; ".join(msg))
print(f"{N} cases: {compared} compared ({predicted} with --predict), {bad} mismatches")
