"""Reports: one module per output format, each a pure render function."""
