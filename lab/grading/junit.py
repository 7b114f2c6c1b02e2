"""JUnit XML for CI systems: one test suite per exercise, one test case per submission."""
from xml.etree import ElementTree


def junit_xml(exercise_id, records):
    failures = sum(not r["passed"] for r in records)
    suite = ElementTree.Element("testsuite", name=exercise_id, tests=str(len(records)),
                                failures=str(failures), errors="0")
    for record in records:
        case = ElementTree.SubElement(suite, "testcase", classname=exercise_id, name=record["submission"])
        if not record["passed"]:
            failing = [c for c in record["checks"] if not c["passed"]]
            failure = ElementTree.SubElement(case, "failure", message=failing[0]["feedback"] if failing else "failed")
            failure.text = "\n".join(f"{c['name']}: {c['feedback']}" for c in failing)
    ElementTree.indent(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(suite, encoding="unicode") + "\n"
