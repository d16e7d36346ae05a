"""The citizens' assembly, in one place: its set-up and draw (`setup`), the members' access
(`membership`), rounds of deliberation and voting (`rounds`), their results (`results`), the
categories in each language (`labels`), what the published pool leaves out (`pool_privacy`),
the forms, the public and members' pages (`routes`) and the facilitators' pages (`manage`).
The lottery itself is in `consult.sortition`; the tables in `consult.assemblies.models`."""
