"""The citizens' assembly, in one place: its set-up and draw (`setup`), the members' access
(`membership`), rounds of deliberation and voting (`rounds`), the ballot types a round votes
with (`ballots`: rating, ranking), the results (`results`), the categories in each language
and the ratings' names (`labels`), what the published pool leaves out (`pool_privacy`), the
members' mail (`mail`), the forms, the public and members' pages (`routes`) and the
facilitators' pages (`manage`). The lottery itself is in `consult.sortition`; the tables in
`consult.assemblies.models`."""
