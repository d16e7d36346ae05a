"""The assembly fixtures produce a real panel and an open round."""

from consult.assemblies import setup as assemblies
from consult.models import DrawStatus


def test_the_drawn_fixture_seats_a_panel_meeting_the_quotas(drawn):
    assembly, _ = drawn
    draw = assembly.draws[0]
    assert draw.status is DrawStatus.DONE, draw.error
    seated = assemblies.members(assembly)
    assert len(seated) == 6
    held = assemblies.composition(seated, assembly)
    for quota in assemblies.quotas_of(assembly):
        assert quota.min <= held[quota.category][quota.value] <= quota.max


def test_the_open_round_has_both_commitments(open_round):
    round_, _ = open_round
    assert [item.commitment.title for item in round_.items] == ["Open budget data",
                                                                "Safer crossings"]
