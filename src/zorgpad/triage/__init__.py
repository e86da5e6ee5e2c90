"""Matched-care triage: walk the catalogue's decision tree with the access team's answers.

from zorgpad.triage import run_triage
result = run_triage(catalog, {"acuut_onveilig": "nee", "domein": "psychisch", "leefgebieden": 2})
result.outcome.products, [step.explain() for step in result.steps]
"""

from zorgpad.triage.engine import Step, TriageResult, describe_condition, parse_answer, run_triage, tree_of

__all__ = ["Step", "TriageResult", "describe_condition", "parse_answer", "run_triage", "tree_of"]
