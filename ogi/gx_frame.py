"""A pandas frame for Great Expectations that filters by each row condition once.

GX filters a batch's frame by an expectation's row condition (``DataFrame.query``) four times or
so per expectation, and each time pandas makes a resolver for every column of the frame. The
identity suites hold 88 expectations, each with the row condition ``template_version == …``, over
frames of ~200 columns: ~370 queries and ~9 s per chunk of reports, for two distinct conditions.
This frame keeps the rows of each condition the first time it is asked.
"""

from __future__ import annotations

from typing import Any

import pandas as pd


class RowConditionsOnce(pd.DataFrame):
    """A frame whose ``query`` answers each expression once; the frames made from it (its
    filtered rows included) are plain frames."""

    _metadata = ["_answers"]

    @property
    def _constructor(self) -> Any:
        return pd.DataFrame

    def query(self, expr: str, *, inplace: bool = False, **kwargs: Any) -> Any:
        if inplace:
            return super().query(expr, inplace=True, **kwargs)
        answers: dict[str, pd.DataFrame] | None = getattr(self, "_answers", None)
        if answers is None:
            answers = {}
            object.__setattr__(self, "_answers", answers)
        key = repr((expr, sorted(kwargs.items())))
        if key not in answers:
            answers[key] = super().query(expr, **kwargs)
        return answers[key].copy(deep=False)  # a caller that adds a column changes its own copy
