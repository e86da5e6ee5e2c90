"""A verdict rewritten for a WHERE clause, where NULL and FALSE both drop the row.

Rules state their verdicts with three values: NULL for "does not apply", made FALSE with `fill_null`
where a definite answer is needed. Whether a line is kept at all only needs "is any verdict TRUE", and
for that `CASE WHEN c THEN x ELSE NULL END` is the same as `c AND x`, and `COALESCE(x, FALSE)` the
same as `x`. The plain forms are evaluated by DuckDB about a third faster than the CASE and COALESCE
around every verdict, over every claim line. Only positions where truth alone counts are rewritten
(through AND, OR, and those two forms); anything else, a NOT included, is left as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ibis.expr.operations as ops

if TYPE_CHECKING:
    import ibis.expr.types as ir


def _is(node: Any, value: object) -> bool:
    return isinstance(node, ops.Literal) and node.value is value


def _kept_when(node: ops.Node) -> ops.Node:
    """A node that is TRUE exactly where `node` is TRUE (it may be NULL where `node` is FALSE)."""
    if isinstance(node, (ops.And, ops.Or)):
        return type(node)(_kept_when(node.left), _kept_when(node.right))
    if isinstance(node, ops.Coalesce) and len(node.arg) == 2 and _is(node.arg[1], False):
        return _kept_when(node.arg[0])
    if isinstance(node, ops.IfElse):
        otherwise = node.false_null_expr
        if _is(otherwise, None) or _is(otherwise, False):
            # NULL where the condition is NULL: a WHERE drops those rows, as the CASE's ELSE would.
            return ops.And(_kept_when(node.bool_expr), _kept_when(node.true_expr))
    return node


def where_true(value: ir.BooleanValue) -> ir.BooleanValue:
    """`value` for use as a filter: the same rows pass, with less work per row."""
    return _kept_when(value.op()).to_expr()
