"""The frozen bundle's entry point (packaging/genbo.spec): the same as the
`genbo` console script and `python -m app`."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
