"""The check language, evaluated against a simulator Session (docs/grading.md). No Django.

    session = start_session(exercise)      # fresh Session in the exercise's start state
    result = evaluate(session, exercise)   # ExerciseResult(passed, checks=[CheckResult...])

`exercise` is any object with `files` (host path -> text), `setup` (shell lines) and `checks`
(check mappings), such as lab.courses.lessons.Exercise.
"""
from .checks import CHECKS, check_problems
from .disabled import disabled_command
from .grader import Rehearsal, evaluate, rehearse, start_session
from .result import CheckResult, ExerciseResult

__all__ = ["start_session", "evaluate", "rehearse", "Rehearsal", "disabled_command", "ExerciseResult", "CheckResult", "check_problems", "CHECKS"]
