"""encode_class_labels: the shared encoding of single-label classification targets."""

import numpy as np
import pytest

from zoo._core.validation import encode_class_labels


def test_labels_are_encoded_as_indices_into_sorted_classes():
    classes, index = encode_class_labels(np.array(["b", "a", "b", "c"]), "Model")
    assert classes.tolist() == ["a", "b", "c"]
    assert classes[index].tolist() == ["b", "a", "b", "c"]


@pytest.mark.parametrize(
    "y, match", [(np.zeros(5), "Model.*one class"), (np.linspace(0, 1, 5), "continuous")]
)
def test_one_class_and_continuous_targets_are_rejected(y, match):
    with pytest.raises(ValueError, match=match):
        encode_class_labels(y, "Model")


def test_known_class_index_maps_labels_and_names_the_unknown_ones():
    from zoo._core.validation import known_class_index

    classes = np.array(["a", "b", "c"])
    np.testing.assert_array_equal(known_class_index(np.array(["c", "a", "c"]), classes), [2, 0, 2])
    with pytest.raises(
        ValueError, match=r"y has classes \['z'\] not in classes_ \['a', 'b', 'c'\]"
    ):
        known_class_index(np.array(["a", "z"]), classes)
