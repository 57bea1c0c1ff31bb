"""A title that fits the problem: "No picture yet" is not "This can't be used"."""

from __future__ import annotations

import pytest

from desktop_app.core.batch import plan_requests
from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.error_catalogue import error_title


def test_problems_with_their_own_title():
    assert error_title(ErrorKind.BAD_INPUT, problem="no_picture") == "No picture yet"
    assert error_title(ErrorKind.BAD_INPUT, problem="no_prompt") == "Nothing to change yet"
    assert error_title(ErrorKind.BAD_INPUT, problem="damaged") == "This can't be used"


def test_the_core_names_the_missing_picture():
    with pytest.raises(RetouchError) as raised:
        plan_requests([], "warmer")
    assert raised.value.params["problem"] == "no_picture"
