"""HTTP plumbing shared by every blueprint: htmx, errors, assets, security headers."""
