"""Warehouse: the DuckDB star schema, its migrations, idempotent batch loads and named queries."""
