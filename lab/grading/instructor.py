"""The instructor's table: one row per student, one column per exercise, from the progress rows."""
from dataclasses import dataclass

from lab.courses.models import Progress


@dataclass
class Cell:
    status: str          # passed | started | "" (never opened)
    attempts: int = 0
    minutes: float = None  # from first opening to passing

    @property
    def text(self):
        if not self.status:
            return ""
        time = f", {self.minutes:.0f} min" if self.minutes is not None else ""
        return f"{self.status} ({self.attempts} attempt{'s' if self.attempts != 1 else ''}{time})"


def student_name(row):
    return row.user.username if row.user_id else f"anonymous {row.visitor[:8]}"


def progress_table(exercises):
    """(students, rows): rows[i] = [Cell per exercise] for students[i], sorted by name."""
    ids = [e.id for e in exercises]
    cells = {}
    for row in Progress.objects.filter(exercise__in=ids).select_related("user"):
        minutes = (row.passed_at - row.started).total_seconds() / 60 if row.passed and row.passed_at else None
        cells.setdefault(student_name(row), {})[row.exercise] = \
            Cell("passed" if row.passed else "started", row.attempts, minutes)
    students = sorted(cells)
    return students, [[cells[s].get(i, Cell("")) for i in ids] for s in students]


def csv_rows(exercises, students, rows):
    """Header and one line per student: status, attempts and minutes for each exercise."""
    header = ["student"]
    for e in exercises:
        header += [f"{e.id} status", f"{e.id} attempts", f"{e.id} minutes"]
    yield header
    for student, cells in zip(students, rows):
        line = [student]
        for cell in cells:
            line += [cell.status, cell.attempts if cell.status else "",
                     f"{cell.minutes:.1f}" if cell.minutes is not None else ""]
        yield line
