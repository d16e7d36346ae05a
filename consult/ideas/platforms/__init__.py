"""Ideas brought from other participation platforms (Decidim, CONSUL), keeping their ids."""
