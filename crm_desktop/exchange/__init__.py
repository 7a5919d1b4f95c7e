"""Excel and CSV import and export (see docs/API.md, "exchange/").

readers (files -> rows), table (header row, data rows), matching (headers -> catalogue keys),
values (column-wide conversion), importer + records (plans), dbwrite (one-transaction writes),
undo, writers (.xlsx/.csv) and export. Import the module you need: this package imports nothing
heavy on its own.
"""
