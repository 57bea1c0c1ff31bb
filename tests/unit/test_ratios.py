import pytest

from desktop_app.core.ratios import (
    RATIO_CHOICES,
    Ratio,
    compose_prompt,
    normalise_ratio_choice,
    parse_ratio,
    ratio_differs,
    ratio_of_size,
    ratio_tag,
    reported_ratio,
    requested_ratio,
    tagged_ratio,
)

PROMPT = "美化一下这种图片,加上 我爱中国 四个字"


def test_choices_are_the_pickers_list():
    assert RATIO_CHOICES == ("auto", "1:1", "2:3", "3:2", "3:4", "4:3", "9:16", "16:9")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4:3", Ratio(4, 3)),
        ("4：3", Ratio(4, 3)),
        ("16x9", Ratio(16, 9)),
        (" 8:6 ", Ratio(8, 6)),
        ("1024x1536", Ratio(2, 3)),  # a size, not a ratio's terms
        ("21:9", Ratio(21, 9)),
    ],
)
def test_parse_ratio_keeps_the_terms_designers_use(text, expected):
    assert parse_ratio(text) == expected


@pytest.mark.parametrize(
    "text", ["", "auto", "0:3", "3:0", "abc", "4:3:2", "1:20", "-4:3", "1001:1000"]
)
def test_parse_ratio_rejects_nonsense(text):
    assert parse_ratio(text) is None


def test_compose_appends_tag_at_the_end():
    assert compose_prompt(PROMPT, "4:3") == f"{PROMPT} 尺寸[4:3]"


def test_compose_sends_nothing_for_auto():
    assert compose_prompt(PROMPT, "auto") == PROMPT
    assert ratio_tag("auto") == ""


def test_compose_never_adds_a_second_tag():
    typed = f"{PROMPT} 尺寸[3:2]"
    assert compose_prompt(typed, "4:3") == typed
    assert compose_prompt(f"{PROMPT} 尺寸【1：1】", "16:9").count("尺寸") == 1


def test_the_tag_a_user_typed_is_the_requested_ratio():
    assert tagged_ratio(f"{PROMPT} 尺寸[16:9]") == "16:9"
    assert requested_ratio(f"{PROMPT} 尺寸[16:9]", "4:3") == "16:9"
    assert requested_ratio(PROMPT, "8:6") == "8:6"


def test_custom_ratio_is_normalised_and_bad_one_refused():
    assert normalise_ratio_choice("21:9") == "21:9"
    assert normalise_ratio_choice(" 4x3 ") == "4:3"
    assert normalise_ratio_choice("10：8") == "10:8"
    assert normalise_ratio_choice(None) == "auto"
    with pytest.raises(ValueError, match="not an aspect ratio"):
        normalise_ratio_choice("wide")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("4:3", "4:3"), ("4：3", "4:3"), ("1536x1024", "3:2"), (None, None), (3, None)],
)
def test_reported_ratio(value, expected):
    assert reported_ratio(value) == expected


def test_result_ratio_checks():
    assert str(ratio_of_size(1536, 1024)) == "3:2"
    assert str(ratio_of_size(1000, 1000)) == "1:1"
    assert ratio_differs("4:3", 1536, 1024)
    assert not ratio_differs("3:2", 1536, 1024)
    assert not ratio_differs("auto", 1536, 1024)
