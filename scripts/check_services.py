"""Stop the test run with a clear message when PostgreSQL or Redis cannot be reached."""

import os
import sys

import psycopg
import redis

START_HINT = "Khởi động dịch vụ / start the services: docker compose up -d db redis"


def main() -> int:
    failures = []
    database_url = os.environ["DATABASE_URL"]
    try:
        psycopg.connect(database_url.replace("postgres://", "postgresql://", 1), connect_timeout=5).close()
    except psycopg.Error as exc:
        failures.append(f"PostgreSQL ({database_url}): {exc}".strip())
    redis_url = os.environ["REDIS_URL"]
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=5).ping()
    except redis.RedisError as exc:
        failures.append(f"Redis ({redis_url}): {exc}")
    if failures:
        print("Không kết nối được / unreachable:", *failures, START_HINT, sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
