"""Official answers and what residents hear of them, in one place: which answer stands for an
idea or theme (`answers`), writing, reviewing and publishing them (`answering`), the officials'
queue (`queue`), "you said, we did" and overdue answers (`accountability`), Atom feeds
(`feeds`), residents' notices and the daily digest (`notices`, `digests`), following by email
(`follows`, `follow_news`), the forms, the public pages (`routes`, `follow_routes`,
`mail_routes`) and the officials' pages (`manage`). The tables are in
`consult.responses.models` and `consult.responses.follow_model`."""
