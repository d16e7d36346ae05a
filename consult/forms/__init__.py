"""WTForms classes, one module per area; labels translated lazily."""
