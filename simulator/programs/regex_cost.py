"""What matching a student's regular expression may cost. Python's re backtracks: repetition
nested in repetition, or repeating alternatives that can start alike (`(a|aa)*`), take time
exponential in the line's length, so such patterns are refused. Every other repetition without
an upper bound multiplies the work by the line's length (`.*.*x` is cubic), so a line is matched
only while length ** (1 + such repetitions) stays within WORK."""
import functools
import re
from re import _constants as sre
from re import _parser        # the standard library's own regex parser

WORK = 10 ** 9                # backtracking steps one line may cost (about half a second)
UNBOUNDED = 256               # a repetition allowing more than this many is counted as unbounded
REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT)
ANY_FIRST = None              # a first character that could be anything


class TooComplex(Exception):
    """Matching would take too long; str() is grep's and sed's message."""

    def __init__(self):
        super().__init__("regular expression too complex")


@functools.lru_cache(maxsize=256)
def degree(pattern, flags=0):
    """How many repetitions multiply the work by the line's length; TooComplex for exponential ones."""
    return _degree(_parser.parse(pattern, flags))


def check(regex, line):
    """Raises TooComplex when matching `regex` (a compiled pattern) against `line` may cost too much."""
    if len(line) > 1 and len(line) ** (1 + degree(regex.pattern, regex.flags)) > WORK:
        raise TooComplex()


def _degree(items):
    total = 0
    for op, av in items:
        if op in REPEATS:
            low, high, body = av
            if high > 1 and (_varies(body, inner=high > UNBOUNDED) or _ambiguous(body)):
                raise TooComplex()
            total += (high > UNBOUNDED) + _degree(body)
        elif op is sre.BRANCH:
            total += max(_degree(alternative) for alternative in av[1])
        else:
            total += sum(_degree(sub) for sub in _children(op, av))
    return total


def _children(op, av):
    if op is sre.SUBPATTERN:
        return [av[3]]
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [av[1]]
    if op is sre.ATOMIC_GROUP:
        return [av]
    if op is sre.GROUPREF_EXISTS:
        return [sub for sub in av[1:] if sub is not None]
    return []


def _varies(items, inner):
    """A repetition inside that may repeat a varying number of times (any, when the outer
    repetition is itself unbounded; only unbounded ones under a small fixed count)."""
    for op, av in items:
        if op in REPEATS:
            low, high, body = av
            if (high > UNBOUNDED or (inner and low != high)) or _varies(body, inner):
                return True
        elif op is sre.BRANCH:
            if any(_varies(alternative, inner) for alternative in av[1]):
                return True
        elif any(_varies(sub, inner) for sub in _children(op, av)):
            return True
    return False


def _ambiguous(items):
    """Alternatives inside that could start with the same character."""
    for op, av in items:
        if op is sre.BRANCH:
            seen = set()
            for alternative in av[1]:
                first = _first(alternative)
                if first is ANY_FIRST or first & seen or _ambiguous(alternative):
                    return True
                seen |= first
        elif any(_ambiguous(sub) for sub in _children(op, av)):
            return True
    return False


def _first(items):
    """The characters (lower-cased) a match of `items` can start with, or ANY_FIRST."""
    for op, av in items:
        if op is sre.AT:
            continue
        if op is sre.LITERAL:
            return {chr(av).lower()}
        if op is sre.IN and all(kind is sre.LITERAL for kind, _ in av):
            return {chr(code).lower() for _, code in av}
        if op is sre.SUBPATTERN:
            return _first(av[3])
        if op in REPEATS and av[0] > 0:
            return _first(av[2])
        return ANY_FIRST
    return ANY_FIRST
