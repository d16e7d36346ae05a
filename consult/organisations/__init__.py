"""The installation's organisations, in one place: creating and finding them (`services`),
their settings and logo (`settings`), their site pages (`site_pages`), the workers' and jobs'
health (`system_health`), the forms, the administrators' pages (`routes`), the first run
(`setup_routes`) and the site's own files and pages (`site_routes`). The tables are
`consult.core.organisation`'s."""
