"""Residents' ideas, in one place: sending one (`submitting`, `participation`, `spam`), the
lists (`listing`), the author's own changes (`author`), the language of an idea (`languages`),
moderation and reports (`moderation`, `flag_routes`), ideas collected offline (`intake`), the
mail to their authors (`mail`), the forms, the public pages (`routes`, `page`) and the
facilitators' pages (`intake_routes`, `moderation_routes`). The tables are in
`consult.ideas.models`."""
