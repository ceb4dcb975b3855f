"""One table of the figures of one or several backends: text for a terminal, Markdown for docs/search.md."""

from __future__ import annotations

from search.evaluation.harness import Report

COLUMNS = ("Backend", "Duplicates recall@5", "recall@10", "MRR", "Judged queries nDCG@10")


def rows(reports: list[Report]) -> list[tuple[str, ...]]:
    out = []
    for report in reports:
        pairs = len(report.pairs)
        out.append(
            (
                report.backend,
                f"{report.recall_at(5)} of {pairs}",
                f"{report.recall_at(10)} of {pairs}",
                f"{report.mrr:.3f}",
                f"{report.ndcg:.3f} ({len(report.queries)} queries)",
            )
        )
    return out


def text(reports: list[Report]) -> str:
    table = [COLUMNS, *rows(reports)]
    widths = [max(len(row[i]) for row in table) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in table]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def markdown(reports: list[Report]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "|".join("---" for _ in COLUMNS) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows(reports)]
    return "\n".join(lines)


def misses(report: Report, k: int = 5) -> str:
    """The duplicate pairs whose original is not in the first ``k`` (for looking into, not for tuning to)."""
    lines = [
        f"  {p.duplicate} -> {p.original}: {'not in the first 10' if p.rank is None else f'rank {p.rank}'}  {p.title}"
        for p in report.pairs
        if p.rank is None or p.rank > k
    ]
    return "\n".join([f"{report.backend}: originals outside the first {k}:", *lines]) if lines else ""
