"""Accuracy of a clustering against the truth: pairwise and B-cubed."""

from __future__ import annotations

from collections import Counter


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def scores(predicted: dict, truth: dict) -> dict:
    """``predicted`` and ``truth`` map every report id to a cluster label."""
    joint = Counter((predicted[r], truth[r]) for r in truth)
    pred_sizes = Counter(predicted[r] for r in truth)
    true_sizes = Counter(truth.values())
    tp = sum(_pairs(n) for n in joint.values())
    pred_pairs = sum(_pairs(n) for n in pred_sizes.values())
    true_pairs = sum(_pairs(n) for n in true_sizes.values())
    p = tp / pred_pairs if pred_pairs else 1.0
    r = tp / true_pairs if true_pairs else 1.0
    # B-cubed: per report, the share of its predicted cluster that is truly
    # with it (precision) and of its true cluster that was found (recall).
    total = len(truth)
    b_p = sum(n * n / pred_sizes[pl] for (pl, _tl), n in joint.items()) / total
    b_r = sum(n * n / true_sizes[tl] for (_pl, tl), n in joint.items()) / total
    return {
        "pairwise": {"precision": round(p, 4), "recall": round(r, 4), "f1": round(_f1(p, r), 4)},
        "bcubed": {
            "precision": round(b_p, 4),
            "recall": round(b_r, 4),
            "f1": round(_f1(b_p, b_r), 4),
        },
    }


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def labels_from_cases(cases: list[list], all_ids) -> dict:
    label = {r: ("single", r) for r in all_ids}
    for index, case in enumerate(cases):
        for r in case:
            label[r] = ("case", index)
    return label
