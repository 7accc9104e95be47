"""Pure domain helpers: no Django imports, table-tested in tests/test_lib_*.py."""
