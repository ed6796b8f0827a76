"""Precision, recall and F1: the one place every scorer computes them."""

from __future__ import annotations


def prf(hits: int, predicted: int, gold: int) -> tuple[float, float, float]:
    """(precision, recall, F1) of ``hits`` correct out of ``predicted`` against ``gold`` items;
    0.0 where a denominator is zero."""
    precision = hits / predicted if predicted else 0.0
    recall = hits / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
