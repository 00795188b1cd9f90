"""Load catalog.yml into the database (`python -m services_catalog.load`), replacing what was there."""
from __future__ import annotations

import sys

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from services_catalog.models import Base, ServiceRow, engine_from_env, to_row
from services_catalog.schema import Service, load_services


def load_into(engine: Engine, services: list[Service]) -> int:
    """Replace the catalog tables' content in one transaction; returns the number of services."""
    Base.metadata.create_all(engine)
    with Session(engine, future=True) as session, session.begin():
        for row in session.query(ServiceRow).all():
            session.delete(row)
        session.flush()
        session.add_all(to_row(s) for s in services)
    return len(services)


def main() -> int:
    count = load_into(engine_from_env(), load_services())
    print(f"loaded {count} services")
    return 0


if __name__ == "__main__":
    sys.exit(main())
