"""Database layer: typed models, engine and pragmas, migrations, search index."""
