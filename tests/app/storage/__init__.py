"""Tests of the local database: pragmas, migrations, stores, the outbox and durability."""
