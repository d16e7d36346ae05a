"""HTTP plumbing shared by every blueprint: htmx, the staff forms' `run_action`, errors,
assets, security headers, templating and the home page."""
