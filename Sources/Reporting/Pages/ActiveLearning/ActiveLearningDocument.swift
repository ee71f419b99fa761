/// The active-learning page: what it shows, as plain values.
///
/// Active learning fits a model, asks for the labels of the samples it is least sure of, and
/// fits again; each `Round` is one such round. `HTMLReportRenderer` renders it with
/// `active_learning.mustache`. Strings are shown as they are (escaped when the page is
/// written); numbers are formatted by the renderer.
public enum ActiveLearningPage: PageKind {
  public static let page = HTMLReportRenderer.Page.activeLearning

  /// What the page shows beside its frame (whose downloads name `active_learning.json`).
  public typealias Values = (
    /// One paragraph that says what was done.
    summary: String,
    /// The figures, shown in this order (the samples chosen per round, the learning progress).
    figures: [FigureReference],
    /// The rounds, first round first.
    rounds: [Round],
    /// Uncertainty sampling against random sampling; nil when the baseline did not run.
    comparison: Comparison?,
    /// The round that waits for a person's answers; nil when none waits.
    waiting: WaitingRound?
  )

  /// One round of active learning: how well the model did, and which samples it asked about.
  public typealias Round = (
    /// The round's number, counting from 1.
    round: Int,
    /// Number of labeled samples the model was fitted with in this round.
    labeled: Int,
    /// Accuracy on the unlabeled samples, in 0...1; nil without ground truth.
    accuracy: Double?,
    /// Macro-averaged F1 score, in 0...1; nil without ground truth.
    macroF1: Double?,
    /// The classification report; nil without ground truth.
    report: ReportTable?,
    /// scikit-learn's `classification_report` text, shown as it is under the table.
    reportText: String?,
    /// The class labels, in the order of the confusion matrix's rows and columns.
    confusionLabels: [String],
    /// The confusion matrix, one row and one column per label; nil without ground truth.
    /// `confusion[t][p]` counts the samples of true class `t` predicted as `p`.
    confusion: [[Int]]?,
    /// The samples the model asked labels for after this round, most uncertain first.
    chosen: [UncertainSample]
  )

  /// Uncertainty sampling against random sampling, round by round, and what that shows.
  public typealias Comparison = (
    rows: [ComparisonRow],
    /// Whether uncertainty sampling did better than random sampling after the last round.
    beat: Bool,
    /// One plain sentence saying so, with the numbers.
    verdict: String,
    /// How the baseline was run (its seed, what each run is scored on).
    note: String
  )

  /// One round of both runs, fitted with the same number of labels.
  public typealias ComparisonRow = (
    /// The round's number, counting from 1.
    round: Int,
    labeled: Int,
    /// Scores in 0...1 on each run's own unlabeled samples; nil when not measured.
    accuracy: Double?,
    baselineAccuracy: Double?,
    macroF1: Double?,
    baselineMacroF1: Double?
  )

  /// A round that stopped to ask a person for the classes of the samples it picked.
  public typealias WaitingRound = (
    /// The round's number, counting from 1.
    round: Int,
    /// How many samples `queries.csv` asks about.
    queries: Int,
    /// The name to save the filled-in `queries.csv` as.
    answersFile: String,
    /// The command line that goes on with the answers.
    nextCommand: String
  )
}

/// The active-learning page to write.
public typealias ActiveLearningDocument = PageDocument<ActiveLearningPage>
