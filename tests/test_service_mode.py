"""In service mode (make test, CI) the suite runs on the real PostgreSQL and Redis, never a stand-in."""

import os

import pytest
import redis
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.skipif(
    os.environ.get("VINHDANH_SERVICE_TESTS") != "1", reason="only in service mode (make test)"
)


@pytest.mark.django_db
def test_the_database_is_postgresql():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        assert int(cursor.fetchone()[0]) >= 130000


def test_the_broker_is_the_real_redis():
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    assert redis.Redis.from_url(settings.REDIS_URL).ping() is True
