import DataSets
import Foundation
import Learning

// The fitting half of `scripts/bench`: generates the jittered-digits files and
// times one fit, printing a JSON line (seconds, peak memory, transduction).
//
//   bench generate N FILE          N rows: digit (i mod 1797) + N(0,1) noise, clipped to [0, 16]
//   bench duplicates N FILE        N identical rows (the first digit), classes i mod 10
//   bench fit FILE KERNEL [REPEATS] fit label spreading, the first N/10 rows labeled
//   bench example                   times the default report's experiment 20 times (BENCH_RUNS)
//   bench read FILE                 reads a CSV file as `report --data` does (time, MB/s, peak)
//   bench instructions              the kernel's instruction set (BENCH_INSTRUCTIONS=baseline
//                                   makes every command use the baseline one)
//   bench tune [REPEATS]            times `report tune`'s default grid on the default digits run

/// Peak resident memory of this process in bytes (`VmHWM`).
func peakMemory() -> UInt64 {
  guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
    return 0
  }
  for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
    let parts = line.split(separator: " ")
    if parts.count >= 2, let kilobytes = UInt64(parts[1]) { return kilobytes * 1024 }
  }
  return 0
}

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data(("bench: " + message + "\n").utf8))
  exit(64)
}

let arguments = CommandLine.arguments
// BENCH_INSTRUCTIONS=baseline measures the kernel without AVX2, for every command.
if ProcessInfo.processInfo.environment["BENCH_INSTRUCTIONS"] == "baseline" {
  VectorInstructions.use(.baseline)
}
if arguments.count == 2, arguments[1] == "instructions" {
  print(VectorInstructions.current.name)
  exit(0)
}
if arguments.count == 2, arguments[1] == "example" {
  // The default report's whole experiment (selection, fit, metrics, entropies), 20 times.
  let digits = DataSet.digits()
  var times: [Double] = []
  let runs = Int(ProcessInfo.processInfo.environment["BENCH_RUNS"] ?? "") ?? 20
  for _ in 0..<runs {
    let start = DispatchTime.now().uptimeNanoseconds
    do {
      _ = try Experiment().run(on: digits)
    } catch {
      fail(error.description)
    }
    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
  }
  print("{\"times\": [\(times.map { String($0) }.joined(separator: ", "))]}")
  exit(0)
}
if arguments.count >= 2, arguments[1] == "tune" {
  // The default digits run (340 samples, seed 2, 40 labeled) and the default grid:
  // gammas from the data, five alphas, both models, 5 folds, fold seed 0.
  let repeats = arguments.count > 2 ? Int(arguments[2]) ?? 1 : 1
  let selected = DataSet.digits().shuffledSelection(seed: 2, count: 340, standardize: false).data
  var labels = selected.targets
  for index in 40..<labels.count { labels[index] = -1 }
  var times: [Double] = []
  var best = ""
  for _ in 0..<repeats {
    let start = DispatchTime.now().uptimeNanoseconds
    do {
      let gammas = try Tuning.defaultGammas(
        features: selected.features, featureCount: selected.featureCount
      ).gammas
      let result = try Tuning(kernels: gammas.map { .rbf(gamma: $0) }).run(
        on: selected, labels: labels)
      best =
        "\(result.best.model.variant.rawValue) \(result.best.model.kernel) "
        + "alpha \(result.best.alpha.map { "\($0)" } ?? "-") cv \(result.best.mean)"
    } catch {
      fail(error.description)
    }
    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
  }
  print(
    "{\"times\": [\(times.map { String($0) }.joined(separator: ", "))], "
      + "\"peak_bytes\": \(peakMemory()), \"best\": \"\(best)\"}")
  exit(0)
}
if arguments.count == 3, arguments[1] == "read" {
  // Reads a CSV file as `report --data` does: seconds, megabytes per second, peak memory.
  let start = DispatchTime.now().uptimeNanoseconds
  let data: DataSet
  do {
    data = try DataSet.loadCSV(path: arguments[2], options: .init())
  } catch {
    fail(error.description)
  }
  let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  let size = (try? FileManager.default.attributesOfItem(atPath: arguments[2])[.size] as? Int) ?? 0
  print(
    "{\"seconds\": \(seconds), \"mb_per_s\": \(Double(size) / 1e6 / seconds), "
      + "\"peak_bytes\": \(peakMemory()), \"matrix_bytes\": \(data.features.count * 8), "
      + "\"samples\": \(data.sampleCount)}")
  exit(0)
}

guard arguments.count >= 4 else {
  fail("usage: bench generate N FILE | bench fit FILE rbf|knn [REPEATS]")
}

switch arguments[1] {
case "generate":
  guard let count = Int(arguments[2]), count > 0 else { fail("N must be a positive integer") }
  let digits = DataSet.digits()
  var random = RandomState(seed: 0)
  var text = (0..<64).map { "p\($0)" }.joined(separator: ",") + ",target\n"
  text.reserveCapacity(count * 200)
  for row in 0..<count {
    let source = row % digits.sampleCount
    for value in digits.row(source) {
      let jittered = min(16, max(0, value + random.standardNormal()))
      text += String(format: "%.4f", jittered) + ","
    }
    text += digits.classNames[digits.targets[source]] + "\n"
  }
  do {
    try text.write(toFile: arguments[3], atomically: true, encoding: .utf8)
  } catch {
    fail("cannot write \(arguments[3]): \(error)")
  }
case "duplicates":
  // Every row the same point: the neighbour search's worst case before it grouped copies.
  guard let count = Int(arguments[2]), count > 0 else { fail("N must be a positive integer") }
  let row = DataSet.digits().row(0).map { String(format: "%.4f", $0) }.joined(separator: ",")
  var text = (0..<64).map { "p\($0)" }.joined(separator: ",") + ",target\n"
  text.reserveCapacity(count * (row.utf8.count + 3))
  for index in 0..<count { text += row + ",\(index % 10)\n" }
  do {
    try text.write(toFile: arguments[3], atomically: true, encoding: .utf8)
  } catch {
    fail("cannot write \(arguments[3]): \(error)")
  }
case "fit":
  let data: DataSet
  do {
    data = try DataSet.loadCSV(path: arguments[2], options: .init())
  } catch {
    fail(error.description)
  }
  let kernel: Kernel = arguments[3] == "knn" ? .knn(neighbors: 7) : .rbf(gamma: 0.25)
  let repeats = arguments.count > 4 ? Int(arguments[4]) ?? 1 : 1
  let labeled = max(1, data.sampleCount / 10)
  var labels = data.targets
  for index in labeled..<labels.count { labels[index] = -1 }
  let model = GraphModel.labelSpreading(kernel: kernel, maxIterations: 20)
  var times: [Double] = []
  var transduction: [Int] = []
  var iterations = 0
  for _ in 0..<repeats {
    let start = DispatchTime.now().uptimeNanoseconds
    do {
      let fitted = try model.fit(
        features: data.features, featureCount: data.featureCount, labels: labels)
      transduction = fitted.transduction
      iterations = fitted.iterations
    } catch {
      fail(error.description)
    }
    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
  }
  let names = transduction.map { data.classNames[$0] }.joined(separator: ",")
  print(
    "{\"times\": [\(times.map { String($0) }.joined(separator: ", "))], "
      + "\"peak_bytes\": \(peakMemory()), \"iterations\": \(iterations), "
      + "\"instructions\": \"\(VectorInstructions.current.name)\", "
      + "\"transduction\": [\(names)]}")
default:
  fail("unknown command \(arguments[1])")
}
