"""Chinese numerals, both ways: the one definition for add-source (Word's automatic
numbering writes them, the structure finder reads them back)."""

from __future__ import annotations

DIGITS = "〇一二三四五六七八九"


def chinese_counting(n: int, digits: str = DIGITS, units: str = "十百千", zero: str = "零") -> str:
    """``n`` as Chinese documents write it: 十一, 二十, 一百零一, 一百一十, 一千零一十."""
    if n <= 0:
        return digits[0] if n == 0 else str(n)
    if n >= 10000:
        high, low = divmod(n, 10000)
        rest = chinese_counting(low, digits, units, zero) if low else ""
        gap = zero if 0 < low < 1000 else ""
        if gap and rest.startswith(units[0]):
            rest = digits[1] + rest  # 二万零一十, not 二万零十
        return chinese_counting(high, digits, units, zero) + "万" + gap + rest
    out = ""
    pending_zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = n // power % 10
        if d == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out += zero
            pending_zero = False
        # 十一, not 一十一, when ten is the highest place; 一百一十 inside a larger number.
        out += ("" if (power == 10 and d == 1 and not out) else digits[d]) + unit
    return out


_VALUES = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
CN_NUM = "零〇一二三四五六七八九十百千万两"


def cn_to_int(text: str) -> int | None:
    """``十二`` → 12, ``一百零五`` → 105, ``二〇二四`` → 2024, ``12``/``１２`` → 12; None if not a number."""
    if not text:
        return None
    if text.isdigit():
        return int(text)  # int() reads full-width digits too
    if any(c not in _VALUES and c not in _UNITS for c in text):
        return None
    if not any(c in _UNITS for c in text):  # digit by digit, as in years: 二〇二四
        return int("".join(str(_VALUES[c]) for c in text))
    total, section, digit = 0, 0, None
    for c in text:
        if c in _VALUES:
            digit = _VALUES[c]
        elif c == "万":
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
        else:
            section += (1 if digit is None else digit) * _UNITS[c]
            digit = None
    return total + section + (digit or 0)
