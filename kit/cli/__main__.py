"""``python -m kit.cli``: the same as the ``nextround`` command."""

from kit.cli import main

main()
