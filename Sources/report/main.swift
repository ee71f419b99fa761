import Learning

let result = try Experiment().run(on: DataSet.digits())
print(result.model.iterations, result.model.converged)
print(result.report!.text(), terminator: "")
print(result.uncertain)
print(result.warnings)
var r = RandomState(seed: 2)
print(r.permutation(1797).prefix(10))
