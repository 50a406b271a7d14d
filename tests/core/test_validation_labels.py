"""encode_class_labels: the shared encoding of single-label classification targets."""

import numpy as np
import pytest

from zoo._core.validation import encode_class_labels


def test_labels_are_encoded_as_indices_into_sorted_classes():
    classes, index = encode_class_labels(np.array(["b", "a", "b", "c"]), "Model")
    assert classes.tolist() == ["a", "b", "c"]
    assert classes[index].tolist() == ["b", "a", "b", "c"]


@pytest.mark.parametrize("y, match", [(np.zeros(5), "Model.*one class"),
                                      (np.linspace(0, 1, 5), "continuous")])
def test_one_class_and_continuous_targets_are_rejected(y, match):
    with pytest.raises(ValueError, match=match):
        encode_class_labels(y, "Model")
