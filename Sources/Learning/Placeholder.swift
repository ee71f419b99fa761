public enum LearningPlaceholder {}
