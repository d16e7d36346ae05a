"""A consultation whose votes have a known answer: two blocs of residents who agree on the
first ideas (common ground) and vote opposite ways on the others (divisive)."""

from consult.models import Phase, Stance
from consult.opinions import voting

AGREED = 3  # the first ideas: everyone agrees
IDEAS = 10
PER_BLOC = 12


def planted_consultation(db, create_consultation, create_submission, phase=Phase.ANALYSIS,
                         ideas_count=IDEAS, per_bloc=PER_BLOC):
    consultation = create_consultation(phase=phase)
    ideas = [create_submission(consultation, f"Idea number {n} for the city")
             for n in range(ideas_count)]
    for bloc in (0, 1):
        for person in range(per_bloc):
            voter = voting.Voter(None, f"bloc{bloc}-person{person}")
            for index, idea in enumerate(ideas):
                if index < AGREED:
                    stance = Stance.AGREE
                else:
                    stance = Stance.AGREE if (index + bloc) % 2 else Stance.DISAGREE
                voting.cast_vote(db.session, idea, voter, stance)
    db.session.commit()
    return consultation, ideas
