"""The same assistant runs on PostgreSQL by changing DATABASE_URL alone."""
import pytest
from sqlalchemy import create_engine, text

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]


def test_conversation_is_stored_in_postgresql(assistant_on_postgres, new_sender):
    assert "SEND Voice" in assistant_on_postgres.say(new_sender, "hello")
    engine = create_engine(assistant_on_postgres.database_url, future=True)
    with engine.connect() as connection:
        count = connection.execute(
            text("SELECT count(*) FROM events WHERE sender_id = :sender AND type_name = 'user'"), {"sender": new_sender}
        ).scalar_one()
    engine.dispose()
    assert count == 1
