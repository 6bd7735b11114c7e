"""Drafting a plan folder from the document itself (issue 14: ``zygj init``).

A self-contained package: it reads a .docx / .txt / .html 分工方案 into neutral
blocks, recognises the outline, the units' roles and the quantity phrases, and
returns a :class:`Draft` — plain dicts for ``units.yaml``, ``measures.yaml`` and
``targets.yaml`` plus the review list, every guess with its place in the source.

It imports only the standard library, PyYAML, python-docx (inside the .docx
reader) and three pure modules of :mod:`zygj.core`: diagnostics, numerals (one
reader of Chinese numerals) and deadlines (one grammar of 完成时限, so that every
deadline ``init`` writes is one ``validate`` accepts).

Entry points::

    draft = draft_plan(Path("方案.docx"))
    write_plan_folder(draft, Path("plan"), force=False)
    print(review_markdown(draft))
"""

from __future__ import annotations

from zygj.drafting.draft import draft_plan
from zygj.drafting.model import Draft, DraftingError, Loc, ReviewItem
from zygj.drafting.review import review_markdown
from zygj.drafting.writing import write_plan_folder

__all__ = [
    "Draft",
    "DraftingError",
    "Loc",
    "ReviewItem",
    "draft_plan",
    "review_markdown",
    "write_plan_folder",
]
