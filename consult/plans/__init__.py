"""Action plans, in one place: drafting commitments from themes and their revisions
(`drafting`), what a plan announces to later parts (`signals`), where each commitment came
from (`provenance`) and the passages of ideas it quotes (`passages`), a theme's public page
with the commitments it fed (`theme_page`), adoption and progress (`implementation`),
independent assessments (`assessments`), what became of a commitment as its page tells it
(`follow_up_page`), the names of a commitment's fields (`labels`), the forms, the public pages
(`routes`), the facilitators' (`manage`), officials' (`adoption_routes`) and monitors'
(`monitoring`, `monitoring_routes`) pages. The tables, progress and assessments included, are
in `consult.plans.models`."""
