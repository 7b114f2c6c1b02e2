"""Whatever shape a check has and whatever a student answers, grading answers with a verdict."""
import re

from hypothesis import given, settings, strategies as st

from grading_fakes import FakeProbe, verdict
from simulator.grading import check_problems
from simulator.grading.checks import CHECKS

values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                      lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
                      max_leaves=10)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(CHECKS)), values)
def test_any_check_shape_gets_problems_or_a_verdict(kind, spec):
    check = {kind: spec}
    problems = check_problems(check)
    assert all(isinstance(p, str) for p in problems)
    if not problems:
        passed, feedback = verdict(check, FakeProbe())
        assert isinstance(passed, bool) and isinstance(feedback, str)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=2000))
def test_any_answer_gets_a_verdict(text):
    probe = FakeProbe(host_files={"/var/lib/slipway/answer": text})
    passed, feedback = verdict({"answer": {"matches": r"172\.18\.0\.\d+"}}, probe)
    assert passed == bool(re.fullmatch(r"172\.18\.0\.\d+", text.strip(), re.I))
