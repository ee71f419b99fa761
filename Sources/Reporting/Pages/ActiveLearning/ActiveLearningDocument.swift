/// Everything the active-learning page shows, as plain values.
///
/// Active learning fits a model, asks for the labels of the samples it is least sure of, and
/// fits again; each `ActiveLearningRoundView` is one such round. `HTMLReportRenderer` renders
/// it with `active_learning.mustache`. Strings are shown as they are (escaped when the page is
/// written); numbers are formatted by the renderer.
public struct ActiveLearningDocument: PageDocument, Equatable {
  public static let page = HTMLReportRenderer.Page.activeLearning

  /// The title, run card, warnings, downloads (such as `active_learning.json`) and footer.
  public var frame: PageFrame
  /// One paragraph that says what was done.
  public var summary: String
  /// The figures, shown in this order (the samples chosen per round, the learning progress).
  public var figures: [FigureReference]
  /// The rounds, first round first.
  public var rounds: [ActiveLearningRoundView]
  /// Uncertainty sampling against random sampling; nil when the baseline did not run.
  public var comparison: BaselineComparisonView?
  /// The round that waits for a person's answers; nil when none waits.
  public var waiting: WaitingRoundView?

  public init(
    frame: PageFrame, summary: String, figures: [FigureReference],
    rounds: [ActiveLearningRoundView], comparison: BaselineComparisonView? = nil,
    waiting: WaitingRoundView? = nil
  ) {
    self.frame = frame
    self.summary = summary
    self.figures = figures
    self.rounds = rounds
    self.comparison = comparison
    self.waiting = waiting
  }
}

/// One round of active learning: how well the model did, and which samples it asked about.
public struct ActiveLearningRoundView: Sendable, Equatable {
  /// The round's number, counting from 1.
  public var round: Int
  /// Number of labeled samples the model was fitted with in this round.
  public var labeled: Int
  /// Accuracy on the unlabeled samples, in 0...1; nil without ground truth.
  public var accuracy: Double?
  /// Macro-averaged F1 score, in 0...1; nil without ground truth.
  public var macroF1: Double?
  /// The classification report; nil without ground truth.
  public var report: ReportTable?
  /// scikit-learn's `classification_report` text, shown as it is under the table.
  public var reportText: String?
  /// The class labels, in the order of the confusion matrix's rows and columns.
  public var confusionLabels: [String]
  /// The confusion matrix, one row and one column per label; nil without ground truth.
  ///
  /// `confusion[t][p]` counts the samples of true class `t` predicted as `p`.
  public var confusion: [[Int]]?
  /// The samples the model asked labels for after this round, most uncertain first.
  public var chosen: [UncertainSample]

  public init(
    round: Int,
    labeled: Int,
    accuracy: Double?,
    macroF1: Double?,
    report: ReportTable?,
    reportText: String?,
    confusionLabels: [String],
    confusion: [[Int]]?,
    chosen: [UncertainSample]
  ) {
    self.round = round
    self.labeled = labeled
    self.accuracy = accuracy
    self.macroF1 = macroF1
    self.report = report
    self.reportText = reportText
    self.confusionLabels = confusionLabels
    self.confusion = confusion
    self.chosen = chosen
  }
}

/// Uncertainty sampling against random sampling, round by round, and what that shows.
public struct BaselineComparisonView: Sendable, Equatable {
  /// One round of both runs, fitted with the same number of labels.
  public struct Row: Sendable, Equatable {
    /// The round's number, counting from 1.
    public var round: Int
    public var labeled: Int
    /// Scores in 0...1 on each run's own unlabeled samples; nil when not measured.
    public var accuracy: Double?
    public var baselineAccuracy: Double?
    public var macroF1: Double?
    public var baselineMacroF1: Double?

    public init(
      round: Int, labeled: Int, accuracy: Double?, baselineAccuracy: Double?,
      macroF1: Double?, baselineMacroF1: Double?
    ) {
      self.round = round
      self.labeled = labeled
      self.accuracy = accuracy
      self.baselineAccuracy = baselineAccuracy
      self.macroF1 = macroF1
      self.baselineMacroF1 = baselineMacroF1
    }
  }

  public var rows: [Row]
  /// Whether uncertainty sampling did better than random sampling after the last round.
  public var beat: Bool
  /// One plain sentence saying so, with the numbers.
  public var verdict: String
  /// How the baseline was run (its seed, what each run is scored on).
  public var note: String

  public init(rows: [Row], beat: Bool, verdict: String, note: String) {
    self.rows = rows
    self.beat = beat
    self.verdict = verdict
    self.note = note
  }
}

/// A round that stopped to ask a person for the classes of the samples it picked.
public struct WaitingRoundView: Sendable, Equatable {
  /// The round's number, counting from 1.
  public var round: Int
  /// How many samples `queries.csv` asks about.
  public var queries: Int
  /// The name to save the filled-in `queries.csv` as.
  public var answersFile: String
  /// The command line that goes on with the answers.
  public var nextCommand: String

  public init(round: Int, queries: Int, answersFile: String, nextCommand: String) {
    self.round = round
    self.queries = queries
    self.answersFile = answersFile
    self.nextCommand = nextCommand
  }
}
