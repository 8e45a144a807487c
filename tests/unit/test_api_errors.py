"""Bad arguments get a clear error of the documented class, naming what is wrong."""

from __future__ import annotations

import pytest

import polyname


def test_lists_of_different_lengths() -> None:
    with pytest.raises(polyname.LengthMismatchError, match=r"same length \(got 1 and 2\)"):
        polyname.similarity_many(["a"], ["b", "c"])
    with pytest.raises(polyname.LengthMismatchError, match="NameIndex"):
        polyname.NameIndex(["a"], [])


@pytest.mark.parametrize("workers", [0, -2])
def test_workers_must_be_all_or_positive(workers: int) -> None:
    with pytest.raises(polyname.InvalidArgumentError, match=f"got {workers}"):
        polyname.similarity_many(["a"], ["b"], workers=workers)


def test_score_cutoff_is_a_similarity() -> None:
    index = polyname.NameIndex(["e1"], ["Hossein Taeb"])
    with pytest.raises(polyname.InvalidArgumentError, match="score_cutoff"):
        index.search(["Taeb"], score_cutoff=2.0)
    assert index.search(["Taeb"], limit=0) == [[]]


def test_errors_are_value_errors() -> None:
    assert issubclass(polyname.LengthMismatchError, polyname.PolynameError)
    assert issubclass(polyname.InvalidArgumentError, polyname.PolynameError)
    assert issubclass(polyname.PolynameError, ValueError)


def test_non_strings_are_type_errors() -> None:
    with pytest.raises(TypeError):
        polyname.similarity_many(["a"], [3])  # type: ignore[list-item]


def test_one_hierarchy_in_one_module() -> None:
    from polyname import errors

    classes = [getattr(errors, name) for name in errors.__all__]
    assert all(issubclass(c, polyname.PolynameError) for c in classes)
    assert all(getattr(polyname, c.__name__) is c for c in classes)
    # The classes the modules raise are these very ones, wherever they are imported from.
    from polyname import csvio, registry

    assert csvio.DataError is registry.DataError is errors.DataError
    assert registry.RegistryError is errors.RegistryError


def test_explain_many_checks_its_lists() -> None:
    with pytest.raises(polyname.LengthMismatchError, match=r"explain_many\(left, right\)"):
        polyname.explain_many(["a"], [])
    with pytest.raises(TypeError, match="to pass one name, put it in a list"):
        polyname.explain_many("Qasem", ["Qasem"])  # type: ignore[arg-type]
