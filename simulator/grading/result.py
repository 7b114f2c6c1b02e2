"""What grading answers: one CheckResult per check, folded into an ExerciseResult."""
from dataclasses import asdict, dataclass, field


@dataclass
class CheckResult:
    name: str
    passed: bool
    feedback: str = ""


@dataclass
class ExerciseResult:
    passed: bool
    checks: list = field(default_factory=list)

    @property
    def score(self):
        """Fraction of checks passed, 0.0 to 1.0 (1.0 for an exercise without checks)."""
        return sum(c.passed for c in self.checks) / len(self.checks) if self.checks else 1.0

    @property
    def feedback(self):
        """The first failing check's feedback, or a line of praise."""
        failing = next((c for c in self.checks if not c.passed), None)
        return failing.feedback if failing else "All checks pass."

    def to_dict(self):
        return {"passed": self.passed, "score": round(self.score, 3),
                "checks": [asdict(c) for c in self.checks]}
