"""Opinion groups from votes: where residents stand, next to what they talk about (themes)."""
