"""Themes, in one place: embedding ideas and caching their vectors (`embeddings`,
`embedding_model`), clustering runs (`clustering`), facilitators' decisions that survive every
run (`curation`, `state`), the public views of the themes (`views`), similar ideas for the idea
form (`similar`), the names of a run's stages (`labels`), the forms and the facilitators'
workbench (`manage`, `curation_routes`). The computing itself is in `consult.nlp`; the tables
in `consult.themes.models`."""
