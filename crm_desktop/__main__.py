"""`python -m crm_desktop` does what the `crm-desktop` command does."""

import sys

from crm_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
