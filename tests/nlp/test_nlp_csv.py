"""cluster_csv: the CSV command's function, without Flask or a database."""

from __future__ import annotations

import csv

import pytest

from consult.nlp.csv_clustering import CsvColumnError, cluster_csv


def write_csv(path, header, rows, bom=False):
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_cluster_csv_writes_every_row_in_order(tmp_path, themed_texts, fake_embedder):
    texts, truth = themed_texts
    source, out = tmp_path / "ideas.csv", tmp_path / "themes.csv"
    write_csv(source, ["ref", "text"], [[f"i{n}", t] for n, t in enumerate(texts)], bom=True)
    summaries = cluster_csv(source, "text", "ref", out_path=out, embedder=fake_embedder)
    rows = read_csv(out)
    assert list(rows[0]) == ["id", "theme_id", "theme_label", "representative"]
    assert [row["id"] for row in rows] == [f"i{n}" for n in range(len(texts))]
    assert len(summaries) == 3
    assert sum(summary.size for summary in summaries) == len(texts)
    themes = {(truth[n], row["theme_id"]) for n, row in enumerate(rows)}
    assert len(themes) == 3 == len({theme_id for _, theme_id in themes})
    assert {row["representative"] for row in rows} <= set(texts)


def test_cluster_csv_numbers_rows_without_id_column(tmp_path, fake_embedder):
    source, out = tmp_path / "ideas.csv", tmp_path / "themes.csv"
    write_csv(source, ["text"], [["More buses"], [""], ["Clean the river"]])
    cluster_csv(source, "text", out_path=out, embedder=fake_embedder)
    assert [row["id"] for row in read_csv(out)] == ["1", "2", "3"]


def test_cluster_csv_missing_column_raises_csv_column_error(tmp_path):
    source = tmp_path / "ideas.csv"
    write_csv(source, ["id", "body"], [["1", "More buses"]])
    with pytest.raises(CsvColumnError, match="'text'.*body"):
        cluster_csv(source, "text", out_path=tmp_path / "out.csv")
    with pytest.raises(CsvColumnError, match="ref"):
        cluster_csv(source, "body", "ref", out_path=tmp_path / "out.csv")
