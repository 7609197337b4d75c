from datetime import date

import pytest

from sjtui.cpr import InvalidCpr, age_on, birth_date, format_cpr, looks_like_cpr, normalise_cpr


@pytest.mark.parametrize("text", ["1203541237", "120354-1237", " 120354-1237 "])
def test_cpr_with_or_without_dash(text: str) -> None:
    assert normalise_cpr(text) == "1203541237"


@pytest.mark.parametrize("text", ["12035412", "3102541237", "abcdef-1234", "1203541237x"])
def test_invalid_cpr_message_has_no_number(text: str) -> None:
    with pytest.raises(InvalidCpr) as info:
        normalise_cpr(text)
    assert text.strip()[:6] not in str(info.value)


def test_century_and_age() -> None:
    assert birth_date("1203541237") == date(1954, 3, 12)
    assert birth_date("0101104000") == date(2010, 1, 1)
    assert age_on(date(1954, 3, 12), date(2026, 11, 20)) == 72
    assert format_cpr("1203541237") == "120354-1237"
    assert looks_like_cpr("120354-1237") and not looks_like_cpr("Poul")
