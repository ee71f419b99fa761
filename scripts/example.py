"""The published scikit-learn example, run as a script for scripts/bench to time.

"Label Propagation digits: Demonstrating performance" (scikit-learn developers,
BSD-3-Clause): fit, print the report, draw both figures to PNG files in the
folder given as the first argument.
"""
import os
import sys

import matplotlib.pyplot as plt
import numpy as np
from scipy import stats
from sklearn import datasets
from sklearn.metrics import ConfusionMatrixDisplay, classification_report
from sklearn.semi_supervised import LabelSpreading

out = sys.argv[1] if len(sys.argv) > 1 else "."
os.makedirs(out, exist_ok=True)
digits = datasets.load_digits()
rng = np.random.RandomState(2)
indices = np.arange(len(digits.data))
rng.shuffle(indices)
X = digits.data[indices[:340]]
y = digits.target[indices[:340]]
images = digits.images[indices[:340]]
n_total_samples = len(y)
n_labeled_points = 40
unlabeled_set = np.arange(n_total_samples)[n_labeled_points:]
y_train = np.copy(y)
y_train[unlabeled_set] = -1
lp_model = LabelSpreading(gamma=0.25, max_iter=20)
lp_model.fit(X, y_train)
predicted_labels = lp_model.transduction_[unlabeled_set]
true_labels = y[unlabeled_set]
print(classification_report(true_labels, predicted_labels))
ConfusionMatrixDisplay.from_predictions(true_labels, predicted_labels, labels=lp_model.classes_)
plt.savefig(os.path.join(out, "confusion_matrix.png"))
pred_entropies = stats.distributions.entropy(lp_model.label_distributions_.T)
uncertainty_index = np.argsort(pred_entropies)[-10:]
f = plt.figure(figsize=(7, 5))
for index, image_index in enumerate(uncertainty_index):
    sub = f.add_subplot(2, 5, index + 1)
    sub.imshow(images[image_index], cmap=plt.cm.gray_r)
    plt.xticks([])
    plt.yticks([])
    sub.set_title("predict: %i\ntrue: %i" % (lp_model.transduction_[image_index], y[image_index]))
f.suptitle("Learning with small amount of labeled data")
plt.savefig(os.path.join(out, "uncertain_digits.png"))
