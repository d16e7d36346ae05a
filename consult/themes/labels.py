"""How pages name a clustering run's stages and method."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# Stages of a clustering run, as the progress bar names them.
RUN_STAGES = {
    "queued": _l("Waiting for a worker"),
    "retrying": _l("Waiting to try again"),
    "reading": _l("Reading the ideas"),
    "embedding": _l("Reading the meaning of each idea"),
    "clustering": _l("Grouping similar ideas"),
    "labelling": _l("Naming the themes"),
    "saving": _l("Saving the themes"),
    "done": _l("Finished"),
    "failed": _l("Failed"),
}


# How a clustering run grouped ideas, as the run records it (in English) and readers read it.
ALGORITHM_LABELS = {
    "spectral clustering of a k-nearest-neighbour cosine graph (scikit-learn)":
        _l("spectral clustering of a graph linking each idea to its nearest neighbours "
           "by cosine similarity (scikit-learn)"),
}


def algorithm_label(recorded: str) -> str:
    return str(ALGORITHM_LABELS.get(recorded, recorded))
