import Dispatch
import Learning

let n = Int(CommandLine.arguments[1])!
let kernelName = CommandLine.arguments[2]
let digits = DataSet.digits()
var random = RandomState(seed: 0)
var features = [Double]()
var labels = [Int]()
for row in 0..<n {
  let source = row % 1797
  for v in digits.row(source) { features.append(min(16, max(0, v + random.standardNormal()))) }
  labels.append(row < n / 10 ? digits.targets[source] : -1)
}
let start = DispatchTime.now().uptimeNanoseconds
let kernel: Kernel = kernelName == "knn" ? .knn(neighbors: 7) : .rbf(gamma: 0.25)
let m = try GraphModel.labelSpreading(kernel: kernel, maxIterations: 20).fit(features: features, featureCount: 64, labels: labels) { event in
  if case .iteration(let i, _) = event { print("iter", i, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) }
}
print(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, m.iterations)
