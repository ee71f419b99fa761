"""The large sizes of scripts/bench: the whole `report` process, start to files.

  scripts/bench_whole.py run REPORT FILE KERNEL OUTPUT JSON
      Runs `REPORT --data FILE --kernel KERNEL (--gamma 0.25 | --neighbors 7) --max-iter 20
      --output OUTPUT --quiet` (label spreading, alpha 0.2, as scripts/bench_sklearn.py fits),
      and writes JSON: wall seconds from the process's start to its exit (its files written),
      its peak resident memory (wait4's ru_maxrss), the exit status, metrics.json's
      timings_ms, iterations and converged, and the transduction in the file's row order
      (from predictions.csv's source_index), with every row's distribution kept for the
      rows a reference samples (`--sample-rows` from a reference JSON, optional).
  scripts/bench_whole.py owndata SOURCE DESTINATION EVERY
      Copies a jittered CSV keeping the target of rows i % EVERY == 0 (i counts data rows
      from 0) and writing -1 in every other row's target (the last column).
  scripts/bench_whole.py compare OURS THEIRS
      Prints the share of rows whose transduction agrees, as a JSON number.
  scripts/bench_whole.py reference OURS REFERENCE
      Compares with a scripts/rbf_reference.py JSON: rows that differ, n_iter, and the
      largest difference of the sampled rows' distributions; prints JSON.
"""
import csv
import json
import os
import subprocess
import sys
import time


def run(report, path, kernel, output, destination, reference=None):
    model = ["--gamma", "0.25"] if kernel == "rbf" else ["--neighbors", "7"]
    command = [report, "--data", path, "--kernel", kernel, *model, "--max-iter", "20",
               "--output", output, "--quiet"]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    result = {"command": " ".join(command), "seconds": seconds,
              "peak_bytes": usage.ru_maxrss * 1024, "status": os.waitstatus_to_exitcode(status)}
    if result["status"] == 0:
        with open(os.path.join(output, "metrics.json")) as handle:
            metrics = json.load(handle)
        result["timings_ms"] = metrics["timings_ms"]
        result["iterations"] = metrics["model"]["iterations"]
        result["converged"] = metrics["model"]["converged"]
        with open(os.path.join(output, "predictions.csv"), newline="") as handle:
            rows = csv.reader(handle)
            header = next(rows)
            source, predicted = header.index("source_index"), header.index("predicted")
            probabilities = [i for i, name in enumerate(header) if name.startswith("p_")]
            wanted = set()
            if reference:
                with open(reference) as ref:
                    wanted = set(json.load(ref)["sample_rows"])
            labels = {}
            distributions = {}
            for row in rows:
                index = int(row[source])
                labels[index] = int(row[predicted])
                if index in wanted:
                    distributions[index] = [float(row[i]) for i in probabilities]
        result["transduction"] = [labels[i] for i in range(len(labels))]
        result["distributions"] = {str(k): v for k, v in distributions.items()}
    with open(destination, "w") as handle:
        json.dump(result, handle)


def owndata(source, destination, every):
    with open(source) as rows, open(destination + ".partial", "w") as out:
        header = rows.readline()
        assert header.rstrip("\r\n").split(",")[-1] == "target", "the target must be last"
        out.write(header)
        for i, line in enumerate(rows):
            if i % every:
                line = line[: line.rindex(",") + 1] + "-1\n"
            out.write(line)
    os.replace(destination + ".partial", destination)


def compare(ours_path, theirs_path):
    with open(ours_path) as handle:
        ours = json.load(handle)["transduction"]
    with open(theirs_path) as handle:
        theirs = json.load(handle)["transduction"]
    assert len(ours) == len(theirs), "different row counts"
    print(json.dumps(sum(a == b for a, b in zip(ours, theirs)) / len(ours)))


def reference(ours_path, reference_path):
    with open(ours_path) as handle:
        ours = json.load(handle)
    with open(reference_path) as handle:
        ref = json.load(handle)
    theirs = ref["transduction"]
    differing = sum(a != b for a, b in zip(ours["transduction"], theirs))
    differing += abs(len(ours["transduction"]) - len(theirs))
    largest = 0.0
    for row, distribution in zip(ref["sample_rows"], ref["sample_distributions"]):
        mine = ours["distributions"].get(str(row))
        if mine is None or len(mine) != len(distribution):
            largest = float("inf")
            continue
        largest = max([largest] + [abs(a - b) for a, b in zip(mine, distribution)])
    print(json.dumps({"differing_rows": differing, "rows": len(theirs),
                      "n_iter": [ours["iterations"], ref["n_iter"]],
                      "sampled_rows": len(ref["sample_rows"]), "largest_difference": largest}))


if __name__ == "__main__":
    verb, arguments = sys.argv[1], sys.argv[2:]
    if verb == "run":
        run(*arguments[:5], reference=arguments[5] if len(arguments) > 5 else None)
    elif verb == "owndata":
        owndata(arguments[0], arguments[1], int(arguments[2]))
    elif verb == "compare":
        compare(*arguments)
    elif verb == "reference":
        reference(*arguments)
    else:
        sys.exit(__doc__)
