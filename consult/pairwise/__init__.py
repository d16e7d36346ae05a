"""Pairwise questions: residents choose which of two themes or ideas matters more to them."""
