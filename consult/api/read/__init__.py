"""The read API: one blueprint per group of resources, every one of them public.

Each view loads what the public pages and the open data show, through their own rules
(consult.api.read.public), and returns it; `consult.api.operations.read` pages, serialises and
answers it.
"""
