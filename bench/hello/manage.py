#!/usr/bin/env python
"""The bare Django "hello" project the portal's pages are measured against (bench/ratios.py).
Run it with the portal's root on PYTHONPATH and the environment bench/ratios.py sets."""

import os
import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ["DJANGO_SETTINGS_MODULE"] = "hello.settings"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
