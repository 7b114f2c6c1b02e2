"""$(( )) precedence and associativity across every level of bash's operator table."""
import pytest

from simulator import Session


@pytest.mark.parametrize("expression, value", [
    ("2 - 3 - 4", "-5"),                      # left to right within a level
    ("100 / 10 / 5", "2"),
    ("2 * 3 + 4 * 5 - 6 / 2", "23"),
    ("1 + 2 << 1", "6"),                      # shifts bind looser than sums
    ("1 | 2 ^ 3 & 4", "3"),                   # & before ^ before |
    ("1 < 2 == 1", "1"),
    ("0 || 1 && 0", "0"),
    ("-2 ** 2", "4"),                         # unary minus binds tighter than **
    ("2 ** 3 ** 2", "512"),                   # ** is right-associative
    ("1 + 2 * 3 == 7 ? 10 : 20", "10"),
    ("(1 + 2) * 3 % 4", "1"),
    ("x = 2 + 3 * 4, x - 1", "13"),
])
def test_precedence(expression, value):
    assert Session(seed=1).run(f"echo $(({expression}))").output == value + "\n"
