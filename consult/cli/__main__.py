"""`python -m consult.cli`, as the `consult` command."""

from consult.cli import main

main()
