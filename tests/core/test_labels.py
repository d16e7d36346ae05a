"""Enumerations are named where they are defined; equal values of two enumerations keep
their own names."""

from __future__ import annotations

from consult.assemblies.models import DrawStatus
from consult.consultations.models import Phase
from consult.core.labels import label
from consult.plans.models import CommitmentStatus
from consult.themes.models import RunStatus


def test_a_value_two_enumerations_share_reads_as_each_names_it():
    assert label(RunStatus.RUNNING) == "Running"
    assert label(DrawStatus.RUNNING) == "Drawing…"


def test_a_value_stored_as_text_reads_as_its_enumerations_agree():
    assert label(Phase.DRAFT) == label(CommitmentStatus.DRAFT) == "Draft"
    assert label("draft") == "Draft"
    assert label("running") == "running"  # the enumerations disagree: shown as stored


def test_an_unnamed_value_reads_as_itself():
    assert label("not-a-value") == "not-a-value"


def test_names_follow_the_readers_language(app):
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        assert label(RunStatus.RUNNING) != "Running"
