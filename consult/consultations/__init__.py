"""Consultations, in one place: what the public may see and the phases that switch at their
dates (`services`), creating and editing them (`editing`), their text in the reader's language
(`text`), the stages from ideas to progress as the pages show them (`journey_page`), the
forms, the public pages (`routes`) and the facilitators' pages (`manage`). The tables are in
`consult.consultations.models`."""
