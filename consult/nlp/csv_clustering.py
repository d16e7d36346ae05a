"""Cluster the ideas of a CSV file, without Flask or a database.

Behind ``consult cluster-csv INPUT.csv --text-column text --out OUT.csv``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from consult.core.csv_files import SafeWriter
from consult.nlp.embed import Embedder, choose_embedder
from consult.nlp.themes import build_themes

OUTPUT_COLUMNS = ["id", "theme_id", "theme_label", "representative"]


class CsvColumnError(ValueError):
    """A column named on the command line is not in the CSV header."""

    def __init__(self, column: str, available: list[str]) -> None:
        super().__init__(
            f"Column {column!r} is not in the CSV file; its columns are: {', '.join(available)}"
        )
        self.column = column
        self.available = available


@dataclass(frozen=True)
class ThemeSummary:
    """One line of the command's report."""

    theme_id: str
    label: str
    size: int
    representative: str

    def __str__(self) -> str:
        return f"{self.theme_id}\t{self.size}\t{self.label}\t{self.representative}"


def read_rows(input_path: str | Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a UTF-8 CSV file, with or without a byte-order mark."""
    with open(input_path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [{key: value or "" for key, value in row.items() if key} for row in reader]
        return list(reader.fieldnames or []), rows


def cluster_csv(
    input_path: str | Path,
    text_column: str,
    id_column: str | None = None,
    k: int | None = None,
    model: str | None = None,
    out_path: str | Path = "themes.csv",
    seed: int = 0,
    embedder: Embedder | None = None,
) -> list[ThemeSummary]:
    """Write ``id,theme_id,theme_label,representative`` for every row of ``input_path``.

    Rows keep their count and order; ``id`` is the row number (from 1) without an
    id column; unsorted ideas get an empty theme. Returns one summary per theme,
    largest first. Raises CsvColumnError for a missing column, EmbeddingModelError
    for an unavailable ``model``. ``embedder`` overrides ``model`` (tests use a fake).
    """
    header, rows = read_rows(input_path)
    for column in filter(None, [text_column, id_column]):
        if column not in header:
            raise CsvColumnError(column, header)
    texts = [row[text_column] for row in rows]
    run = build_themes(texts, embedder or choose_embedder(texts, model), k=k, seed=seed)
    by_key = {theme.key: theme for theme in run.themes}
    numbers = {theme.key: str(number) for number, theme in enumerate(run.themes, start=1)}
    with open(out_path, "w", encoding="utf-8", newline="") as handle:
        writer = SafeWriter(handle)
        writer.writerow(OUTPUT_COLUMNS)
        for index, row in enumerate(rows):
            key = run.result.key_of(index)
            theme = by_key.get(key) if key else None
            writer.writerow(
                [
                    row[id_column] if id_column else str(index + 1),
                    numbers[key] if theme else "",
                    theme.label if theme else "",
                    texts[theme.representative] if theme else "",
                ]
            )
    return [
        ThemeSummary(numbers[t.key], t.label, t.size, texts[t.representative]) for t in run.themes
    ]
