"""Create the database named in DATABASE_URL if it does not exist (for the benchmarks' own database)."""

import os
import sys
from urllib.parse import urlsplit

import psycopg
from psycopg import sql


def main() -> int:
    url = urlsplit(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/")
    admin_url = url._replace(scheme="postgresql", path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
