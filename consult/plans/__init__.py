"""Action plans, in one place: drafting commitments from themes and their revisions
(`drafting`), where each came from (`provenance`), adoption and progress (`implementation`),
independent assessments (`assessments`), what changed since adoption (`follow_up`), the forms,
the public pages (`routes`), the facilitators' (`manage`), officials' (`adoption`) and
monitors' (`monitoring`) pages. The tables are in `consult.plans.models`."""
