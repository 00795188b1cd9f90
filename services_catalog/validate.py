"""`python -m services_catalog.validate`: exit 1 and list every problem in catalog.yml."""
from __future__ import annotations

import sys
from pathlib import Path

from services_catalog.schema import CATALOG_PATH, read_catalog


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else CATALOG_PATH
    report = read_catalog(path)
    for error in report.errors:
        print(f"error: {error}")
    print(f"{len(report.services)} services valid, {len(report.errors)} error(s) in {path}")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
